import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from organisation.models import (
    ContractHours,
    HoursMutation,
    Officer,
    Qualification,
    Role,
    RoleAssignment,
)
from roster.swap_chain_models import SwapChain, SwapChainStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_creates_the_demo_logins(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (
        Officer.objects.count(),
        Qualification.objects.count(),
        RoleAssignment.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert (
        Officer.objects.count(),
        Qualification.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts
    for username in ("agent", "teamchef", "roosteraar", "loket", "beheer"):
        assert Officer.objects.get(username=username).check_password("demo-samen")
    assert RoleAssignment.objects.filter(officer__username="teamchef", role=Role.TEAM_LEAD).exists()
    for team in ("centrum", "zuid"):
        assert Officer.objects.filter(teams__code=team).count() >= 60
    # approved HR requests took effect, once however often the seed runs
    assert (
        ContractHours.objects.filter(officer__username="agent", minutes_per_week=1920).count() == 1
    )
    assert HoursMutation.objects.get(officer__username="agent").minutes == 150
    # one three-way swap chain waits for collega: agent and a third colleague accepted
    chain = SwapChain.objects.get(status=SwapChainStatus.PROPOSED)
    accepted = dict(chain.legs.values_list("giver__username", "accepted_at"))
    assert len(accepted) == 3
    assert accepted.pop("collega") is None
    assert accepted.pop("agent") is not None
    assert all(at is not None for at in accepted.values())


def test_seed_demo_refuses_without_debug(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
    assert not Officer.objects.filter(username="agent").exists()


@pytest.mark.slow
def _joint_week():
    from demo.joint import SHARED, SOURCE
    from organisation.employment import SecondTeamMembership

    return SecondTeamMembership.objects.get(source=f"{SOURCE}:{SHARED[0]}").valid_from


def test_solve_demo_solves_the_next_period_and_leaves_the_one_after_open(
    settings, eager_celery, django_capture_on_commit_callbacks
) -> None:
    """After `make demo`'s seed and solve, team Centrum has a published period (now), a
    proposed one (solved) and an open one (sign up from the app)."""
    from roster.models import Phase, RosterPeriod, SolveJob

    settings.DEBUG = True
    settings.SOLVER_TIME_LIMIT_S = 2
    call_command("seed_demo", verbosity=0)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("solve_demo", stdout=out)
    periods = list(
        RosterPeriod.objects.filter(team__code="centrum")
        .exclude(phase=Phase.ARCHIVED)  # the capacity trend's past periods (demo/capacity.py)
        .exclude(start_date=_joint_week())  # the joint-solve scene's closed week (demo/joint.py)
        .order_by("start_date")
    )
    assert [p.phase for p in periods] == [Phase.PUBLISHED, Phase.PROPOSED, Phase.SIGNUP_OPEN]
    solved = periods[1]
    job = SolveJob.objects.get(period=solved)
    assert job.status == "done"
    assert f"Solving period {solved.pk} " in out.getvalue()
    assert f"Report: /api/v1/periods/{solved.pk}/report/" in out.getvalue()
    # the open period's sign-up window is open now, and the demo logins have not signed up
    open_period = periods[2]
    now = timezone.now()
    assert open_period.signup_opens_at <= now < open_period.signup_closes_at
    assert open_period.shifts.exists()
    signed = set(open_period.shifts.values_list("signups__officer__username", flat=True).distinct())
    assert not signed & {"agent", "collega"}
    # a second run only reports on the solved period
    again = io.StringIO()
    call_command("solve_demo", stdout=again)
    assert "Solving" not in again.getvalue()
    assert SolveJob.objects.count() == 1


def test_seed_demo_staffs_every_desk_and_adds_officer_logins(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    from organisation.models import Desk
    from organisation.need_to_know import may_learn_kind

    staffed = set(
        RoleAssignment.objects.filter(role=Role.DESK_STAFF).values_list("desk__code", flat=True)
    )
    assert staffed == set(Desk.objects.values_list("code", flat=True))
    for username in ("collega", "wijkagent", "teamchef-zuid", "verzuim", "servicedesk", "staf"):
        assert Officer.objects.get(username=username).check_password("demo-samen")
    teams = dict(
        Officer.objects.filter(username__in=["agent", "collega", "wijkagent"]).values_list(
            "username", "teams__code"
        )
    )
    assert teams == {"agent": "centrum", "collega": "centrum", "wijkagent": "zuid"}
    # need-to-know: the health desk login learns why an officer is absent, the line does not
    agent = Officer.objects.get(username="agent")
    assert may_learn_kind(Officer.objects.get(username="verzuim"), agent.pk)
    for username in ("teamchef", "roosteraar", "eenheidschef", "loket", "collega"):
        assert not may_learn_kind(Officer.objects.get(username=username), agent.pk)
