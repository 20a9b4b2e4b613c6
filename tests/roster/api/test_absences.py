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


@pytest.mark.parametrize("end", ["2027-01-04T00:00:00+01:00", "2027-01-03T23:00:00+01:00"])
def test_an_absence_ending_at_or_before_its_start_is_400_naming_end(
    end, planner, officer, api_client_for
):
    response = api_client_for(planner).post(
        "/api/v1/absences/", {**LEAVE, "officer": officer.id, "end": end}, format="json"
    )
    assert response.status_code == 400
    assert list(response.data["fields"]) == ["end"]
    assert not Absence.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2027-01-08T00:00:00+01:00", "2027-01-12T00:00:00+01:00"),  # overlaps the end
        ("2027-01-01T00:00:00+01:00", "2027-01-04T00:00:01+01:00"),  # overlaps the start
        ("2027-01-05T00:00:00+01:00", "2027-01-06T00:00:00+01:00"),  # inside
    ],
)
def test_an_absence_overlapping_another_of_the_officer_is_400_naming_start(
    start, end, planner, officer, api_client_for
):
    client = api_client_for(planner)
    assert client.post("/api/v1/absences/", {**LEAVE, "officer": officer.id}).status_code == 201
    response = client.post(
        "/api/v1/absences/",
        {"officer": officer.id, "kind": "training", "start": start, "end": end},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.data["fields"]) == ["start"]
    assert Absence.objects.count() == 1


def test_back_to_back_absences_and_a_cancelled_one_do_not_overlap(planner, officer, api_client_for):
    client = api_client_for(planner)
    first = client.post("/api/v1/absences/", {**LEAVE, "officer": officer.id}, format="json")
    after = {"start": LEAVE["end"], "end": "2027-01-10T00:00:00+01:00"}
    assert client.post(
        "/api/v1/absences/", {**LEAVE, **after, "officer": officer.id}, format="json"
    ).status_code == 201  # fmt: skip
    assert client.post(f"/api/v1/absences/{first.data['id']}/cancel/").status_code == 200
    again = client.post("/api/v1/absences/", {**LEAVE, "officer": officer.id}, format="json")
    assert again.status_code == 201, again.data


def test_planner_cancels_an_absence_and_reads_only_absent(planner, officer, api_client_for):
    absence = AbsenceFactory(officer=officer, kind="sick", end=None, source="request:9")
    client = api_client_for(planner)
    response = client.post(f"/api/v1/absences/{absence.id}/cancel/")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "cancelled"
    assert response.data["cancelled_at"] is not None
    assert (response.data["kind"], response.data["source"]) == ("absent", "")
    absence.refresh_from_db()
    assert absence.cancelled_at is not None
    again = client.post(f"/api/v1/absences/{absence.id}/cancel/")
    assert again.status_code == 409
    assert again.data["code"] == "absence_cancelled"
    ended = client.post(f"/api/v1/absences/{absence.id}/end/", {"end": LEAVE["end"]})
    assert ended.status_code == 409


def test_the_officer_reads_his_own_cancelled_sick_absence_with_its_kind(officer, api_client_for):
    absence = AbsenceFactory(officer=officer, kind="sick", end=None, source="request:9")
    response = api_client_for(officer).post(f"/api/v1/absences/{absence.id}/cancel/")
    assert response.status_code == 200
    assert (response.data["kind"], response.data["status"]) == ("sick", "cancelled")


def test_others_may_not_cancel(officer, colleague, other_team_lead, api_client_for):
    leave = AbsenceFactory(officer=officer)
    assert api_client_for(colleague).post(f"/api/v1/absences/{leave.id}/cancel/").status_code == 404
    assert (
        api_client_for(other_team_lead).post(f"/api/v1/absences/{leave.id}/cancel/").status_code
        == 404
    )
    assert api_client_for(officer).post(f"/api/v1/absences/{leave.id}/cancel/").status_code == 403
    leave.refresh_from_db()
    assert leave.cancelled_at is None
