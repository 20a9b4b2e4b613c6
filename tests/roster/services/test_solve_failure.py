"""Why a solve job ended without a roster reads in the reader's language (nl/en), with
officers named, on the API and the console job page; the English `error` text stays for logs,
and a job that ended before messages were stored keeps its text
(roster.services.solving.failure)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from common import heartbeat
from roster.models import AssignmentSource, Phase, SolveJob, SolveStatus
from roster.services.solving import run
from roster.services.solving.jobs import solve_start
from roster.services.solving.outcome import solve_jobs_reap
from tests.factories.roster import AssignmentFactory
from tests.roster.solve_fixtures import fast_solver, small_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_solver")]
__all__ = ["fast_solver"]

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _run(planner: Any, period: Any, captured: Any) -> SolveJob:
    with captured(execute=True):
        job = solve_start(actor=planner, period=period)
    job.refresh_from_db()
    return job


def _api_error(api_client_for: Any, user: Any, job: SolveJob, language: str) -> str:
    response = api_client_for(user).get(
        f"/api/v1/solve-jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return str(response.json()["error"])


def test_pinned_shifts_that_break_a_rule_fail_the_job_with_the_officer_named_in_each_language(
    team, basis, planner, officer, django_capture_on_commit_callbacks, api_client_for
) -> None:
    # given: Agent1 placed by hand on the day shift and the night shift of 4 January (8 h rest)
    small = small_period(team, basis)
    agent = small.officers[1]
    for shift in small.shifts[:2]:
        AssignmentFactory(officer=agent, shift=shift, skill=basis, source=AssignmentSource.MANUAL)
    # when: the period is solved
    job = _run(planner, small.period, django_capture_on_commit_callbacks)
    # then: the job fails; the English text for the logs is kept, the message is stored
    assert job.status == SolveStatus.FAILED
    assert job.error.startswith("solver status infeasible; atw.daily_rest: ")
    assert job.error_message["msgid"].startswith("The pinned assignments themselves break")
    # and the planner reads it in his language, the officer named, no solver id
    name = agent.get_full_name()
    assert _api_error(api_client_for, planner, job, "en") == (
        f"The pinned assignments themselves break a working-time rule (daily rest) for {name}; "
        "no roster was made."
    )
    assert _api_error(api_client_for, planner, job, "nl") == (
        "De vastgezette plaatsingen breken zelf een arbeidstijdregel (dagelijkse rust) voor "
        f"{name}; er is geen rooster gemaakt."
    )
    # and on the console job page, in Dutch
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(planner, backend=MODEL_BACKEND)
    page = client.get(f"/console/jobs/{job.pk}/").content.decode()
    assert f"arbeidstijdregel (dagelijkse rust) voor {name}" in page
    progress = client.get(f"/console/jobs/{job.pk}/progress/").json()
    assert progress["error"].startswith("De vastgezette plaatsingen")
    # and an officer of the team cannot read the job at all
    response = api_client_for(officer).get(f"/api/v1/solve-jobs/{job.pk}/")
    assert response.status_code == 404


def test_a_crash_reads_as_an_internal_error_and_keeps_the_exception_for_the_logs(
    team, basis, planner, django_capture_on_commit_callbacks, monkeypatch, api_client_for
) -> None:
    # given: a solver that crashes
    small = small_period(team, basis)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("details for the logs only")

    monkeypatch.setattr(run, "solver_solve", crash)
    # when
    job = _run(planner, small.period, django_capture_on_commit_callbacks)
    # then
    assert job.error == "RuntimeError: details for the logs only"
    assert _api_error(api_client_for, planner, job, "en") == (
        "The solve stopped on an internal error (RuntimeError); nothing was written."
    )
    assert _api_error(api_client_for, planner, job, "nl") == (
        "De solverrun stopte door een interne fout (RuntimeError); er is niets weggeschreven."
    )


def test_a_lost_worker_reads_in_each_language(
    team, basis, planner, api_client_for, monkeypatch
) -> None:
    # given: a job running since long ago whose heartbeat is gone
    monkeypatch.setattr(heartbeat, "alive", lambda name, ident: False)  # Redis: leaves process
    small = small_period(team, basis, phase=Phase.SOLVING)
    job = SolveJob.objects.create(
        period=small.period,
        requested_by=planner,
        status=SolveStatus.RUNNING,
        started_at=timezone.now() - timezone.timedelta(hours=1),
    )
    # when
    assert solve_jobs_reap(grace_s=1) == 1
    job.refresh_from_db()
    # then
    assert "worker lost" in job.error
    assert _api_error(api_client_for, planner, job, "nl").startswith(
        "De worker die de solverrun uitvoerde is weggevallen"
    )
    assert _api_error(api_client_for, planner, job, "en").startswith(
        "The worker running the solve was lost"
    )


def test_a_job_that_ended_before_messages_were_stored_keeps_its_text(
    team, basis, planner, api_client_for
) -> None:
    small = small_period(team, basis)
    job = SolveJob.objects.create(
        period=small.period, status=SolveStatus.FAILED, error="solver status infeasible"
    )
    assert _api_error(api_client_for, planner, job, "nl") == "solver status infeasible"
    done = SolveJob.objects.create(period=small.period, status=SolveStatus.DONE)
    assert _api_error(api_client_for, planner, done, "en") == ""
