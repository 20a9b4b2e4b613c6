"""POST /joint-solves/, GET /joint-solves/{id}/ (issue 18): several teams in one run."""

import datetime as dt

import pytest

from organisation.models import RoleAssignment
from roster.joint_models import JointSolve
from roster.models import Phase, RosterPeriod, SolveJob
from tests.factories.organisation import (
    OfficerFactory,
    QualificationFactory,
    TeamFactory,
    UnitFactory,
)
from tests.factories.roster import PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import fast_solver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_solver")]
__all__ = ["fast_solver"]

URL = "/api/v1/joint-solves/"
START = dt.date(2027, 10, 29)  # the DST night of 30 to 31 October is in it


def _period(team, start=START):
    return PeriodFactory(
        team=team, start_date=start, end_date=start + dt.timedelta(days=3), phase="signup_closed"
    )


@pytest.fixture
def joint(team, other_team, basis):
    """Two teams sharing an officer, a DST night in centrum, an early after it in zuid, and
    a planner of both."""
    shared = OfficerFactory(first_name="Gedeeld", last_name="Agent", teams=[team, other_team])
    own = OfficerFactory(first_name="Eigen", last_name="Agent", teams=[team])
    for o in (shared, own):
        QualificationFactory(officer=o, skill=basis)
    a, b = _period(team), _period(other_team)
    ShiftFactory(
        period=a,
        kind="night",
        start=aware(2027, 10, 30, 23, 0),
        end=aware(2027, 10, 31, 7, 0),
        demand={"basis": 1},
    )
    ShiftFactory(period=b, start=aware(2027, 10, 31, 7, 0), demand={"basis": 1})
    both = OfficerFactory(username="planner-both")
    for t in (team, other_team):
        RoleAssignment.objects.create(officer=both, role="planner", team=t)
    return {"a": a, "b": b, "shared": shared, "own": own, "planner": both}


def _nothing_saved(*periods):
    assert not JointSolve.objects.exists()
    assert not SolveJob.objects.exists()
    for p in periods:
        p.refresh_from_db()
        assert p.phase == Phase.SIGNUP_CLOSED


def test_planner_of_both_teams_solves_them_together_and_reads_each_period(
    joint, api_client_for, django_capture_on_commit_callbacks
):
    client = api_client_for(joint["planner"])
    a, b = joint["a"], joint["b"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"periods": [a.pk, b.pk]}, format="json")
    assert response.status_code == 202, response.data
    poll = client.get(f"{URL}{response.data['id']}/")
    assert poll.status_code == 200
    body = poll.data
    assert body["status"] == "done", body["error"]
    assert body["periods"] == sorted([a.pk, b.pk])
    assert body["requested_by"] == joint["planner"].pk
    assert {j["period"] for j in body["jobs"]} == {a.pk, b.pk}
    for job in body["jobs"]:
        assert job["status"] == "done"
        assert job["joint"] == body["id"]
        assert job["summary"]["shortfall_places"] == 0
        assert job["summary"]["bound"] == body["progress"]["bound"]
        assert job["summary"]["objective"] == body["progress"]["objective"]
        assert job["summary"]["assignments"] == 1
    # each period's report reads as after a single solve (and the job is a solve job)
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.PROPOSED
        report = client.get(f"/api/v1/periods/{p.pk}/report/")
        assert report.status_code == 200
        assert len(report.data["coverage"]) == 1
    job = client.get(f"/api/v1/solve-jobs/{body['jobs'][0]['id']}/")
    assert job.status_code == 200
    assert job.data["joint"] == body["id"]


