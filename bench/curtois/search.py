"""Search for Curtois & Qu instances (measurements in docs/benchmarks.md, section "Curtois-Qu").

Two strategies; :func:`solve` picks by model size (``WHOLE_MODEL_MAX_CELLS``):

- ``"whole"``: one CP-SAT run on the whole model. With two workers CP-SAT runs one full-problem
  subsolver plus one thread shared by its LNS and local-search subsolvers; making the full-problem
  one ``max_lp`` (``SatParameters.subsolvers``) is what closes the small instances.
- ``"lns"``: for models too big for two cores (Instance24 has a million cells). The first
  roster is built one employee at a time (``bench.curtois.construct``: each employee's best
  row against the cover of the others, by dynamic programming over the days) and improved by
  re-planning one employee at a time for ``IMPROVE_SHARE`` of the time left; then the shared
  large-neighbourhood search of the police solver (``roster.solver.lns``) improves it until the
  time is up: :class:`CurtoisProblem` re-solves each neighbourhood it picks (a few employees
  over a long window, all employees over a short one, employees sharing a shift type, the
  employees of a penalised term: a request, a shift left short or over-staffed on a day, and
  a few employees over the whole horizon, where weekends and shift maxima are counted, and
  those who could fill a shortfall by moving a weekend or a shift across the horizon) on
  a sub-model with everything else as constants.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from bench.curtois.columns import price_and_plan
from bench.curtois.construct import (
    construct_by_employee,
    cover_counts,
    improve_by_employee,
    plan_weekends,
)
from bench.curtois.evaluate import evaluate
from bench.curtois.exact import restriction
from bench.curtois.model import RosterVars, add_lagrangian_cuts, build_model, roster_from_values
from bench.curtois.pricing import ColumnGeneration, LagrangianCut
from bench.curtois.reader import Instance, Roster
from roster.solver import lns
from roster.solver.lns import Candidate, Neighbourhood

__all__ = [
    "CurtoisProblem",
    "GapResult",
    "SolveResult",
    "SubRoster",
    "close_gap",
    "column_bound",
    "column_generation",
    "lift_bound",
    "penalty_terms",
    "solve",
    "solve_lns",
    "solve_staged",
    "solve_whole",
]

STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}
#: Full-problem subsolver for the whole-model strategy (DESIGN.md section 5, measured again).
DEFAULT_SUBSOLVERS = ("max_lp",)
#: Full-problem subsolver for LNS sub-models: the LP of linearization level 2 matters there too.
SUB_SUBSOLVERS = ("max_lp",)
#: Presolve passes of a first-roster sub-solve (CP-SAT's default repeats them and probes).
SUB_PRESOLVE_ITERATIONS = 1
#: Share of the time left after the first roster that re-plans one employee at a time
#: (``construct.improve_by_employee``) before the shared search takes over.
IMPROVE_SHARE = 0.5
#: Share of the time left after re-planning that strategy ``"columns"`` spends on column
#: generation and a dive (``bench.curtois.columns``) before the shared search.
COLUMNS_SHARE = 0.25
#: Models with more free cells than this go to the LNS strategy.
WHOLE_MODEL_MAX_CELLS = 6_000
#: ``solve_staged`` stops its whole-model solve once it has found nothing better for this many
#: seconds, and gives the rest of the time to the shared search. Measured at 300 s
#: (docs/benchmarks.md, "Staged instances, 7 Dec third session"): on Instance16 CP-SAT found
#: nothing better after 60 s in one run (3 938 at 300 s) and after 164 s in another, and the
#: search from its roster reached 3 325 and 3 431; on Instance14 it improved until 186 s
#: and the search gained 2 more. A 60-second run (instances 1-8) never reaches it.
WHOLE_STALL_S = 60.0
#: ... and, once ``WHOLE_GAP_SHARE`` of the time limit has passed, as soon as its best roster
#: is more than ``WHOLE_HANDOVER_GAP`` (relative) above its proven bound: CP-SAT's one LNS
#: thread then mends a far-off roster more slowly than the parallel shared search does
#: (docs/benchmarks.md, "Staged instances, 7 Dec fourth session", before -> after: Instance8
#: at 60 s 1 598 -> 1 425, 1 643, 1 423 in three runs; at 300 s 16 3 431 -> 3 331, 17
#: 6 687 -> 6 178, 18 5 778 -> 5 092 and 5 197).
#: Where the bound nearly proves the roster (7: 2 % at 12 s; 9, 14) nothing changes.
WHOLE_GAP_SHARE = 0.2
WHOLE_HANDOVER_GAP = 0.15
#: ``solve_staged`` first spends up to this share of the time on column generation with exact
#: pricing (``bench.curtois.pricing``) for its proven bound: the set-partitioning relaxation
#: is far tighter than CP-SAT's (measured at 60 s: Instance4 1 716 against 1 566, Instance8
#: 1 297 against 1 275; docs/benchmarks.md, "Column generation with exact pricing"); the
#: generation usually ends sooner, when the master LP is solved.
COLUMN_BOUND_SHARE = 0.25
#: ``solve_staged`` adds to the whole model the Lagrangian cuts (``pricing.LagrangianCut``, one
#: per employee) of this many proved rounds of its column generation, best bound first
#: (0: none). Off: with one round's cuts the whole model has the column bound at its root,
#: but its rosters got worse (60 s, one run each: Instance7 1 082, Instance8 1 659 against
#: 1 067-1 075 and 1 469-1 536 without; docs/benchmarks.md, "Lagrangian cuts in the whole
#: model").
WHOLE_CUT_ROUNDS = 0
#: ``solve_staged`` closes the gap (``close_gap``: lifts the bound in the restricted model, and
#: may find a better roster) on models of at most ``EXACT_MAX_CELLS`` cells (Instances 1-8;
#: 16, the next, has 2 520): once the whole-model solve's roster is at most ``EXACT_GAP``
#: (relative) above the bound and it has found nothing better for ``EXACT_STALL_S`` seconds,
#: ``close_gap`` takes the rest of the time (docs/benchmarks.md, "Instances 7 and 8 (7 Dec
#: seventh session)").
EXACT_MAX_CELLS = 2_400
EXACT_GAP = 0.03
EXACT_STALL_S = 10.0
#: Whether ``close_gap`` adds the cover count bounds (``exact.count_bounds``) to the restricted
#: model. Off: on Instance7 at ``T`` = 1 055 (596 cells fixed) the restricted model proved
#: ``INFEASIBLE`` in 21.5 s without them and had not in 40 s with them.
COUNT_BOUNDS = False


@dataclass
class SolveResult:
    """Outcome of a solve. ``roster`` is ``None`` when no roster was found; ``bound`` is a lower
    bound on the objective (``None`` when the strategy proves none)."""

    status: str
    roster: dict[str, list[str | None]] | None
    objective: int | None
    bound: float | None
    wall_time_s: float
    strategy: str = ""
    progress: list[tuple[float, int]] = field(default_factory=list)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Records (seconds since start, objective) for every improving solution, and the best
    objective and bound so far (the bound also between solutions, via ``on_bound``).
    ``stop_at``: a bound proved elsewhere; the search stops at a roster of that value, and
    the bound is never below it."""

    def __init__(
        self,
        start: float,
        sink: list[tuple[float, int]],
        echo: bool,
        stop_at: int | None = None,
    ) -> None:
        super().__init__()
        self._stop_at = stop_at
        self._start = start
        self._sink = sink
        self._echo = echo
        self.last = time.monotonic()  # of the last improving solution (or the start)
        self.objective: float | None = None
        self.bound: float | None = None if stop_at is None else float(stop_at)

    def on_bound(self, bound: float) -> None:
        self.bound = bound if self._stop_at is None else max(bound, self._stop_at)

    def on_solution_callback(self) -> None:
        self.last = time.monotonic()
        t = self.last - self._start
        objective = round(self.objective_value)
        self.objective = self.objective_value
        self.bound = self.best_objective_bound
        if self._stop_at is not None:
            self.bound = max(self.bound, self._stop_at)
        self._sink.append((t, objective))
        if self._echo:
            print(f"# {t:8.2f}s {objective} (bound {self.best_objective_bound:.0f})", flush=True)
        if self._stop_at is not None and objective <= self._stop_at:
            self.stop_search()  # a bound proved elsewhere proves this roster optimal


