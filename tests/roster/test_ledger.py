"""The fairness ledger is always true: derived from the assignments, it follows every change.

The walk publishes a roster and then makes every kind of change the product allows after
publication (give-away and exchange swaps, freeing by an absence, a first-come claim, a fair
award, a repair solve applied, archiving; a manual change and a shift cancellation, which are
refused once published). After each step it recounts the ledger from the assignments, by hand,
and compares it with what the ledger, the API (my ledger, the team's) and the solver's
history show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
import pytest
from django.utils import timezone

from organisation.employment_services import contract_hours_record
from organisation.models import Officer
from roster.burdens import local_wall_clock
from roster.errors import WrongPhase
from roster.ledger import ledger_entries, ledger_totals_for
from roster.models import (
    Assignment,
    OpenShiftPolicy,
    Phase,
    RosterPeriod,
    Shift,
    SolveStatus,
    TeamSwapPolicy,
)
from roster.selectors import team_ledger_distribution
from roster.services.absence_effects import absence_effects_apply
from roster.services.assignments import assignment_create, assignment_delete
from roster.services.fair_award import open_shift_award
from roster.services.open_shifts import open_shift_claim
from roster.services.periods import period_move
from roster.services.publication import roster_publish
from roster.services.shifts import shift_cancel
from roster.services.solving.input import solve_input_build
from roster.services.solving.jobs import solve_start
from roster.services.solving.repair_apply import repair_apply
from roster.services.swaps import swap_accept, swap_offer
from tests.factories.organisation import AbsenceFactory, OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import fast_solver

pytestmark = pytest.mark.django_db
__all__ = ["fast_solver"]

FIGURES = ("shifts", "nights", "weekends", "holidays", "worked_minutes", "contract_minutes")
LEDGER_PHASES = (Phase.PUBLISHED, Phase.ARCHIVED)


# -- the recount: by hand, from the assignments ---------------------------------------------


def recount(officers: list[Officer], *, before: dt.date | None = None) -> dict[Any, Any]:
    """Per (officer id, period id): the figures, counted one assignment at a time. A period
    counts for an officer assigned in it or a member when it was published."""
    out: dict[tuple[int, int], dict[str, int]] = {}
    for period in RosterPeriod.objects.filter(phase__in=LEDGER_PHASES):
        if before is not None and period.start_date >= before:
            continue
        members = set(period.published_members.values_list("pk", flat=True))
        days = (period.end_date - period.start_date).days
        for officer in officers:
            mine = [
                a.shift
                for a in Assignment.objects.filter(officer=officer, shift__period=period)
                if a.shift.cancelled_at is None
            ]
            if not mine and officer.pk not in members:
                continue
            out[officer.pk, period.pk] = {
                "shifts": len(mine),
                "nights": sum(s.is_night for s in mine),
                "weekends": sum(s.is_weekend for s in mine),
                "holidays": sum(s.is_holiday for s in mine),
                "worked_minutes": sum(s.minutes for s in mine),
                "contract_minutes": officer.contract_minutes_per_week * days // 7,
            }
    return out


def recount_totals(officers: list[Officer], *, before: dt.date | None = None) -> dict[int, Any]:
    totals: dict[int, dict[str, int]] = {
        o.pk: dict.fromkeys(("periods", *FIGURES), 0) for o in officers
    }
    for (officer_id, _period_id), row in recount(officers, before=before).items():
        totals[officer_id]["periods"] += 1
        for name in FIGURES:
            totals[officer_id][name] += row[name]
    for row in totals.values():
        row["minutes_delta"] = row["worked_minutes"] - row["contract_minutes"]
    return totals


def _holiday_free_monday() -> dt.date:
    """A Monday at least two weeks ahead (outside the fixed 7 days, so no consent is needed)
    with no public holiday in the two weeks the walk uses (its burden counts stay exact)."""
    today = timezone.localdate()
    monday = today + dt.timedelta(days=14 + (7 - today.weekday()) % 7)
    nl = holidays.country_holidays("NL", years=[monday.year, monday.year + 1])
    while any(monday + dt.timedelta(days=d) in nl for d in range(15)):
        monday += dt.timedelta(days=7)
    return monday


class Walk:
    """The team, its periods and the comparison made after every step."""

    def __init__(self, team: Any, basis: Any, planner: Officer, team_lead: Officer) -> None:
        self.team, self.basis, self.planner, self.team_lead = team, basis, planner, team_lead
        self.people: dict[str, Officer] = {}
        for name in ("anna", "bert", "cees", "dirk", "eva"):
            o = OfficerFactory(first_name=name.title(), teams=[team])
            QualificationFactory(officer=o, skill=basis)
            self.people[name] = o
        self.people["eva"].contract_minutes_per_week = 1440  # part-time: 24 h
        self.people["eva"].save()
        self.monday = _holiday_free_monday()
        self.earlier = PeriodFactory(
            team=team,
            start_date=self.monday - dt.timedelta(days=28),
            end_date=self.monday,
            phase=Phase.ARCHIVED,
        )
        old_night = self.shift(-27, night=True, period=self.earlier)
        AssignmentFactory(officer=self.people["anna"], shift=old_night, skill=basis)
        self.period = PeriodFactory(team=team, start_date=self.monday, phase=Phase.PROPOSED)
        self.later = PeriodFactory(
            team=team, start_date=self.monday + dt.timedelta(days=28), phase=Phase.SIGNUP_CLOSED
        )
        self.shift(28, period=self.later)

    @property
    def officers(self) -> list[Officer]:
        return [*self.people.values(), self.team_lead]

    def shift(self, day: int, *, night: bool = False, demand: int = 1, period: Any = None) -> Shift:
        date = self.monday + dt.timedelta(days=day)
        start = local_wall_clock(date, dt.time(23 if night else 7))
        end = local_wall_clock(
            date + dt.timedelta(days=1 if night else 0), dt.time(7 if night else 15)
        )
        return ShiftFactory(
            period=period or self.period,
            kind="night" if night else "early",
            start=start,
            end=end,
            demand={"basis": demand},
        )

    def assign(self, name: str, shift: Shift) -> Assignment:
        return AssignmentFactory(officer=self.people[name], shift=shift, skill=self.basis)

    def totals(self) -> dict[int, Any]:
        return recount_totals(self.officers)

    def check(self, api_client_for: Any) -> dict[int, Any]:
        """The ledger, the API and the solver's history all equal the recount."""
        expected = recount(self.officers)
        derived = {
            (e.officer_id, e.period_id): {name: getattr(e, name) for name in FIGURES}
            for e in ledger_entries(officer_ids=[o.pk for o in self.officers])
        }
        assert derived == expected
        totals = recount_totals(self.officers)
        for o in self.officers:
            assert api_client_for(o).get("/api/v1/me/ledger/").data == totals[o.pk], o
        team = api_client_for(self.team_lead).get(f"/api/v1/teams/{self.team.pk}/ledger/")
        keys = ("nights", "weekends", "holidays", "minutes_delta")
        assert team.data == {
            "officers": sorted(
                ({k: t[k] for k in keys} for t in totals.values()), key=lambda r: tuple(r.values())
            )
        }
        history = {o["id"]: o["history"] for o in solve_input_build(self.later)["officers"]}
        earlier_totals = recount_totals(self.officers, before=self.later.start_date)
        for o in self.officers:
            got = history[f"o{o.pk}"]
            assert {k: got[k] for k in keys} == {k: earlier_totals[o.pk][k] for k in keys}, o
        return totals


