"""The solve task on the real stack: a Celery worker process (broker) and the one-running-job
constraint on PostgreSQL."""

import time

import pytest
from django.db import IntegrityError, transaction

from roster.models import Assignment, Phase, SolveJob, SolveStatus
from roster.services.solving.jobs import solve_start
from roster.tasks import solve_period
from tests.roster.solve_fixtures import small_period


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_solves_a_small_period(celery_worker_process, settings, team, basis, planner):
    # the worker reads SOLVER_TIME_LIMIT_S from its own settings (default 30 s): the tiny
    # period is solved optimally long before that
    small = small_period(team, basis)
    job = solve_start(actor=planner, period=small.period)  # enqueued on commit
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.active:
            break
        time.sleep(0.5)
    small.period.refresh_from_db()
    assert job.status == SolveStatus.DONE, job.error
    assert small.period.phase == Phase.PROPOSED
    assert Assignment.objects.filter(shift__period=small.period).count() == len(
        job.result["assignments"]
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_allows_one_queued_or_running_job_per_period(team, basis):
    small = small_period(team, basis, phase=Phase.SOLVING)
    SolveJob.objects.create(period=small.period, status=SolveStatus.RUNNING)
    SolveJob.objects.create(period=small.period, status=SolveStatus.FAILED)
    with pytest.raises(IntegrityError), transaction.atomic():
        SolveJob.objects.create(period=small.period, status=SolveStatus.QUEUED)
    assert SolveJob.objects.filter(status__in=["queued", "running"]).count() == 1


@pytest.mark.django_db
def test_the_task_is_registered_with_late_acks():
    assert solve_period.name == "roster.tasks.solve_period"
    assert solve_period.acks_late is True