def _solver(
    time_limit_s: float,
    workers: int,
    seed: int,
    subsolvers: Sequence[str] | None = None,
    log: bool = False,
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.05, time_limit_s)
    p.num_workers = workers
    p.random_seed = seed
    for name in subsolvers or ():
        p.subsolvers.append(name)
    p.log_search_progress = log
    return solver


def _hint(model: cp_model.CpModel, v: RosterVars, roster: Roster) -> None:
    for (eid, d, sid), cell in v.x.items():
        if not isinstance(cell, int):
            model.add_hint(cell, roster[eid][d] == sid)


def _complete_hint(model: cp_model.CpModel, time_limit_s: float) -> bool:
    """Extend the hint of the cells to every variable of ``model`` (``work``, weekends, cover
    under/over): solve a copy with the hinted cells fixed and hint its solution. CP-SAT
    completes a partial hint only within a few conflicts (``hint_conflict_limit``) and on
    Instance8 starts from its own first solution instead (24 642 against the hint's 5 578).
    False, hint unchanged, when the copy finds no solution in time."""
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    if solver.solve(model.clone()) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    values = list(solver.response_proto.solution)
    model.clear_hints()  # type: ignore[no-untyped-call]  # untyped upstream
    for index, value in enumerate(values):
        model.add_hint(model.get_int_var_from_proto_index(index), value)
    return True


def _far_from_bound(progress: _Progress, gap: float) -> bool:
    """Whether the best objective so far is more than ``gap`` (relative) above the bound."""
    if progress.objective is None or progress.bound is None or progress.objective <= 0:
        return False
    return progress.objective - progress.bound > gap * progress.objective


def _stop_when_stalled(
    solver: cp_model.CpSolver,
    progress: _Progress,
    stall_s: float,
    done: threading.Event,
    *,
    gap: float | None = None,
    gap_from: float = 0.0,
) -> None:
    """Stop ``solver``'s search once it has found no better solution for ``stall_s`` seconds,
    or, with ``gap``, from ``gap_from`` (``time.monotonic()``) on once its best solution is
    more than ``gap`` above its bound (runs in a thread beside ``solver.solve``, until
    ``done`` is set)."""
    while not done.wait(min(1.0, stall_s / 4)):
        now = time.monotonic()
        stalled = now - progress.last >= stall_s
        if stalled or (gap is not None and now >= gap_from and _far_from_bound(progress, gap)):
            solver.stop_search()
            return


def _stop_near_bound(
    solver: cp_model.CpSolver,
    progress: _Progress,
    gap: float,
    stall_s: float,
    done: threading.Event,
) -> None:
    """Stop ``solver``'s search once its best solution is at most ``gap`` (relative) above its
    bound and it has found no better one for ``stall_s`` seconds (a thread beside
    ``solver.solve``, until ``done`` is set)."""
    while not done.wait(min(1.0, stall_s / 4)):
        if progress.objective is None or progress.bound is None:
            continue
        near = progress.objective <= (1 + gap) * progress.bound
        if near and time.monotonic() - progress.last >= stall_s:
            solver.stop_search()
            return


def _values(solver: cp_model.CpSolver, v: RosterVars) -> dict[tuple[str, int, str], bool]:
    return {
        key: bool(solver.boolean_value(cell))
        for key, cell in v.x.items()
        if not isinstance(cell, int)
    }