def _changed(before: dict[int, Any], after: dict[int, Any], officer: Officer) -> dict[str, int]:
    return {
        k: after[officer.pk][k] - before[officer.pk][k]
        for k in ("periods", *FIGURES)
        if after[officer.pk][k] != before[officer.pk][k]
    }


def test_the_ledger_follows_every_change_after_publication(
    team,
    basis,
    planner,
    team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
    fast_solver,
):
    walk = Walk(team, basis, planner, team_lead)
    p = walk.people
    monday = walk.shift(0)  # early, Monday
    night = walk.shift(1, night=True)  # Tuesday night
    wednesday, thursday, friday = walk.shift(2), walk.shift(3), walk.shift(4)
    saturday, sunday = walk.shift(5), walk.shift(6)
    two_places, later_saturday = walk.shift(9, demand=2), walk.shift(12)
    dropped, cancelled = walk.shift(10), walk.shift(11)
    walk.assign("anna", monday)
    walk.assign("anna", saturday)
    walk.assign("anna", two_places)  # one of its two places stays open
    walk.assign("bert", night)
    walk.assign("cees", wednesday)
    walk.assign("cees", cancelled)
    walk.assign("dirk", later_saturday)
    walk.assign("eva", friday)
    walk.assign("eva", thursday)
    gone = walk.assign("dirk", dropped)
    # manual changes while proposed: one added, one removed, one shift cancelled
    assignment_create(actor=planner, shift=sunday, officer=p["bert"], skill=basis)
    assignment_delete(actor=planner, assignment=gone)
    shift_cancel(actor=planner, shift=cancelled)
    assert walk.check(api_client_for) == walk.totals()  # not published: earlier period only

    # publication
    before = walk.totals()
    roster_publish(actor=planner, period=walk.period)
    after = walk.check(api_client_for)
    assert _changed(before, after, p["bert"]) == {
        "periods": 1,
        "shifts": 2,
        "nights": 1,
        "weekends": 1,
        "worked_minutes": 960,
        "contract_minutes": 4 * 2160,
    }
    assert _changed(before, after, p["eva"])["contract_minutes"] == 4 * 1440
    assert _changed(before, after, team_lead) == {"periods": 1, "contract_minutes": 4 * 2160}

    # a manual change and a shift cancellation are refused once published
    with pytest.raises(WrongPhase):
        assignment_create(actor=planner, shift=wednesday, officer=p["dirk"], skill=basis)
    with pytest.raises(WrongPhase):
        shift_cancel(actor=planner, shift=monday)
    assert walk.check(api_client_for) == after

    # give-away swap (auto-approved): Monday moves from Anna to Bert
    before = after
    swap = swap_offer(
        actor=p["anna"],
        kind="give_away",
        assignment=Assignment.objects.get(shift=monday),
        receiver=p["bert"],
    )
    swap_accept(actor=p["bert"], swap=swap)
    after = walk.check(api_client_for)
    assert _changed(before, after, p["anna"]) == {"shifts": -1, "worked_minutes": -480}
    assert _changed(before, after, p["bert"]) == {"shifts": 1, "worked_minutes": 480}

    # exchange: Cees's Wednesday for Dirk's Saturday
    before = after
    swap = swap_offer(
        actor=p["cees"],
        kind="exchange",
        assignment=Assignment.objects.get(shift=wednesday),
        wanted=Assignment.objects.get(shift=later_saturday),
    )
    swap_accept(actor=p["dirk"], swap=swap)
    after = walk.check(api_client_for)
    assert _changed(before, after, p["cees"]) == {"weekends": 1}
    assert _changed(before, after, p["dirk"]) == {"weekends": -1}

    # freeing by an absence: Eva's Thursday
    before = after
    absence = AbsenceFactory(
        officer=p["eva"],
        kind="sick",
        start=local_wall_clock(walk.monday + dt.timedelta(days=3), dt.time(0)),
        end=local_wall_clock(walk.monday + dt.timedelta(days=4), dt.time(0)),
    )
    assert len(absence_effects_apply(actor=None, absence=absence).freed) == 1
    after = walk.check(api_client_for)
    assert _changed(before, after, p["eva"]) == {"shifts": -1, "worked_minutes": -480}

    # first-come claim of the freed place
    before = after
    open_shift_claim(actor=p["dirk"], shift=thursday, skill=basis)
    after = walk.check(api_client_for)
    assert _changed(before, after, p["dirk"]) == {"shifts": 1, "worked_minutes": 480}

    # fair award of the open place of the 2-place shift: the lower ledger wins
    before = after
    TeamSwapPolicy.objects.create(team=team, open_shift_policy=OpenShiftPolicy.FAIR_AWARD)
    for name in ("cees", "eva"):
        open_shift_claim(actor=p[name], shift=two_places, skill=basis)
    (won,) = [c for c in open_shift_award(actor=planner, shift=two_places) if c.status == "won"]
    after = walk.check(api_client_for)
    assert _changed(before, after, won.officer) == {"shifts": 1, "worked_minutes": 480}
    for row in won.explanation["claimants"]:  # ranked on the ledger as it was
        assert row["minutes_delta"] == before[row["officer"]]["minutes_delta"]
        mine = before[row["officer"]]
        assert row["burdens"] == mine["nights"] + mine["weekends"] + mine["holidays"]

    # repair: Bert's night is freed by an absence, a repair solve refills it, the planner applies
    leave = AbsenceFactory(
        officer=p["bert"],
        kind="leave",
        start=night.start - dt.timedelta(hours=1),
        end=night.end + dt.timedelta(hours=1),
    )
    assert len(absence_effects_apply(actor=None, absence=leave).freed) == 1
    before = walk.check(api_client_for)
    with django_capture_on_commit_callbacks(execute=True):
        job = solve_start(actor=planner, period=walk.period, mode="repair")
    job.refresh_from_db()
    assert job.status == SolveStatus.DONE, job.error
    assert job.report["change_set"]["added"]
    repair_apply(actor=planner, job=job)
    after = walk.check(api_client_for)
    assert Assignment.objects.filter(shift=night).exists()
    assert sum(after[o.pk]["nights"] - before[o.pk]["nights"] for o in walk.officers) == 1

    # archiving keeps the period in the ledger
    period_move(actor=planner, period=walk.period, to_phase=Phase.ARCHIVED)
    assert walk.check(api_client_for) == after


