"""Celery tasks of the roster: they take ids and call a service (idempotent)."""

from __future__ import annotations

from celery import shared_task

from roster.services.solving import solve_job_run


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def solve_period(job_id: int) -> str:
    """Run solve job `job_id` to its end (see `roster.services.solving.solve_job_run`).

    Late acknowledgement: if the worker dies mid-solve the message is delivered again and
    the job restarts from scratch; nothing of the first run was written."""
    return solve_job_run(job_id=job_id)


@shared_task(name="roster.tasks.expire_swaps", ignore_result=True)
def expire_swaps() -> int:
    """Expire open swap offers whose shift has started (idempotent; beat runs it every
    15 minutes)."""
    from roster.services.swaps import swaps_expire

    return swaps_expire()
