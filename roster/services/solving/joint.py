"""Several teams of one unit solved together in one run (issue #18).

A planner of several teams whose periods overlap in time and share officers solves them at
once: each period's input is built as usual (`input.build_input`, the other periods of the
run not counted as fixed time elsewhere), the inputs are merged into one joint input
(`roster.solver.joint`: skills namespaced per team, a shared officer is one officer), solved
and verified once, and the result is written to EVERY period in one transaction, or to none.

Steps (each period: `signup_closed` → `solving` → `proposed`, as a single-team solve):
1. lock the periods (by primary key), check the planner, the phase and that no solve job
   runs; move them to `solving`;
2. build, merge, solve, verify (no lock held);
3. lock the periods again, then the officers of the result (`locking` order: periods,
   officers), re-check against the work elsewhere committed meanwhile, write each period's
   roster and move it to `proposed`. A failed solve, verification or re-check returns every
   period to `signup_closed` and writes no assignment.

Synchronous: the caller (a task or a command) waits up to the solver's time limit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from organisation.employment_selectors import second_team_days
from organisation.models import Officer
from roster.errors import JointSolveNotPossible, SolveRunning
from roster.models import ACTIVE_SOLVE_STATUSES, Phase, RosterPeriod, SolveJob
from roster.services.audit import audit_record
from roster.services.locking import lock_periods
from roster.services.permissions import require_planner
from roster.services.phases import move_locked, require_phase
from roster.services.solving.commit import roster_replace
from roster.services.solving.elsewhere import elsewhere_conflicts, lock_officers
from roster.services.solving.input import agree_stages, build_input
from roster.services.solving.outcome import period_release
from roster.solve_refs import ref_pk
from roster.solver.io import parse_input, result_to_dict
from roster.solver.joint import MIN_SOLVE_S, merge_inputs, split_result
from roster.solver.solve import solve as solver_solve
from roster.solver.verify import verify


@dataclass
class JointOutcome:
    """How a joint solve ended: `done` (every period proposed) or `failed` (none changed)."""

    status: str
    problems: list[str] = field(default_factory=list)
    written: dict[int, dict[str, int]] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)


def team_key(period: RosterPeriod) -> str:
    return f"t{period.team_id}"


def period_officer_ids(period: RosterPeriod) -> set[int]:
    """The active officers a solve of `period` may place: its team's, and second-team members
    with a day in it (as `input.build_input` selects them)."""
    guests = second_team_days(period.team_id, period.start_date, period.end_date)
    return set(
        Officer.objects.filter(Q(teams=period.team_id) | Q(pk__in=list(guests)), is_active=True)
        .distinct()
        .values_list("pk", flat=True)
    )


def _share_officers(periods: Sequence[RosterPeriod]) -> bool:
    """Every period is linked to every other through shared officers (one connected group),
    so that the run is one problem and not several that happen to run together."""
    crew = [period_officer_ids(p) for p in periods]
    reached, todo = {0}, [0]
    while todo:
        i = todo.pop()
        for j in range(len(periods)):
            if j not in reached and crew[i] & crew[j]:
                reached.add(j)
                todo.append(j)
    return len(reached) == len(periods)


def check_periods(periods: Sequence[RosterPeriod]) -> None:
    """Raise JointSolveNotPossible unless `periods` may be solved together (`extra.reason`):
    at least two, one per team, teams of one unit, overlapping in time, sharing officers."""
    _check_periods(periods)
    if not _share_officers(periods):
        raise JointSolveNotPossible(extra={"reason": "the teams must share an officer"})


def _check_periods(periods: Sequence[RosterPeriod]) -> None:
    if len(periods) < 2 or len({p.pk for p in periods}) != len(periods):
        raise JointSolveNotPossible(extra={"reason": "at least two different periods"})
    if len({p.team_id for p in periods}) != len(periods):
        raise JointSolveNotPossible(extra={"reason": "one period per team"})
    if len({p.team.unit_id for p in periods}) != 1:
        raise JointSolveNotPossible(extra={"reason": "teams of one unit only"})
    if max(p.start_date for p in periods) >= min(p.end_date for p in periods):
        raise JointSolveNotPossible(extra={"reason": "the periods must overlap in time"})


def joint_solve(
    *,
    actor: Officer,
    periods: Sequence[RosterPeriod],
    time_limit_s: float | None = None,
    workers: int | None = None,
) -> JointOutcome:
    """Solve `periods` (one per team of one unit, overlapping dates) together; see the
    module docstring. Raises Forbidden (not a planner of every team), WrongPhase,
    SolveRunning or JointSolveNotPossible before anything changes."""
    for p in periods:
        require_planner(actor, p.team_id)
    ids = [p.pk for p in periods]
    with transaction.atomic():
        locked = lock_periods(ids)
        ordered = [locked[pk] for pk in ids]
        check_periods(ordered)
        for p in ordered:
            require_planner(actor, p.team_id)
            require_phase(p, Phase.SIGNUP_CLOSED)
            if SolveJob.objects.filter(period=p, status__in=ACTIVE_SOLVE_STATUSES).exists():
                raise SolveRunning()
        for p in ordered:
            move_locked(actor=actor, period=p, to_phase=Phase.SOLVING)
            audit_record(
                actor=actor, period=p, action="solve_start", payload={"joint": sorted(ids)}
            )
    began = time.perf_counter()
    limit = float(time_limit_s or settings.SOLVER_TIME_LIMIT_S)
    try:
        built = [build_input(p, also_solving=[q for q in ordered if q.pk != p.pk]) for p in ordered]
        agree_stages(built)
        inp = parse_input(
            merge_inputs([(team_key(p), b.data) for p, b in zip(ordered, built, strict=True)])
        )
        result = solver_solve(
            inp,
            # the limit holds for the whole run: reading and merging the inputs count
            time_limit_s=max(MIN_SOLVE_S, limit - (time.perf_counter() - began)),
            workers=int(workers or settings.SOLVER_WORKERS),
            seed=0,
        )
        out = result_to_dict(result)
        problems = verify(inp, out).problems()
        if out["status"] not in ("optimal", "feasible"):
            problems.insert(0, f"solver status {out['status']}")
    except Exception as exc:  # the periods must not stay in solving
        _release(actor, ids)
        raise exc
    if problems:
        _release(actor, ids)
        return JointOutcome("failed", problems=problems[:20], result=out)
    return _commit(actor, ids, inp.horizon_start, inp.horizon_end, out)


def _release(actor: Officer, ids: Sequence[int]) -> None:
    with transaction.atomic():
        for p in lock_periods(ids).values():
            period_release(p, actor=actor, reason="solve_failed")


def _commit(
    actor: Officer, ids: Sequence[int], h0: Any, h1: Any, out: dict[str, Any]
) -> JointOutcome:
    with transaction.atomic():
        locked = lock_periods(ids)
        ordered = [locked[pk] for pk in ids]
        left = [p.pk for p in ordered if p.phase != Phase.SOLVING]
        if left:
            outcome = JointOutcome("failed", problems=[f"periods left solving: {left}"], result=out)
        else:
            by_team = split_result([team_key(p) for p in ordered], out["assignments"])
            lock_officers(sorted({ref_pk(a["officer"]) for a in out["assignments"]}))
            clashes = elsewhere_conflicts(
                ordered, [x for rows in by_team.values() for x in rows], h0=h0, h1=h1
            )
            if clashes:
                outcome = JointOutcome(
                    "failed",
                    problems=[
                        "another team's roster changed meanwhile: "
                        + "; ".join(f"{v.rule}: {v.message}" for v in clashes[:20])
                    ],
                    result=out,
                )
            else:
                outcome = JointOutcome("done", result=out)
                for p in ordered:
                    written = roster_replace(p, by_team[team_key(p)], actor=actor)
                    move_locked(actor=actor, period=p, to_phase=Phase.PROPOSED)
                    audit_record(
                        actor=actor,
                        period=p,
                        action="solve_result",
                        payload={"joint": sorted(ids), **written},
                    )
                    outcome.written[p.pk] = written
                return outcome
    _release(actor, ids)
    return outcome
