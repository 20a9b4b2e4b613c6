from __future__ import annotations

from typing import Any

import pytest

from tests.factories.roster import PeriodFactory, ShiftFactory


@pytest.fixture
def period(team: Any) -> Any:
    return PeriodFactory(team=team)


@pytest.fixture
def other_period(other_team: Any) -> Any:
    return PeriodFactory(team=other_team)


@pytest.fixture
def shift(period: Any) -> Any:
    return ShiftFactory(period=period)
