"""End to end: an officer reports sick at the desk; what line management then reads.

The absences API and the notifications to the team lead and the planner say "absent" and until
when; the officer and the occupational-health desk (vz, the sick report's desk) read the kind.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from organisation.models import Desk, Officer, Role
from requests_desk.services.catalogue import catalogue_load
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db

LEAK = re.compile(r"sick|ziek|request:", re.I)
SICK = {
    # today: a sick report's first day lies at most 7 days back (roster.desk_outcomes)
    "first_day": timezone.localdate().isoformat(),
    "exp_duration": "2_3_days",
    "phone": "0612345678",
    "work_accident": False,
    "third_party": False,
}


@pytest.fixture
def reported(
    unit: Any,
    officer: Officer,
    team_lead: Officer,
    planner: Officer,
    api_client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> int:
    catalogue_load(unit=unit)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(officer).post(
            "/api/v1/requests/",
            {"type": "sick_report", "form_data": SICK, "submit": True},
            format="json",
        )
    assert response.status_code == 201, response.data
    return int(response.data["id"])


@pytest.fixture
def vz_staff(reported: int) -> Officer:
    o = OfficerFactory(username="verzuim")
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=Desk.objects.get(code="vz"))
    return o


@pytest.mark.parametrize("role", ["team_lead", "planner", "unit_manager", "administrator"])
def test_line_management_reads_that_the_officer_is_absent_not_why(
    role: str, request: Any, reported: int, api_client_for: Any
) -> None:
    response = api_client_for(request.getfixturevalue(role)).get("/api/v1/absences/")
    (row,) = response.data["results"]
    assert row["kind"] == "absent"
    assert row["source"] == ""
    assert row["expected_end"] is not None
    assert not LEAK.search(response.content.decode())


@pytest.mark.parametrize("role", ["officer", "vz_staff"])
def test_the_officer_and_the_health_desk_read_the_kind(
    role: str, request: Any, reported: int, api_client_for: Any
) -> None:
    response = api_client_for(request.getfixturevalue(role)).get("/api/v1/absences/")
    (row,) = response.data["results"]
    assert row["kind"] == "sick"
    assert row["source"] == f"request:{reported}"


@pytest.mark.parametrize("role", ["team_lead", "planner"])
def test_the_notification_to_line_management_does_not_say_why(
    role: str, request: Any, reported: int, api_client_for: Any
) -> None:
    response = api_client_for(request.getfixturevalue(role)).get("/api/v1/notifications/")
    assert response.status_code == 200
    assert "absent" in response.content.decode().lower()
    assert not LEAK.search(response.content.decode())
