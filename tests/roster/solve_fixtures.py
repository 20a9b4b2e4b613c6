"""A tiny period to solve: 4 officers of team centrum, 3 days x (early, night), basis only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from organisation.models import Officer
from roster.models import Phase, RosterPeriod, Shift
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import PeriodFactory, ShiftFactory, SignUpFactory, aware


@dataclass
class SmallPeriod:
    period: RosterPeriod
    officers: list[Officer]
    shifts: list[Shift]


def small_period(team: Any, basis: Any, *, phase: str = Phase.SIGNUP_CLOSED) -> SmallPeriod:
    period = PeriodFactory(
        team=team, start_date=dt.date(2027, 1, 4), end_date=dt.date(2027, 1, 7), phase=phase
    )
    officers = []
    for i in range(4):
        o = OfficerFactory(first_name=f"Agent{i}", teams=[team])
        QualificationFactory(officer=o, skill=basis)
        officers.append(o)
    shifts = []
    for day in (4, 5, 6):
        shifts.append(ShiftFactory(period=period, start=aware(2027, 1, day, 7, 0)))
        shifts.append(
            ShiftFactory(
                period=period,
                kind="night",
                start=aware(2027, 1, day, 23, 0),
                end=aware(2027, 1, day + 1, 7, 0),
                demand={"basis": 1},
            )
        )
    for i, shift in enumerate(shifts):
        SignUpFactory(officer=officers[i % 4], shift=shift, wish="want")
    return SmallPeriod(period, officers, shifts)


@pytest.fixture
def fast_solver(settings: Any, eager_celery: None) -> None:
    settings.SOLVER_TIME_LIMIT_S = 3.0
    settings.SOLVER_WORKERS = 1
