"""The console shows line management an officer's own unavailability, never his reason."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from organisation.models import Officer
from roster.models import Phase
from roster.services.unavailability import unavailability_create, whole_days
from tests.console.conftest import MODEL_BACKEND
from tests.roster.solve_fixtures import SmallPeriod, small_period

pytestmark = pytest.mark.django_db

REASON = "Afspraak bij de tandarts"


def client(user: Officer, language: str = "en") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
    c.force_login(user, backend=MODEL_BACKEND)
    return c


@pytest.fixture
def marked(team: Any, basis: Any) -> SmallPeriod:
    """The small period with sign-up open, Agent0 unavailable on 5 January with a reason."""
    small = small_period(team, basis, phase=Phase.SIGNUP_OPEN)
    start, end = whole_days(dt.date(2027, 1, 5), dt.date(2027, 1, 5))
    unavailability_create(
        actor=small.officers[0], period=small.period, start=start, end=end, reason=REASON
    )
    return small


@pytest.mark.parametrize("role", ["team_lead", "planner", "unit_manager", "administrator"])
def test_the_grid_and_cell_say_unavailable_never_why(
    role: str, request: Any, marked: SmallPeriod
) -> None:
    reader = request.getfixturevalue(role)
    p, who = marked.period.pk, marked.officers[0].pk
    grid = client(reader).get(f"/console/periods/{p}/").content.decode()
    cell = client(reader).get(f"/console/periods/{p}/officers/{who}/days/2027-01-05/")
    assert "abs abs-unavailable" in grid
    assert re.search(r'title="Unavailable"', grid)
    assert re.search(r">NA<", grid)
    assert cell.status_code == 200
    assert "Absent: Unavailable (5 Jan 00:00 \u2013 6 Jan 00:00)" in cell.content.decode()
    for body in (grid, cell.content.decode()):
        assert "tandarts" not in body


def test_the_grid_in_dutch_reads_niet_beschikbaar(planner: Officer, marked: SmallPeriod) -> None:
    html = client(planner, "nl").get(f"/console/periods/{marked.period.pk}/").content.decode()
    assert 'title="Niet beschikbaar"' in html
    assert ">NB<" in html
