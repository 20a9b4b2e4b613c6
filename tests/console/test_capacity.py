"""The console's unit capacity page: the charts and figures per team, counts of absences
without kinds, scoping (403/404), a bad range 400, the navigation link, Dutch."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from organisation.models import AbsenceKind, Role
from roster.models import Phase
from tests.factories.organisation import (
    AbsenceFactory,
    OfficerFactory,
    RoleAssignmentFactory,
    TeamFactory,
    UnitFactory,
)
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

RANGE = "?start=2026-10-24&end=2026-10-26"


@pytest.fixture
def dst_roster(team: Any, other_team: Any, officer: Any, colleague: Any, basis: Any) -> Any:
    period = PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.PUBLISHED)
    night = ShiftFactory(
        period=period,
        kind="night",
        start=aware(2026, 10, 24, 22, 0),
        end=aware(2026, 10, 25, 7, 0),
        demand={"basis": 2},
    )
    AssignmentFactory(officer=officer, shift=night, skill=basis)
    AbsenceFactory(
        officer=colleague,
        kind=AbsenceKind.SICK,
        start=aware(2026, 10, 24, 0, 0),
        end=aware(2026, 10, 26, 0, 0),
        source="request:91",
    )
    return period


def test_the_unit_manager_sees_each_team_with_charts_and_counts(
    dst_roster, unit, unit_manager, client_for
):
    response = client_for(unit_manager).get(f"/console/units/{unit.pk}/capacity/{RANGE}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Capacity of Eenheid Amsterdam" in html
    assert 'id="team-centrum"' in html
    assert 'id="team-zuid"' in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 4
    # Saturday's night: 1 of 2 places, the colleague away (a count), 10 real hours
    assert "Sat 24 Oct: 1 of 2 places filled, 1 open; 1 absent, 0 unavailable" in html
    assert "1 of 2 places filled, 1 open; 2 days absent, 0 days unavailable." in html
    assert re.search(
        r'<th scope="row">Sat 24 Oct</th><td>2</td><td>1</td><td>1</td>'
        r"<td>1</td><td>0</td><td>10</td>",
        html,
    )
    lowered = html.lower()
    for secret in ("sick", "ziek", "request:91"):
        assert secret not in lowered
    assert f"/api/v1/units/{unit.pk}/capacity/csv/?from=2026-10-24&amp;to=2026-10-26" in html


def test_the_page_speaks_dutch(dst_roster, unit, unit_manager, client_for):
    client = client_for(unit_manager)
    response = client.get(f"/console/units/{unit.pk}/capacity/{RANGE}", HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert "Capaciteit van Eenheid Amsterdam" in html
    assert "plaatsen bezet" in html
    assert "Capacity of" not in html


def test_a_planner_sees_only_his_team(dst_roster, unit, planner, client_for):
    html = client_for(planner).get(f"/console/units/{unit.pk}/capacity/{RANGE}").content.decode()
    assert 'id="team-centrum"' in html
    assert 'id="team-zuid"' not in html


def test_an_officer_gets_403_and_another_units_lead_404(dst_roster, unit, officer, client_for):
    elsewhere = TeamFactory(unit=UnitFactory(code="rdam", name="Eenheid Rotterdam"), code="noord")
    lead = OfficerFactory(username="teamchef-rdam", teams=[elsewhere])
    RoleAssignmentFactory(officer=lead, role=Role.TEAM_LEAD, team=elsewhere)

    url = f"/console/units/{unit.pk}/capacity/"
    assert client_for(officer).get(url).status_code == 403
    assert client_for(lead).get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?start=2026-10-26&end=2026-10-24", "end"),
        ("?start=2026-01-01&end=2026-12-31", "end"),
        ("?start=morgen", "start"),
    ],
)
def test_a_bad_range_is_a_400_naming_the_field(team, unit, unit_manager, client_for, query, field):
    response = client_for(unit_manager).get(f"/console/units/{unit.pk}/capacity/{query}")
    assert response.status_code == 400
    assert field in response.content.decode()


def test_the_navigation_links_the_page_for_managers_only(
    team, unit, unit_manager, desk_staff, client_for
):
    html = client_for(unit_manager).get("/console/").content.decode()
    assert 'href="/console/capacity/"' in html
    assert (
        'href="/console/capacity/"'
        not in client_for(desk_staff).get("/console/desk/").content.decode()
    )

    # one unit: the picker goes straight to it
    response = client_for(unit_manager).get("/console/capacity/")
    assert response.status_code == 302
    assert response["Location"] == f"/console/units/{unit.pk}/capacity/"