def test_a_night_across_a_dst_change_counts_its_real_minutes(team, basis, officer):
    # given published periods holding the two DST nights of the Dutch clock
    autumn = PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.ARCHIVED)
    spring = PeriodFactory(team=team, start_date=dt.date(2027, 3, 22), phase=Phase.PUBLISHED)
    for period, day in ((autumn, dt.date(2026, 10, 24)), (spring, dt.date(2027, 3, 27))):
        night = ShiftFactory(
            period=period,
            kind="night",
            start=local_wall_clock(day, dt.time(23)),
            end=local_wall_clock(day + dt.timedelta(days=1), dt.time(7)),
        )
        AssignmentFactory(officer=officer, shift=night, skill=basis)
    # when
    entries = {e.period_id: e for e in ledger_entries(officer_ids=[officer.pk])}
    # then: 9 h when the clock goes back, 7 h when it goes forward
    assert entries[autumn.pk].worked_minutes == 540
    assert entries[spring.pk].worked_minutes == 420
    assert (entries[autumn.pk].nights, entries[autumn.pk].weekends) == (1, 1)


def test_who_counts_a_period_members_at_publication_and_whoever_is_assigned(
    team, basis, planner, officer, colleague
):
    # given a roster published with the officer on one shift and his colleague on none
    period = PeriodFactory(team=team, phase=Phase.PROPOSED)
    AssignmentFactory(officer=officer, shift=ShiftFactory(period=period), skill=basis)
    roster_publish(actor=planner, period=period)
    # and afterwards two officers join the team: one takes a shift of the period, one does not
    joiner, newcomer = OfficerFactory(teams=[team]), OfficerFactory(teams=[team])
    AssignmentFactory(
        officer=joiner,
        shift=ShiftFactory(period=period, start=aware(2027, 1, 12, 7, 0)),
        skill=basis,
    )
    # when
    totals = ledger_totals_for(officer_ids=[officer.pk, colleague.pk, joiner.pk, newcomer.pk])
    # then: the colleague counts the period's contract without a shift; the newcomer does not
    assert (totals[officer.pk].periods, totals[officer.pk].shifts) == (1, 1)
    assert (totals[colleague.pk].periods, totals[colleague.pk].shifts) == (1, 0)
    assert totals[colleague.pk].minutes_delta == -4 * 2160
    assert (totals[joiner.pk].periods, totals[joiner.pk].shifts) == (1, 1)
    assert totals[newcomer.pk].periods == 0
    assert totals[newcomer.pk].minutes_delta == 0


