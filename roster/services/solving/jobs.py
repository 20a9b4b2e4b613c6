"""Solve jobs: a planner starts or cancels one.

`solve_start` (planner; `signup_closed` → `solving`, or a published period in repair mode)
creates a queued `SolveJob` and enqueues `roster.tasks.solve_period` on commit, which runs
`roster.services.solving.run.solve_job_run`. `solve_cancel` ends a queued or running job at
once; the running solver sees the cancel at its next progress report.

Lock order: period, then solve job (the same as every roster write).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from organisation.models import Officer
from roster.errors import SolveFinished, SolveRunning
from roster.models import (
    ACTIVE_SOLVE_STATUSES,
    Phase,
    RosterPeriod,
    SolveJob,
    SolveMode,
    SolveStatus,
)
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_row
from roster.services.permissions import require_planner
from roster.services.phases import move_locked, require_phase
from roster.services.solving.outcome import job_finish, period_release
from roster.tasks import solve_period


def solve_start(*, actor: Officer, period: RosterPeriod, mode: str = SolveMode.NORMAL) -> SolveJob:
    """Start a solve (planner of the team). Normal: the period must be `signup_closed` and
    moves to `solving`; repair: the period must be `published` and stays so. A queued or
    running job of the period → SolveRunning (409), also under a race (DB constraint)."""
    require_planner(actor, period.team_id)
    with transaction.atomic():
        locked = lock_period(period)
        if SolveJob.objects.filter(period=locked, status__in=ACTIVE_SOLVE_STATUSES).exists():
            raise SolveRunning()
        if mode == SolveMode.REPAIR:
            require_phase(locked, Phase.PUBLISHED)
        else:
            require_phase(locked, Phase.SIGNUP_CLOSED)
            move_locked(actor=actor, period=locked, to_phase=Phase.SOLVING)
        try:
            with transaction.atomic():
                job = SolveJob.objects.create(period=locked, requested_by=actor, mode=mode)
        except IntegrityError:
            raise SolveRunning() from None
        audit_record(actor=actor, period=locked, action="solve_start", payload={"job": job.pk})
        job_id = job.pk
        transaction.on_commit(lambda: solve_period.delay(job_id))
    return job


def solve_cancel(*, actor: Officer, job: SolveJob) -> SolveJob:
    """Cancel a queued or running job (planner of the team). The roster is left as it was;
    a normal solve's period returns to `signup_closed` at once. Finished → SolveFinished."""
    require_planner(actor, job.period.team_id)
    with transaction.atomic():
        period = lock_period(job.period)
        locked = lock_row(SolveJob.objects, pk=job.pk)
        if not locked.active:
            raise SolveFinished(extra={"status": locked.status})
        job_finish(locked, SolveStatus.CANCELLED)
        period_release(period, actor=actor, reason="solve_cancelled")
    return locked
