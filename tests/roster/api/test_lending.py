"""Teams lend each other officers (issue #18): the lending policy and borrowed claims.

Team zuid lends its open places to centrum: agent (centrum) sees and claims them, checked
against all his assignments in every team."""

import datetime as dt

import pytest
from django.utils import timezone

from roster.models import Assignment, AssignmentSource, Phase, TeamLendingPolicy
from tests.factories.organisation import OfficerFactory, TeamFactory, UnitFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

pytestmark = pytest.mark.django_db


def _url(team):
    return f"/api/v1/teams/{team.id}/lending-policy/"


def _claim(client, shift, skill="basis"):
    return client.post(
        "/api/v1/open-shifts/claim/", {"shift": shift.id, "skill": skill}, format="json"
    )


def _at(days_ahead, hour):
    """Local `hour`:00 `days_ahead` days from today."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _open_zuid_shift(other_team, *, days_ahead=2, hour=10, **kwargs):
    start = _at(days_ahead, hour)
    period = PeriodFactory(team=other_team, phase=Phase.PUBLISHED)
    return ShiftFactory(period=period, start=start, demand={"basis": 1}, **kwargs)


def _lend(other_team, **fields):
    policy = TeamLendingPolicy.objects.create(team=other_team, lends_open_places=True, **fields)
    return policy


# --- the policy endpoint ----------------------------------------------------------------


def test_officer_of_the_team_reads_the_default_it_lends_nothing(
    other_officer, other_team, api_client_for
):
    response = api_client_for(other_officer).get(_url(other_team))
    assert response.status_code == 200
    assert response.data == {
        "team": other_team.id,
        "lends_open_places": False,
        "to_teams": [],
        "within_hours": None,
        "members_need_approval": False,
    }
    assert not TeamLendingPolicy.objects.exists()


@pytest.mark.parametrize("who", ["team_lead", "planner", "unit_manager", "administrator"])
def test_lead_planner_unit_manager_and_admin_open_the_places_to_a_team(
    who, team, unit, request, api_client_for
):
    actor = request.getfixturevalue(who)
    zuid = TeamFactory(unit=unit, code="zuid2")
    body = {"lends_open_places": True, "to_teams": [zuid.id], "within_hours": 72}
    response = api_client_for(actor).patch(_url(team), body, format="json")
    assert response.status_code == 200, response.data
    assert response.data == {
        "team": team.id,
        "lends_open_places": True,
        "to_teams": [zuid.id],
        "within_hours": 72,
        "members_need_approval": False,
    }
    policy = TeamLendingPolicy.objects.get(team=team)
    assert list(policy.to_teams.all()) == [zuid]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lends_open_places": "yes"}, "lends_open_places"),
        ({"within_hours": -1}, "within_hours"),
        ({"within_hours": 28 * 24 + 1}, "within_hours"),
        ({"to_teams": ["x"]}, "to_teams"),
        ({"to_teams": "all"}, "to_teams"),
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
    assert not TeamLendingPolicy.objects.exists()


def test_lending_to_a_team_of_another_unit_or_itself_is_400_and_saves_nothing(
    team, team_lead, api_client_for
):
    elsewhere = TeamFactory(unit=UnitFactory(code="rdam"))
    for teams in ([elsewhere.id], [team.id]):
        response = api_client_for(team_lead).patch(
            _url(team), {"lends_open_places": True, "to_teams": teams}, format="json"
        )
        assert response.status_code == 400
        assert "to_teams" in response.data["fields"]
    assert not TeamLendingPolicy.objects.exists()


def test_officer_may_read_but_not_change_and_others_get_404(
    officer, team, other_team_lead, other_officer, api_client_for
):
    body = {"lends_open_places": True}
    assert api_client_for(officer).patch(_url(team), body, format="json").status_code == 403
    assert api_client_for(other_officer).get(_url(team)).status_code == 404
    assert api_client_for(other_team_lead).patch(_url(team), body, format="json").status_code == (
        404
    )
    assert not TeamLendingPolicy.objects.exists()


# --- borrowed open places ---------------------------------------------------------------


def test_with_lending_on_he_sees_the_other_teams_place_marked_lent_and_claims_it(
    officer, other_team, other_team_lead, api_client_for, django_capture_on_commit_callbacks
):
    # given: zuid lends its open places to every team of the unit
    shift = _open_zuid_shift(other_team)
    _lend(other_team)
    client = api_client_for(officer)
    # when he lists his open shifts
    listed = client.get("/api/v1/open-shifts/")
    # then: the zuid place is there, marked lent, with zuid's team id
    assert listed.status_code == 200
    rows = [r for r in listed.data["results"] if r["shift"] == shift.id]
    assert rows == [
        {
            "shift": shift.id,
            "team": other_team.id,
            "kind": "early",
            "start": rows[0]["start"],
            "end": rows[0]["end"],
            "is_night": False,  # 10:00-18:00
            "skill": "basis",
            "open": 1,
            "lent": True,
            "training": False,
            "mentors": [],
        }
    ]
    # and he claims it through the ordinary claim flow; zuid's lead hears about it
    with django_capture_on_commit_callbacks(execute=True):
        response = _claim(client, shift)
    assert response.status_code == 201, response.data
    placed = Assignment.objects.get(shift=shift)
    assert (placed.officer, placed.source) == (officer, AssignmentSource.CLAIM)
    from notifications.models import Notification

    assert Notification.objects.filter(recipient=other_team_lead).exists()


def test_with_lending_off_he_neither_sees_nor_can_claim_the_place(
    officer, other_team, api_client_for
):
    shift = _open_zuid_shift(other_team)
    client = api_client_for(officer)
    assert shift.id not in {r["shift"] for r in client.get("/api/v1/open-shifts/").data["results"]}
    assert _claim(client, shift).status_code == 404
    TeamLendingPolicy.objects.create(team=other_team, lends_open_places=False)
    assert _claim(client, shift).status_code == 404
    assert not Assignment.objects.exists()


def test_lent_to_another_team_only_is_invisible_to_him(officer, unit, other_team, api_client_for):
    shift = _open_zuid_shift(other_team)
    policy = _lend(other_team)
    policy.to_teams.set([TeamFactory(unit=unit, code="west")])
    client = api_client_for(officer)
    assert shift.id not in {r["shift"] for r in client.get("/api/v1/open-shifts/").data["results"]}
    assert _claim(client, shift).status_code == 404


def test_before_the_lead_time_the_place_stays_with_its_own_team(
    officer, other_team, other_officer, api_client_for
):
    shift = _open_zuid_shift(other_team, days_ahead=5)
    _lend(other_team, within_hours=48)
    assert _claim(api_client_for(officer), shift).status_code == 404
    # zuid's own officer sees it, not marked lent
    rows = api_client_for(other_officer).get("/api/v1/open-shifts/").data["results"]
    assert [(r["shift"], r["lent"]) for r in rows] == [(shift.id, False)]


def test_a_teams_own_officer_reads_no_lent_places_when_nobody_lends(
    other_officer, team, api_client_for
):
    ShiftFactory(
        period=PeriodFactory(team=team, phase=Phase.PUBLISHED),
        start=_at(2, 10),
        demand={"basis": 1},
    )
    rows = api_client_for(other_officer).get("/api/v1/open-shifts/").data["results"]
    assert rows == []


def test_a_borrowed_claim_that_double_books_him_across_teams_is_422_and_unlisted(
    officer, team, basis, other_team, api_client_for
):
    # given: he works a centrum shift at the same time as zuid's open place
    shift = _open_zuid_shift(other_team)
    own = ShiftFactory(
        period=PeriodFactory(team=team, phase=Phase.PUBLISHED),
        start=shift.start - dt.timedelta(hours=2),
        demand={"basis": 1},
    )
    AssignmentFactory(officer=officer, shift=own, skill=basis)
    _lend(other_team)
    client = api_client_for(officer)
    # then: not offered, and a claim is refused naming the rule
    assert shift.id not in {r["shift"] for r in client.get("/api/v1/open-shifts/").data["results"]}
    response = _claim(client, shift)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "project.overlap"
    assert not Assignment.objects.filter(shift=shift).exists()


def test_a_borrowed_claim_breaking_rest_after_his_night_is_refused(
    officer, team, basis, other_team, api_client_for
):
    # a centrum night 23:00-07:00, zuid's open place at 19:00 (12 h later; 14 h are owed)
    shift = _open_zuid_shift(other_team, days_ahead=3, hour=19)
    night = ShiftFactory(
        period=PeriodFactory(team=team, phase=Phase.PUBLISHED),
        kind="night",
        start=_at(2, 23),
        end=_at(3, 7),
        demand={"basis": 1},
    )
    assert night.is_night
    AssignmentFactory(officer=officer, shift=night, skill=basis)
    _lend(other_team)
    response = _claim(api_client_for(officer), shift)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "atw.rest_after_night"
    assert not Assignment.objects.filter(shift=shift).exists()


def test_an_officer_of_another_unit_never_borrows(other_team, basis, api_client_for):
    from tests.factories.organisation import QualificationFactory

    stranger = OfficerFactory(teams=[TeamFactory(unit=UnitFactory(code="rdam"))])
    QualificationFactory(officer=stranger, skill=basis)
    shift = _open_zuid_shift(other_team)
    _lend(other_team)
    client = api_client_for(stranger)
    assert client.get("/api/v1/open-shifts/").data["results"] == []
    assert _claim(client, shift).status_code == 404
