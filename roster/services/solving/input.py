"""Solving a roster period: the solver input from the database, solve jobs, repair.

- `solve_input_build(period)` returns the `samenroosteren.solve-input/1` JSON object of
  `shared/solver_io.md`. Times are Europe/Amsterdam wall-clock instants written with their
  UTC offset, so the solver's minutes are DST-correct. Officer ids are `o<pk>`, shift ids
  `s<pk>`.
- Qualifications are dated but the solver takes ONE skill list per officer, so a skill is
  listed only if the officer holds it on EVERY local day on which a shift of the period
  demands it ("restrict"; a qualification expiring or starting mid-period is left out and
  named in the report's notes). Restricting can only leave places empty; it can never put an
  unqualified officer on a shift.
- An open-ended sick report blocks until its `expected_end`, or to the horizon end without one.
- `pinned`: non-solver assignments (manual, swap, claim) already in the period; a pin that
  has become unlawful (officer now absent, skill left out) is dropped and named in the notes.
- Jobs: `solve_start` (planner; `signup_closed` → `solving`, or a published period in repair
  mode) creates a queued `SolveJob` and enqueues `roster.tasks.solve_period` on commit;
  `solve_job_run` (the task body) solves in a thread while the calling thread writes progress
  at most every `PROGRESS_INTERVAL_S` and watches for a cancel; the roster is written in ONE
  transaction at the end. A crash, a failed verification or a cancel writes no assignment and
  returns the period to `signup_closed` (a repair never leaves `published`).
- Repair: the published roster is `previous` (the solver uses it as hint and counts changes);
  the result is a change set stored on the job; `repair_apply` applies it to the published
  roster (refused if that roster changed since the solve read it) and rewrites the ledger.

Lock order: period, then solve job (the same as every roster write).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Officer, Qualification, Skill
from roster.burdens import local_wall_clock
from roster.errors import ConsentRequired, RepairNotApplicable, SolveFinished, SolveRunning
from roster.models import (
    ACTIVE_SOLVE_STATUSES,
    Absence,
    Assignment,
    AssignmentSource,
    LedgerEntry,
    Phase,
    RosterPeriod,
    Shift,
    SignUp,
    SolveJob,
    SolveMode,
    SolveStatus,
)
from roster.rules import RuleParams, local_day_index
from roster.services.audit import audit_record
from roster.services.periods import lock_period, move_locked, require_phase
from roster.services.permissions import require_planner
from roster.solver.data import (
    INPUT_FORMAT,
    SolveInput,
    Weights,
    parse_input,
    result_to_dict,
)
from roster.solver.solve import solve as solver_solve
from roster.solver.verify import verify

logger = logging.getLogger(__name__)

TIMEZONE = "Europe/Amsterdam"
PUBLISHED_PHASES = (Phase.PUBLISHED, Phase.ARCHIVED)
#: How far before the horizon published shifts are read for the boundary state (rest,
#: night series, consecutive days, the working stretch for weekly rest).
HISTORY_LOOKBACK = dt.timedelta(days=14)
#: Progress is written to the job row at most this often; cancels are seen this fast.
PROGRESS_INTERVAL_S = 1.0
PINNED_SOURCES = (AssignmentSource.MANUAL, AssignmentSource.SWAP, AssignmentSource.CLAIM)


class SolveCancelled(Exception):
    """Raised from the solver's progress callback to stop the search after a cancel."""


def officer_ref(pk: int) -> str:
    return f"o{pk}"


def shift_ref(pk: int) -> str:
    return f"s{pk}"


def _ref_pk(ref: str) -> int:
    return int(ref[1:])


