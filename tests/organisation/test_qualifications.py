import pytest

from organisation.models import Qualification
from tests.factories.organisation import SkillFactory

pytestmark = pytest.mark.django_db


def url(officer) -> str:
    return f"/api/v1/officers/{officer.id}/qualifications/"


def test_unit_manager_records_a_certificate(unit_manager, colleague, api_client_for) -> None:
    SkillFactory(code="ovd")
    response = api_client_for(unit_manager).post(
        url(colleague),
        {"skill": "ovd", "valid_from": "2026-01-01", "valid_until": "2027-12-31"},
        format="json",
    )
    assert response.status_code == 201
    assert response.data["skill"] == "ovd"
    assert Qualification.objects.filter(officer=colleague, skill__code="ovd").count() == 1


def test_bad_dates_and_unknown_skill_name_the_fields(
    unit_manager, colleague, api_client_for
) -> None:
    client = api_client_for(unit_manager)
    before = Qualification.objects.count()
    reversed_range = client.post(
        url(colleague),
        {"skill": "basis", "valid_from": "2026-05-01", "valid_until": "2026-01-01"},
        format="json",
    )
    assert reversed_range.status_code == 400
    assert "valid_until" in reversed_range.data["fields"]
    unknown = client.post(url(colleague), {"skill": "zzz", "valid_from": "x"}, format="json")
    assert unknown.status_code == 400
    assert {"skill", "valid_from"} <= set(unknown.data["fields"])
    assert Qualification.objects.count() == before


def test_team_lead_may_see_but_not_certify(team_lead, colleague, api_client_for) -> None:
    response = api_client_for(team_lead).post(
        url(colleague), {"skill": "basis", "valid_from": "2026-01-01"}, format="json"
    )
    assert response.status_code == 403


def test_unseen_officer_is_404(officer, other_officer, api_client_for) -> None:
    response = api_client_for(officer).post(
        url(other_officer), {"skill": "basis", "valid_from": "2026-01-01"}, format="json"
    )
    assert response.status_code == 404
