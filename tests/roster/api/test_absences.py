import pytest

from organisation.models import Absence
from tests.factories.organisation import AbsenceFactory

pytestmark = pytest.mark.django_db

LEAVE = {"kind": "leave", "start": "2027-01-04T00:00:00+01:00", "end": "2027-01-09T00:00:00+01:00"}


def test_planner_records_leave_for_a_team_member(planner, officer, api_client_for):
    response = api_client_for(planner).post(
        "/api/v1/absences/", {**LEAVE, "officer": officer.id}, format="json"
    )
    assert response.status_code == 201, response.data
    absence = Absence.objects.get()
    assert absence.created_by == planner
    assert absence.officer == officer


def test_officer_reports_himself_sick_open_ended_then_recovers(officer, api_client_for):
    client = api_client_for(officer)
    response = client.post(
        "/api/v1/absences/",
        {"officer": officer.id, "kind": "sick", "start": "2027-01-05T07:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["end"] is None
    assert "diagnosis" not in response.data
    ended = client.post(
        f"/api/v1/absences/{response.data['id']}/end/", {"end": "2027-01-07T00:00:00+01:00"}
    )
    assert ended.status_code == 200
    again = client.post(
        f"/api/v1/absences/{response.data['id']}/end/", {"end": "2027-01-08T00:00:00+01:00"}
    )
    assert again.status_code == 409
    assert again.data["code"] == "absence_already_ended"


def test_bad_input_is_400_naming_the_field(planner, officer, api_client_for):
    client = api_client_for(planner)
    bad_kind = client.post(
        "/api/v1/absences/", {**LEAVE, "officer": officer.id, "kind": "vakantie"}, format="json"
    )
    assert "kind" in bad_kind.data["fields"]
    reversed_ = client.post(
        "/api/v1/absences/",
        {**LEAVE, "officer": officer.id, "end": "2027-01-01T00:00:00+01:00"},
        format="json",
    )
    assert reversed_.status_code == 400
    assert reversed_.data["fields"]
    diagnosis = client.post(
        "/api/v1/absences/", {**LEAVE, "officer": officer.id, "diagnosis": "griep"}, format="json"
    )
    assert "diagnosis" in diagnosis.data["fields"]
    assert not Absence.objects.exists()


def test_wrong_users(officer, colleague, other_officer, api_client_for):
    client = api_client_for(officer)
    own_leave = client.post("/api/v1/absences/", {**LEAVE, "officer": officer.id}, format="json")
    assert own_leave.status_code == 403
    colleague_sick = client.post(
        "/api/v1/absences/",
        {"officer": colleague.id, "kind": "sick", "start": "2027-01-05T07:00:00+01:00"},
        format="json",
    )
    assert colleague_sick.status_code == 403
    other = client.post("/api/v1/absences/", {**LEAVE, "officer": other_officer.id}, format="json")
    assert other.status_code == 404
    assert not Absence.objects.exists()


def test_list_shows_own_and_managed_with_fixed_queries(
    officer, colleague, other_officer, team_lead, api_client_for, django_assert_num_queries
):
    for who in (officer, colleague, other_officer):
        AbsenceFactory.create_batch(3, officer=who)
    mine = api_client_for(officer)
    lead = api_client_for(team_lead)
    with django_assert_num_queries(5):  # user, roles, teams, count, page
        assert mine.get("/api/v1/absences/").data["count"] == 3
    assert lead.get("/api/v1/absences/").data["count"] == 6
