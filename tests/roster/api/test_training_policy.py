"""A team's training policy (issue 18): read by its officers, changed by its managers."""

import pytest

from roster.models import TeamTrainingPolicy

pytestmark = pytest.mark.django_db


def url(team) -> str:
    return f"/api/v1/teams/{team.pk}/training-policy/"


def test_officers_of_the_team_read_the_defaults(officer, team, api_client_for):
    body = api_client_for(officer).get(url(team)).json()
    assert body == {"team": team.pk, "shifts_per_period": 0, "mentor_min_level": 1}


def test_the_planner_changes_it(planner, team, api_client_for):
    response = api_client_for(planner).patch(
        url(team), {"shifts_per_period": 2, "mentor_min_level": 3}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"team": team.pk, "shifts_per_period": 2, "mentor_min_level": 3}
    policy = TeamTrainingPolicy.objects.get(team=team)
    assert (policy.shifts_per_period, policy.mentor_min_level) == (2, 3)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"shifts_per_period": 32}, "shifts_per_period"),
        ({"shifts_per_period": -1}, "shifts_per_period"),
        ({"mentor_min_level": 0}, "mentor_min_level"),
        ({"mentor_min_level": 6}, "mentor_min_level"),
        ({"mentor_min_level": "high"}, "mentor_min_level"),
        ({"team": 1}, "team"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(planner, team, api_client_for, body, field):
    response = api_client_for(planner).patch(url(team), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not TeamTrainingPolicy.objects.exists()


def test_an_officer_may_not_change_it_and_another_teams_lead_does_not_see_it(
    officer, other_team_lead, team, api_client_for
):
    assert api_client_for(officer).patch(url(team), {"shifts_per_period": 2}).status_code == 403
    assert api_client_for(other_team_lead).get(url(team)).status_code == 404
    assert not TeamTrainingPolicy.objects.exists()
