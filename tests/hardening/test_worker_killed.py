"""Fault: the Celery worker is SIGKILLed in the middle of a solve (scripted with a real worker
process on PostgreSQL and Redis). What happened is in docs/operations.md, "Faults"."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from common import heartbeat
from roster.models import Assignment, Phase, RosterAuditEvent, SolveJob, SolveStatus
from roster.services.solving.jobs import solve_start
from roster.tasks import reap_stale_solve_jobs
from tests.conftest import REPO
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import PeriodFactory, ShiftFactory, SignUpFactory, aware


def _worker_env(**extra: str) -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env.setdefault("SECRET_KEY", settings.SECRET_KEY)
    env.update(extra)
    return env


def _start_worker(**extra: str) -> subprocess.Popen[bytes]:
    from config.celery import app

    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO,
        env=_worker_env(**extra),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return proc
        if proc.poll() is not None:
            pytest.fail("the Celery worker exited at start-up")
    proc.kill()
    pytest.fail("the Celery worker did not answer a ping within 60 s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for(job: SolveJob, statuses: set[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return
        time.sleep(0.2)
    pytest.fail(f"job {job.pk} still {job.status} after {timeout} s")


@pytest.fixture
def clean_broker(django_db_setup: Any) -> Iterator[Any]:
    """Purge the queue before and after; drop the killed worker's unacknowledged message so
    that no later test's worker gets it."""
    import redis

    from config.celery import app

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    app.control.purge()
    yield client
    app.control.purge()
    client.delete("unacked", "unacked_index", "unacked_mutex")


def _busy_period(team: Any, basis: Any) -> Any:
    """Four weeks, three shifts a day, 24 officers: CP-SAT keeps improving for minutes."""
    start = dt.date(2027, 1, 4)
    period = PeriodFactory(
        team=team,
        start_date=start,
        end_date=start + dt.timedelta(days=28),
        phase=Phase.SIGNUP_CLOSED,
        signup_opens_at=aware(2026, 11, 1, 0, 0),
        signup_closes_at=aware(2026, 11, 15, 0, 0),
    )
    officers = []
    for i in range(24):
        o = OfficerFactory(first_name=f"Agent{i}", teams=[team])
        QualificationFactory(officer=o, skill=basis)
        officers.append(o)
    n = 0
    for day in range(28):
        d = start + dt.timedelta(days=day)
        for kind, hour, length in (("early", 7, 8), ("late", 15, 8), ("night", 23, 8)):
            begin = aware(d.year, d.month, d.day, hour, 0)
            shift = ShiftFactory(
                period=period,
                kind=kind,
                start=begin,
                end=begin + dt.timedelta(hours=length),
                demand={"basis": 3},
            )
            for k in range(3):
                n += 1
                SignUpFactory(officer=officers[(n * 7 + k) % 24], shift=shift, wish="want")
    return period


@pytest.mark.broker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_solve_leaves_a_failed_job_and_a_period_that_can_be_solved_again(
    clean_broker: Any, team: Any, basis: Any, planner: Any
) -> None:
    # given: a period that takes minutes to solve, and a real worker with a long time limit
    period = _busy_period(team, basis)
    worker = _start_worker(SOLVER_TIME_LIMIT_S="300", CELERY_VISIBILITY_TIMEOUT="5")
    try:
        job = solve_start(actor=planner, period=period)
        _wait_for(job, {SolveStatus.RUNNING}, timeout=60)
        time.sleep(2)  # solving now
        assert heartbeat.alive("roster.tasks.solve_period", job.pk) is True

        # when: the worker is killed without warning
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        job.refresh_from_db()
        assert job.status == SolveStatus.RUNNING  # nobody is left to say otherwise

        # then: its heartbeat stops, and the reaper fails the job and releases the period
        deadline = time.monotonic() + heartbeat.HEARTBEAT_TTL_S + 10
        while heartbeat.alive("roster.tasks.solve_period", job.pk):
            assert time.monotonic() < deadline, "the heartbeat outlived its worker"
            time.sleep(0.5)
        assert reap_stale_solve_jobs(grace_s=0) == 1
        job.refresh_from_db()
        period.refresh_from_db()
        assert job.status == SolveStatus.FAILED
        assert "worker lost" in job.error
        assert period.phase == Phase.SIGNUP_CLOSED
        assert not Assignment.objects.filter(shift__period=period).exists()
        assert RosterAuditEvent.objects.filter(period=period, action="solve_failed").exists()
        assert reap_stale_solve_jobs(grace_s=0) == 0  # idempotent
    finally:
        _stop(worker)

    # and: the planner solves again on a new worker, which also gets the killed run's message
    # again (visibility timeout 5 s here) and leaves that ended job alone
    worker = _start_worker(SOLVER_TIME_LIMIT_S="5", CELERY_VISIBILITY_TIMEOUT="5")
    try:
        again = solve_start(actor=planner, period=period)
        _wait_for(again, {SolveStatus.DONE, SolveStatus.FAILED}, timeout=120)
        assert again.status == SolveStatus.DONE, again.error
        period.refresh_from_db()
        assert period.phase == Phase.PROPOSED
        assert Assignment.objects.filter(shift__period=period).exists()
        job.refresh_from_db()
        assert job.status == SolveStatus.FAILED
    finally:
        _stop(worker)


@pytest.mark.django_db
def test_the_reaper_leaves_a_running_job_alone_when_it_cannot_tell(
    settings: Any, team: Any, basis: Any
) -> None:
    # given: no broker (eager Celery): there are no heartbeats to watch
    settings.CELERY_BROKER_URL = ""
    period = PeriodFactory(team=team, phase=Phase.SOLVING)
    job = SolveJob.objects.create(
        period=period, status=SolveStatus.RUNNING, started_at=aware(2026, 1, 1, 0, 0)
    )
    # then: an old running job is not declared dead on a guess
    assert reap_stale_solve_jobs(grace_s=0) == 0
    job.refresh_from_db()
    assert job.status == SolveStatus.RUNNING


@pytest.mark.broker
@pytest.mark.django_db
def test_a_heartbeat_lives_while_its_task_runs_and_is_gone_after() -> None:
    heartbeat.start("roster.tasks.solve_period", 424242)
    try:
        assert heartbeat.alive("roster.tasks.solve_period", 424242) is True
    finally:
        heartbeat.stop("roster.tasks.solve_period", 424242)
    deadline = time.monotonic() + heartbeat.HEARTBEAT_INTERVAL_S + 3
    while heartbeat.alive("roster.tasks.solve_period", 424242):
        assert time.monotonic() < deadline
        time.sleep(0.2)
