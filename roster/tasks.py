"""Celery tasks of the roster: they take ids and call a service (idempotent)."""

from __future__ import annotations

from celery import shared_task

from roster.services.fair_award import open_shift_awards_due
from roster.services.lent_claim_decisions import lent_claims_void_due
from roster.services.open_fits import open_fits_refresh
from roster.services.open_shifts import open_places_announce
from roster.services.qualification_expiry import qualification_expiry_announce
from roster.services.solving.joint_run import joint_run, joint_solves_reap
from roster.services.solving.outcome import solve_jobs_reap
from roster.services.solving.run import solve_job_run
from roster.services.swap_chain_upkeep import swap_chains_void_stale
from roster.services.swaps import swaps_expire


@shared_task(
    name="roster.tasks.solve_period",
    acks_late=True,
    reject_on_worker_lost=False,
    ignore_result=True,
)
def solve_period(job_id: int) -> str:
    """Run solve job `job_id` to its end (see `roster.services.solving.run.solve_job_run`).

    Late acknowledgement: a message is not lost with its worker. A worker that dies mid-solve
    stops the job's heartbeat: the reaper marks the job failed and the period can be solved
    again; nothing of the killed run was written (the roster is written in one transaction).
    No requeue on worker loss: a solve that kills its worker must not loop (config/celery.py).
    A redelivered message of an ended job does nothing."""
    return solve_job_run(job_id=job_id)


@shared_task(
    name="roster.tasks.solve_joint",
    acks_late=True,
    reject_on_worker_lost=False,
    ignore_result=True,
)
def solve_joint(joint_id: int) -> str:
    """Run joint solve `joint_id` to its end (`roster.services.solving.joint_run.joint_run`),
    on the same terms as `solve_period`: late acknowledgement, no requeue on worker loss, a
    heartbeat the reaper watches, a redelivered message of an ended run does nothing."""
    return joint_run(joint_id=joint_id)


@shared_task(name="roster.tasks.expire_swaps", ignore_result=True)
def expire_swaps() -> int:
    """Expire open swap offers whose shift has started (idempotent; beat runs it every
    15 minutes)."""
    return swaps_expire()


@shared_task(name="roster.tasks.void_stale_swap_chains", ignore_result=True)
def void_stale_swap_chains() -> int:
    """Void open swap chains whose premises broke (a shift cancelled or started, a party
    absent, gone from the team or unqualified, a place changed hands); idempotent; beat runs
    it every 15 minutes (issue 18)."""
    return swap_chains_void_stale()


@shared_task(name="roster.tasks.award_open_shifts", ignore_result=True)
def award_open_shifts() -> int:
    """Award fair-award open places whose claim deadline has passed (idempotent; beat runs
    it every 5 minutes)."""
    return open_shift_awards_due()


@shared_task(name="roster.tasks.void_lent_claims", ignore_result=True)
def void_lent_claims() -> int:
    """Void pending lent claims whose place has gone (started, filled, cancelled, no longer
    published) and tell the officer (idempotent; beat runs it every 5 minutes)."""
    return lent_claims_void_due()


@shared_task(name="roster.tasks.announce_open_shifts", ignore_result=True)
def announce_open_shifts(shift_ids: list[int]) -> int:
    """Tell the officers who may take one of these open places (after a sick report freed
    them). Runs after the commit so that the rules checks per colleague do not slow the
    report down; safe to repeat (a repeat only notifies again)."""
    return open_places_announce(shift_ids=shift_ids)


@shared_task(name="roster.tasks.announce_expiring_qualifications", ignore_result=True)
def announce_expiring_qualifications() -> int:
    """Tell officers and their planners of qualifications that expire within
    `QUALIFICATION_EXPIRY_NOTICE_DAYS`, once per expiry date (idempotent; beat runs it daily;
    issue 18)."""
    return qualification_expiry_announce()


# Registered under its name from when it lived in common/tasks.py: the beat entry
# (config/celery.py, copied into django_celery_beat's table) and queued messages name it so.
@shared_task(name="common.tasks.reap_stale_solve_jobs", ignore_result=True)
def reap_stale_solve_jobs(grace_s: float | None = None) -> int:
    """Fail `running` solve jobs and joint solves whose worker is gone (see `solve_jobs_reap`,
    `joint_solves_reap`; idempotent; beat runs it every minute)."""
    return solve_jobs_reap(grace_s=grace_s) + joint_solves_reap(grace_s=grace_s)


@shared_task(name="roster.tasks.refresh_open_fits", ignore_result=True)
def refresh_open_fits(officer_ids: list[int]) -> int:
    """Recompute the materialised open places of these officers where an input changed since
    (`roster.services.open_fits`; idempotent: a fresh officer is skipped)."""
    return open_fits_refresh(officer_ids=officer_ids)
