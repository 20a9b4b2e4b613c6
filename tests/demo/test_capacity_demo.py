"""The unit capacity demo scene (`demo/capacity.py`): past periods that give the unit
manager `eenheidschef` a trend, lawful within each team, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from demo.capacity import PAST_PERIODS, seed_capacity
from demo.organisation import seed_organisation
from organisation.models import Officer, Unit
from roster.capacity import unit_capacity_trend
from roster.models import Phase, RosterPeriod
from roster.selectors import period_compliance

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 9)  # a Wednesday


def test_the_unit_manager_sees_a_trend_of_past_periods():
    seed_organisation(TODAY)
    first = seed_capacity(TODAY)
    again = seed_capacity(TODAY)

    assert first["created"] == 2 * PAST_PERIODS
    assert again["created"] == 0
    manager = Officer.objects.get(username="eenheidschef")
    unit = Unit.objects.get(teams__code="centrum")
    trend = unit_capacity_trend(actor=manager, unit_id=unit.pk, periods=6, today=TODAY)
    for team in trend.teams:
        rows = [p for p in team.periods if p.period.phase == Phase.ARCHIVED]
        assert len(rows) == PAST_PERIODS, team.team.code
        # the last past period ends on this week's Monday
        assert rows[-1].period.end == dt.date(2026, 12, 7)
        for row in rows:
            t = row.totals
            assert 0 < t.filled < t.demand
            assert t.open == t.demand - t.filled
            assert t.absent_days > 0
            assert 0.5 < t.rostered_minutes / t.contract_minutes < 1.5
            assert t.nights is not None
            assert t.nights.maximum > t.nights.minimum
        # demand grows, so more places stay open later
        assert rows[0].totals.open < rows[-1].totals.open


def test_the_past_rosters_break_no_working_time_rule():
    seed_organisation(TODAY)
    seed_capacity(TODAY)
    for period in RosterPeriod.objects.filter(phase=Phase.ARCHIVED):
        violations = period_compliance(period=period).violations
        assert violations == [], sorted({v.rule for v in violations})