def test_the_request_answers_202_with_the_queued_run(joint, api_client_for):
    a, b = joint["a"], joint["b"]
    response = api_client_for(joint["planner"]).post(URL, {"periods": [b.pk, a.pk]}, format="json")
    assert response.status_code == 202
    assert response.data["status"] == "queued"
    assert [j["status"] for j in response.data["jobs"]] == ["queued", "queued"]
    assert set(RosterPeriod.objects.values_list("phase", flat=True)) == {Phase.SOLVING}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"periods": []},
        {"periods": "1,2"},
        {"periods": ["a"]},
        {"periods": [-1, 2]},
        {"periods": ["A", "B"]},
        {"periods": ["ONE"]},
        {"periods": ["SAME"]},
        {"periods": ["A", "B"], "time_limit": 5},
        {"periods": list(range(1, 10))},
    ],
    ids=[
        "missing",
        "empty",
        "not_a_list",
        "not_an_id",
        "negative",
        "ok_control",
        "one_only",
        "duplicate",
        "unknown_field",
        "too_many",
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(joint, api_client_for, body):
    a, b = joint["a"], joint["b"]
    names = {"A": a.pk, "B": b.pk}
    if body.get("periods") == ["ONE"]:
        body = {"periods": [a.pk]}
    elif body.get("periods") == ["SAME"]:
        body = {"periods": [a.pk, a.pk]}
    elif isinstance(body.get("periods"), list):
        body = {**body, "periods": [names.get(x, x) for x in body["periods"]]}
    if body == {"periods": [a.pk, b.pk]}:  # the control: the same call with good input
        assert api_client_for(joint["planner"]).post(URL, body, format="json").status_code == 202
        return
    response = api_client_for(joint["planner"]).post(URL, body, format="json")
    assert response.status_code == 400, response.data
    field = "time_limit" if "time_limit" in body else "periods"
    assert field in response.data["fields"]
    _nothing_saved(a, b)


def test_periods_without_a_shared_officer_are_409_and_nothing_saved(
    team, other_team, basis, api_client_for
):
    a, b = _period(team), _period(other_team)
    OfficerFactory(teams=[team])
    OfficerFactory(teams=[other_team])
    both = OfficerFactory()
    for t in (team, other_team):
        RoleAssignment.objects.create(officer=both, role="planner", team=t)
    response = api_client_for(both).post(URL, {"periods": [a.pk, b.pk]}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "joint_solve_not_possible"
    _nothing_saved(a, b)


def test_a_period_not_signup_closed_is_409_wrong_phase(joint, api_client_for):
    a, b = joint["a"], joint["b"]
    RosterPeriod.objects.filter(pk=b.pk).update(phase=Phase.SIGNUP_OPEN)
    response = api_client_for(joint["planner"]).post(URL, {"periods": [a.pk, b.pk]}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "wrong_phase"
    assert not JointSolve.objects.exists()
    a.refresh_from_db()
    assert a.phase == Phase.SIGNUP_CLOSED


def test_a_running_single_solve_blocks_the_joint_run(joint, api_client_for):
    a, b = joint["a"], joint["b"]
    client = api_client_for(joint["planner"])
    assert client.post(f"/api/v1/periods/{a.pk}/solve/", {}, format="json").status_code == 202
    response = client.post(URL, {"periods": [a.pk, b.pk]}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "solve_running"
    assert not JointSolve.objects.exists()


def test_wrong_users_are_refused_and_nothing_saved(
    joint, officer, planner, unit_manager, api_client_for
):
    a, b = joint["a"], joint["b"]
    body = {"periods": [a.pk, b.pk]}
    # the shared officer sees both periods but plans neither: 403
    assert api_client_for(joint["shared"]).post(URL, body, format="json").status_code == 403
    # the planner of centrum only does not see zuid's period: 404
    assert api_client_for(planner).post(URL, body, format="json").status_code == 404
    # the unit manager sees both but plans neither: 403
    assert api_client_for(unit_manager).post(URL, body, format="json").status_code == 403
    # a planner of another unit's teams: 404
    rdam = UnitFactory(code="rdam")
    stranger = OfficerFactory()
    for t in (TeamFactory(unit=rdam), TeamFactory(unit=rdam)):
        RoleAssignment.objects.create(officer=stranger, role="planner", team=t)
    assert api_client_for(stranger).post(URL, body, format="json").status_code == 404
    # an id that does not exist reads as one he may not see: no answer tells which ids exist
    unknown = {"periods": [a.pk, 10**9]}
    assert api_client_for(joint["planner"]).post(URL, unknown, format="json").status_code == 404
    assert api_client_for(None).post(URL, body, format="json").status_code == 401
    _nothing_saved(a, b)


def test_who_may_read_a_run(
    joint,
    team,
    officer,
    planner,
    team_lead,
    other_team_lead,
    unit_manager,
    administrator,
    api_client_for,
):
    # given a finished run (a planner of both teams solved them)
    client = api_client_for(joint["planner"])
    run_id = client.post(URL, {"periods": [joint["a"].pk, joint["b"].pk]}, format="json").data["id"]
    url = f"{URL}{run_id}/"
    # the planner of both and an administrator read it
    assert client.get(url).status_code == 200
    body = api_client_for(administrator).get(url).data
    assert body["periods"] == sorted([joint["a"].pk, joint["b"].pk])
    # leads of both teams together may read it; one team's planner or lead alone may not
    both_leads = OfficerFactory()
    RoleAssignment.objects.create(officer=both_leads, role="team_lead", team=team)
    RoleAssignment.objects.create(officer=both_leads, role="team_lead", team=joint["b"].team)
    assert api_client_for(both_leads).get(url).status_code == 200
    for who in (planner, team_lead, other_team_lead, unit_manager, officer, joint["shared"]):
        response = api_client_for(who).get(url)
        assert response.status_code == 404, who
        assert set(response.data) == {"code", "detail", "fields"}
        assert response.data["code"] == "not_found"


def test_the_run_names_no_officer(joint, api_client_for, django_capture_on_commit_callbacks):
    # the run holds figures only: no officer's name or id, as the solve job's answer
    client = api_client_for(joint["planner"])
    with django_capture_on_commit_callbacks(execute=True):
        run_id = client.post(URL, {"periods": [joint["a"].pk, joint["b"].pk]}, format="json").data[
            "id"
        ]
    text = client.get(f"{URL}{run_id}/").content.decode()
    for who in (joint["shared"], joint["own"]):
        assert who.last_name not in text
        assert f"o{who.pk}" not in text