def solve_whole(
    inst: Instance,
    time_limit_s: float,
    workers: int = 2,
    seed: int = 0,
    *,
    subsolvers: Sequence[str] | None = DEFAULT_SUBSOLVERS,
    hint: Roster | None = None,
    run_encoding: str = "tight",
    implied: bool = False,
    stall_s: float | None = None,
    gap: float | None = None,
    gap_after_s: float = 0.0,
    stop_at: int | None = None,
    cuts: Sequence[LagrangianCut] = (),
    fixed: Mapping[tuple[str, int, str], int] | None = None,
    at_most: int | None = None,
    counts: Mapping[tuple[int, str], tuple[int, int | None]] | None = None,
    params: Mapping[str, Any] | None = None,
    near: tuple[float, float] | None = None,
    log: bool = False,
    echo: bool = False,
) -> SolveResult:
    """One CP-SAT run on the whole model; with ``stall_s`` it stops early once it has found
    nothing better for that many seconds, and with ``gap`` too once, after ``gap_after_s``,
    its best roster is more than ``gap`` (relative) above its bound; with ``stop_at`` (a
    bound proved elsewhere, which the gap is then measured against when it is the better
    one) once its roster's value is at most that.

    ``cuts``: Lagrangian cuts (``bench.curtois.pricing``), valid for every lawful roster.
    ``at_most``: only rosters of at most that value, with ``fixed`` cells (0/1) that hold for
    every such roster (reduced-cost fixing); the status is then about those rosters only
    (``INFEASIBLE``: none of value ``at_most`` or less). ``counts``: per cover row ``(day,
    shift)`` the least and most staff (``None``: no most) of every such roster too
    (``exact.count_bounds``). ``params``: more CP-SAT parameters (``SatParameters`` fields).
    ``near = (gap, stall_s)``: stop once the roster is at most ``gap`` above the bound and
    nothing better came for ``stall_s`` seconds."""
    start = time.monotonic()
    model, v, _ = build_model(inst, run_encoding=run_encoding, implied=implied)
    add_lagrangian_cuts(model, v, [(c.employee, c.coefs, c.rhs) for c in cuts])
    for key, value in (fixed or {}).items():
        cell = v.x.get(key, 0)
        if isinstance(cell, int):
            if cell != value:
                model.add_bool_or([])
        else:
            model.add(cell == value)
    if at_most is not None:
        proto = model.proto.objective
        model.add(
            cp_model.LinearExpr.weighted_sum(
                [model.get_int_var_from_proto_index(i) for i in proto.vars], list(proto.coeffs)
            )
            <= at_most - round(proto.offset)
        )
    for (d, sid), (low, high) in (counts or {}).items():
        total = cp_model.LinearExpr.sum([v.x.get((e.id, d, sid), 0) for e in inst.staff])
        model.add(total >= low)
        if high is not None:
            model.add(total <= high)
    if hint is not None:
        _hint(model, v, hint)
        _complete_hint(model, time_limit_s - (time.monotonic() - start))
    solver = _solver(time_limit_s - (time.monotonic() - start), workers, seed, subsolvers, log)
    for name, value in (params or {}).items():
        setattr(solver.parameters, name, value)
    progress: list[tuple[float, int]] = []
    callback = _Progress(start, progress, echo, stop_at)
    solver.best_bound_callback = callback.on_bound
    done = threading.Event()
    if stall_s is not None:
        watch = threading.Thread(
            target=_stop_when_stalled,
            args=(solver, callback, stall_s, done),
            kwargs={"gap": gap, "gap_from": start + gap_after_s},
            daemon=True,
        )
        watch.start()
    if near is not None:
        threading.Thread(
            target=_stop_near_bound, args=(solver, callback, *near, done), daemon=True
        ).start()
    status = solver.solve(model, callback)
    done.set()
    roster = objective = bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        roster = roster_from_values(inst, v, _values(solver, v))
        objective = round(solver.objective_value)
        bound = solver.best_objective_bound
    elif status == cp_model.UNKNOWN and hint is not None:
        roster = {eid: list(row) for eid, row in hint.items()}
    return SolveResult(
        STATUS_NAMES[status],
        roster,
        objective,
        bound,
        time.monotonic() - start,
        "whole",
        progress,
    )


# --------------------------------------------------------------------------------------------
# Large-neighbourhood search


@dataclass
class _SubResult:
    status: cp_model.CpSolverStatus
    roster: dict[str, list[str | None]] | None
    objective: int | None
    seconds: float


def _solve_sub(
    inst: Instance,
    current: Roster,
    employees: Collection[str],
    window: tuple[int, int],
    time_limit_s: float,
    workers: int,
    seed: int,
    *,
    hint: bool = True,
    first_solution: bool = False,
    held: Collection[int] = (),
) -> _SubResult:
    """Re-solve ``employees`` x ``window`` with everything else fixed to ``current``, and
    the days of ``held`` inside the window too."""
    start = time.monotonic()
    model, v, _ = build_model(inst, employees, window, current)
    for eid in employees if held else ():
        for d in held:
            for sid, cell in v.shifts_on(inst, eid, d):
                if not isinstance(cell, int):
                    model.add(cell == int(current[eid][d] == sid))
    if hint:
        _hint(model, v, current)
    solver = _solver(time_limit_s - (time.monotonic() - start), workers, seed, SUB_SUBSOLVERS)
    solver.parameters.stop_after_first_solution = first_solution
    if first_solution:
        # a first roster needs one presolve pass, not CP-SAT's repeated ones and probing
        # (measured on Instance21 at load 9-10: 140 days built in 45 s against 84)
        solver.parameters.max_presolve_iterations = SUB_PRESOLVE_ITERATIONS
        solver.parameters.cp_model_probing_level = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _SubResult(status, None, None, time.monotonic() - start)
    roster = roster_from_values(inst, v, _values(solver, v))
    return _SubResult(status, roster, round(solver.objective_value), time.monotonic() - start)


def _cells_per_employee_day(inst: Instance) -> float:
    allowed = sum(1 for e in inst.staff for s in inst.shift_types if e.max_shifts[s.id] > 0)
    return max(1.0, allowed / len(inst.staff))


def penalty_terms(inst: Instance, roster: Roster) -> list[tuple[int, list[str], int]]:
    """The penalised terms of ``roster``'s objective as ``(penalty, employees, day)``: each
    employee's request penalty on a day (that employee), each cover shortfall of a shift on a
    day (every employee allowed that shift that day, who could fill it) and each excess (the
    employees working it)."""
    return [(weight, who, day) for weight, who, day, _ in _terms(inst, roster)]


_Term = tuple[int, list[str], int, tuple[str, int] | None]


def _terms(inst: Instance, roster: Roster) -> list[_Term]:
    """:func:`penalty_terms` with the shift and the number of employees missing of each
    cover shortfall (``None`` for the other terms)."""
    terms: list[_Term] = []
    lost: dict[tuple[str, int], int] = {}
    for r in inst.on_requests:
        if roster[r.employee_id][r.day] != r.shift_id:
            lost[r.employee_id, r.day] = lost.get((r.employee_id, r.day), 0) + r.weight
    for r in inst.off_requests:
        if roster[r.employee_id][r.day] == r.shift_id:
            lost[r.employee_id, r.day] = lost.get((r.employee_id, r.day), 0) + r.weight
    terms += [
        (weight, [eid], day, None) for (eid, day), weight in sorted(lost.items()) if weight > 0
    ]
    working: dict[tuple[int, str], list[str]] = {}
    for eid, row in roster.items():
        for d, sid in enumerate(row):
            if sid is not None:
                working.setdefault((d, sid), []).append(eid)
    qualified = {
        s.id: [e.id for e in inst.staff if e.max_shifts[s.id] > 0] for s in inst.shift_types
    }
    for c in inst.cover:
        there = working.get((c.day, c.shift_id), [])
        if len(there) < c.requirement and c.weight_under > 0:
            allowed = [eid for eid in qualified[c.shift_id] if c.day not in inst.days_off[eid]]
            missing = c.requirement - len(there)
            terms.append((c.weight_under * missing, allowed, c.day, (c.shift_id, missing)))
        elif len(there) > c.requirement and c.weight_over > 0:
            terms.append((c.weight_over * (len(there) - c.requirement), there, c.day, None))
    return terms


