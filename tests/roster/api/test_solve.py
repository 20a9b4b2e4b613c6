"""POST /periods/{id}/solve/, GET/cancel /solve-jobs/{id}/, GET /periods/{id}/report/."""

import pytest

from roster.models import Assignment, Phase, SolveJob, SolveStatus
from roster.services.publication import roster_publish
from tests.roster.solve_fixtures import fast_solver, small_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_solver")]
__all__ = ["fast_solver"]


def _solve(client, period, **body):
    return client.post(f"/api/v1/periods/{period.id}/solve/", body, format="json")


def test_planner_solves_and_polls_and_reads_the_report(
    team, basis, planner, api_client_for, django_capture_on_commit_callbacks
):
    small = small_period(team, basis)
    client = api_client_for(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _solve(client, small.period)
    assert response.status_code == 202, response.data
    poll = client.get(f"/api/v1/solve-jobs/{response.data['id']}/")
    assert poll.status_code == 200
    assert poll.data["status"] == "done"
    assert poll.data["summary"]["shortfall_places"] == 0
    assert poll.data["progress"]["objective"] == poll.data["summary"]["objective"]
    report = client.get(f"/api/v1/periods/{small.period.id}/report/")
    assert report.status_code == 200
    assert report.data["scope"] == "team"
    assert len(report.data["officers"]) == 4
    assert report.data["comparison"]["baseline"]["status"] == "feasible"
    assert {row["shift"] for row in report.data["coverage"]} == {f"s{s.pk}" for s in small.shifts}


def test_solve_returns_202_with_a_queued_job(team, basis, planner, api_client_for):
    small = small_period(team, basis)
    response = _solve(api_client_for(planner), small.period, mode="normal")
    assert response.status_code == 202
    assert response.data["status"] == "queued"
    small.period.refresh_from_db()
    assert small.period.phase == Phase.SOLVING


def test_bad_mode_is_400_naming_the_field_and_saves_nothing(team, basis, planner, api_client_for):
    small = small_period(team, basis)
    response = _solve(api_client_for(planner), small.period, mode="fast")
    assert response.status_code == 400
    assert "mode" in response.data["fields"]
    assert not SolveJob.objects.exists()
    small.period.refresh_from_db()
    assert small.period.phase == Phase.SIGNUP_CLOSED


def test_an_officer_of_the_team_gets_403_and_another_team_404(
    team, basis, officer, other_team_lead, api_client_for
):
    small = small_period(team, basis)
    assert _solve(api_client_for(officer), small.period).status_code == 403
    assert _solve(api_client_for(other_team_lead), small.period).status_code == 404
    assert not SolveJob.objects.exists()


def test_solving_in_the_wrong_phase_is_409(team, basis, planner, api_client_for):
    small = small_period(team, basis, phase=Phase.SIGNUP_OPEN)
    response = _solve(api_client_for(planner), small.period)
    assert response.status_code == 409
    assert response.data["code"] == "wrong_phase"
    repair = _solve(api_client_for(planner), small.period, mode="repair")
    assert repair.status_code == 409


def test_a_second_solve_while_one_runs_is_409(team, basis, planner, api_client_for):
    small = small_period(team, basis)
    client = api_client_for(planner)
    assert _solve(client, small.period).status_code == 202
    second = _solve(client, small.period)
    assert second.status_code == 409
    assert second.data["code"] == "solve_running"
    assert SolveJob.objects.count() == 1


def test_cancel_a_queued_job_reopens_the_period_and_twice_is_409(
    team, basis, planner, officer, api_client_for
):
    small = small_period(team, basis)
    client = api_client_for(planner)
    job_id = _solve(client, small.period).data["id"]
    assert api_client_for(officer).post(f"/api/v1/solve-jobs/{job_id}/cancel/").status_code == 404
    response = client.post(f"/api/v1/solve-jobs/{job_id}/cancel/")
    assert response.status_code == 200
    assert response.data["status"] == "cancelled"
    small.period.refresh_from_db()
    assert small.period.phase == Phase.SIGNUP_CLOSED
    again = client.post(f"/api/v1/solve-jobs/{job_id}/cancel/")
    assert again.status_code == 409
    assert again.data["code"] == "solve_finished"


def test_jobs_are_hidden_from_officers_and_other_teams(
    team, basis, planner, officer, other_team_lead, api_client_for
):
    small = small_period(team, basis)
    job_id = _solve(api_client_for(planner), small.period).data["id"]
    assert api_client_for(officer).get(f"/api/v1/solve-jobs/{job_id}/").status_code == 404
    assert api_client_for(other_team_lead).get(f"/api/v1/solve-jobs/{job_id}/").status_code == 404


def test_an_officer_sees_only_his_part_of_the_report_once_published(
    team,
    basis,
    planner,
    team_lead,
    other_team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    small = small_period(team, basis)
    with django_capture_on_commit_callbacks(execute=True):
        _solve(api_client_for(planner), small.period)
    me = small.officers[1]
    url = f"/api/v1/periods/{small.period.id}/report/"
    assert api_client_for(me).get(url).status_code == 404  # proposed: not yet for officers
    assert api_client_for(team_lead).get(url).data["scope"] == "team"
    roster_publish(actor=planner, period=small.period)
    response = api_client_for(me).get(url)
    assert response.status_code == 200
    assert response.data["scope"] == "officer"
    assert [r["officer"] for r in response.data["officers"]] == [f"o{me.pk}"]
    assert list(response.data["why"]) == [f"o{me.pk}"]
    assert "shortfalls" not in response.data
    assert "coverage" not in response.data
    assert api_client_for(other_team_lead).get(url).status_code == 404


def test_repair_over_the_api_then_apply(
    team, basis, planner, api_client_for, django_capture_on_commit_callbacks
):
    small = small_period(team, basis)
    client = api_client_for(planner)
    with django_capture_on_commit_callbacks(execute=True):
        _solve(client, small.period)
    roster_publish(actor=planner, period=small.period)
    with django_capture_on_commit_callbacks(execute=True):
        response = _solve(client, small.period, mode="repair")
    assert response.status_code == 202
    job = client.get(f"/api/v1/solve-jobs/{response.data['id']}/").data
    assert job["status"] == SolveStatus.DONE
    assert job["change_set"] == {"added": [], "removed": []}  # nothing to repair
    count = Assignment.objects.count()
    applied = client.post(f"/api/v1/solve-jobs/{response.data['id']}/apply/")
    assert applied.status_code == 200
    assert applied.data["applied_at"] is not None
    assert Assignment.objects.count() == count
