"""GET/PATCH /api/v1/teams/{id}/swap-policy/."""

import pytest

from roster.models import TeamSwapPolicy

pytestmark = pytest.mark.django_db


def _url(team):
    return f"/api/v1/teams/{team.id}/swap-policy/"


def test_officer_of_the_team_reads_the_defaults(officer, team, api_client_for):
    response = api_client_for(officer).get(_url(team))
    assert response.status_code == 200
    assert response.data == {
        "team": team.id,
        "auto_approve": True,
        "open_shift_policy": "first_come",
        "claim_window_hours": 24,
        "award_hours_before_start": 12,
    }
    assert not TeamSwapPolicy.objects.exists()  # reading saves nothing


@pytest.mark.parametrize("who", ["team_lead", "planner", "unit_manager", "administrator"])
def test_lead_planner_unit_manager_and_admin_change_it(who, team, request, api_client_for):
    actor = request.getfixturevalue(who)
    response = api_client_for(actor).patch(
        _url(team),
        {"open_shift_policy": "fair_award", "claim_window_hours": 48},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["open_shift_policy"] == "fair_award"
    policy = TeamSwapPolicy.objects.get(team=team)
    assert (policy.open_shift_policy, policy.claim_window_hours, policy.auto_approve) == (
        "fair_award",
        48,
        True,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"open_shift_policy": "lottery"}, "open_shift_policy"),
        ({"claim_window_hours": 0}, "claim_window_hours"),
        ({"claim_window_hours": 10_000}, "claim_window_hours"),
        ({"auto_approve": "yes"}, "auto_approve"),
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
    assert not TeamSwapPolicy.objects.exists()


def test_officer_may_read_but_not_change_and_others_get_404(
    officer, team, other_team_lead, other_officer, api_client_for
):
    denied = api_client_for(officer).patch(_url(team), {"auto_approve": False}, format="json")
    assert denied.status_code == 403
    assert api_client_for(other_officer).get(_url(team)).status_code == 404
    other = api_client_for(other_team_lead).patch(_url(team), {"auto_approve": False})
    assert other.status_code == 404
    assert not TeamSwapPolicy.objects.exists()


def test_manual_approval_policy_takes_effect_for_the_next_swap(
    officer, colleague, team, team_lead, basis, api_client_for
):
    from roster.models import Phase
    from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

    api_client_for(team_lead).patch(_url(team), {"auto_approve": False}, format="json")
    published = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    mine = AssignmentFactory(officer=officer, shift=ShiftFactory(period=published), skill=basis)
    offered = api_client_for(officer).post(
        "/api/v1/swaps/",
        {"kind": "give_away", "assignment": mine.id, "receiver": colleague.id},
        format="json",
    )
    accepted = api_client_for(colleague).post(f"/api/v1/swaps/{offered.data['id']}/accept/")
    assert accepted.data["status"] == "accepted"
