"""Requesting a joint solve (issue 18): several teams' periods solved together in one run.

`joint_solve_start` (planner of every team) checks the periods (`joint.check_periods`: at
least two, one per team of one unit, overlapping in time, sharing officers; each
`signup_closed` with no solve queued or running), moves them to `solving`, creates the
`JointSolve` and one `SolveJob` per period, and enqueues `roster.tasks.solve_joint` on commit,
which runs `joint_run.joint_run`. Each period's job is an ordinary solve job, so the one
active job per period holds across single and joint solves (database constraint).

Lock order: periods (by primary key), then the solve jobs (`roster.services.locking`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from organisation.models import Officer
from roster.errors import SolveRunning
from roster.joint_models import JointSolve
from roster.models import ACTIVE_SOLVE_STATUSES, Phase, RosterPeriod, SolveJob
from roster.services.audit import audit_record
from roster.services.locking import lock_periods
from roster.services.permissions import require_planner
from roster.services.phases import move_locked, require_phase
from roster.services.solving.joint import check_periods
from roster.tasks import solve_joint


def joint_solve_start(*, actor: Officer, periods: Sequence[RosterPeriod]) -> JointSolve:
    """Request a joint solve of `periods` (see the module docstring). Raises Forbidden (not
    a planner of every team), JointSolveNotPossible (409), SolveRunning (409) or WrongPhase
    (409) before anything changes."""
    for p in periods:
        require_planner(actor, p.team_id)
    ids = [p.pk for p in periods]
    with transaction.atomic():
        locked = lock_periods(ids)
        ordered = [locked[pk] for pk in ids]
        check_periods(ordered)
        for p in ordered:
            if SolveJob.objects.filter(period=p, status__in=ACTIVE_SOLVE_STATUSES).exists():
                raise SolveRunning(extra={"period": p.pk})
            require_phase(p, Phase.SIGNUP_CLOSED)
        run = JointSolve.objects.create(requested_by=actor)
        for p in ordered:
            move_locked(actor=actor, period=p, to_phase=Phase.SOLVING)
            try:
                with transaction.atomic():
                    job = SolveJob.objects.create(period=p, requested_by=actor, joint=run)
            except IntegrityError:
                raise SolveRunning(extra={"period": p.pk}) from None
            audit_record(
                actor=actor,
                period=p,
                action="solve_start",
                payload={"job": job.pk, "joint": run.pk, "periods": sorted(ids)},
            )
        run_id = run.pk
        transaction.on_commit(lambda: solve_joint.delay(run_id))
    return run