def unavoidable_shortfall(inst: Instance) -> dict[str, int]:
    """Per shift type, the shortfalls every roster has: its total cover requirement less the
    most its employees may work it (``MaxShifts``, at most their days without a day off).
    On Instance15 the night shifts n1 and n2 are wanted 104 and 94 times and may be worked
    84 and 78 times, so 36 of its shortfalls (3 600 of the objective) are in every roster."""
    wanted: dict[str, int] = {}
    for c in inst.cover:
        wanted[c.shift_id] = wanted.get(c.shift_id, 0) + c.requirement
    out: dict[str, int] = {}
    for s in inst.shift_types:
        most = sum(
            min(e.max_shifts[s.id], inst.horizon - len(inst.days_off[e.id])) for e in inst.staff
        )
        out[s.id] = max(0, wanted.get(s.id, 0) - most)
    return out


@dataclass(frozen=True)
class SubRoster:
    """A candidate's payload: its roster and the roster its sub-solve started from."""

    roster: dict[str, list[str | None]]
    base: Roster


class CurtoisProblem:
    """The Curtois-Qu model seen by the shared search (``roster.solver.lns.MergingProblem``):
    a neighbourhood is re-solved on a sub-model built for its employees and window only
    (:func:`_solve_sub`, everything else constants), and the key is the evaluator's
    objective of the whole roster. ``resolve`` may run in several threads at once (a
    parallel search): it reads the current roster once and builds its own model and solver.
    Rows are never changed in place (a new roster shares the rows it does not change)."""

    def __init__(
        self,
        inst: Instance,
        roster: dict[str, list[str | None]],
        workers: int,
        *,
        focus: bool = False,
        windows: bool = False,
    ) -> None:
        self.inst = inst
        self.focus = focus
        self.windows = windows
        self.roster = roster
        self.workers = workers
        self.officers = [e.id for e in inst.staff]
        self.days = (0, inst.horizon)
        self.cells_per_officer_day = _cells_per_employee_day(inst)
        self.value = evaluate(inst, roster).objective
        self._groups = [
            [e.id for e in inst.staff if e.max_shifts[s.id] > 0] for s in inst.shift_types
        ]
        self._unavoidable = unavoidable_shortfall(inst)
        self._weekend = {d: w for w in range(inst.num_weeks) for d in inst.weekend_days(w)}
        self._cover = {(c.day, c.shift_id): c for c in inst.cover}
        self._rng = random.Random(0)  # noqa: S311 -- search diversification, not security

    def key(self) -> tuple[int, ...]:
        return (self.value,)

    def skill_groups(self) -> Sequence[Sequence[str]]:
        return self._groups

    def worst(self) -> tuple[Sequence[str], int | None]:
        """The employees of one penalised term of the objective, and its day.

        The terms are the request penalties of an employee on a day and the cover penalties
        of a shift on a day (who could fill a shortfall: every employee allowed that shift
        that day; an excess: those working it). One term is drawn with probability
        proportional to its penalty, so the search follows the heaviest terms without
        re-solving the same one every time (a shortfall the optimum also has stays
        penalised). Half the time a term of many employees gives a random quarter of them.
        With ``focus`` (the searches of ``solve_lns`` and ``solve_staged``), the
        shortfalls of a shift type are left out while they number no more than every
        roster has (:func:`unavoidable_shortfall`): re-solving them cannot lower the count,
        and on Instance15 they were 3 600 of 4 421 after a 300 s search; and a shortfall on
        a weekend day half of the time gives only those of its employees who work one day
        only of some weekend."""
        terms = self._focused(_terms(self.inst, self.roster))
        if not terms:
            return [], None
        weights = [weight for weight, *_ in terms]
        _, officers, day, shortfall = self._rng.choices(terms, weights=weights)[0]
        weekend_short = shortfall is not None and day in self._weekend
        if self.focus and weekend_short and self._rng.random() < 0.5:
            # those who could fill a weekend shortfall and work one day only of a weekend:
            # every employee works as many weekends as allowed on the large instances, so
            # the short weekend gets one of them only if another weekend gives one up
            split = self._one_day_weekends()
            officers = [eid for eid in officers if eid in split] or officers
        if len(officers) > 2 and self._rng.random() < 0.5:
            # a quarter of them: the engine then frees them over a longer window, where a
            # shift can move to the short day from a day they may give up
            officers = self._rng.sample(officers, max(2, len(officers) // 4))
        return officers, day

    def _focused(self, terms: list[_Term]) -> list[_Term]:
        """``terms`` less, with ``focus``, the shortfalls of a shift type while they number
        no more than every roster has (all of them when nothing else is left)."""
        if not self.focus:
            return terms
        short: dict[str, int] = {}
        for *_, shortfall in terms:
            if shortfall is not None:
                short[shortfall[0]] = short.get(shortfall[0], 0) + shortfall[1]
        unavoidable = self._unavoidable
        kept = [t for t in terms if t[3] is None or short[t[3][0]] > unavoidable[t[3][0]]]
        return kept or terms

    def exchange(self, size: int, busy: Collection[str] = ()) -> tuple[Any, ...]:
        """About ``size`` employees (not in ``busy``) who could together fill one cover
        shortfall by moving what a horizon-wide rule counts, and its day: the
        ``roster.solver.lns`` kind ``exchange`` frees them over the whole horizon.

        A shortfall (among those :meth:`worst` follows) is a shift ``s`` on a day ``d``. Its
        *takers* are those allowed ``s`` on ``d`` who are off that day; each would have to
        give something up where a rule binds: a worked weekend when ``d`` is on a weekend he
        does not work and he works as many as he may (``MaxWeekends``), a use of ``s`` when
        he is at ``MaxShifts``, a worked day when one more shift would pass
        ``MaxTotalMinutes``; what he gives up costs the cover penalty of those days (none
        for a day that stays covered without him). The shortfall is drawn by its penalty
        among those a taker can fill at less cost than the shortfall's (the others are
        most likely forced: on Instance20 every employee works all the weekends he may and
        33 weekend shortfalls are in every roster), or among all when there is none. Its
        one (or, from four employees, two) cheapest takers are taken, with as partners, in
        turn, those who work ``d`` or the other day of its weekend (first those who could
        change shift with a taker there) and those who could take over a day the takers
        give up (off that day and allowed its shift). Without a shortfall: :meth:`worst`'s
        employees."""
        terms = self._focused(_terms(self.inst, self.roster))
        rng = self._rng
        roster = self.roster
        counts = cover_counts(roster)
        options = []
        for weight, allowed, day, shortfall in terms:
            if shortfall is None:
                continue
            free = [eid for eid in allowed if eid not in busy]
            takers = [eid for eid in free if roster[eid][day] is None] or free
            scored = []
            for eid in takers:
                cost, give = self._give_up(eid, day, shortfall[0], counts)
                scored.append((cost + rng.random(), eid, give))
            if scored:
                scored.sort()
                options.append((weight, scored[0][0] < weight, day, shortfall, scored))
        # a shortfall some taker can fill at less cover than it costs comes first
        options = [o for o in options if o[1]] or options
        if not options:
            officers, around = self.worst()
            return [eid for eid in officers if eid not in busy], around
        _, _, day, shortfall, scored = rng.choices(options, weights=[o[0] for o in options])[0]
        chosen = [eid for _, eid, _ in scored[: 1 if size < 4 else 2]]
        given = [(eid, d) for _, eid, give in scored[: len(chosen)] for d in give]
        window: list[int] | None = None
        if self.windows and rng.random() < EXCHANGE_WINDOW_SHARE:
            # only the days the exchange moves work between (the short day, its weekend,
            # the days the takers give up), each with a margin for the rules of
            # consecutive days: the days between stay fixed, so more employees fit
            horizon = self.inst.horizon
            keys = [*self._weekend_pair(day), *(d for _, d in given)]
            spans = {
                x
                for d in keys
                for x in range(max(0, d - EXCHANGE_MARGIN), min(horizon, d + EXCHANGE_MARGIN + 1))
            }
            if len(spans) < horizon:
                window = sorted(spans)
                size = max(size, size * horizon // len(spans))
        pair = self._weekend_pair(day)
        near = [
            eid
            for eid, row in roster.items()
            if eid not in busy and eid not in chosen and any(row[d] is not None for d in pair)
        ]
        # first those who could change shift with a taker on those days
        swap = {eid for eid in near if self._swaps(eid, chosen, pair, day, shortfall[0])}
        near = [eid for eid in near if eid not in swap]
        cover_for = [
            eid
            for eid, row in roster.items()
            if eid not in busy
            and eid not in chosen
            and any(self._could_work(eid, d, roster[taker][d]) for taker, d in given)
        ]
        rng.shuffle(near)
        rng.shuffle(cover_for)
        near += rng.sample(sorted(swap), len(swap))  # popped from the end: first
        pools = [cover_for, near] if len(chosen) % 2 else [near, cover_for]
        taken = set(chosen)
        while len(chosen) < size and any(pools):
            for pool in pools:
                while pool and pool[-1] in taken:
                    pool.pop()
                if pool and len(chosen) < size:
                    chosen.append(pool.pop())
                    taken.add(chosen[-1])
        if len(chosen) < size:
            others = [eid for eid in self.officers if eid not in busy and eid not in taken]
            chosen += rng.sample(others, min(len(others), size - len(chosen)))
        if window is not None:
            return chosen, day, window
        return chosen, day

    def _swaps(
        self, eid: str, takers: Sequence[str], pair: Sequence[int], day: int, shift_id: str
    ) -> bool:
        """Whether ``eid`` works a day of ``pair`` a shift a taker may work, and may work
        in its place what the taker works then (on ``day``: the short shift)."""
        row = self.roster[eid]
        allowed = self.inst.staff_by_id[eid].max_shifts
        for taker in takers:
            may = self.inst.staff_by_id[taker].max_shifts
            for d in pair:
                theirs = row[d]
                mine = shift_id if d == day else self.roster[taker][d]
                if theirs is None or mine is None or theirs == mine:
                    continue
                if may[theirs] > 0 and allowed[mine] > 0:
                    return True
        return False

    def _weekend_pair(self, day: int) -> tuple[int, ...]:
        """``day`` and, on a weekend, the weekend's other day."""
        week = self._weekend.get(day)
        return (day,) if week is None else self.inst.weekend_days(week)

    def _could_work(self, eid: str, day: int, shift_id: str | None) -> bool:
        """Whether ``eid`` is off on ``day`` and may work ``shift_id`` then (by the day-off
        list and ``MaxShifts``; the other rules are left to the sub-solve)."""
        if shift_id is None or self.roster[eid][day] is not None:
            return False
        staff = self.inst.staff_by_id[eid]
        return day not in self.inst.days_off[eid] and staff.max_shifts[shift_id] > 0

    def _give_up(
        self, eid: str, day: int, shift_id: str, counts: Counter[tuple[int, str]]
    ) -> tuple[int, list[int]]:
        """What ``eid`` would give up to work ``shift_id`` on ``day`` where a horizon-wide
        rule binds, as (cover penalty of those days, the days): his cheapest worked weekend
        (``MaxWeekends``), his cheapest use of ``shift_id`` (``MaxShifts``), his cheapest
        worked day (``MaxTotalMinutes``); a day costs nothing while its shift stays covered
        without him."""
        inst = self.inst
        staff = inst.staff_by_id[eid]
        row = self.roster[eid]

        def cost(d: int) -> int:
            sid = row[d]
            cover = self._cover.get((d, sid)) if sid is not None else None
            if cover is None or counts[d, cover.shift_id] > cover.requirement:
                return 0
            return cover.weight_under

        def near(d: int) -> tuple[int, int]:
            # with ``windows``, of the days that cost the same the nearest: the exchange's
            # days then lie closer together
            return cost(d), abs(d - day) if self.windows else 0

        give: list[int] = []
        week = self._weekend.get(day)
        if week is not None and all(row[d] is None for d in inst.weekend_days(week)):
            worked = [
                w
                for w in range(inst.num_weeks)
                if any(row[d] is not None for d in inst.weekend_days(w))
            ]
            if worked and len(worked) >= staff.max_weekends:
                days = [[d for d in inst.weekend_days(w) if row[d] is not None] for w in worked]
                give += min(days, key=lambda ds: (sum(cost(d) for d in ds), near(min(ds))[1]))
        uses = [d for d, sid in enumerate(row) if sid == shift_id]
        if uses and len(uses) >= staff.max_shifts[shift_id]:
            give.append(min(uses, key=near))
        length = inst.shift_by_id
        minutes = sum(length[sid].length_minutes for sid in row if sid is not None)
        if minutes + length[shift_id].length_minutes > staff.max_total_minutes:
            worked_days = [d for d, sid in enumerate(row) if sid is not None and d not in give]
            if worked_days:
                give.append(min(worked_days, key=near))
        return sum(cost(d) for d in give), give

    def _one_day_weekends(self) -> set[str]:
        """The employees who work one day only of some weekend in the current roster."""
        out: set[str] = set()
        for eid, row in self.roster.items():
            worked: dict[int, int] = {}
            for d, w in self._weekend.items():
                if row[d] is not None:
                    worked[w] = worked.get(w, 0) + 1
            if any(n < len(self.inst.weekend_days(w)) for w, n in worked.items()):
                out.add(eid)
        return out

    def resolve(self, hood: Neighbourhood, time_limit_s: float, seed: int) -> Candidate | None:
        base = self.roster
        result = _solve_sub(
            self.inst,
            base,
            hood.officers,
            (hood.first, hood.stop),
            time_limit_s,
            self.workers,
            seed,
            held=hood.held,
        )
        if result.roster is None:
            return None
        # A time-limited sub-solve may leave both under- and over-cover on a row, so its
        # value can overstate its roster's: take the roster's true value.
        value = evaluate(self.inst, result.roster).objective
        return Candidate(
            (value,),
            result.status == cp_model.OPTIMAL,
            result.seconds,
            SubRoster(result.roster, base),
        )

    def merge(self, candidate: Candidate) -> Candidate | None:
        """The rows ``candidate`` changed, put into the current roster; ``None`` when the
        current roster changed one of them too since the candidate's sub-solve started (or
        it changed none). Every hard rule of Curtois-Qu is about one employee, so rows of
        different employees always combine lawfully; only the (soft) cover changes, and the
        evaluator gives the merged roster's value."""
        sub: SubRoster = candidate.payload
        current = self.roster
        changed = [eid for eid, row in sub.roster.items() if row != sub.base[eid]]
        if not changed or any(current[eid] != sub.base[eid] for eid in changed):
            return None
        merged = dict(current)
        for eid in changed:
            merged[eid] = sub.roster[eid]
        checked = evaluate(self.inst, merged)
        if not checked.feasible:
            return None
        return Candidate(
            (checked.objective,), candidate.proved, candidate.seconds, SubRoster(merged, current)
        )

    def accept(self, candidate: Candidate) -> None:
        self.roster = candidate.payload.roster
        self.value = candidate.key[0]


#: Neighbourhoods the shared search re-solves at once in ``solve_lns`` (at most ``workers``,
#: each sub-solve on ``workers // parallel`` CP-SAT workers); docs/benchmarks.md, "Parallel
#: neighbourhoods (7 Dec third session)".
LNS_PARALLEL = 2
#: Neighbourhood kinds of the shared search in ``solve_lns`` and in ``solve_staged`` after
#: its hand-over: the police solver's, plus
#: ``rows`` (a few employees over the whole horizon; docs/benchmarks.md, "Large lns
#: instances, 7 Dec fourth session") and ``exchange`` (who could fill a shortfall by
#: moving a weekend or a shift type's use across the horizon, :meth:`CurtoisProblem.exchange`;
#: "Weekend exchange neighbourhood (7 Dec fifth session)").
LNS_KINDS = (*lns.KINDS, "rows", "exchange")
#: In ``solve_lns``, the share of ``exchange`` neighbourhoods freed over the days the
#: exchange moves work between (plus ``EXCHANGE_MARGIN`` days each side) instead of the
#: whole horizon (:meth:`CurtoisProblem.exchange` with ``windows``).
EXCHANGE_WINDOW_SHARE = 0.5
EXCHANGE_MARGIN = 3
#: In ``solve_lns``, the share of the time limit for the weekend plan
#: (``construct.plan_weekends``) that the first roster follows.
WEEKEND_PLAN_SHARE = 0.03


def solve_lns(
    inst: Instance,
    time_limit_s: float,
    workers: int = 2,
    seed: int = 0,
    *,
    initial: Roster | None = None,
    sub_time_s: float = 2.0,
    start_cells: int = 800,
    improve_share: float = IMPROVE_SHARE,
    columns_share: float = 0.0,
    parallel: int = LNS_PARALLEL,
    kinds: Sequence[str] = LNS_KINDS,
    weekend_plan: bool = True,
    echo: bool = False,
) -> SolveResult:
    """Construct a roster (unless ``initial`` is given), then improve it with the shared
    search (``roster.solver.lns.search``, the one the police solver runs in every stage)
    until the time limit; an equal roster is accepted too (it moves the search along).
    With ``columns_share`` that share of the time left after re-planning goes to column
    generation and a dive (``bench.curtois.columns.price_and_plan``) before the search.
    ``parallel``: neighbourhoods the search re-solves at once, each sub-solve on
    ``workers // parallel`` CP-SAT workers; ``kinds``: its neighbourhood kinds. With
    ``weekend_plan`` the first roster works the weekends of a plan of the weekend days
    (``construct.plan_weekends``, ``WEEKEND_PLAN_SHARE`` of the time)."""
    start = time.monotonic()
    deadline = start + time_limit_s
    progress: list[tuple[float, int]] = []
    current: dict[str, list[str | None]] | None
    if initial is not None:
        current = {eid: list(row) for eid, row in initial.items()}
    else:
        plan = None
        if weekend_plan:
            plan = plan_weekends(
                inst, start + WEEKEND_PLAN_SHARE * time_limit_s, workers=workers, seed=seed
            )
            if echo:
                print(f"# weekend plan: {plan is not None}", flush=True)
        current = construct_by_employee(
            inst, deadline, seed, workers=workers, weekend_plan=plan, echo=echo
        )
    if current is None:
        return SolveResult("UNKNOWN", None, None, None, time.monotonic() - start, "lns", progress)
    first = current
    progress.append((time.monotonic() - start, evaluate(inst, current).objective))
    if improve_share > 0:
        left = deadline - time.monotonic()
        current = improve_by_employee(
            inst, current, time.monotonic() + improve_share * left, seed, workers=workers, echo=echo
        )
    if columns_share > 0:
        progress.append((time.monotonic() - start, evaluate(inst, current).objective))
        left = deadline - time.monotonic()
        seeds = [current] if initial is not None else [first, current]
        dived, _ = price_and_plan(
            inst, seeds, time.monotonic() + columns_share * left, workers=workers, echo=echo
        )
        if dived is not current:
            left = deadline - time.monotonic()
            current = improve_by_employee(
                inst,
                dived,
                time.monotonic() + improve_share * left,
                seed,
                workers=workers,
                echo=echo,
            )
    parallel = max(1, min(parallel, workers))
    problem = CurtoisProblem(inst, current, max(1, workers // parallel), focus=True, windows=True)
    progress.append((time.monotonic() - start, problem.value))
    stats = lns.search(
        problem,
        time.perf_counter() + (deadline - time.monotonic()),
        seed=seed,
        start_cells=start_cells,
        sub_time_s=sub_time_s,
        accept_equal=True,
        parallel=parallel,
        kinds=kinds,
    )
    offset = time.monotonic() - start - stats.seconds
    progress += [(offset + t, key[0]) for t, key in stats.progress]
    if echo:
        for kind in stats.kinds.values():
            print(f"# {kind.name}: {kind.improved}/{kind.tried} improved, size {kind.cells:.0f}")
        print(f"# {stats.iterations} neighbourhoods, {stats.merged} merged, {stats.conflicts} lost")
    return SolveResult(
        "FEASIBLE", problem.roster, problem.value, None, time.monotonic() - start, "lns", progress
    )


def column_generation(
    inst: Instance, deadline: float, workers: int = 2, seed: int = 0, *, echo: bool = False
) -> ColumnGeneration | None:
    """Column generation with exact pricing (``bench.curtois.pricing.ColumnGeneration``,
    seeded with ``construct_by_employee``'s roster) until the master LP is solved or the
    ``deadline``; ``None`` when there is no first roster. Its ``bound.value`` is ``None``
    when no round proved every pricing in time."""
    first = construct_by_employee(inst, deadline, seed)
    if first is None:
        return None
    generation = ColumnGeneration(inst, [first], workers)
    generation.run(deadline, echo=echo)
    if echo:
        print(
            f"# column bound {generation.bound.value} after {generation.rounds} rounds "
            f"(master {generation.master_value})",
            flush=True,
        )
    return generation


@dataclass
class GapResult:
    """What :func:`close_gap` reached: a proven lower ``bound``, and the roster it found
    (``None``: none) with its ``value``, ``optimal`` when proved; ``steps``: per restricted
    solve its ``T``, status and the seconds since the start."""

    bound: int
    roster: dict[str, list[str | None]] | None = None
    value: int | None = None
    optimal: bool = False
    steps: list[tuple[int, str, float]] = field(default_factory=list)


def close_gap(
    inst: Instance,
    generation: ColumnGeneration,
    deadline: float,
    workers: int = 2,
    seed: int = 0,
    *,
    bound: int | None = None,
    incumbent: int | None = None,
    echo: bool = False,
) -> GapResult | None:
    """From the bound ``B`` up (the column bound, or ``bound`` when higher): the whole model
    restricted to rosters of value at most ``T`` (``exact.restriction``: reduced-cost fixing,
    cover count bounds and the Lagrangian cuts, with ``objective <= T``), minimised, at
    ``T = B``, ``B + 1``, ... until one finds a roster, the bound reaches ``incumbent`` (a
    known roster's value, which is then optimal) or the ``deadline``. Each ``INFEASIBLE``
    lifts the bound to ``T + 1``; a roster of value at most the bound is optimal (every
    roster of at most ``T`` is in the restricted model). ``None`` without a proved round."""
    if generation.bound.value is None or not generation.proved:
        return None
    out = GapResult(max(generation.bound.value, bound or generation.bound.value))
    start = time.monotonic()
    while time.monotonic() < deadline and (incumbent is None or out.bound < incumbent):
        target = out.bound
        limits = restriction(inst, generation, target, deadline, workers)
        result = solve_whole(
            inst,
            deadline - time.monotonic(),
            workers,
            seed,
            cuts=limits.cuts,
            fixed=limits.fixed,
            at_most=target,
            counts=limits.counts if COUNT_BOUNDS else None,
        )
        out.steps.append((target, result.status, time.monotonic() - start))
        if echo:
            print(
                f"# exact: T = {target}, {len(limits.fixed)} cells fixed: {result.status} "
                f"at {time.monotonic() - start:.1f}s",
                flush=True,
            )
        if result.status == "INFEASIBLE":
            out.bound = target + 1
            continue
        if result.roster is not None and result.objective is not None:
            out.roster, out.value = result.roster, result.objective
            out.optimal = result.objective <= out.bound
            if out.optimal:
                out.bound = result.objective
        break
    return out


def lift_bound(
    inst: Instance,
    generation: ColumnGeneration,
    deadline: float,
    workers: int = 2,
    seed: int = 0,
) -> int | None:
    """``B + 1`` when no roster is worth ``B`` (the column bound) or less, else ``None``: the
    first step of :func:`close_gap` must end ``INFEASIBLE`` before the ``deadline``."""
    if generation.bound.value is None:
        return None
    out = close_gap(inst, generation, deadline, workers, seed, incumbent=generation.bound.value + 1)
    if out is None or out.bound <= generation.bound.value:
        return None
    return out.bound


def column_bound(
    inst: Instance, deadline: float, workers: int = 2, seed: int = 0, *, echo: bool = False
) -> int | None:
    """A proven lower bound by :func:`column_generation`; ``None`` when no round proved every
    pricing in time."""
    generation = column_generation(inst, deadline, workers, seed, echo=echo)
    return None if generation is None else generation.bound.value


def solve_staged(
    inst: Instance,
    time_limit_s: float,
    workers: int = 2,
    seed: int = 0,
    *,
    column_share: float | None = None,
    cut_rounds: int | None = None,
    close: bool | None = None,
    echo: bool = False,
) -> SolveResult:
    """What a police stage does (``roster.solver.solve``): a whole-model solve for
    ``lns.whole_share`` of the time (its bound; all of it on a small model), then the shared
    search from its roster for the rest, stopping once it reaches the proven bound. The
    whole-model solve ends early when it has found nothing better for ``WHOLE_STALL_S``, or
    after ``WHOLE_GAP_SHARE`` of the time once its roster is more than ``WHOLE_HANDOVER_GAP``
    above its bound. The search re-solves ``LNS_PARALLEL`` neighbourhoods at once (at most
    ``workers``), each sub-solve on ``workers // parallel`` CP-SAT workers.

    First, for up to ``column_share`` (default ``COLUMN_BOUND_SHARE``) of the time, column
    generation with exact pricing (:func:`column_bound`) proves a bound; the better of it and
    CP-SAT's is the bound that stops both the whole-model solve and the search (a roster at
    the bound is optimal). With ``close`` (default: models of at most ``EXACT_MAX_CELLS``
    cells) the whole-model solve also stops once its roster is within ``EXACT_GAP`` of the
    bound and stalled for ``EXACT_STALL_S``, and :func:`close_gap` takes the rest of the
    time."""
    start = time.monotonic()
    cells = round(_cells_per_employee_day(inst) * len(inst.staff) * inst.horizon)
    share = lns.whole_share(cells)
    columns = None
    cuts: list[LagrangianCut] = []
    generation = None
    if column_share is None:
        column_share = COLUMN_BOUND_SHARE
    if cut_rounds is None:
        cut_rounds = WHOLE_CUT_ROUNDS
    if column_share > 0:
        generation = column_generation(
            inst, start + column_share * time_limit_s, workers, seed, echo=echo
        )
        if generation is not None:
            columns = generation.bound.value
            cuts = generation.cuts(cut_rounds)
    if close is None:
        close = cells <= EXACT_MAX_CELLS
    exact = close and generation is not None and columns is not None
    left = time_limit_s - (time.monotonic() - start)
    whole = solve_whole(
        inst,
        left * share,
        workers,
        seed,
        stall_s=WHOLE_STALL_S,
        gap=WHOLE_HANDOVER_GAP,
        gap_after_s=WHOLE_GAP_SHARE * time_limit_s,
        stop_at=columns,
        cuts=cuts,
        near=(EXACT_GAP, EXACT_STALL_S) if exact else None,
        echo=echo,
    )
    bounds = [b for b in (columns, whole.bound) if b is not None]
    bound = max(math.ceil(b - 1e-6) for b in bounds) if bounds else None
    if (
        exact
        and generation is not None
        and bound is not None
        and whole.objective is not None
        and bound < whole.objective <= (1 + EXACT_GAP) * bound
    ):
        # near the bound: lift it (and perhaps find a better roster) in the restricted model
        gap = close_gap(
            inst,
            generation,
            start + time_limit_s,
            workers,
            seed,
            bound=bound,
            incumbent=whole.objective,
            echo=echo,
        )
        if gap is not None:
            bound = max(bound, gap.bound)
            if gap.roster is not None and gap.value is not None and gap.value < whole.objective:
                whole.roster, whole.objective = gap.roster, gap.value
                whole.progress.append((time.monotonic() - start, gap.value))
    if whole.objective is not None and bound is not None and whole.objective <= bound:
        whole.status = "OPTIMAL"
    whole.bound = None if bound is None else float(bound)
    whole.strategy = "staged"
    if whole.status == "OPTIMAL" or whole.roster is None:
        left = time_limit_s - (time.monotonic() - start)
        if whole.roster is not None or left < 1.0:
            whole.wall_time_s = time.monotonic() - start
            return whole
        lns_only = solve_lns(inst, left, workers, seed, echo=echo)
        lns_only.wall_time_s = time.monotonic() - start
        lns_only.strategy = "staged"
        lns_only.bound = whole.bound
        if lns_only.objective is not None and bound is not None and lns_only.objective <= bound:
            lns_only.status = "OPTIMAL"
        return lns_only
    parallel = max(1, min(LNS_PARALLEL, workers))
    problem = CurtoisProblem(inst, whole.roster, max(1, workers // parallel), focus=True)
    if echo:
        print(f"# hand-over at {time.monotonic() - start:.1f}s: {whole.objective}", flush=True)
    stats = lns.search(
        problem,
        time.perf_counter() + time_limit_s - (time.monotonic() - start),
        seed=seed,
        accept_equal=True,
        stop_at=None if bound is None else (bound,),
        parallel=parallel,
        kinds=LNS_KINDS,
    )
    progress = list(whole.progress)
    offset = time.monotonic() - start - stats.seconds
    progress += [(offset + t, key[0]) for t, key in stats.progress]
    if echo:
        for kind in stats.kinds.values():
            print(f"# {kind.name}: {kind.improved}/{kind.tried} improved, size {kind.cells:.0f}")
        print(f"# {stats.iterations} neighbourhoods, {stats.merged} merged, {stats.conflicts} lost")
    proved = bound is not None and problem.value <= bound
    return SolveResult(
        "OPTIMAL" if proved else "FEASIBLE",
        problem.roster,
        problem.value,
        whole.bound,
        time.monotonic() - start,
        "staged",
        progress,
    )


def solve(
    inst: Instance,
    time_limit_s: float,
    workers: int = 2,
    seed: int = 0,
    *,
    strategy: str = "auto",
    echo: bool = False,
) -> SolveResult:
    """Solve ``inst`` within about ``time_limit_s`` seconds of wall time.

    ``strategy`` is ``"staged"`` (a whole-model solve, then the shared search: what a police
    stage does), ``"whole"``, ``"lns"``, ``"columns"`` (``lns`` with a first roster by column
    generation, ``bench.curtois.columns``; opt-in, measured in docs/benchmarks.md) or
    ``"auto"`` (``staged`` when the model is small enough for a whole-model solve on two
    cores, else ``lns``).
    """
    if strategy == "auto":
        cells = _cells_per_employee_day(inst) * len(inst.staff) * inst.horizon
        strategy = "staged" if cells <= WHOLE_MODEL_MAX_CELLS else "lns"
    if strategy == "staged":
        return solve_staged(inst, time_limit_s, workers, seed, echo=echo)
    if strategy == "whole":
        return solve_whole(inst, time_limit_s, workers, seed, echo=echo)
    if strategy == "lns":
        return solve_lns(inst, time_limit_s, workers, seed, echo=echo)
    if strategy == "columns":
        result = solve_lns(
            inst, time_limit_s, workers, seed, columns_share=COLUMNS_SHARE, echo=echo
        )
        result.strategy = "columns"
        return result
    raise ValueError(f"unknown strategy {strategy!r}")
