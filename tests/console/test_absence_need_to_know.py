"""What the console and the solve report tell each role about an officer's sick absence.

Need-to-know (organisation/need_to_know.py): line management reads "absent" and until when,
never why. Each channel is checked on its own: the grid (letters, title, css class), the cell
page, the shift page with the solver's reasons, the report API, the solver input, the exports.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from organisation.models import AbsenceKind, Officer, Role
from roster.models import Phase, SolveJob
from roster.services.solving.input import solve_input_build
from roster.services.solving.jobs import solve_start
from tests.console.conftest import MODEL_BACKEND
from tests.factories.organisation import AbsenceFactory, RoleAssignmentFactory
from tests.factories.roster import aware
from tests.roster.solve_fixtures import SmallPeriod, small_period

pytestmark = pytest.mark.django_db

#: Why someone is absent, in any form and both languages, and the desk request reference.
WORDS = re.compile(r"sick|ziek|request:", re.I)
LETTERS = re.compile(r"\b(SK|ZK)\b")  # the grid's abbreviation (en, nl)


def leaks(body: bytes) -> list[str]:
    text = body.decode()
    return [m.group(0) for m in (*WORDS.finditer(text), *LETTERS.finditer(text))]


def client(user: Officer, language: str = "en") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
    c.force_login(user, backend=MODEL_BACKEND)
    return c


@pytest.fixture
def sick_period(
    team: Any,
    basis: Any,
    planner: Officer,
    fast_solver: None,
    django_capture_on_commit_callbacks: Any,
) -> SmallPeriod:
    """The small period with Agent3 sick on its first day (from a sick report), solved with a
    shortfall on that day's early shift: the report's reasons name his unavailability."""
    small = small_period(team, basis)
    AbsenceFactory(
        officer=small.officers[3],
        kind=AbsenceKind.SICK,
        start=aware(2027, 1, 4, 0, 0),
        end=None,
        expected_end=aware(2027, 1, 5, 0, 0),
        source="request:21",
    )
    small.shifts[0].demand = {"basis": 5}
    small.shifts[0].save(update_fields=["demand"])
    with django_capture_on_commit_callbacks(execute=True):
        solve_start(actor=planner, period=small.period)
    small.period.refresh_from_db()
    assert small.period.phase == Phase.PROPOSED
    return small


def _urls(small: SmallPeriod) -> dict[str, str]:
    p = small.period.pk
    sick = small.officers[3].pk
    return {
        "grid": f"/console/periods/{p}/",
        "cell": f"/console/periods/{p}/officers/{sick}/days/2027-01-04/",
        "shift": f"/console/periods/{p}/shifts/{small.shifts[0].pk}/",
        "compare": f"/console/periods/{p}/compare/",
        "csv": f"/console/periods/{p}/roster.csv",
        "ics": f"/console/periods/{p}/roster.ics",
    }


@pytest.mark.parametrize("role", ["team_lead", "planner", "unit_manager", "administrator"])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_line_management_reads_absent_on_every_console_page(
    role: str, language: str, request: Any, sick_period: SmallPeriod
) -> None:
    reader = client(request.getfixturevalue(role), language)
    for name, url in _urls(sick_period).items():
        response = reader.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert leaks(response.content) == [], name


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", 403),
        ("colleague", 403),
        ("other_officer", 403),
        ("other_team_lead", 404),
        ("desk_staff", 404),
        ("health_desk_staff", 404),
    ],
)
def test_everyone_else_gets_no_console_page_of_the_team(
    role: str, status: int, request: Any, sick_period: SmallPeriod
) -> None:
    reader = client(request.getfixturevalue(role))
    for name, url in _urls(sick_period).items():
        response = reader.get(url)
        assert response.status_code == status, (name, response.status_code)
        assert leaks(response.content) == [], name


def test_the_grid_cell_says_absent_in_letters_title_and_class(
    planner: Officer, sick_period: SmallPeriod
) -> None:
    html = client(planner).get(_urls(sick_period)["grid"]).content.decode()
    assert "abs abs-absent" in html
    assert "abs-sick" not in html
    assert re.search(r'title="Absent"', html)
    assert re.search(r">AB<", html)
    nl = client(planner, "nl").get(_urls(sick_period)["grid"]).content.decode()
    assert 'title="Afwezig"' in nl
    assert ">AF<" in nl


def test_the_cell_page_gives_the_expected_end_but_not_the_kind(
    planner: Officer, sick_period: SmallPeriod
) -> None:
    html = client(planner).get(_urls(sick_period)["cell"]).content.decode()
    assert "Absent (4 Jan 00:00 \u2013 expected until 5 Jan 00:00)" in html


def test_the_report_gives_unavailable_absent_as_the_reason(
    planner: Officer, team_lead: Officer, sick_period: SmallPeriod, api_client_for: Any
) -> None:
    # the solver input never carries the kind
    data = solve_input_build(sick_period.period)
    assert {u["reason"] for u in data["unavailable"]} == {"absent"}
    job = SolveJob.objects.get(period=sick_period.period)
    assert leaks(json.dumps([job.result, job.report]).encode()) == []
    # the shift page and the report API say "unavailable (absent)"
    shift = client(planner).get(_urls(sick_period)["shift"]).content.decode()
    assert "unavailable (absent)" in shift
    said = {"en": "unavailable (absent)", "nl": "niet beschikbaar (afwezig)"}
    for reader in (planner, team_lead):
        for language, text in said.items():
            report = api_client_for(reader).get(
                f"/api/v1/periods/{sick_period.period.pk}/report/",
                HTTP_ACCEPT_LANGUAGE=language,
            )
            assert report.status_code == 200
            assert text in report.content.decode()
            assert leaks(report.content) == []


def test_a_planner_who_is_himself_sick_reads_his_own_kind(
    team: Any, sick_period: SmallPeriod
) -> None:
    # given: the sick officer also plans the team
    himself = sick_period.officers[3]
    RoleAssignmentFactory(officer=himself, role=Role.PLANNER, team=team)
    urls = _urls(sick_period)
    # then: his own grid cell and cell page name the kind, in both languages
    grid = client(himself).get(urls["grid"]).content.decode()
    assert "abs abs-sick" in grid
    assert 'title="Sick"' in grid
    assert ">SK<" in grid
    assert ">ZK<" in client(himself, "nl").get(urls["grid"]).content.decode()
    assert "Absent: Sick" in client(himself).get(urls["cell"]).content.decode()
    assert "Afwezig: Ziek" in client(himself, "nl").get(urls["cell"]).content.decode()
