"""GET /me/fatigue/, GET /teams/{id}/fatigue/ and GET/PATCH /teams/{id}/fatigue-policy/."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roster.models import Phase, ShiftKind, TeamFatiguePolicy
from tests.factories.organisation import OfficerFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

RANGE = {"from": "2026-10-23", "to": "2026-10-25"}


def _night(period, officer, day, month=10, year=2026):
    start = aware(year, month, day, 22, 0)
    shift = ShiftFactory(
        period=period,
        kind=ShiftKind.NIGHT,
        start=start,
        end=aware(year, month, day + 1, 7, 0),
    )
    return AssignmentFactory(officer=officer, shift=shift)


@pytest.fixture
def nights(team, officer):
    """Two published nights of `officer`, the second over the October DST change (10 h)."""
    period = PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.PUBLISHED)
    _night(period, officer, 23)  # 9 h
    _night(period, officer, 24)  # 22:00 CEST - 07:00 CET: 10 real hours
    return period


def _by_date(days):
    return {d["date"]: d for d in days}


def test_officer_reads_his_own_scores_with_the_dst_night_in_real_hours(
    officer, nights, api_client_for
):
    response = api_client_for(officer).get("/api/v1/me/fatigue/", RANGE)
    assert response.status_code == 200, response.data
    days = _by_date(response.data["days"])
    assert list(days) == ["2026-10-23", "2026-10-24", "2026-10-25"]
    assert days["2026-10-23"]["total"] == 9 + 3
    assert days["2026-10-24"] == {
        "date": "2026-10-24",
        "total": 19 + 6 + 2 + 2,
        "minutes": 540 + 600,
        "hours": 19,
        "nights": 6,
        "night_series": 2,
        "quick_returns": 0,
        "short_rests": 2,  # 07:00 to 22:00: 15 h
        "consecutive_days": 0,
    }
    assert days["2026-10-25"]["total"] == 29  # no new shift; the window still holds both


def test_an_unpublished_proposal_is_not_in_the_officers_own_scores(team, officer, api_client_for):
    proposed = PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.PROPOSED)
    _night(proposed, officer, 23)
    response = api_client_for(officer).get("/api/v1/me/fatigue/", RANGE)
    assert [d["total"] for d in response.data["days"]] == [0, 0, 0]


def test_a_colleague_reads_only_his_own(colleague, nights, api_client_for):
    response = api_client_for(colleague).get("/api/v1/me/fatigue/", RANGE)
    assert response.status_code == 200
    assert [d["total"] for d in response.data["days"]] == [0, 0, 0]


def test_history_before_the_range_counts(team, officer, api_client_for):
    period = PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.PUBLISHED)
    for day in (20, 21, 22, 23):
        _night(period, officer, day)
    response = api_client_for(officer).get(
        "/api/v1/me/fatigue/", {"from": "2026-10-23", "to": "2026-10-23"}
    )
    (day,) = response.data["days"]
    assert (day["nights"], day["night_series"], day["hours"]) == (12, 6, 36)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2026-10-25"}, "from"),
        ({"from": "2026-10-25"}, "to"),
        ({"from": "", "to": "2026-10-25"}, "from"),
        ({"from": "2026-10-25", "to": "2026-10-24"}, "to"),
        ({"from": "2026-10-01", "to": "2027-01-02"}, "to"),
        ({"from": "1999-12-31", "to": "2000-01-01"}, "from"),
        ({**RANGE, "team": "1"}, "team"),
    ],
)
def test_bad_range_is_400_naming_the_field(query, field, officer, team, planner, api_client_for):
    for client, url in (
        (api_client_for(officer), "/api/v1/me/fatigue/"),
        (api_client_for(planner), f"/api/v1/teams/{team.id}/fatigue/"),
    ):
        response = client.get(url, query)
        assert response.status_code == 400
        assert field in response.data["fields"]


def test_93_days_are_allowed(officer, api_client_for):
    response = api_client_for(officer).get(
        "/api/v1/me/fatigue/", {"from": "2026-10-01", "to": "2027-01-01"}
    )
    assert response.status_code == 200
    assert len(response.data["days"]) == 93


def test_planner_reads_every_members_scores_and_the_proposal_counts(
    team, officer, colleague, planner, nights, api_client_for
):
    proposed = PeriodFactory(team=team, start_date=dt.date(2026, 10, 26), phase=Phase.PROPOSED)
    _night(proposed, colleague, 26)
    TeamFatiguePolicy.objects.create(team=team, cap=20, cap_enabled=True)
    response = api_client_for(planner).get(
        f"/api/v1/teams/{team.id}/fatigue/", {"from": "2026-10-24", "to": "2026-10-26"}
    )
    assert response.status_code == 200, response.data
    assert (response.data["cap"], response.data["cap_enabled"]) == (20, True)
    rows = {r["officer"]: r for r in response.data["officers"]}
    assert officer.id in rows
    assert colleague.id in rows
    assert planner.id not in rows  # not a member
    assert [d["total"] for d in rows[officer.id]["days"]] == [29, 29, 29]
    assert rows[officer.id]["above_cap"] == 3
    assert rows[officer.id]["name"] == officer.get_full_name()
    assert [d["total"] for d in rows[colleague.id]["days"]] == [0, 0, 9 + 3]
    assert rows[colleague.id]["above_cap"] == 0


@pytest.mark.parametrize("who", ["team_lead", "unit_manager", "administrator"])
def test_lead_unit_manager_and_admin_read_the_team(
    who, team, officer, nights, request, api_client_for
):
    actor = request.getfixturevalue(who)
    response = api_client_for(actor).get(f"/api/v1/teams/{team.id}/fatigue/", RANGE)
    assert response.status_code == 200
    rows = {r["officer"]: r for r in response.data["officers"]}
    assert rows[officer.id]["days"][1]["total"] == 29


def test_colleagues_may_not_read_the_team_and_outsiders_do_not_see_it(
    team, officer, colleague, other_officer, other_team_lead, nights, api_client_for
):
    url = f"/api/v1/teams/{team.id}/fatigue/"
    for member in (officer, colleague):
        response = api_client_for(member).get(url, RANGE)
        assert response.status_code == 403
        assert "officers" not in response.data
    for outsider in (other_officer, other_team_lead):
        assert api_client_for(outsider).get(url, RANGE).status_code == 404


def test_the_team_read_takes_a_fixed_number_of_queries(team, planner, nights, api_client_for):
    client = api_client_for(planner)
    url = f"/api/v1/teams/{team.id}/fatigue/"
    client.get(url, RANGE)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, RANGE).status_code == 200
    for _ in range(5):
        member = OfficerFactory()
        member.teams.add(team)
        period = nights
        _night(period, member, 23)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, RANGE)
    assert len(response.data["officers"]) >= 6
    assert len(many) == len(few)


# --- the policy ----------------------------------------------------------------------------


def _policy_url(team):
    return f"/api/v1/teams/{team.id}/fatigue-policy/"


def test_officer_of_the_team_reads_the_default_policy(officer, team, api_client_for):
    response = api_client_for(officer).get(_policy_url(team))
    assert response.status_code == 200
    assert response.data == {"team": team.id, "cap_enabled": False, "cap": 60}
    assert not TeamFatiguePolicy.objects.exists()


@pytest.mark.parametrize("who", ["team_lead", "planner", "unit_manager", "administrator"])
def test_managers_change_the_policy(who, team, request, api_client_for):
    actor = request.getfixturevalue(who)
    response = api_client_for(actor).patch(
        _policy_url(team), {"cap_enabled": True, "cap": 45}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data == {"team": team.id, "cap_enabled": True, "cap": 45}
    policy = TeamFatiguePolicy.objects.get(team=team)
    assert (policy.cap_enabled, policy.cap) == (True, 45)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cap": 0}, "cap"),
        ({"cap": 501}, "cap"),
        ({"cap": "sixty"}, "cap"),
        ({"cap_enabled": "yes"}, "cap_enabled"),
        ({"cap_enabled": 1}, "cap_enabled"),
        ({"colour": "red"}, "colour"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_policy_input_is_400_naming_the_field_and_saves_nothing(
    body, field, team, team_lead, api_client_for
):
    response = api_client_for(team_lead).patch(_policy_url(team), body, format="json")
    assert response.status_code == 400
    assert field in response.data["fields"]
    assert not TeamFatiguePolicy.objects.exists()


def test_officers_may_not_change_the_policy_and_outsiders_do_not_see_it(
    team, officer, other_team_lead, api_client_for
):
    body = {"cap_enabled": True}
    assert api_client_for(officer).patch(_policy_url(team), body, format="json").status_code == 403
    response = api_client_for(other_team_lead).patch(_policy_url(team), body, format="json")
    assert response.status_code == 404
    assert api_client_for(other_team_lead).get(_policy_url(team)).status_code == 404
    assert not TeamFatiguePolicy.objects.exists()
