"""The materialised open places (`roster.services.open_fits`) equal the live computation
(`open_places_for`) after every kind of roster change: each change commits (its on-commit
work runs: the generation raise and, eagerly, the recompute), then the read must come from
the table (fresh state) and equal the live list, order and `open` counts included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from organisation.models import Officer, Training
from organisation.services import qualification_create
from roster.models import Phase, SwapKind, SwapStatus, TeamLendingPolicy
from roster.open_fit_models import OpenFitState, OpenPlaceFit
from roster.services import open_fit_changes
from roster.services.absence_effects import absence_effects_apply
from roster.services.open_fits import open_fits_refresh, open_places_read
from roster.services.open_shifts import open_places_for, open_shift_claim
from roster.services.publication import roster_publish
from roster.services.swaps import swap_accept, swap_approve, swap_offer
from tests.factories.organisation import AbsenceFactory, SkillFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory
from tests.roster.services.test_open_places_memo import (
    _at,
    _fillers,
    _next_spring_forward,
    make_period,
    world,  # noqa: F401  (a fixture)
)

pytestmark = pytest.mark.django_db


Row = tuple[int, str, int, bool, bool, tuple[int, ...]]


def _rows(places) -> list[Row]:
    return [(p.shift.pk, p.skill, p.open, p.lent, p.training, p.mentors) for p in places]


def materialised(officer: Officer) -> list[Row]:
    """His list read from the table (and fails if the table is not fresh for him)."""
    state = OpenFitState.objects.get(officer=officer)
    assert state.computed_generation == state.generation, officer.username
    return _rows(open_places_read(actor=Officer.objects.get(pk=officer.pk)))


def live(officer: Officer) -> list[Row]:
    return _rows(open_places_for(actor=Officer.objects.get(pk=officer.pk)))


def assert_agree(*officers: Officer) -> None:
    for officer in officers:
        assert materialised(officer) == live(officer), officer.username


@pytest.fixture
def committed(eager_celery, django_capture_on_commit_callbacks):
    """`with committed():` runs a change and then its on-commit work, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_table_equals_the_live_list_after_a_scripted_series_of_changes(
    world,  # noqa: F811
    committed,
    team,
    other_team,
    basis,
    officer,
    colleague,
    team_lead,
    planner,
    administrator,
):
    people = (officer, colleague)
    assert open_fits_refresh(officer_ids=[o.pk for o in people]) == 2
    assert_agree(*people)
    assert open_fits_refresh(officer_ids=[o.pk for o in people]) == 0  # fresh: skipped

    # a claim fills the last place of a shift: the officer's table still has it, the read
    # must not list it (the open count is live)
    both = {r[0] for r in materialised(officer)} & {r[0] for r in materialised(colleague)}
    shift = next(s for s in world["shifts"].values() if s.pk in both)
    with committed():
        open_shift_claim(actor=colleague, shift=shift, skill=basis)
    assert OpenPlaceFit.objects.filter(officer=officer, shift=shift).exists()
    assert shift.pk not in {row[0] for row in materialised(officer)}
    assert_agree(*people)

    # a swap (the places move by update(): the service reports it)
    with committed():
        swap = swap_offer(
            actor=officer,
            kind=SwapKind.GIVE_AWAY,
            assignment=world["mine"]["night3"],
            receiver=colleague,
        )
        swap = swap_accept(actor=colleague, swap=swap)
        if swap.status == SwapStatus.ACCEPTED:
            swap_approve(actor=team_lead, swap=swap)
    assert_agree(*people)

    # an absence of the officer
    first = world["first"]
    with committed():
        absence = AbsenceFactory(
            officer=officer,
            kind="leave",
            start=_at(first + dt.timedelta(days=4), 0),
            end=_at(first + dt.timedelta(days=5), 0),
        )
        absence_effects_apply(actor=officer, absence=absence)
    assert_agree(*people)

    # more demand in a new skill, then the officer gets that skill
    motor = SkillFactory(code="motor")
    later = world["shifts"][5, "late"]
    with committed():
        later.demand = {"basis": 2, "motor": 1}
        later.save(update_fields=["demand"])
    assert_agree(*people)
    with committed():
        qualification_create(
            actor=administrator, officer=officer, skill=motor, valid_from=timezone.localdate()
        )
    assert (later.pk, "motor", 1, False, False, ()) in materialised(officer)
    assert_agree(*people)

    # a publication of the next period
    before = materialised(officer)
    with committed():
        nxt = make_period(
            team, first + dt.timedelta(days=6), 3, Phase.PROPOSED, _fillers(team, basis, "p")
        )
    assert materialised(officer) == before  # proposed: not open yet
    with committed():
        roster_publish(actor=planner, period=nxt["period"])
    assert len(materialised(officer)) > len(before)
    assert_agree(*people)

    # a lent place: another team of the unit lends its open places
    lent_period = PeriodFactory(team=other_team, phase=Phase.PUBLISHED, start_date=first)
    with committed():
        lent_shift = ShiftFactory(
            period=lent_period,
            start=_at(first + dt.timedelta(days=20), 7),
            end=_at(first + dt.timedelta(days=20), 15),
            demand={"basis": 1},
        )
        TeamLendingPolicy.objects.create(team=other_team, lends_open_places=True)
    assert (lent_shift.pk, "basis", 1, True, False, ()) in materialised(officer)
    assert_agree(*people)
    # only lent from 24 hours before the start: still in the table, not in the list
    with committed():
        policy = TeamLendingPolicy.objects.get(team=other_team)
        policy.within_hours = 24
        policy.save()
    assert OpenPlaceFit.objects.filter(officer=officer, shift=lent_shift, lent=True).exists()
    assert lent_shift.pk not in {row[0] for row in materialised(officer)}
    assert_agree(*people)

    # the DST night: the officer claims Saturday 23:00 → Sunday 07:00 (7 real hours)
    sunday = _next_spring_forward(timezone.localdate())
    with committed():
        week = make_period(
            team, sunday - dt.timedelta(days=3), 6, Phase.PUBLISHED, _fillers(team, basis, "dst")
        )
    assert_agree(*people)
    night = week["shifts"][2, "night"]
    assert timezone.localtime(night.start).date() == sunday - dt.timedelta(days=1)
    with committed():
        open_shift_claim(actor=officer, shift=night, skill=basis)
    assert (week["shifts"][3, "early"].pk, "basis", 1, False, False, ()) not in materialised(
        officer
    )
    assert_agree(*people)

    # the officer starts training for ovd: a training place appears while a mentor works its
    # shift (the mentor's roster is read live, the table keeps the place)
    ovd = SkillFactory(code="ovd")
    with committed():
        Training.objects.create(officer=officer, skill=ovd, started_on=timezone.localdate())
        later.demand = {**later.demand, "ovd": 1}
        later.save(update_fields=["demand"])
    assert later.pk not in {r[0] for r in materialised(officer) if r[4]}
    assert_agree(*people)
    with committed():
        qualification_create(
            actor=administrator, officer=colleague, skill=ovd, valid_from=timezone.localdate()
        )
        on_later = AssignmentFactory(officer=colleague, shift=later, skill=basis)
    assert (later.pk, "ovd", 1, False, True, (colleague.pk,)) in materialised(officer)
    assert_agree(*people)
    with committed():
        on_later.delete()
    assert OpenPlaceFit.objects.filter(officer=officer, shift=later, training=True).exists()
    assert later.pk not in {r[0] for r in materialised(officer) if r[4]}
    assert_agree(*people)
    with committed():
        AssignmentFactory(officer=colleague, shift=later, skill=basis)
    assert (later.pk, "ovd", 1, False, True, (colleague.pk,)) in materialised(officer)

    # the colleague leaves the team (his team's places go; the unit's lent ones stay)
    with committed():
        colleague.teams.remove(team)
    assert_agree(*people)


