"""The console grid shows each officer's fatigue hotspots (docs/fatigue.md)."""

import datetime as dt
import re

import pytest

from console.grid import fatigue_heat, grid_build
from roster.models import Phase, ShiftKind, TeamFatiguePolicy
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db


def _nights(period, officer, days):
    for day in days:
        shift = ShiftFactory(
            period=period,
            kind=ShiftKind.NIGHT,
            start=aware(2026, 10, day, 22, 0),
            end=aware(2026, 10, day + 1, 7, 0),
        )
        AssignmentFactory(officer=officer, shift=shift)


@pytest.fixture
def period(team, officer, colleague):
    """A proposed period from Monday 19 October 2026; `officer` works five nights
    (20-24 October, the last over the DST change), the colleague one."""
    period = PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.PROPOSED)
    _nights(period, officer, range(20, 25))
    _nights(period, colleague, [20])
    return period


def test_heat_thresholds():
    assert fatigue_heat(61, 60) == "fat-hot"
    assert fatigue_heat(60, 60) == "fat-warm"
    assert fatigue_heat(48, 60) == "fat-warm"
    assert fatigue_heat(47, 60) == ""


def test_the_grid_marks_the_officers_hotspot_and_not_the_colleague(
    team, officer, colleague, period
):
    TeamFatiguePolicy.objects.create(team=team, cap=50)
    grid = grid_build(period)
    rows = {r.officer_id: r for r in grid.rows}
    # five nights: 9 h x 4 + 10 h = 46 h, 15 points for nights, 8 for the series, 4 short
    # rests (8), the fifth night day in a row (2)
    assert rows[officer.pk].cells[5].fatigue == 46 + 15 + 8 + 8 + 2
    assert rows[officer.pk].cells[5].heat == "fat-hot"
    assert rows[officer.pk].cells[1].heat == ""  # one night: 9 + 3
    assert [c.heat for c in rows[colleague.pk].cells] == [""] * 28
    assert grid.fatigue_cap == 50


def test_the_grid_page_shows_the_hotspot_to_the_planner(team, officer, planner, period, client_for):
    TeamFatiguePolicy.objects.create(team=team, cap=50)
    page = client_for(planner).get(f"/console/periods/{period.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fatigue score 79 (cap 50)" in html
    assert len(re.findall(r'<td class="[^"]*fat-hot', html)) >= 1
    assert 'data-fatigue="79"' in html


def test_the_grid_page_speaks_dutch(team, officer, planner, period, client_for):
    TeamFatiguePolicy.objects.create(team=team, cap=50)
    client = client_for(planner)
    client.cookies["django_language"] = "nl"
    html = client.get(f"/console/periods/{period.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Vermoeidheidsscore 79 (grens 50)" in html
