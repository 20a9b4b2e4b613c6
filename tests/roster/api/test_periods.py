import pytest

from roster.models import Phase, RosterAuditEvent, RosterPeriod
from tests.factories.roster import PeriodFactory

pytestmark = pytest.mark.django_db

BODY = {
    "start_date": "2027-02-01",
    "signup_opens_at": "2026-12-01T08:00:00+01:00",
    "signup_closes_at": "2026-12-15T08:00:00+01:00",
    "publish_on": "2027-01-18",
}


def test_planner_creates_a_four_week_draft_period(planner, team, api_client_for) -> None:
    response = api_client_for(planner).post("/api/v1/periods/", {**BODY, "team": team.id})
    assert response.status_code == 201, response.data
    assert response.data["phase"] == "draft"
    assert response.data["end_date"] == "2027-03-01"
    period = RosterPeriod.objects.get()
    assert RosterAuditEvent.objects.get(period=period).action == "create"


def test_create_with_missing_field_is_400_naming_it(planner, team, api_client_for) -> None:
    body = {**BODY, "team": team.id}
    del body["publish_on"]
    response = api_client_for(planner).post("/api/v1/periods/", body)
    assert response.status_code == 400
    assert "publish_on" in response.data["fields"]
    assert not RosterPeriod.objects.exists()


def test_create_with_reversed_window_is_400(planner, team, api_client_for) -> None:
    body = {**BODY, "team": team.id, "signup_closes_at": "2026-11-01T08:00:00+01:00"}
    response = api_client_for(planner).post("/api/v1/periods/", body)
    assert response.status_code == 400
    assert "signup_closes_at" in response.data["fields"]
    assert not RosterPeriod.objects.exists()


def test_team_lead_may_not_create_and_other_team_is_404(
    team_lead, planner, team, other_team, api_client_for
) -> None:
    assert (
        api_client_for(team_lead).post("/api/v1/periods/", {**BODY, "team": team.id}).status_code
        == 403
    )
    response = api_client_for(planner).post("/api/v1/periods/", {**BODY, "team": other_team.id})
    assert response.status_code == 404
    assert not RosterPeriod.objects.exists()


def test_members_list_their_teams_periods_only(
    officer, period, other_period, api_client_for, django_assert_num_queries
) -> None:
    client = api_client_for(officer)
    # user, scope roles, scope teams, count, page
    with django_assert_num_queries(5):
        response = client.get("/api/v1/periods/")
    assert [p["id"] for p in response.data["results"]] == [period.id]
    assert client.get(f"/api/v1/periods/{other_period.id}/").status_code == 404
    assert client.get(f"/api/v1/periods/{period.id}/").status_code == 200


def test_planner_moves_phase_and_each_move_is_audited(planner, team, api_client_for) -> None:
    period = PeriodFactory(team=team, phase=Phase.DRAFT)
    client = api_client_for(planner)
    for phase in ("signup_open", "signup_closed", "proposed"):
        response = client.post(f"/api/v1/periods/{period.id}/phase/", {"phase": phase})
        assert response.status_code == 200, response.data
    moves = list(
        RosterAuditEvent.objects.filter(period=period, action="phase").values_list(
            "from_phase", "to_phase", "actor"
        )
    )
    assert moves == [
        ("draft", "signup_open", planner.id),
        ("signup_open", "signup_closed", planner.id),
        ("signup_closed", "proposed", planner.id),
    ]


def test_wrong_phase_move_is_409_with_stable_code(planner, period, api_client_for) -> None:
    response = api_client_for(planner).post(
        f"/api/v1/periods/{period.id}/phase/", {"phase": "archived"}
    )
    assert response.status_code == 409
    assert response.data["code"] == "wrong_phase"
    period.refresh_from_db()
    assert period.phase == Phase.SIGNUP_OPEN


def test_unknown_phase_is_400(planner, period, api_client_for) -> None:
    response = api_client_for(planner).post(
        f"/api/v1/periods/{period.id}/phase/", {"phase": "done"}
    )
    assert response.status_code == 400
    assert "phase" in response.data["fields"]


def test_only_planners_move_phases(officer, team_lead, period, api_client_for) -> None:
    for actor in (officer, team_lead):
        response = api_client_for(actor).post(
            f"/api/v1/periods/{period.id}/phase/", {"phase": "signup_closed"}
        )
        assert response.status_code == 403
    period.refresh_from_db()
    assert period.phase == Phase.SIGNUP_OPEN
    assert not RosterAuditEvent.objects.exists()


def test_planner_of_other_team_gets_404(planner, other_period, api_client_for) -> None:
    response = api_client_for(planner).post(
        f"/api/v1/periods/{other_period.id}/phase/", {"phase": "signup_closed"}
    )
    assert response.status_code == 404