def test_a_period_before_publication_and_a_cancelled_shift_do_not_count(team, basis, officer):
    proposed = PeriodFactory(team=team, phase=Phase.PROPOSED)
    AssignmentFactory(officer=officer, shift=ShiftFactory(period=proposed), skill=basis)
    published = PeriodFactory(team=team, start_date=dt.date(2027, 2, 1), phase=Phase.PUBLISHED)
    published.published_members.set([officer])
    AssignmentFactory(
        officer=officer,
        shift=ShiftFactory(
            period=published, start=aware(2027, 2, 2, 7, 0), cancelled_at=timezone.now()
        ),
        skill=basis,
    )
    (entry,) = ledger_entries(officer_ids=[officer.pk])
    assert (entry.period_id, entry.shifts, entry.worked_minutes) == (published.pk, 0, 0)


def _team_with_history(team: Any, basis: Any, *, officers: int, periods: int) -> list[int]:
    people = [OfficerFactory(teams=[team]) for _ in range(officers)]
    start = dt.date(2025, 1, 6)
    for p in range(periods):
        period = PeriodFactory(
            team=team, start_date=start + dt.timedelta(days=28 * p), phase=Phase.ARCHIVED
        )
        period.published_members.set(people)
        day = period.start_date
        demand = {"basis": officers}
        shifts = [
            ShiftFactory(
                period=period, start=aware(day.year, day.month, day.day, 7, 0), demand=demand
            ),
            ShiftFactory(
                period=period,
                demand=demand,
                kind="night",
                start=aware(day.year, day.month, day.day, 23, 0),
                end=aware(day.year, day.month, day.day, 23, 0) + dt.timedelta(hours=8),
            ),
        ]
        Assignment.objects.bulk_create(
            Assignment(officer=o, shift=shifts[i % 2], skill=basis, source="solver")
            for i, o in enumerate(people)
        )
    return [o.pk for o in people]


