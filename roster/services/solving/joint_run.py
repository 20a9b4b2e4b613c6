"""Running a joint solve: the body of the `roster.tasks.solve_joint` task (issue 18).

`joint_run` is the job version of `joint.joint_solve`: the periods were moved to `solving`
and each got its `SolveJob` when the run was requested (`joint_start.joint_solve_start`).
It builds each period's input, merges them (`roster.solver.joint`), solves the joint input in
a thread while this thread (which owns the database connection) writes the progress to the
run and its jobs and watches for a cancel (a planner may cancel any period's job: the whole
run ends), verifies the joint result, and writes EVERY period's roster in one transaction, or
none. Each job gets its period's part of the result and a report built from its period's own
input (`part_result`), so the period's report reads as after a single-team solve; the
objective and bound are the run's. A crash, a failed verification, a cancel or a lost worker
(`joint_solves_reap`) writes no assignment and returns every period to `signup_closed`.

Lock order: periods (by primary key), then the run, then its jobs (by primary key), then the
officers of the result (`roster.services.locking`, level 3 in that order).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common import heartbeat
from common.i18n import Msg
from roster.joint_models import JointSolve, JointStatus
from roster.models import ACTIVE_SOLVE_STATUSES, Phase, RosterPeriod, SolveJob, SolveStatus
from roster.services.audit import audit_record
from roster.services.locking import lock_periods, lock_row, lock_rows
from roster.services.phases import move_locked
from roster.services.solving import failure
from roster.services.solving.commit import roster_replace
from roster.services.solving.elsewhere import elsewhere_conflicts, lock_officers
from roster.services.solving.failure import failure_fields
from roster.services.solving.input import BuiltInput, agree_stages, build_input
from roster.services.solving.joint import team_key
from roster.services.solving.outcome import job_finish, period_release
from roster.services.solving.run import PROGRESS_INTERVAL_S, SolveCancelled, _Shared
from roster.solve_refs import ref_pk
from roster.solve_report import report_build
from roster.solver.io import parse_input, result_to_dict
from roster.solver.joint import MIN_SOLVE_S, SEP, merge_inputs, split_result
from roster.solver.solve import solve as solver_solve
from roster.solver.types import SolveInput
from roster.solver.verify import verify

logger = logging.getLogger(__name__)

#: The task whose heartbeat tells that a run's worker is alive (`common.heartbeat`).
JOINT_TASK = "roster.tasks.solve_joint"


@dataclass
class Part:
    """One period's share of a joint result: its placements (plain skill codes), its result
    and its report."""

    placements: list[dict[str, str]]
    result: dict[str, Any]
    report: dict[str, Any]


def part_result(key: str, part_inp: SolveInput, joint: Mapping[str, Any]) -> dict[str, Any]:
    """The joint result cut to one period (`key` its team key): its placements, shortfalls,
    officers and trainees, with plain skill codes. Status, objective, bound, stages and the
    fairness figures are the run's; an officer's figures count his work in every period of
    the run (his rest and hours rules do too)."""
    prefix = f"{key}{SEP}"
    shift_ids = {s.id for s in part_inp.shifts}
    officer_ids = {o.id for o in part_inp.officers}
    return {
        **joint,
        "assignments": split_result([key], joint["assignments"])[key],
        "shortfalls": [
            {**s, "skill": s["skill"].removeprefix(prefix)}
            for s in joint["shortfalls"]
            if s["shift"] in shift_ids and s["skill"].startswith(prefix)
        ],
        "officers": [row for row in joint["officers"] if row["id"] in officer_ids],
        "training": [
            {**t, "skill": t["skill"].removeprefix(prefix)}
            for t in joint.get("training") or []
            if t["officer"] in officer_ids and t["skill"].startswith(prefix)
        ],
    }


def _part(key: str, built: BuiltInput, out: Mapping[str, Any], baseline: Mapping[str, Any]) -> Part:
    part_inp = parse_input(built.data)
    result = part_result(key, part_inp, out)
    report = report_build(
        inp=part_inp,
        result=result,
        baseline=part_result(key, part_inp, baseline),
        names=built.names,
        notes=[note.to_json() for note in built.notes],
    )
    report["joint"] = True
    return Part(placements=result["assignments"], result=result, report=report)


def _cancelled(joint_id: int) -> bool:
    return SolveJob.objects.filter(joint_id=joint_id, status=SolveStatus.CANCELLED).exists()


def _solve_watched(inp: SolveInput, joint_id: int, shared: _Shared, limit_s: float) -> Any:
    """Solve in a thread; write progress to the run and its jobs and watch for a cancel."""

    def target() -> None:
        try:
            shared.outcome = solver_solve(
                inp,
                time_limit_s=limit_s,
                workers=int(settings.SOLVER_WORKERS),
                seed=0,
                progress=shared.report,
            )
        except BaseException as exc:  # handed to the owning thread
            shared.error = exc

    worker = threading.Thread(target=target, name=f"joint-solve-{joint_id}", daemon=True)
    worker.start()
    written: dict[str, float] | None = None
    while worker.is_alive():
        worker.join(PROGRESS_INTERVAL_S)
        with shared.lock:
            progress = shared.progress
        if progress is not None and progress != written:
            JointSolve.objects.filter(pk=joint_id).update(progress=progress)
            SolveJob.objects.filter(joint_id=joint_id, status=SolveStatus.RUNNING).update(
                progress=progress
            )
            written = progress
        if not shared.cancel.is_set() and _cancelled(joint_id):
            shared.cancel.set()
    if shared.error is not None:
        raise shared.error
    return shared.outcome


def joint_run(*, joint_id: int) -> str:
    """Run a queued joint solve to its end (the Celery task's body; idempotent): a run that
    already ended is left alone, a `running` one (redelivered after its worker died) starts
    again. Returns the run's final status."""
    now = timezone.now()
    with transaction.atomic():
        run = lock_row(JointSolve.objects, pk=joint_id)
        if not run.active:
            return run.status
        run.status, run.started_at = JointStatus.RUNNING, now
        run.save(update_fields=["status", "started_at"])
        SolveJob.objects.filter(joint_id=joint_id, status__in=ACTIVE_SOLVE_STATUSES).update(
            status=SolveStatus.RUNNING, started_at=now
        )
    jobs = list(
        SolveJob.objects.filter(joint_id=joint_id).select_related("period").order_by("period_id")
    )
    periods = [j.period for j in jobs]
    started = time.perf_counter()
    try:
        built = [
            (team_key(p), p.pk, build_input(p, also_solving=[q for q in periods if q.pk != p.pk]))
            for p in periods
        ]
        agree_stages([b for _key, _pk, b in built])
        inp = parse_input(merge_inputs([(key, b.data) for key, _pk, b in built]))
        # as `joint.joint_solve`: the limit holds for the whole run, reading and merging count
        left = float(settings.SOLVER_TIME_LIMIT_S) - (time.perf_counter() - started)
        out = result_to_dict(_solve_watched(inp, joint_id, _Shared(), max(MIN_SOLVE_S, left)))
        baseline = result_to_dict(
            solver_solve(inp, time_limit_s=1.0, workers=1, seed=0, baseline=True)
        )
        problems: list[str] = []
        message = None
        if out["status"] not in ("optimal", "feasible"):
            problems.append(f"solver status {out['status']}")
            problems += [f"{v['rule']}: {v['message']}" for v in out.get("violations", [])]
            # names of every team's officers: a run's error reaches each team's planners
            message = failure.no_roster(out, {})
        checked = verify(inp, out).problems()
        problems += checked
        parts = {} if problems else {pk: _part(key, b, out, baseline) for key, pk, b in built}
    except SolveCancelled:
        return joint_end(joint_id, JointStatus.CANCELLED, "")
    except Exception as exc:
        logger.exception("joint solve %s failed", joint_id)
        return joint_end(
            joint_id, JointStatus.FAILED, f"{type(exc).__name__}: {exc}", failure.crashed(exc)
        )
    if problems:
        return joint_end(
            joint_id,
            JointStatus.FAILED,
            "; ".join(problems[:20]),
            message or failure.failed_check(len(checked)),
        )
    total = round(time.perf_counter() - started, 2)
    for part in parts.values():
        part.report["total_seconds"] = total
    return _commit(joint_id, inp, out, parts)


def _locked(
    joint_id: int,
) -> tuple[JointSolve, list[SolveJob], dict[int, RosterPeriod]]:
    """Lock the run's periods, the run and its jobs, in the documented order."""
    period_ids = SolveJob.objects.filter(joint_id=joint_id).values_list("period_id", flat=True)
    periods = lock_periods(list(period_ids))
    run = lock_row(JointSolve.objects, pk=joint_id)
    jobs = lock_rows(SolveJob.objects.filter(joint_id=joint_id).order_by("pk"))
    return run, jobs, periods


def _finish_locked(
    run: JointSolve,
    jobs: list[SolveJob],
    periods: Mapping[int, RosterPeriod],
    status: str,
    error: str | Msg,
    message: Msg | None = None,
) -> str:
    """End a run the caller holds locked without a roster: every active job ends as
    `status`, every period still `solving` returns to `signup_closed`. `error` and `message`
    as `failure.failure_fields`."""
    fields = failure_fields(error, message)
    for job in jobs:
        if job.active:  # a cancelled job's period was released by the cancel (and may
            # be solving again, in another job, since)
            job_finish(job, status, **fields)
            period_release(periods[job.period_id], actor=run.requested_by, reason=f"solve_{status}")
    run.status, run.finished_at = status, timezone.now()
    run.error, run.error_message = fields["error"], fields["error_message"]
    run.save(update_fields=["status", "error", "error_message", "finished_at"])
    return run.status


def joint_end(joint_id: int, status: str, error: str | Msg, message: Msg | None = None) -> str:
    """End an active run as `status` with `error` and no roster (idempotent: an ended run is
    left alone). Returns the run's final status."""
    with transaction.atomic():
        run, jobs, periods = _locked(joint_id)
        if not run.active:
            return run.status
        return _finish_locked(run, jobs, periods, status, error, message)


def _commit(
    joint_id: int, inp: SolveInput, out: Mapping[str, Any], parts: Mapping[int, Part]
) -> str:
    """Write every period's roster in ONE transaction, or none (see the module docstring)."""
    progress = {"objective": out["objective"], "bound": out["bound"], "seconds": out["wall_time_s"]}
    with transaction.atomic():
        run, jobs, periods = _locked(joint_id)
        if not run.active:
            return run.status
        if any(not job.active for job in jobs):  # a period's job was cancelled meanwhile
            return _finish_locked(
                run,
                jobs,
                periods,
                JointStatus.CANCELLED,
                "a period's solve was cancelled",
                failure.period_cancelled(),
            )
        left = sorted(p.pk for p in periods.values() if p.phase != Phase.SOLVING)
        if left:
            return _finish_locked(
                run,
                jobs,
                periods,
                JointStatus.FAILED,
                f"periods left solving: {left}",
                failure.periods_left_solving(len(left)),
            )
        placements = [x for part in parts.values() for x in part.placements]
        lock_officers(sorted({ref_pk(x["officer"]) for x in placements}))
        clashes = elsewhere_conflicts(
            [periods[j.period_id] for j in jobs],
            placements,
            h0=inp.horizon_start,
            h1=inp.horizon_end,
        )
        if clashes:
            error = "another team's roster changed meanwhile: " + "; ".join(
                f"{v.rule}: {v.message}" for v in clashes[:20]
            )
            message = failure.elsewhere_clash((v.officer for v in clashes), len(clashes))
            return _finish_locked(run, jobs, periods, JointStatus.FAILED, error, message)
        now = timezone.now()
        for job in jobs:
            period, part = periods[job.period_id], parts[job.period_id]
            written = roster_replace(period, part.placements, actor=run.requested_by)
            move_locked(actor=run.requested_by, period=period, to_phase=Phase.PROPOSED)  # type: ignore[arg-type]
            audit_record(
                actor=run.requested_by,
                period=period,
                action="solve_result",
                payload={"job": job.pk, "joint": joint_id, **written},
            )
            job_finish(
                job,
                SolveStatus.DONE,
                result=part.result,
                report=part.report,
                progress=progress,
                applied_at=now,
            )
        run.status, run.progress, run.finished_at = JointStatus.DONE, progress, now
        run.save(update_fields=["status", "progress", "finished_at"])
        return run.status


def joint_solves_reap(*, grace_s: float | None = None) -> int:
    """Fail `running` joint solves whose worker is gone (no heartbeat, `common.heartbeat`):
    every job failed, every period back to `signup_closed` (idempotent). A run younger than
    `grace_s` is left alone. Returns how many runs were reaped."""
    grace = heartbeat.HEARTBEAT_TTL_S * 2 if grace_s is None else grace_s
    cutoff = timezone.now() - dt.timedelta(seconds=grace)
    reaped = 0
    for joint_id in JointSolve.objects.filter(
        status=JointStatus.RUNNING, started_at__lt=cutoff
    ).values_list("pk", flat=True):
        if heartbeat.alive(JOINT_TASK, joint_id) is not False:
            continue
        status = joint_end(
            joint_id,
            JointStatus.FAILED,
            "worker lost: no heartbeat (the worker died mid-solve)",
            failure.worker_lost(),
        )
        logger.warning("joint solve %s: worker lost, marked %s", joint_id, status)
        reaped += 1
    return reaped
