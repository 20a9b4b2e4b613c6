import pytest

from organisation.models import Team

pytestmark = pytest.mark.django_db


def test_officer_sees_only_his_teams(officer, team, other_team, api_client_for) -> None:
    client = api_client_for(officer)
    assert [t["code"] for t in client.get("/api/v1/teams/").data["results"]] == ["centrum"]
    assert client.get(f"/api/v1/teams/{team.id}/").status_code == 200
    assert client.get(f"/api/v1/teams/{other_team.id}/").status_code == 404


def test_units_are_scoped(officer, unit, api_client_for) -> None:
    from tests.factories.organisation import UnitFactory

    foreign = UnitFactory(code="rdam")
    client = api_client_for(officer)
    assert [u["code"] for u in client.get("/api/v1/units/").data["results"]] == ["ams"]
    assert client.get(f"/api/v1/units/{unit.id}/").status_code == 200
    assert client.get(f"/api/v1/units/{foreign.id}/").status_code == 404


def test_team_filter_by_unit(administrator, team, other_team, unit, api_client_for) -> None:
    data = api_client_for(administrator).get("/api/v1/teams/", {"unit": unit.id}).data
    assert data["count"] == 2
    bad = api_client_for(administrator).get("/api/v1/teams/", {"unit": "x"})
    assert bad.status_code == 400
    assert "unit" in bad.data["fields"]


def test_administrator_creates_a_team(administrator, unit, api_client_for) -> None:
    response = api_client_for(administrator).post(
        "/api/v1/teams/",
        {"unit": unit.id, "code": "noord", "name": "Basisteam Noord"},
        format="json",
    )
    assert response.status_code == 201
    assert response.data["code"] == "noord"
    assert Team.objects.filter(code="noord").exists()


def test_team_create_bad_input_names_fields_and_saves_nothing(
    administrator, unit, api_client_for
) -> None:
    client = api_client_for(administrator)
    response = client.post(
        "/api/v1/teams/", {"unit": unit.id, "code": "no spaces!", "name": ""}, format="json"
    )
    assert response.status_code == 400
    assert {"code", "name"} <= set(response.data["fields"])
    unknown = client.post(
        "/api/v1/teams/",
        {"unit": unit.id, "code": "x", "name": "X", "colour": "red"},
        format="json",
    )
    assert unknown.status_code == 400
    assert "colour" in unknown.data["fields"]
    assert not Team.objects.filter(name__in=["", "X"]).exists()


def test_duplicate_team_code_is_400_on_code(administrator, team, unit, api_client_for) -> None:
    response = api_client_for(administrator).post(
        "/api/v1/teams/", {"unit": unit.id, "code": team.code, "name": "Again"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.data["fields"]


def test_officer_and_team_lead_may_not_create_teams(
    officer, team_lead, unit, api_client_for
) -> None:
    for actor in (officer, team_lead):
        response = api_client_for(actor).post(
            "/api/v1/teams/", {"unit": unit.id, "code": "west", "name": "West"}, format="json"
        )
        assert response.status_code == 403
        assert response.data["code"] == "forbidden"
    assert not Team.objects.filter(code="west").exists()


def test_skills_list_in_request_language(officer, basis, api_client_for) -> None:
    en = api_client_for(officer).get("/api/v1/skills/", HTTP_ACCEPT_LANGUAGE="en")
    assert en.data["results"][0]["name"] == "Basic police duty"


def test_skills_need_authentication(api_client_for) -> None:
    assert api_client_for(None).get("/api/v1/skills/").status_code == 401