@pytest.mark.parametrize(("officers", "periods"), [(2, 1), (12, 6)])
def test_the_ledger_takes_four_queries_whatever_the_team_size(
    team, basis, officers, periods, django_assert_num_queries
):
    # given a team with a history of published periods
    ids = _team_with_history(team, basis, officers=officers, periods=periods)
    # when / then: assignments grouped by officer and period, members, contract history and
    # (for officers without one) their current contract
    with django_assert_num_queries(4):
        entries = ledger_entries(officer_ids=ids)
    assert len(entries) == officers * periods
    with django_assert_num_queries(5):  # plus the members of the team
        rows = team_ledger_distribution(team=team)
    assert len(rows) == officers
    assert sum(r["nights"] for r in rows) == periods * (officers // 2)


def test_contract_minutes_follow_the_contract_history(team, basis, officer):
    # given a published 4-week period and a contract of 36 h that becomes 24 h halfway
    period = PeriodFactory(team=team, start_date=dt.date(2027, 3, 1), phase=Phase.PUBLISHED)
    period.published_members.set([officer])
    contract_hours_record(
        actor=officer,
        officer=officer,
        valid_from=dt.date(2027, 3, 15),
        minutes_per_week=1440,
        source="request:1",
    )
    # when
    (entry,) = ledger_entries(officer_ids=[officer.pk])
    # then: two weeks at each contract
    assert entry.contract_minutes == 2 * 2160 + 2 * 1440


def test_the_ledger_of_nobody_takes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert ledger_entries(officer_ids=[]) == []
