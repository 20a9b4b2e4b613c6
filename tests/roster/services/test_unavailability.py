"""roster.services.unavailability: days counted, DST, and the solver plans around it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from organisation.models import Absence
from roster.models import Assignment, Phase, RosterPeriod, TeamAbsencePolicy
from roster.services.periods import period_move
from roster.services.solving.input import solve_input_build
from roster.services.unavailability import (
    days_touched,
    days_used,
    unavailability_create,
    whole_days,
)
from roster.solver.io import parse_input
from roster.solver.solve import solve
from tests.factories.roster import PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import fast_solver, small_period

pytestmark = pytest.mark.django_db
__all__ = ["fast_solver"]


def test_a_range_touches_each_local_day_once():
    assert days_touched(aware(2027, 1, 8, 18, 0), aware(2027, 1, 8, 23, 0)) == {dt.date(2027, 1, 8)}
    assert days_touched(aware(2027, 1, 8, 22, 0), aware(2027, 1, 9, 2, 0)) == {
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 9),
    }
    # ending at midnight does not touch the next day
    assert days_touched(*whole_days(dt.date(2027, 1, 8), dt.date(2027, 1, 9))) == {
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 9),
    }


def test_whole_days_across_both_dst_changes_are_local_midnights():
    spring = whole_days(dt.date(2027, 3, 28), dt.date(2027, 3, 28))
    autumn = whole_days(dt.date(2027, 10, 31), dt.date(2027, 10, 31))
    # (in UTC: Python subtracts two times of one zone by their wall clocks)
    assert spring[1].astimezone(dt.UTC) - spring[0].astimezone(dt.UTC) == dt.timedelta(hours=23)
    assert autumn[1].astimezone(dt.UTC) - autumn[0].astimezone(dt.UTC) == dt.timedelta(hours=25)
    assert days_touched(*spring) == {dt.date(2027, 3, 28)}
    assert days_touched(*autumn) == {dt.date(2027, 10, 31)}


def test_days_used_counts_only_the_periods_days():
    period = RosterPeriod(start_date=dt.date(2027, 1, 4), end_date=dt.date(2027, 2, 1))
    ranges = [
        whole_days(dt.date(2027, 1, 31), dt.date(2027, 2, 2)),  # 31 Jan in, 1-2 Feb out
        (aware(2027, 1, 31, 8, 0), aware(2027, 1, 31, 9, 0)),  # the same day again
    ]
    assert days_used(ranges, period) == 1


def test_the_night_of_the_dst_change_is_blocked_in_the_solver_input(officer, team):
    # given: a period across 28 March 2027 with a night shift 27 March 23:00 - 28 March 07:00
    # (8 wall-clock hours, 7 real ones), and the officer unavailable on the 28th
    period = PeriodFactory(team=team, start_date=dt.date(2027, 3, 22))
    night = ShiftFactory(
        period=period,
        kind="night",
        start=aware(2027, 3, 27, 23, 0),
        end=aware(2027, 3, 28, 7, 0),
        demand={"basis": 1},
    )
    start, end = whole_days(dt.date(2027, 3, 28), dt.date(2027, 3, 28))
    unavailability_create(actor=officer, period=period, start=start, end=end, reason="Privé")
    # when
    data = solve_input_build(period)
    inp = parse_input(data)
    # then: the input blocks 28 March 00:00+01:00 up to 29 March 00:00+02:00, and the night
    row = next(u for u in data["unavailable"] if u["officer"] == f"o{officer.pk}")
    assert row == {
        "officer": f"o{officer.pk}",
        "start": "2027-03-28T00:00:00+01:00",
        "end": "2027-03-29T00:00:00+02:00",
        "reason": "marked by the officer",
    }
    [u] = inp.unavailable
    assert u.end - u.start == 23 * 60
    shift = inp.shift_by_id[f"s{night.pk}"]
    assert u.start < shift.end
    assert shift.start < u.end
    assert "Privé" not in str(data)


def _without_unavailability(data):
    return {**data, "unavailable": []}


def test_the_solver_never_assigns_an_unavailable_officer(team, basis):
    # given: a small period whose early of 4 January only officer 0 wants; he marks himself
    # unavailable on 4 January while sign-up is open, then sign-up closes
    small = small_period(team, basis, phase=Phase.SIGNUP_OPEN)
    officer = small.officers[0]
    start, end = whole_days(dt.date(2027, 1, 4), dt.date(2027, 1, 4))
    unavailability_create(actor=officer, period=small.period, start=start, end=end)
    data = solve_input_build(small.period)
    ref = f"o{officer.pk}"
    early, night = small.shifts[0], small.shifts[1]  # both touch 4 January
    # when: solved with and without his unavailability
    options = {"time_limit_s": 3.0, "workers": 1, "seed": 1}
    result = solve(parse_input(data), **options)
    control = solve(parse_input(_without_unavailability(data)), **options)
    # then: without it he gets the early he wants; with it neither shift of that day
    assert (ref, f"s{early.pk}") in {(p.officer, p.shift) for p in control.assignments}
    taken = {p.shift for p in result.assignments if p.officer == ref}
    assert f"s{early.pk}" not in taken
    assert f"s{night.pk}" not in taken


def test_a_solve_through_the_api_respects_it(
    team, basis, planner, api_client_for, fast_solver, django_capture_on_commit_callbacks
):
    # given: officer 0 files his unavailability for 4 January in the app, sign-up closes
    small = small_period(team, basis, phase=Phase.SIGNUP_OPEN)
    officer = small.officers[0]
    filed = api_client_for(officer).post(
        f"/api/v1/periods/{small.period.pk}/unavailability/",
        {"start": "2027-01-04", "end": "2027-01-04"},
        format="json",
    )
    assert filed.status_code == 201, filed.data
    period_move(actor=planner, period=small.period, to_phase=Phase.SIGNUP_CLOSED)
    # when: the planner solves
    with django_capture_on_commit_callbacks(execute=True):
        solved = api_client_for(planner).post(
            f"/api/v1/periods/{small.period.pk}/solve/", {}, format="json"
        )
    assert solved.status_code == 202, solved.data
    # then: he works no shift on 4 January, but still the early he wants on the 6th
    mine = Assignment.objects.filter(officer=officer)
    assert not mine.filter(shift__start__lt=aware(2027, 1, 5, 0, 0)).exists()
    assert mine.filter(shift=small.shifts[4]).exists()


def test_the_limit_defaults_for_a_team_without_a_policy(officer, period):
    # given: no policy row: the default limit
    default = TeamAbsencePolicy().unavailability_max_days_per_period
    first = period.start_date
    # when: he files exactly the default number of days, one more is refused
    start, end = whole_days(first, first + dt.timedelta(days=default - 1))
    unavailability_create(actor=officer, period=period, start=start, end=end)
    extra = whole_days(first + dt.timedelta(days=default), first + dt.timedelta(days=default))
    with pytest.raises(ValidationError) as refused:
        unavailability_create(actor=officer, period=period, start=extra[0], end=extra[1])
    assert "end" in refused.value.message_dict
    assert Absence.objects.count() == 1
