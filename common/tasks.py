"""Housekeeping tasks of the common app."""

from __future__ import annotations

import logging

from celery import shared_task

from common.idempotency import purge_expired

logger = logging.getLogger(__name__)


@shared_task(name="common.tasks.ping")
def ping() -> str:
    """Answer "pong": `/healthz?deep=1` uses it to show that a worker runs tasks."""
    return "pong"


@shared_task(name="common.tasks.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Delete expired idempotency records (idempotent; beat runs it hourly)."""
    return purge_expired()


@shared_task(name="common.tasks.reap_stale_solve_jobs", ignore_result=True)
def reap_stale_solve_jobs(grace_s: float | None = None) -> int:
    """Mark `running` solve jobs whose worker is gone (no heartbeat, see common.heartbeat) as
    failed; the period goes back to `signup_closed` and can be solved again (idempotent; beat
    runs it every minute). A job younger than `grace_s` is left alone."""
    import datetime as dt

    from django.utils import timezone

    from common import heartbeat
    from roster.models import SolveJob, SolveStatus
    from roster.services.solving.outcome import end_without_roster

    grace = heartbeat.HEARTBEAT_TTL_S * 2 if grace_s is None else grace_s
    cutoff = timezone.now() - dt.timedelta(seconds=grace)
    reaped = 0
    for job_id in SolveJob.objects.filter(
        status=SolveStatus.RUNNING, started_at__lt=cutoff
    ).values_list("pk", flat=True):
        if heartbeat.alive("roster.tasks.solve_period", job_id) is not False:
            continue
        # the same ending as a solve that fails: job failed, period released, audit event
        status = end_without_roster(
            job_id, SolveStatus.FAILED, "worker lost: no heartbeat (the worker died mid-solve)"
        )
        logger.warning("solve job %s: worker lost, marked %s", job_id, status)
        reaped += 1
    return reaped
