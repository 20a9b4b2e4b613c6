"""Running a solve job: the body of the `roster.tasks.solve_period` task.

`solve_job_run` solves in a thread while the calling thread (which owns the database
connection) writes progress at most every `PROGRESS_INTERVAL_S` and watches for a cancel. The
result is verified and reported, then written in ONE transaction (`commit.result_commit`). A
crash, a failed verification or a cancel writes no assignment (`outcome.end_without_roster`).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from roster.models import SolveJob, SolveStatus
from roster.services.locking import lock_row
from roster.services.solving import failure
from roster.services.solving.commit import result_commit
from roster.services.solving.input import build_input
from roster.services.solving.outcome import end_without_roster
from roster.solve_report import report_build
from roster.solver.io import parse_input, result_to_dict
from roster.solver.solve import solve as solver_solve
from roster.solver.types import SolveInput
from roster.solver.verify import verify

logger = logging.getLogger(__name__)

#: Progress is written to the job row at most this often; cancels are seen this fast.
PROGRESS_INTERVAL_S = 1.0


class SolveCancelled(Exception):
    """Raised from the solver's progress callback to stop the search after a cancel."""


class _Shared:
    """State shared between the solver thread and the thread that owns the job row."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.progress: dict[str, float] | None = None
        self.cancel = threading.Event()
        self.outcome: Any = None
        self.error: BaseException | None = None

    def report(self, objective: float, bound: float, seconds: float) -> None:
        with self.lock:
            self.progress = {
                "objective": round(objective),
                "bound": round(bound),
                "seconds": round(seconds, 2),
            }
        if self.cancel.is_set():
            raise SolveCancelled()  # CP-SAT stops the search and re-raises it from solve()


def _job_status(job_id: int) -> str:
    status: str = SolveJob.objects.values_list("status", flat=True).get(pk=job_id)
    return status


def _run_solver(inp: SolveInput, shared: _Shared, job_id: int) -> None:
    """Solve in a thread; poll it from this thread (which owns the DB connection)."""

    def target() -> None:
        try:
            shared.outcome = solver_solve(
                inp,
                time_limit_s=float(settings.SOLVER_TIME_LIMIT_S),
                workers=int(settings.SOLVER_WORKERS),
                seed=0,
                progress=shared.report,
            )
        except BaseException as exc:  # handed to the owning thread
            shared.error = exc

    worker = threading.Thread(target=target, name=f"solve-job-{job_id}", daemon=True)
    worker.start()
    written: dict[str, float] | None = None
    while worker.is_alive():
        worker.join(PROGRESS_INTERVAL_S)
        with shared.lock:
            progress = shared.progress
        if progress is not None and progress != written:
            SolveJob.objects.filter(pk=job_id).update(progress=progress)
            written = progress
        if not shared.cancel.is_set() and _job_status(job_id) == SolveStatus.CANCELLED:
            shared.cancel.set()
    if shared.error is not None:
        raise shared.error


def solve_job_run(*, job_id: int) -> str:
    """Run a queued job to its end (the Celery task's body; idempotent): a job that already
    finished is left alone, a `running` job (redelivered after a worker died) starts again.
    Returns the final status."""
    with transaction.atomic():
        job = lock_row(SolveJob.objects, pk=job_id)
        if not job.active:
            return job.status
        job.status = SolveStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    shared = _Shared()
    started = time.perf_counter()
    try:
        built = build_input(job.period, mode=job.mode)
        inp = parse_input(built.data)
        _run_solver(inp, shared, job_id)
        result = shared.outcome
        baseline = solver_solve(inp, time_limit_s=1.0, workers=1, seed=0, baseline=True)
        result_dict = result_to_dict(result)
        checked = verify(inp, result_dict)
        report = report_build(
            inp=inp,
            result=result_dict,
            baseline=result_to_dict(baseline),
            names=built.names,
            notes=[note.to_json() for note in built.notes],  # read in the reader's language
        )
    except SolveCancelled:
        return end_without_roster(job_id, SolveStatus.CANCELLED, "")
    except Exception as exc:
        logger.exception("solve job %s failed", job_id)
        return end_without_roster(
            job_id,
            SolveStatus.FAILED,
            f"{type(exc).__name__}: {exc}",
            message=failure.crashed(exc),
        )
    report["total_seconds"] = round(time.perf_counter() - started, 2)
    problems: list[str] = []
    message = None
    if result_dict["status"] not in ("optimal", "feasible"):
        problems.append(f"solver status {result_dict['status']}")
        problems += [f"{v['rule']}: {v['message']}" for v in result_dict.get("violations", [])]
        message = failure.no_roster(result_dict, built.names)
    problems += checked.problems()
    if problems:
        return end_without_roster(
            job_id,
            SolveStatus.FAILED,
            "; ".join(problems[:20]),
            message=message or failure.failed_check(len(checked.problems())),
            result=result_dict,
        )
    return result_commit(job_id, inp, result_dict, report)