def test_a_change_not_yet_recomputed_is_read_live(world, committed, officer):  # noqa: F811
    # given a fresh table
    open_fits_refresh(officer_ids=[officer.pk])
    assert_agree(officer)
    before = live(officer)
    # when the officer falls sick and the recompute does not run (a lost task)
    sent: list[list[int]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(open_fit_changes, "enqueue_refresh", sent.append)
        with committed():
            AbsenceFactory(officer=officer, kind="sick", start=timezone.now(), end=None)
    # then his state is stale and the read answers live: nothing for him now
    assert sent == [[officer.pk]]
    state = OpenFitState.objects.get(officer=officer)
    assert state.computed_generation < state.generation
    assert before
    assert _rows(open_places_read(actor=officer)) == live(officer) == []


def test_a_never_computed_officer_is_read_live_and_a_recompute_is_asked(
    world,  # noqa: F811
    officer,
    committed,
    monkeypatch,
):
    sent: list[list[int]] = []
    monkeypatch.setattr("roster.services.open_fits.enqueue_refresh", sent.append)
    with committed():
        places = open_places_read(actor=officer)
    assert _rows(places) == live(officer)
    assert places
    assert sent == [[officer.pk]]
    assert not OpenFitState.objects.filter(officer=officer).exists()


def test_a_fresh_table_is_read_in_four_queries_whatever_the_number_of_shifts(
    world,  # noqa: F811
    officer,
    api_client_for,
    django_assert_num_queries,
):
    # given his table is fresh
    open_fits_refresh(officer_ids=[officer.pk])
    client = api_client_for(officer)
    # when: user, his state, his fits with their shifts, the filled places of those shifts
    with django_assert_num_queries(4):
        response = client.get("/api/v1/open-shifts/", {"page_size": 100})
    # then: the same body as the live list
    assert response.status_code == 200, response.data
    rows = [
        (r["shift"], r["skill"], r["open"], r["lent"], r["training"], tuple(r["mentors"]))
        for r in response.data["results"]
    ]
    assert rows == live(officer)
    assert len(rows) > 5
