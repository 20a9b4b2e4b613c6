import pytest

from roster.models import Phase, ShiftKind, SignUp
from tests.factories.roster import PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db


def url(period) -> str:
    return f"/api/v1/periods/{period.id}/signup-pattern/"


def test_week_pattern_signs_up_for_every_matching_shift(officer, period, api_client_for):
    # given: earlies on Monday 4 and 11 January, a late on Monday 4, an early on Tuesday 5,
    # and an early on Monday 18 that demands a skill the officer lacks
    mondays = [ShiftFactory(period=period, start=aware(2027, 1, d, 7, 0)) for d in (4, 11)]
    ShiftFactory(period=period, kind=ShiftKind.LATE, start=aware(2027, 1, 4, 15, 0))
    tuesday = ShiftFactory(period=period, start=aware(2027, 1, 5, 7, 0))
    ovd_only = ShiftFactory(period=period, start=aware(2027, 1, 18, 7, 0), demand={"ovd": 1})

    # when
    response = api_client_for(officer).post(
        url(period),
        {
            "pattern": [
                {"weekday": 0, "kind": "early", "wish": "want"},
                {"weekday": 1, "kind": "early", "wish": "rather_not"},
            ]
        },
        format="json",
    )

    # then
    assert response.status_code == 200, response.data
    wishes = dict(SignUp.objects.filter(officer=officer).values_list("shift_id", "wish"))
    assert wishes == {mondays[0].id: "want", mondays[1].id: "want", tuesday.id: "rather_not"}
    assert response.data["skipped_unqualified"] == [ovd_only.id]


def test_bad_pattern_is_400_naming_the_field_and_saves_nothing(officer, period, api_client_for):
    ShiftFactory(period=period, start=aware(2027, 1, 4, 7, 0))
    client = api_client_for(officer)
    for pattern in (
        [{"weekday": 7, "kind": "early", "wish": "want"}],
        [{"weekday": 0, "kind": "brunch", "wish": "want"}],
        [{"weekday": 0, "kind": "early", "wish": "want"}] * 2,
        [],
    ):
        response = client.post(url(period), {"pattern": pattern}, format="json")
        assert response.status_code == 400, pattern
        assert "pattern" in response.data["fields"]
    assert not SignUp.objects.exists()


def test_pattern_for_another_teams_period_is_404(officer, other_period, api_client_for):
    response = api_client_for(officer).post(
        url(other_period),
        {"pattern": [{"weekday": 0, "kind": "early", "wish": "want"}]},
        format="json",
    )
    assert response.status_code == 404


def test_pattern_by_a_planner_who_is_not_in_the_team_is_403_like_sign_ups(
    planner, period, api_client_for
):
    # the planner sees the period but is no member of its team: he cannot sign up for it,
    # with a pattern no more than with POST /signups/
    ShiftFactory(period=period, start=aware(2027, 1, 4, 7, 0))
    response = api_client_for(planner).post(
        url(period),
        {"pattern": [{"weekday": 0, "kind": "early", "wish": "want"}]},
        format="json",
    )
    assert response.status_code == 403
    assert response.data["code"] == "not_team_member"
    assert not SignUp.objects.exists()


def test_pattern_outside_the_window_is_409(officer, team, api_client_for):
    closed = PeriodFactory(team=team, phase=Phase.SIGNUP_CLOSED)
    ShiftFactory(period=closed, start=aware(2027, 1, 4, 7, 0))
    response = api_client_for(officer).post(
        url(closed),
        {"pattern": [{"weekday": 0, "kind": "early", "wish": "want"}]},
        format="json",
    )
    assert response.status_code == 409
    assert not SignUp.objects.exists()
