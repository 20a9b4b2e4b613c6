import datetime as dt

import pytest
from django.utils import timezone

from organisation.models import Role
from tests.factories.organisation import QualificationFactory, RoleAssignmentFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_me_in_dutch_and_english(officer, team, api_client_for) -> None:
    RoleAssignmentFactory(officer=officer, role=Role.PLANNER, team=team)
    client = api_client_for(officer)
    nl = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="nl")
    en = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert nl.status_code == en.status_code == 200
    assert nl.data["language"] == "nl"
    assert en.data["language"] == "en"
    assert nl.data["skills"][0]["name"] == "Basispolitiezorg"
    assert en.data["skills"][0]["name"] == "Basic police duty"
    nl_roles = {r["role"]: r["label"] for r in nl.data["roles"]}
    en_roles = {r["role"]: r["label"] for r in en.data["roles"]}
    assert en_roles == {"officer": "Officer", "planner": "Planner"}
    assert nl_roles == {"officer": "Medewerker", "planner": "Roosteraar"}
    assert nl["Content-Language"] == "nl"


def test_me_shows_own_personal_details_and_teams(officer, api_client_for) -> None:
    data = api_client_for(officer).get("/api/v1/me/").data
    assert data["personal"]["employee_number"] == officer.employee_number
    assert data["personal"]["contract_minutes_per_week"] == 2160
    assert [t["code"] for t in data["teams"]] == ["centrum"]


def test_expired_qualification_no_longer_counts_as_a_skill(officer, api_client_for) -> None:
    today = timezone.localdate()
    ovd = SkillFactory(code="ovd")
    QualificationFactory(
        officer=officer,
        skill=ovd,
        valid_from=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
    )
    data = api_client_for(officer).get("/api/v1/me/").data
    assert [s["code"] for s in data["skills"]] == ["basis"]
    expired = next(q for q in data["qualifications"] if q["skill"] == "ovd")
    assert expired["valid_today"] is False


def test_qualification_valid_until_today_still_counts(officer, api_client_for) -> None:
    today = timezone.localdate()
    QualificationFactory(
        officer=officer,
        skill=SkillFactory(code="ovd"),
        valid_from=today - dt.timedelta(days=10),
        valid_until=today,
    )
    data = api_client_for(officer).get("/api/v1/me/").data
    assert sorted(s["code"] for s in data["skills"]) == ["basis", "ovd"]


def test_me_query_count_is_fixed(officer, api_client_for, django_assert_max_num_queries) -> None:
    client = api_client_for(officer)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/me/").status_code == 200
