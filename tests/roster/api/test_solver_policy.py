"""A team's solver policy (issue #15): the order of the solver's stages, read by its officers,
changed by its managers, checked by the solver's own rules."""

import pytest

from roster.models import TeamSolverPolicy

pytestmark = pytest.mark.django_db

DEFAULT = ["shortfall", "changes", "training", "fairness", "wishes", "totals"]
WISHES_FIRST = ["shortfall", "changes", "wishes", "fairness", "totals"]


def url(team) -> str:
    return f"/api/v1/teams/{team.pk}/solver-policy/"


def test_officers_of_the_team_read_the_order_their_next_solve_uses(
    officer, team, api_client_for, settings
):
    settings.SOLVER_STAGES = []
    body = api_client_for(officer).get(url(team)).json()
    assert body == {"team": team.pk, "stages": [], "effective_stages": DEFAULT}
    # the deployment's order, when it sets one
    settings.SOLVER_STAGES = ["shortfall", "fairness", "wishes"]
    body = api_client_for(officer).get(url(team)).json()
    assert body == {
        "team": team.pk,
        "stages": [],
        "effective_stages": ["shortfall", "fairness", "wishes"],
    }


def test_the_planner_sets_the_teams_own_order_and_returns_it_to_the_default(
    planner, officer, team, api_client_for, settings
):
    settings.SOLVER_STAGES = []
    response = api_client_for(planner).patch(url(team), {"stages": WISHES_FIRST}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "team": team.pk,
        "stages": WISHES_FIRST,
        "effective_stages": WISHES_FIRST,
    }
    assert TeamSolverPolicy.objects.get(team=team).stages == WISHES_FIRST
    assert api_client_for(officer).get(url(team)).json()["effective_stages"] == WISHES_FIRST
    # an empty list: the deployment's order again
    response = api_client_for(planner).patch(url(team), {"stages": []}, format="json")
    assert response.json() == {"team": team.pk, "stages": [], "effective_stages": DEFAULT}


def test_the_team_lead_and_the_unit_manager_may_change_it(
    team_lead, unit_manager, team, api_client_for
):
    for who, stages in ((team_lead, WISHES_FIRST), (unit_manager, ["shortfall", "wishes"])):
        response = api_client_for(who).patch(url(team), {"stages": stages}, format="json")
        assert response.status_code == 200
        assert TeamSolverPolicy.objects.get(team=team).stages == stages


@pytest.mark.parametrize(
    ("body", "field", "english", "dutch"),
    [
        ({"stages": ["shortfall", "speed"]}, "stages", None, None),
        (
            {"stages": ["wishes", "shortfall"]},
            "stages",
            "Shortfall must come first: an empty place outranks every aim.",
            "Tekort moet eerst komen: een lege plaats gaat voor elk ander doel.",
        ),
        (
            {"stages": ["shortfall", "totals", "wishes"]},
            "stages",
            "Totals must come last: it breaks the ties of the others.",
            "Totalen moet als laatste komen: die beslist alleen waar de andere fasen gelijk "
            "eindigen.",
        ),
        (
            {"stages": ["shortfall", "wishes", "wishes"]},
            "stages",
            "Each stage at most once.",
            "Elke fase hoogstens één keer.",
        ),
        ({"stages": "shortfall"}, "stages", None, None),
        ({"stages": ["shortfall"], "team": 1}, "team", None, None),
        ({}, "stages", None, None),
    ],
)
def test_bad_input_names_the_field_in_the_readers_language_and_saves_nothing(
    planner, team, api_client_for, body, field, english, dutch
):
    for language, text in (("en", english), ("nl", dutch)):
        response = api_client_for(planner).patch(
            url(team), body, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        fields = response.json()["fields"]
        assert field in fields
        if text is not None:
            assert text in str(fields[field])
    assert not TeamSolverPolicy.objects.exists()


def test_an_officer_may_not_change_it_and_another_teams_lead_does_not_see_it(
    officer, other_team_lead, team, api_client_for
):
    response = api_client_for(officer).patch(url(team), {"stages": WISHES_FIRST}, format="json")
    assert response.status_code == 403
    assert api_client_for(other_team_lead).get(url(team)).status_code == 404
    response = api_client_for(other_team_lead).patch(
        url(team), {"stages": WISHES_FIRST}, format="json"
    )
    assert response.status_code == 404
    assert not TeamSolverPolicy.objects.exists()
