import pytest

from tests.factories.organisation import OfficerFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def _by_id(rows):
    return {row["id"]: row for row in rows}


def test_member_sees_colleagues_names_and_skills_but_nothing_personal(
    officer, colleague, other_officer, api_client_for
) -> None:
    response = api_client_for(officer).get("/api/v1/officers/")
    assert response.status_code == 200
    rows = _by_id(response.data["results"])
    assert set(rows) == {officer.id, colleague.id}
    assert rows[colleague.id]["name"] == "Bram Bakker"
    assert [s["code"] for s in rows[colleague.id]["skills"]] == ["basis"]
    assert rows[colleague.id]["personal"] is None
    assert rows[officer.id]["personal"]["employee_number"] == officer.employee_number


def test_member_gets_404_for_an_officer_of_another_team(officer, other_officer, api_client_for):
    response = api_client_for(officer).get(f"/api/v1/officers/{other_officer.id}/")
    assert response.status_code == 404
    assert response.data["code"] == "not_found"


def test_team_lead_sees_personal_details_of_his_team_only(
    team_lead, colleague, other_officer, api_client_for
) -> None:
    client = api_client_for(team_lead)
    mine = client.get(f"/api/v1/officers/{colleague.id}/")
    assert mine.status_code == 200
    assert mine.data["personal"]["contract_minutes_per_week"] == 2160
    assert client.get(f"/api/v1/officers/{other_officer.id}/").status_code == 404


def test_unit_manager_and_administrator_see_everyone(
    unit_manager, administrator, colleague, other_officer, api_client_for
) -> None:
    for actor in (unit_manager, administrator):
        rows = _by_id(api_client_for(actor).get("/api/v1/officers/?page_size=200").data["results"])
        assert {colleague.id, other_officer.id} <= set(rows)
        assert rows[other_officer.id]["personal"] is not None


def test_filters_by_team_skill_and_name(officer, colleague, team, api_client_for) -> None:
    client = api_client_for(officer)
    by_name = client.get("/api/v1/officers/", {"q": "bak"}).data["results"]
    assert [r["id"] for r in by_name] == [colleague.id]
    by_team = client.get("/api/v1/officers/", {"team": team.id}).data["count"]
    assert by_team == 2
    assert client.get("/api/v1/officers/", {"skill": "ovd"}).data["count"] == 0


def test_bad_filter_value_is_400_naming_the_parameter(officer, api_client_for) -> None:
    response = api_client_for(officer).get("/api/v1/officers/", {"team": "abc"})
    assert response.status_code == 400
    assert "team" in response.data["fields"]


def test_list_query_count_does_not_grow_with_officers(
    officer, team, basis, api_client_for, django_assert_num_queries
) -> None:
    for _ in range(15):
        QualificationFactory(officer=OfficerFactory(teams=[team]), skill=basis)
    client = api_client_for(officer)
    # user, scope roles, scope teams, count, page, teams prefetch, qualifications prefetch
    with django_assert_num_queries(7):
        response = client.get("/api/v1/officers/")
    assert response.data["count"] == 16


def test_pagination_envelope(officer, api_client_for) -> None:
    data = api_client_for(officer).get("/api/v1/officers/?page_size=1").data
    assert set(data) == {"count", "next", "previous", "results"}
    assert len(data["results"]) == 1


@pytest.mark.parametrize("page_size", ["0", "201", "abc", "null", "-1"])
def test_bad_page_size_is_400_naming_it(officer, api_client_for, page_size) -> None:
    response = api_client_for(officer).get("/api/v1/officers/", {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.data["fields"]


@pytest.mark.parametrize("page", ["", "0", "abc", "-1", "1.5"])
def test_bad_page_is_400_naming_it(officer, api_client_for, page) -> None:
    response = api_client_for(officer).get("/api/v1/officers/", {"page": page})
    assert response.status_code == 400
    assert "page" in response.data["fields"]


def test_a_page_past_the_last_is_404_and_page_one_is_the_default(officer, api_client_for) -> None:
    client = api_client_for(officer)
    assert (
        client.get("/api/v1/officers/", {"page": "1"}).data == client.get("/api/v1/officers/").data
    )
    assert client.get("/api/v1/officers/", {"page": "999"}).status_code == 404
