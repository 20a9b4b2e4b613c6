"""How a solve job ends: its final status, and the period released when no roster came of it.

A solve that ends without a roster (crash, failed verification, cancel, lost worker) writes no
assignment and returns a `solving` period to `signup_closed`; a repair never leaves
`published`. `solve_jobs_reap` ends the running jobs whose worker died.

Lock order: period, then solve job (`roster.services.locking`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from common import heartbeat
from common.i18n import Msg
from organisation.models import Officer
from roster.models import Phase, RosterPeriod, SolveJob, SolveStatus
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_row
from roster.services.solving import failure
from roster.services.solving.failure import failure_fields

logger = logging.getLogger(__name__)


def job_finish(job: SolveJob, status: str, **fields: Any) -> None:
    """Give a job the caller holds locked its final `status` (and any other `fields`)."""
    job.status = status
    job.finished_at = timezone.now()
    for key, value in fields.items():
        setattr(job, key, value)
    job.save()


def period_release(period: RosterPeriod, *, actor: Officer | None, reason: str) -> None:
    """A solve that ends without a roster returns a `solving` period to `signup_closed`."""
    if period.phase == Phase.SOLVING:
        period.phase = Phase.SIGNUP_CLOSED
        period.save(update_fields=["phase"])
        audit_record(
            actor=actor,
            period=period,
            action=reason,
            from_phase=Phase.SOLVING,
            to_phase=Phase.SIGNUP_CLOSED,
        )


def end_without_roster(
    job_id: int, status: str, error: str | Msg, *, message: Msg | None = None, **fields: Any
) -> str:
    """End an active job as `status` with `error` (and its reader's `message`, see
    `failure.failure_fields`), releasing its period (idempotent: an ended job is left alone).
    Returns the job's final status."""
    with transaction.atomic():
        job = SolveJob.objects.select_related("period").get(pk=job_id)
        period = lock_period(job.period)
        job = lock_row(SolveJob.objects, pk=job_id)
        if job.active:
            job_finish(job, status, **failure_fields(error, message), **fields)
            period_release(period, actor=job.requested_by, reason=f"solve_{status}")
        return job.status


def solve_jobs_reap(*, grace_s: float | None = None) -> int:
    """Mark `running` solve jobs whose worker is gone (no heartbeat, see common.heartbeat) as
    failed; the period goes back to `signup_closed` and can be solved again (idempotent). A
    job younger than `grace_s` is left alone. Returns how many jobs were reaped."""
    grace = heartbeat.HEARTBEAT_TTL_S * 2 if grace_s is None else grace_s
    cutoff = timezone.now() - dt.timedelta(seconds=grace)
    reaped = 0
    for job_id in SolveJob.objects.filter(
        status=SolveStatus.RUNNING, started_at__lt=cutoff, joint__isnull=True
    ).values_list("pk", flat=True):  # a joint run's jobs: `joint_run.joint_solves_reap`
        if heartbeat.alive("roster.tasks.solve_period", job_id) is not False:
            continue
        # the same ending as a solve that fails: job failed, period released, audit event
        status = end_without_roster(
            job_id,
            SolveStatus.FAILED,
            "worker lost: no heartbeat (the worker died mid-solve)",
            message=failure.worker_lost(),
        )
        logger.warning("solve job %s: worker lost, marked %s", job_id, status)
        reaped += 1
    return reaped
