"""GET/PATCH /api/v1/teams/{id}/absence-policy/."""

import pytest

from roster.models import TeamAbsencePolicy

pytestmark = pytest.mark.django_db


def _url(team):
    return f"/api/v1/teams/{team.id}/absence-policy/"


def test_officer_of_the_team_reads_the_defaults(officer, team, api_client_for):
    response = api_client_for(officer).get(_url(team))
    assert response.status_code == 200
    assert response.data == {
        "team": team.id,
        "sick_margin_days": 1,
        "unavailability_max_days_per_period": 4,
    }
    assert not TeamAbsencePolicy.objects.exists()  # reading saves nothing


@pytest.mark.parametrize("who", ["team_lead", "planner", "unit_manager", "administrator"])
def test_lead_planner_unit_manager_and_admin_change_it(who, team, request, api_client_for):
    actor = request.getfixturevalue(who)
    response = api_client_for(actor).patch(_url(team), {"sick_margin_days": 3}, format="json")
    assert response.status_code == 200, response.data
    assert response.data == {
        "team": team.id,
        "sick_margin_days": 3,
        "unavailability_max_days_per_period": 4,
    }
    assert TeamAbsencePolicy.objects.get(team=team).sick_margin_days == 3


def test_a_margin_of_zero_is_allowed(team, planner, api_client_for):
    response = api_client_for(planner).patch(_url(team), {"sick_margin_days": 0}, format="json")
    assert response.status_code == 200
    assert TeamAbsencePolicy.objects.get(team=team).sick_margin_days == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sick_margin_days": -1}, "sick_margin_days"),
        ({"sick_margin_days": 15}, "sick_margin_days"),
        ({"sick_margin_days": "two"}, "sick_margin_days"),
        ({"unavailability_max_days_per_period": -1}, "unavailability_max_days_per_period"),
        ({"unavailability_max_days_per_period": 32}, "unavailability_max_days_per_period"),
        ({"unavailability_max_days_per_period": 2.5}, "unavailability_max_days_per_period"),
        ({"colour": "red"}, "colour"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(
    body, field, team, team_lead, api_client_for
):
    response = api_client_for(team_lead).patch(_url(team), body, format="json")
    assert response.status_code == 400
    assert field in response.data["fields"]
    assert not TeamAbsencePolicy.objects.exists()


def test_officer_may_read_but_not_change_and_others_get_404(
    officer, team, other_team_lead, other_officer, api_client_for
):
    denied = api_client_for(officer).patch(_url(team), {"sick_margin_days": 5}, format="json")
    assert denied.status_code == 403
    assert api_client_for(other_officer).get(_url(team)).status_code == 404
    other = api_client_for(other_team_lead).patch(
        _url(team), {"sick_margin_days": 5}, format="json"
    )
    assert other.status_code == 404
    assert not TeamAbsencePolicy.objects.exists()


def test_planner_sets_the_unavailability_limit_and_officers_read_it(
    team, planner, officer, api_client_for
):
    # given: the planner allows 2 days per period, then none
    client = api_client_for(planner)
    two = client.patch(_url(team), {"unavailability_max_days_per_period": 2}, format="json")
    assert two.status_code == 200, two.data
    assert TeamAbsencePolicy.objects.get(team=team).unavailability_max_days_per_period == 2
    none = client.patch(_url(team), {"unavailability_max_days_per_period": 0}, format="json")
    assert none.data["unavailability_max_days_per_period"] == 0
    # then: an officer of the team reads the limit (his app shows it), and the margin is kept
    read = api_client_for(officer).get(_url(team))
    assert read.data["unavailability_max_days_per_period"] == 0
    assert read.data["sick_margin_days"] == 1
    denied = api_client_for(officer).patch(
        _url(team), {"unavailability_max_days_per_period": 9}, format="json"
    )
    assert denied.status_code == 403
    assert TeamAbsencePolicy.objects.get(team=team).unavailability_max_days_per_period == 0
