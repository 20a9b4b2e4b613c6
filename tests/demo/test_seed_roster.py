import datetime

import pytest
from django.core.management import call_command

from organisation.models import Absence
from roster.models import (
    Phase,
    RosterPeriod,
    Shift,
    ShiftTemplate,
    SignUp,
    UnavailabilityReason,
    Wish,
)

pytestmark = pytest.mark.django_db


def published_end(period):
    from roster.burdens import local_wall_clock

    return local_wall_clock(period.end_date, datetime.time(0))


def _counts():
    return tuple(m.objects.count() for m in (ShiftTemplate, RosterPeriod, Shift, SignUp, Absence))


@pytest.mark.slow
def test_seed_demo_adds_an_open_period_with_realistic_signups_idempotently(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    periods = RosterPeriod.objects.select_related("team").filter(phase=Phase.SIGNUP_OPEN)
    assert {p.team.code for p in periods} == {"centrum", "zuid"}
    assert all((p.end_date - p.start_date).days == 28 for p in periods)
    wanted_earlies = (
        SignUp.objects.filter(shift__kind="early", shift__is_weekend=False, wish=Wish.WANT).count()
        / Shift.objects.filter(kind="early", is_weekend=False, period__in=periods).count()
    )
    wanted_weekend_nights = (
        SignUp.objects.filter(shift__kind="night", shift__is_weekend=True, wish=Wish.WANT).count()
        / Shift.objects.filter(kind="night", is_weekend=True, period__in=periods).count()
    )
    assert wanted_earlies > 4 * wanted_weekend_nights
    assert Absence.objects.filter(kind="leave").count() >= 5
    sick = Absence.objects.filter(kind="sick")
    assert sick.count() >= 2
    assert all(a.end is None and a.created_by_id == a.officer_id for a in sick)
    # officers' own unavailability, filed by themselves in the open window, agent's with a reason
    own = Absence.objects.filter(kind="unavailable")
    assert sorted(own.values_list("officer__username", flat=True)) == [
        "agent",
        "agent",
        "zuid03",
        "zuid07",
    ]
    assert all(a.created_by_id == a.officer_id and a.source == "officer" for a in own)
    reasons = UnavailabilityReason.objects.filter(absence__in=own)
    assert sorted(reasons.values_list("absence__officer__username", flat=True)) == [
        "agent",
        "zuid03",
    ]


@pytest.mark.slow
def test_seed_demo_adds_a_published_period_with_swaps_open_shifts_and_inbox_items(
    settings,
) -> None:
    from approvals.selectors import inbox_items
    from organisation.models import Officer
    from roster.models import RepairSuggestion, Swap
    from roster.services.open_shifts import open_places_for

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    swaps = sorted(Swap.objects.values_list("kind", "status"))
    call_command("seed_demo", verbosity=0)
    assert sorted(Swap.objects.values_list("kind", "status")) == swaps  # idempotent
    published = RosterPeriod.objects.get(team__code="centrum", phase=Phase.PUBLISHED)
    assert ("market", "offered") in swaps  # an open market offer
    assert ("give_away", "offered") in swaps  # pending, for agent to accept
    assert [s for s in swaps if s[1] == "accepted"]  # waiting for the team lead
    assert RepairSuggestion.objects.filter(period=published, resolved_at__isnull=True).exists()
    lead_inbox = inbox_items(actor=Officer.objects.get(username="teamchef"))
    assert {i.kind for i in lead_inbox} == {"swap", "request", "lent_claim"}  # demo/lent_claims
    planner_inbox = inbox_items(actor=Officer.objects.get(username="roosteraar"))
    assert [i.kind for i in planner_inbox] == ["repair"]
    # a sick officer's later places are flagged at risk, not freed; an approved leave freed
    # its place too, so the period's one repair suggestion counts both absences' places
    from roster.models import AtRiskAssignment

    flags = AtRiskAssignment.objects.filter(assignment__shift__period=published)
    assert flags.exists()
    assert {f.absence.kind for f in flags} == {"sick"}
    leave = Absence.objects.get(
        kind="leave", source__startswith="request:", end__lte=published_end(published)
    )
    assert leave.status == "planned"
    suggestion = RepairSuggestion.objects.get(period=published, resolved_at__isnull=True)
    assert suggestion.freed_places >= 2
    freed = Shift.objects.filter(period=published)
    assert any(open_places_for(actor=o) for o in Officer.objects.filter(teams__code="centrum")[:10])
    assert freed.exists()
