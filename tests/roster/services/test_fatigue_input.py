"""The solve input carries the team's fatigue cap and the shifts before the period."""

import datetime as dt

import jsonschema
import pytest

from roster.models import Phase, ShiftKind, TeamFatiguePolicy
from roster.services.solving.input import solve_input_build
from roster.solver.io import input_schema, parse_input
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import small_period

pytestmark = pytest.mark.django_db


def test_no_cap_no_fatigue_in_the_input(team, basis):
    small = small_period(team, basis)
    TeamFatiguePolicy.objects.create(team=team, cap=40, cap_enabled=False)
    assert "fatigue" not in solve_input_build(small.period)


def test_the_cap_and_the_published_nights_before_the_period_are_in_the_input(team, basis):
    # given a capped team and a published night of an officer the evening before the period
    small = small_period(team, basis)
    TeamFatiguePolicy.objects.create(team=team, cap=40, cap_enabled=True)
    officer = small.officers[0]
    earlier = PeriodFactory(
        team=team,
        start_date=dt.date(2026, 12, 7),
        end_date=dt.date(2027, 1, 4),
        phase=Phase.PUBLISHED,
    )
    night = ShiftFactory(
        period=earlier,
        kind=ShiftKind.NIGHT,
        start=aware(2027, 1, 3, 22, 0),
        end=aware(2027, 1, 4, 7, 0),
    )
    AssignmentFactory(officer=officer, shift=night)
    too_early = ShiftFactory(period=earlier, start=aware(2026, 12, 10, 7, 0))
    AssignmentFactory(officer=officer, shift=too_early)
    # when
    data = solve_input_build(small.period)
    # then
    jsonschema.validate(data, input_schema())
    assert data["fatigue"]["cap"] == 40
    assert data["fatigue"]["earlier"] == [
        {
            "officer": f"o{officer.pk}",
            "start": "2027-01-03T21:00:00+00:00",
            "end": "2027-01-04T06:00:00+00:00",
        }
    ]
    inp = parse_input(data)
    (item,) = inp.fatigue.earlier[f"o{officer.pk}"]
    assert (item.start, item.end, item.night, item.day) == (-120, 420, True, -1)