def _iso(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


def _horizon(period: RosterPeriod) -> tuple[dt.datetime, dt.datetime]:
    return (
        local_wall_clock(period.start_date, dt.time(0)),
        local_wall_clock(period.end_date, dt.time(0)),
    )


# --- input ---------------------------------------------------------------------------------


@dataclasses.dataclass
class BuiltInput:
    """The solver input plus what the report needs to say about how it was built."""

    data: dict[str, Any]
    notes: list[str]
    names: dict[str, str]


def solve_input_build(period: RosterPeriod, *, mode: str = SolveMode.NORMAL) -> dict[str, Any]:
    """The `samenroosteren.solve-input/1` JSON object for `period` (see module docstring)."""
    return build_input(period, mode=mode).data


def build_input(period: RosterPeriod, *, mode: str = SolveMode.NORMAL) -> BuiltInput:
    h0, h1 = _horizon(period)
    notes: list[str] = []
    params = _rule_params()
    shifts = list(
        Shift.objects.filter(period=period, cancelled_at__isnull=True).order_by("start", "id")
    )
    outside = [s for s in shifts if not h0 <= s.start < h1]
    if outside:
        notes.append(f"{len(outside)} shift(s) start outside the period and are left out")
    shifts = [s for s in shifts if h0 <= s.start < h1]
    shift_ids = {s.pk for s in shifts}
    officers = list(
        Officer.objects.filter(teams=period.team_id, is_active=True).distinct().order_by("pk")
    )
    officer_ids = {o.pk for o in officers}

    skills = _officer_skills(officers, shifts, notes)
    history = _officer_history(period, officers, h0, params)
    officer_rows: list[dict[str, Any]] = []
    for o in officers:
        officer_rows.append(
            {
                "id": officer_ref(o.pk),
                "skills": sorted(skills[o.pk]),
                "contract_minutes_per_week": o.contract_minutes_per_week,
                "night_exempt": o.night_exempt,
                "history": history[o.pk],
            }
        )
    shift_rows = [
        {
            "id": shift_ref(s.pk),
            "start": _iso(s.start),
            "end": _iso(s.end),
            "kind": s.kind,
            "burdens": [
                name
                for name, flag in (
                    ("night", s.is_night),
                    ("weekend", s.is_weekend),
                    ("holiday", s.is_holiday),
                )
                if flag
            ],
            "demand": {k: int(v) for k, v in sorted(s.demand.items()) if int(v) > 0},
        }
        for s in shifts
    ]
    signups = [
        {"officer": officer_ref(su.officer_id), "shift": shift_ref(su.shift_id), "wish": su.wish}
        for su in SignUp.objects.filter(
            shift_id__in=shift_ids, officer_id__in=officer_ids
        ).order_by("created_at", "id")
    ]
    absences = list(
        Absence.objects.filter(officer_id__in=officer_ids, start__lt=h1)
        .filter(Q(end__isnull=True) | Q(end__gt=h0))
        .order_by("start", "id")
    )
    unavailable: list[dict[str, Any]] = []
    blocked: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for a in absences:
        end = a.end or a.expected_end or h1 + dt.timedelta(days=1)
        start = max(a.start, h0 - dt.timedelta(days=1))
        if end <= start:
            continue
        blocked[a.officer_id].append((start, end))
        unavailable.append(
            {
                "officer": officer_ref(a.officer_id),
                "start": _iso(start),
                "end": _iso(end),
                "reason": a.kind,
            }
        )

    current = list(
        Assignment.objects.filter(shift_id__in=shift_ids)
        .select_related("skill", "shift")
        .order_by("shift__start", "id")
    )
    pinned: list[dict[str, str]] = []
    for assignment in current:
        if assignment.source not in PINNED_SOURCES:
            continue
        why = _pin_problem(assignment, officer_ids, skills, blocked)
        if why:
            notes.append(f"pinned {assignment.source} assignment {assignment.pk} dropped: {why}")
            continue
        pinned.append(_placement(assignment))
    data: dict[str, Any] = {
        "format": INPUT_FORMAT,
        "timezone": TIMEZONE,
        "horizon": {"start": _iso(h0), "end": _iso(h1)},
        "officers": officer_rows,
        "shifts": shift_rows,
        "signups": signups,
        "unavailable": unavailable,
        "pinned": pinned,
        "rules": dataclasses.asdict(params),
        "weights": dataclasses.asdict(_weights()),
    }
    if mode == SolveMode.REPAIR:
        data["previous"] = [_placement(c) for c in current if c.officer_id in officer_ids]
    names = {officer_ref(o.pk): o.get_full_name() or o.username for o in officers}
    return BuiltInput(data=data, notes=notes, names=names)


def _placement(a: Assignment) -> dict[str, str]:
    return {
        "officer": officer_ref(a.officer_id),
        "shift": shift_ref(a.shift_id),
        "skill": a.skill.code,
    }


def _pin_problem(
    a: Assignment,
    officer_ids: set[int],
    skills: Mapping[int, set[str]],
    blocked: Mapping[int, list[tuple[dt.datetime, dt.datetime]]],
) -> str:
    if a.officer_id not in officer_ids:
        return "officer is no longer an active team member"
    if a.skill.code not in skills[a.officer_id]:
        return f"officer does not hold {a.skill.code} for the whole period"
    if any(s < a.shift.end and a.shift.start < e for s, e in blocked[a.officer_id]):
        return "officer is absent"
    return ""


def _rule_params() -> RuleParams:
    """Defaults of `solver_io.md`, overridden by `settings.SOLVER_RULES` if set."""
    return RuleParams.from_mapping(getattr(settings, "SOLVER_RULES", {}))


def _weights() -> Weights:
    return Weights.from_mapping(getattr(settings, "SOLVER_WEIGHTS", {}))


def _officer_skills(
    officers: Sequence[Officer], shifts: Sequence[Shift], notes: list[str]
) -> dict[int, set[str]]:
    """Skills held on every local day on which a shift demands them (see module docstring)."""
    days: dict[str, set[dt.date]] = defaultdict(set)
    for s in shifts:
        day = timezone.localtime(s.start).date()
        for code, count in s.demand.items():
            if int(count) > 0:
                days[code].add(day)
    quals: dict[tuple[int, str], list[Qualification]] = defaultdict(list)
    for q in Qualification.objects.filter(officer__in=officers).select_related("skill"):
        quals[q.officer_id, q.skill.code].append(q)
    out: dict[int, set[str]] = {o.pk: set() for o in officers}
    for (officer_id, code), held in sorted(quals.items()):
        needed = days.get(code)
        if not needed:
            continue  # no shift demands it: irrelevant to the solve
        valid = {d for d in needed if any(q.is_valid_on(d) for q in held)}
        if valid == needed:
            out[officer_id].add(code)
        elif valid:
            notes.append(
                f"{officer_ref(officer_id)}: {code} is valid on only {len(valid)} of the "
                f"{len(needed)} days that need it; left out for the whole period"
            )
    return out


def _officer_history(
    period: RosterPeriod, officers: Sequence[Officer], h0: dt.datetime, params: RuleParams
) -> dict[int, dict[str, Any]]:
    """Fairness ledger of earlier periods plus the rule state at the horizon start."""
    out: dict[int, dict[str, Any]] = {}
    totals = {
        row["officer_id"]: row
        for row in LedgerEntry.objects.filter(
            officer__in=officers, period__start_date__lt=period.start_date
        )
        .exclude(period=period)
        .values("officer_id")
        .annotate(
            nights_sum=Sum("nights"),
            weekends_sum=Sum("weekends"),
            holidays_sum=Sum("holidays"),
            worked_sum=Sum("worked_minutes"),
            contract_sum=Sum("contract_minutes"),
        )
    }
    before: dict[int, list[Shift]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(
            officer__in=officers,
            shift__cancelled_at__isnull=True,
            shift__start__lt=h0,
            shift__start__gte=h0 - HISTORY_LOOKBACK,
            shift__period__phase__in=PUBLISHED_PHASES,
        )
        .exclude(shift__period=period)
        .select_related("shift")
        .order_by("shift__start", "id")
    ):
        before[a.officer_id].append(a.shift)
    for o in officers:
        row = totals.get(o.pk)
        h: dict[str, Any] = {
            "nights": int(row["nights_sum"] or 0) if row else 0,
            "weekends": int(row["weekends_sum"] or 0) if row else 0,
            "holidays": int(row["holidays_sum"] or 0) if row else 0,
            "minutes_delta": int((row["worked_sum"] or 0) - (row["contract_sum"] or 0))
            if row
            else 0,
        }
        h.update(boundary_state(before[o.pk], period.start_date, params))
        out[o.pk] = h
    return out


def boundary_state(
    shifts: Sequence[Shift], start_date: dt.date, params: RuleParams
) -> dict[str, Any]:
    """History fields at the horizon start from the officer's shifts before it (sorted by
    start): the last shift, the run of working days and the night series ending on its start
    day, and the start of the working stretch since the last weekly rest."""
    if not shifts:
        return {}
    ordered = sorted(shifts, key=lambda s: (s.start, s.end))
    last = max(ordered, key=lambda s: (s.end, s.start))
    zone = timezone.get_default_timezone()
    day_of = {s.pk: local_day_index(s.start, zone, start_date) for s in ordered}
    last_day = day_of[last.pk]
    work_days = set(day_of.values())
    night_days = {day_of[s.pk] for s in ordered if s.is_night} - {
        day_of[s.pk] for s in ordered if not s.is_night
    }
    run = 0
    while last_day - run in work_days:
        run += 1
    series = 0
    if last.is_night:
        while last_day - series in night_days:
            series += 1
    stretch_start = ordered[0].start  # no long rest within the lookback: all of it
    # Walk back from the last shift: the stretch starts after the last gap >= weekly rest.
    for prev_end, nxt in reversed(list(_gaps(ordered))):
        if (nxt.start - prev_end) >= dt.timedelta(minutes=params.min_weekly_rest_minutes):
            stretch_start = nxt.start
            break
    return {
        "last_shift_start": _iso(last.start),
        "last_shift_end": _iso(last.end),
        "last_shift_night": last.is_night,
        "consecutive_nights_at_start": series,
        "consecutive_days_at_start": run,
        "last_weekly_rest_end": _iso(stretch_start),
    }


def _gaps(ordered: Sequence[Shift]) -> Iterable[tuple[dt.datetime, Shift]]:
    """(end of all work so far, next shift) for each shift after the first."""
    end = ordered[0].end
    for s in ordered[1:]:
        yield end, s
        end = max(end, s.end)


# --- jobs ----------------------------------------------------------------------------------


def solve_start(*, actor: Officer, period: RosterPeriod, mode: str = SolveMode.NORMAL) -> SolveJob:
    """Start a solve (planner of the team). Normal: the period must be `signup_closed` and
    moves to `solving`; repair: the period must be `published` and stays so. A queued or
    running job of the period → SolveRunning (409), also under a race (DB constraint)."""
    from roster.tasks import solve_period

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
        locked = SolveJob.objects.select_for_update().get(pk=job.pk)
        if not locked.active:
            raise SolveFinished(extra={"status": locked.status})
        _finish(locked, SolveStatus.CANCELLED)
        _release_period(period, actor=actor, reason="solve_cancelled")
    return locked


def _finish(job: SolveJob, status: str, **fields: Any) -> None:
    job.status = status
    job.finished_at = timezone.now()
    for key, value in fields.items():
        setattr(job, key, value)
    job.save()


def _release_period(period: RosterPeriod, *, actor: Officer | None, reason: str) -> None:
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
        job = SolveJob.objects.select_for_update().get(pk=job_id)
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
        from roster.services.solve_report import report_build

        report = report_build(
            inp=inp,
            result=result_dict,
            baseline=result_to_dict(baseline),
            names=built.names,
            notes=built.notes,
        )
    except SolveCancelled:
        return _end_without_roster(job_id, SolveStatus.CANCELLED, "")
    except Exception as exc:
        logger.exception("solve job %s failed", job_id)
        return _end_without_roster(job_id, SolveStatus.FAILED, f"{type(exc).__name__}: {exc}")
    report["total_seconds"] = round(time.perf_counter() - started, 2)
    problems: list[str] = []
    if result_dict["status"] not in ("optimal", "feasible"):
        problems.append(f"solver status {result_dict['status']}")
        problems += [f"{v['rule']}: {v['message']}" for v in result_dict.get("violations", [])]
    problems += checked.problems()
    if problems:
        return _end_without_roster(
            job_id, SolveStatus.FAILED, "; ".join(problems[:20]), result=result_dict
        )
    return _commit(job_id, inp, result_dict, report)


def _end_without_roster(job_id: int, status: str, error: str, **fields: Any) -> str:
    with transaction.atomic():
        job = SolveJob.objects.select_related("period").get(pk=job_id)
        period = lock_period(job.period)
        job = SolveJob.objects.select_for_update().get(pk=job_id)
        if job.active:
            _finish(job, status, error=error, **fields)
            _release_period(period, actor=job.requested_by, reason=f"solve_{status}")
        return job.status


def _commit(job_id: int, inp: SolveInput, result: dict[str, Any], report: dict[str, Any]) -> str:
    """Write the result in ONE transaction: the roster (normal) or the change set (repair)."""
    with transaction.atomic():
        job = SolveJob.objects.select_related("period").get(pk=job_id)
        period = lock_period(job.period)
        job = SolveJob.objects.select_for_update().get(pk=job_id)
        if not job.active:  # cancelled meanwhile: the cancel already released the period
            return job.status
        progress = {
            "objective": result["objective"],
            "bound": result["bound"],
            "seconds": result["wall_time_s"],
        }
        if job.mode == SolveMode.REPAIR:
            if period.phase != Phase.PUBLISHED:
                _finish(job, SolveStatus.FAILED, error="the period is no longer published")
                return job.status
            report["change_set"] = change_set(inp, result)
            _finish(job, SolveStatus.DONE, result=result, report=report, progress=progress)
            return job.status
        if period.phase != Phase.SOLVING:
            _finish(job, SolveStatus.FAILED, error=f"the period left solving ({period.phase})")
            return job.status
        written = _replace_roster(period, result["assignments"], actor=job.requested_by)
        move_locked(actor=job.requested_by, period=period, to_phase=Phase.PROPOSED)  # type: ignore[arg-type]
        audit_record(
            actor=job.requested_by,
            period=period,
            action="solve_result",
            payload={"job": job.pk, **written},
        )
        _finish(
            job,
            SolveStatus.DONE,
            result=result,
            report=report,
            progress=progress,
            applied_at=timezone.now(),
        )
        return job.status


def _replace_roster(
    period: RosterPeriod,
    placements: Sequence[Mapping[str, str]],
    *,
    actor: Officer | None,
    source: str = AssignmentSource.SOLVER,
) -> dict[str, int]:
    """Make the period's roster equal `placements`: remove every assignment not in it, add
    the missing ones as `source`. Returns the counts."""
    wanted = {(_ref_pk(p["officer"]), _ref_pk(p["shift"]), p["skill"]) for p in placements}
    existing = list(Assignment.objects.filter(shift__period=period).select_related("skill"))
    have = {(a.officer_id, a.shift_id, a.skill.code): a.pk for a in existing}
    remove = [pk for key, pk in have.items() if key not in wanted]
    Assignment.objects.filter(pk__in=remove).delete()
    skills = {s.code: s for s in Skill.objects.filter(code__in={k for _o, _s, k in wanted})}
    add = sorted(key for key in wanted if key not in have)
    Assignment.objects.bulk_create(
        [
            Assignment(officer_id=o, shift_id=s, skill=skills[k], source=source, created_by=actor)
            for o, s, k in add
        ]
    )
    return {"removed": len(remove), "added": len(add), "kept": len(have) - len(remove)}


def _notify_changed(officer_ids: list[int]) -> None:
    from requests_desk.services.notifications import notify_on_commit

    notify_on_commit(
        recipient_ids=officer_ids,
        kind="roster_changed",
        title=_("Your roster has changed"),
        body=_("Open My roster to see your shifts."),
    )


def change_set(inp: SolveInput, result: Mapping[str, Any]) -> dict[str, Any]:
    """Placements added and removed against the input's `previous` roster."""
    before = {(p.officer, p.shift, p.skill) for p in inp.previous or ()}
    after = {(p["officer"], p["shift"], p["skill"]) for p in result["assignments"]}

    def rows(keys: Iterable[tuple[str, str, str]]) -> list[dict[str, str]]:
        return [{"officer": o, "shift": s, "skill": k} for o, s, k in sorted(keys)]

    return {
        "previous": rows(before),
        "added": rows(after - before),
        "removed": rows(before - after),
    }


FIXED_WINDOW = dt.timedelta(days=7)  # Barp art. 12: the day roster is fixed 7 days ahead


def repair_apply(*, actor: Officer, job: SolveJob, consented: Collection[int] = ()) -> SolveJob:
    """Apply a finished repair's change set to the published roster (planner of the team),
    in one transaction, and rewrite the period's fairness ledger. Refused (409) if the job is
    not a finished, unapplied repair or the published roster changed since it was read.

    A change to a shift starting within the fixed 7-day window needs the consent of the
    officer it changes: the planner lists the officers who consented in `consented` (409
    `consent_required` naming the others); the consent is recorded in the audit event.
    Every officer whose roster changes is notified once the change commits."""
    from roster.services.publication import ledger_write

    require_planner(actor, job.period.team_id)
    with transaction.atomic():
        period = lock_period(job.period)
        locked = SolveJob.objects.select_for_update().get(pk=job.pk)
        if (
            locked.mode != SolveMode.REPAIR
            or locked.status != SolveStatus.DONE
            or locked.applied_at is not None
            or locked.report is None
            or locked.result is None
        ):
            raise RepairNotApplicable(extra={"status": locked.status, "mode": locked.mode})
        require_phase(period, Phase.PUBLISHED)
        now_roster = {
            (officer_ref(a.officer_id), shift_ref(a.shift_id), a.skill.code)
            for a in Assignment.objects.filter(shift__period=period).select_related("skill")
        }
        before = {
            (p["officer"], p["shift"], p["skill"]) for p in locked.report["change_set"]["previous"]
        }
        if now_roster != before:
            raise RepairNotApplicable(extra={"reason": "roster_changed"})
        changes = locked.report["change_set"]
        changed = [*changes.get("added", []), *changes.get("removed", [])]
        now = timezone.now()
        starts = dict(
            Shift.objects.filter(pk__in={_ref_pk(c["shift"]) for c in changed}).values_list(
                "pk", "start"
            )
        )
        in_window = sorted(
            {
                _ref_pk(c["officer"])
                for c in changed
                if now <= starts[_ref_pk(c["shift"])] < now + FIXED_WINDOW
            }
        )
        missing = [pk for pk in in_window if pk not in set(consented)]
        if missing:
            raise ConsentRequired(extra={"officers": missing})
        written = _replace_roster(period, locked.result["assignments"], actor=actor)
        ledger_write(period)
        audit_record(
            actor=actor,
            period=period,
            action="repair_apply",
            payload={"job": job.pk, **written, "consent": in_window},
        )
        _notify_changed(sorted({_ref_pk(c["officer"]) for c in changed}))
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at"])
    return locked
