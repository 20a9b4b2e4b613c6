"""Solve a roster period with CP-SAT (or the greedy baseline) and report every figure.

The objective is a sequence of lexicographic stages (``roster.solver.stages``) solved on one
model: each stage is minimised within its share of the time, hinted with the roster the stage
before returned, and then held as a constraint. The first roster is a lawful one built without
CP-SAT (``_start``; in a repair the published roster minus the lost places, refilled lawfully
inside the repair window, ``roster.solver.repair``, and then by ejection chains of one move,
``roster.solver.chains``), so whatever CP-SAT does in the time, the
result is never worse than it. A repair fixes every placement outside its window.

``status`` is ``optimal`` only when CP-SAT proved every stage. ``infeasible`` happens only when
the pinned assignments themselves break a rule (``hard_rules.pinned_violations``, checked
before any model is built, so the violations name them); otherwise leaving places empty is
always lawful and a shortfall is a figure, not a failure. Figures, stage values and the
objective come from ``figures.compute_figures`` on the assignments; ``bound`` is the proven
bound of the last stage (``totals``) given the stages before it held.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from roster.solver import hood_model, lns
from roster.solver import notes as solver_notes
from roster.solver.baseline import best_hint, greedy
from roster.solver.build import BuiltModel, build_model, hint_assignments
from roster.solver.chains import fill_by_chains
from roster.solver.eligibility import Candidates, candidates
from roster.solver.explain import explain_shortfalls
from roster.solver.fairness_bound import worst_lower_bounds
from roster.solver.figures import (
    MAX,
    MIN,
    RATE_SCALE,
    WISH_LEVELS,
    Figures,
    WishLevel,
    compute_figures,
    fairness_families,
    stage_detail,
    stage_ideal,
    stage_rank,
    stage_value,
    wish_levels,
)
from roster.solver.hard_rules import pinned_violations
from roster.solver.leximin import GrantRow, at_least, hold_levels, level_rate
from roster.solver.notes import Note
from roster.solver.repair import changed_officers, start_roster
from roster.solver.stage_search import Current, StageProblem, rank_offset
from roster.solver.stages import (
    StageModel,
    grant_rows,
    hold,
    release,
    stage_model,
    time_share,
    with_changes_tie_break,
)
from roster.solver.training import without_unmentored
from roster.solver.types import (
    Placement,
    SolveInput,
    SolveResult,
    StageName,
    StageResult,
    StageStatus,
    Status,
)
from roster.solver.window import RepairWindow, window_candidates
from roster.solver.wish_swaps import raise_by_swaps
from roster.solver.wishes_bound import lowest_rate_upper_bound

#: On <= 2 workers the one full-problem worker runs ``max_lp`` (DESIGN 5; measured on the
#: 60-officer scenario: a real bound instead of none, and an equal or better roster).
SMALL_MACHINE_SUBSOLVERS = ("max_lp",)
#: Simplex iterations the ``max_lp`` worker may spend on the root LP (CP-SAT's default is
#: 2000). The root LP of a 60-officer, 28-day period needs ~20k dual simplex iterations;
#: interrupted every 2000 it had reached 3425 after 30 s, run through 4635 (bench scenario,
#: docs/benchmarks.md).
ROOT_LP_ITERATIONS = 1_000_000
#: Share of the time limit after which a repair's ejection chains (``roster.solver.chains``)
#: search no further place (60 x 28, 2 places: 0.07-0.15 s at load 5-9, 0.6 s at load 8
#: with two of our own processes on both cores). At 2 s a whole-window CP-SAT stage finds
#: nothing at such a load, so the first half goes to the empty places.
CHAIN_TIME_SHARE = 0.5
#: Share of the time limit that completing the hint may take at most.
HINT_TIME_SHARE = 0.25
#: With less time than this left after building the model, neither the hint is completed
#: nor a stage run: copying and fixing the model takes 0.1-0.2 s before CP-SAT's own limit
#: counts, and a stage stops only after its presolve (measured at load 7 on the 60 x 28
#: repair at 2 s: a 0.27 s hint budget took 0.38 s; stages started at 1.6 s ended at 2.13 s).
HINT_MIN_LEFT_S = 0.4
#: Part of the time limit kept back for stopping CP-SAT and assembling the result (at most
#: ``CLOSE_RESERVE_MAX_S``): a stage's ``max_time_in_seconds`` is checked by CP-SAT between
#: steps, so a stage ends up to a few tenths of a second after its budget.
CLOSE_RESERVE_SHARE = 0.02
CLOSE_RESERVE_MAX_S = 0.5
#: ... and at least this much (at most a tenth of the limit): explaining the shortfalls and
#: the changed officers of a 60-officer repair took 0.07-0.09 s under load, more than 2 % of
#: a 2 s limit (measured: 2.03-2.05 s returned)
CLOSE_RESERVE_MIN_S = 0.15
#: The wishes stage's swaps when fairness ranks after it: no family's deviation limits them.
UNLIMITED_DEVIATION = 1 << 30


def close_reserve(time_limit_s: float) -> float:
    """Seconds of ``time_limit_s`` kept back for stopping CP-SAT and assembling the result."""
    floor = min(CLOSE_RESERVE_MIN_S, 0.1 * time_limit_s)
    return min(CLOSE_RESERVE_MAX_S, max(floor, CLOSE_RESERVE_SHARE * time_limit_s))


def swap_limits(worst: Mapping[str, int], held: Mapping[str, int] | None) -> dict[str, int]:
    """Per fairness family the worst deviation the wishes stage's swaps may leave: the
    roster's worst, or what the fairness stage holds where it holds one; no limit when the
    fairness stage has not run (it ranks after the wishes, or is not in the order: it is
    optimised later, from the swapped roster)."""
    if held is None:
        return {family: UNLIMITED_DEVIATION for family in worst}
    return {family: held.get(family, value) for family, value in worst.items()}


#: progress(objective, bound, seconds) is called on every improving solution.
ProgressFn = Callable[[float, float, float], None]


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: ProgressFn) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(self.objective_value, self.best_objective_bound, self.wall_time)


def _result(
    inp: SolveInput,
    status: Status,
    assignments: Sequence[Placement],
    *,
    bound: int | None,
    started: float,
    cands: Candidates,
    notes: Sequence[Note] = (),
    stats: dict[str, float] | None = None,
    stages: tuple[StageResult, ...] = (),
) -> SolveResult:
    figures = compute_figures(inp, assignments, cands)
    shortfalls = explain_shortfalls(inp, assignments, figures.missing)
    return SolveResult(
        status=status,
        objective=figures.objective,
        bound=bound,
        wall_time_s=time.perf_counter() - started,
        assignments=tuple(sorted(assignments)),
        shortfalls=shortfalls,
        officers=figures.officers,
        fairness=figures.fairness,
        changes=figures.changes,
        terms=figures.terms,
        notes=tuple(notes),
        stats=stats or {},
        stages=stages,
        changed_officers=changed_officers(inp, assignments, cands),
        training=figures.training,
    )


def configure(
    solver: cp_model.CpSolver,
    *,
    time_limit_s: float,
    workers: int,
    seed: int,
    subsolvers: Sequence[str] | None = None,
    relative_gap_limit: float = 0.0,
) -> None:
    params = solver.parameters
    params.max_time_in_seconds = time_limit_s
    params.num_workers = workers
    params.random_seed = seed
    if relative_gap_limit > 0:
        params.relative_gap_limit = relative_gap_limit
    if subsolvers:
        params.subsolvers.extend(subsolvers)
        if "max_lp" in subsolvers:
            params.root_lp_iterations = ROOT_LP_ITERATIONS


def complete_solution(
    built: BuiltModel, hint: Sequence[Placement], time_limit_s: float
) -> list[int] | None:
    """Every variable's value for the roster ``hint``: fix ``x`` to it in a copy of the model
    and let CP-SAT fill in the auxiliary variables (fast: nothing is left to decide). CP-SAT
    does not complete a partial hint reliably; a complete one is taken as the first solution.
    ``None`` when the hint breaks a rule of the model or the time ran out."""
    chosen = {(p.officer, p.shift): p.skill for p in hint}
    fixed = built.model.clone()
    for (officer, shift, skill), var in built.vars.x.items():
        value = int(chosen.get((officer, shift)) == skill)
        fixed.add(fixed.get_int_var_from_proto_index(var.index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s)
    code = solver.solve(fixed)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution)


def _set_hint(built: BuiltModel, solution: list[int] | None, roster: Sequence[Placement]) -> None:
    """Hint the complete ``solution`` (every variable) or else ``x`` from ``roster``."""
    model = built.model
    model.clear_hints()  # type: ignore[no-untyped-call]  # untyped upstream
    if solution is not None:
        model.proto.solution_hint.vars.extend(range(len(solution)))
        model.proto.solution_hint.values.extend(solution)
    else:
        hint_assignments(built, {(p.officer, p.shift): p.skill for p in roster})


def _start(
    inp: SolveInput, cands: Candidates, hint: bool
) -> tuple[list[Placement], RepairWindow | None]:
    """The lawful roster the stages start from and fall back on, and a repair's window: in a
    repair the published roster minus the lost places, refilled inside the window
    (``repair.start_roster``); otherwise the better greedy (the first-come one without
    ``hint``)."""
    if inp.repair:
        roster, window = start_roster(inp, cands)
        return without_unmentored(inp, roster), window
    return without_unmentored(inp, best_hint(inp, cands) if hint else greedy(inp, cands)), None


def _fix_outside_window(
    built: BuiltModel, inp: SolveInput, window: RepairWindow | None, start: Sequence[Placement]
) -> int:
    """A repair keeps every placement outside its window: fix those ``x`` to ``start``
    (which holds the published roster there). Returns how many variables were fixed."""
    chosen = {(p.officer, p.shift): p.skill for p in start}
    fixed = 0
    for (officer, shift, skill), var in built.vars.x.items():
        if window is not None and window.contains(inp.shift_by_id[shift].day):
            continue
        built.model.add(var == int(chosen.get((officer, shift)) == skill))
        fixed += 1
    return fixed


def _search_days(inp: SolveInput, window: RepairWindow | None) -> tuple[int, int]:
    """The days a neighbourhood may free: a repair's window, else every day of a shift."""
    if window is not None:
        return window.first, window.last + 1
    days = [s.day for s in inp.shifts]
    return (min(days), max(days) + 1) if days else (0, 1)


def solve(
    inp: SolveInput,
    *,
    time_limit_s: float,
    workers: int,
    seed: int,
    progress: ProgressFn | None = None,
    baseline: bool = False,
    subsolvers: Sequence[str] | None = None,
    hint: bool = True,
    relative_gap_limit: float = 0.0,
) -> SolveResult:
    """Roster ``inp`` stage by stage (``roster.solver.stages``). ``baseline=True`` returns
    the first-come greedy roster instead.

    The stages start from a lawful roster (``_start``) and each is hinted with the roster
    the stage before it returned; a stage that finds nothing in its time keeps that roster,
    so the result is never worse than the start. ``subsolvers`` ``None`` picks
    ``SMALL_MACHINE_SUBSOLVERS`` on <= 2 workers; ``[]`` keeps CP-SAT's.
    ``relative_gap_limit`` > 0 stops each stage as soon as its gap is at most that (e.g.
    0.01); the stage is then ``feasible`` unless the gap is 0."""
    started = time.perf_counter()
    # the stages stop early enough that CP-SAT's stop and the result's assembly still end
    # within ``time_limit_s``: the limit is the caller's promise to the planner
    deadline = started + time_limit_s - close_reserve(time_limit_s)
    bad = pinned_violations(inp)
    if bad:
        return SolveResult(
            status=Status.INFEASIBLE,
            objective=None,
            bound=None,
            wall_time_s=time.perf_counter() - started,
            violations=tuple(bad),
            notes=(
                solver_notes.pinned_break_rules(
                    (v.officer for v in bad if v.officer), (str(v.rule) for v in bad)
                ),
            ),
        )
    cands = candidates(inp)
    if baseline:
        placements = without_unmentored(inp, greedy(inp, cands))
        return _result(
            inp,
            Status.FEASIBLE,
            placements,
            bound=None,
            started=started,
            cands=cands,
            stats={"greedy_time_s": round(time.perf_counter() - started, 3)},
        )

    notes: list[Note] = []
    t0 = time.perf_counter()
    start, window = _start(inp, cands, hint)
    start, chains = fill_by_chains(
        inp, cands, window, start, deadline=started + CHAIN_TIME_SHARE * time_limit_s
    )
    greedy_time = round(time.perf_counter() - t0, 3)
    modelled = window_candidates(inp, cands, window, start) if inp.repair else None
    built: BuiltModel = build_model(inp, cands, modelled)
    stats: dict[str, float] = {"build_time_s": round(built.build_time_s, 3)}
    stats["greedy_time_s"] = greedy_time
    if inp.repair:
        stats["chain_fills"] = len(chains)
    if inp.repair:
        stats["fixed_variables"] = _fix_outside_window(built, inp, window, start)
        if window is None:
            notes.append(solver_notes.repair_nothing_lost())
        else:
            notes.append(
                solver_notes.repair_window(
                    inp.horizon_start,
                    inp.timezone,
                    lost=(window.core_first, window.core_last),
                    change=(window.first, window.last),
                )
            )
    solution: list[int] | None = None
    if hint and deadline - time.perf_counter() < HINT_MIN_LEFT_S:
        # completing the hint alone would outlast the limit, and a stage's presolve stops
        # late as well: no stage runs (their values on the start are still reported)
        stats["hint_complete"] = 0
        deadline = time.perf_counter()
        notes.append(solver_notes.no_time_for_search(time_limit_s))
    elif hint:
        t0 = time.perf_counter()
        budget = min(HINT_TIME_SHARE * time_limit_s, deadline - time.perf_counter())
        solution = complete_solution(built, start, budget)
        stats["hint_time_s"] = round(time.perf_counter() - t0, 3)
        stats["hint_complete"] = int(solution is not None)
    if subsolvers is None:
        subsolvers = SMALL_MACHINE_SUBSOLVERS if workers <= 2 else ()
    stats["variables"] = len(built.model.proto.variables)
    stats["constraints"] = len(built.model.proto.constraints)

    run = _StageRun(
        inp=inp,
        built=built,
        cands=cands,
        roster=list(start),
        solution=solution,
        hint=hint,
        deadline=deadline,
        configure_kw={
            "workers": workers,
            "seed": seed,
            "subsolvers": subsolvers,
            "relative_gap_limit": relative_gap_limit,
        },
        progress=progress,
        stats=stats,
        days=_search_days(inp, window),
    )
    stage_results = run.all()
    if not run.found_any and any(r.status is StageStatus.NO_SOLUTION for r in stage_results):
        notes.append(solver_notes.no_roster_in_time(repair=inp.repair))
    proved = bool(stage_results) and all(r.status is StageStatus.OPTIMAL for r in stage_results)
    last = stage_results[-1] if stage_results else None
    bound = last.bound if last is not None and last.name is StageName.TOTALS else None
    return _result(
        inp,
        Status.OPTIMAL if proved else Status.FEASIBLE,
        run.roster,
        bound=bound,
        started=started,
        cands=cands,
        notes=notes,
        stats=stats,
        stages=stage_results,
    )


#: A stage with less time than this is not run (its value is still reported and held).
MIN_STAGE_S = 0.05
#: A stage runs the search only when at least this much of its time is left.
LNS_MIN_S = 0.3
#: Time that must be left to go back to a stage that was not proved.
REVISIT_MIN_S = 1.0
#: Share of the wishes stage's time for its one-officer bound (``wishes_bound``).
WISHES_BOUND_SHARE = 0.15
#: Share of the wishes stage's time for raising the lowest rates by swaps before CP-SAT
#: (``wish_swaps``); a pass that finds nothing more ends earlier.
SWAP_SHARE = 0.3
#: ... on a model whose fairness stage searches neighbourhood models (``hood_model.used``):
#: there the CP-SAT steps found nothing (250 x 28 at 60 s, load 4.5-5: a 5.7 s whole-model
#: solve and 9 neighbourhoods in 6.5 s, no improvement; docs/benchmarks.md), the swaps
#: raised the lowest rate from 0 % to 28 % in 5 s.
HUGE_SWAP_SHARE = 0.7


_STATUS_RANK = {
    StageStatus.NOT_RUN: 0,
    StageStatus.NO_SOLUTION: 1,
    StageStatus.FEASIBLE: 2,
    StageStatus.OPTIMAL: 3,
}


def _better_status(old: StageStatus, new: StageStatus) -> StageStatus:
    """A stage run again keeps the best status it reached (its roster is kept)."""
    return max(old, new, key=_STATUS_RANK.__getitem__)


def _better_bound(sense: str, old: int | None, new: int | None) -> int | None:
    """The tighter of two proven bounds of one stage (both proved under the same holds)."""
    if old is None or new is None:
        return new if old is None else old
    return min(old, new) if sense == MAX else max(old, new)


@dataclass
class _StageRun:
    """The stages of one solve, in ``inp.stages`` order, on one model."""

    inp: SolveInput
    built: BuiltModel
    cands: Candidates
    roster: list[Placement]
    solution: list[int] | None
    hint: bool
    deadline: float
    configure_kw: dict[str, Any]
    progress: ProgressFn | None
    stats: dict[str, float]
    #: the days the search may free (a repair: its window)
    days: tuple[int, int]
    found_any: bool = False
    #: (name, sense) of every stage run, in order: the search's lexicographic key
    keyed: list[tuple[StageName, str]] = field(default_factory=list)
    lns_stats: dict[StageName, lns.LnsStats] = field(default_factory=dict)
    #: per fairness family the bound ``fairness_bound`` proved and added to the model
    fairness_bounds: dict[str, int] = field(default_factory=dict)
    #: every family's counting bound, 0 included (the stage's ``detail_bounds``)
    fairness_counted: dict[str, int] = field(default_factory=dict)
    #: the shortfall the shortfall stage holds (``None`` before it ran)
    held_shortfall: int | None = None
    #: each family's worst deviation the fairness stage holds (``None`` before it ran)
    held_fairness: dict[str, int] | None = None
    #: the wishes bound found per fairness hold
    wishes_bounds: dict[tuple[tuple[str, int], ...], int | None] = field(default_factory=dict)
    #: ``wishes`` detail key -> (proven bound, the stage's rank before that entry when proved)
    level_bounds: dict[str, tuple[int, tuple[int, ...]]] = field(default_factory=dict)

    def all(self) -> tuple[StageResult, ...]:
        """Run the stages in order. When time is left after the last one, go back to the
        first stage not proved (e.g. a shortfall stage that ran out of its share while the
        stages after it proved fast): release the holds of the stages after it, give it the
        time that is left (shared as before), and if it improves, run the stages after it
        again; if not, hold them again as they were and try the next unproved stage."""
        weights = self.inp.weights
        stages = [
            (name, sm)
            for name in self.inp.stages
            if (sm := stage_model(name, self.built, weights)) is not None
        ]
        for k in range(len(stages) - 1):
            if stages[k + 1][0] is StageName.CHANGES:
                stages[k] = (stages[k][0], with_changes_tie_break(stages[k][1], self.built))
        names = [name for name, _ in stages]
        self.keyed = [(name, sm.sense) for name, sm in stages]
        figures = compute_figures(self.inp, self.roster, self.cands)
        status: list[StageStatus] = [StageStatus.NOT_RUN] * len(stages)
        bounds: list[int | None] = [None] * len(stages)
        seconds = [0.0] * len(stages)
        holds: list[list[int]] = [[] for _ in stages]
        revisited: set[int] = set()
        index = 0
        while True:
            while index < len(stages):
                name, sm = stages[index]
                t0 = time.perf_counter()
                status[index], bound, figures = self._one(name, sm, names, index, figures)
                bounds[index] = _better_bound(sm.sense, bounds[index], bound)
                seconds[index] += time.perf_counter() - t0
                holds[index] += self._hold(name, figures)
                index += 1
            todo = [
                k
                for k in range(len(stages))
                if status[k] is not StageStatus.OPTIMAL and k not in revisited
            ]
            if not todo or self.deadline - time.perf_counter() < REVISIT_MIN_S:
                break
            k = todo[0]
            revisited.add(k)
            for later in range(k + 1, len(stages)):
                release(self.built, holds[later])
                holds[later] = []
            name, sm = stages[k]
            before = stage_rank(name, figures)
            t0 = time.perf_counter()
            again, bound, figures = self._one(name, sm, names, k, figures)
            status[k] = _better_status(status[k], again)
            bounds[k] = _better_bound(sm.sense, bounds[k], bound)
            seconds[k] += time.perf_counter() - t0
            holds[k] += self._hold(name, figures)
            if stage_rank(name, figures) != before:
                # improved: the stages after it run again, under the new hold; what they
                # proved before was proved under the old one
                index = k + 1
                for later in range(k + 1, len(stages)):
                    revisited.discard(later)
                    status[later], bounds[later] = StageStatus.NOT_RUN, None
                continue
            for later in range(k + 1, len(stages)):  # unchanged roster: hold them again
                holds[later] = self._hold(stages[later][0], figures)
            index = len(stages)
        # values on the returned roster: later stages may have improved earlier ones
        return tuple(
            StageResult(
                name=name,
                sense=sm.sense,
                value=stage_value(name, figures),
                bound=bounds[k],
                status=status[k],
                seconds=round(seconds[k], 3),
                detail=_public_detail(name, stage_detail(name, figures)),
                detail_bounds=self._detail_bounds(name, figures),
            )
            for k, (name, sm) in enumerate(stages)
        )

    def _detail_bounds(self, name: StageName, figures: Figures) -> dict[str, int]:
        """The proven bounds of the fairness families (by counting) and of the ``wishes``
        levels the returned roster has, each proved with the levels before it as they are
        now."""
        if name is StageName.FAIRNESS:
            # the counting bound per family (``fairness_bound``), when the stage ran
            held = stage_detail(name, figures)
            return {f: b for f, b in self.fairness_counted.items() if f in held}
        if name is not StageName.WISHES:
            return {}
        rank = stage_rank(name, figures)
        detail = stage_detail(name, figures)
        out = {}
        for key in detail:
            bound = self._level_bound(key, rank)
            if bound is not None:
                out[key] = bound
        return out

    def _one(
        self,
        name: StageName,
        sm: StageModel,
        names: Sequence[StageName],
        index: int,
        figures: Figures,
    ) -> tuple[StageStatus, int | None, Figures]:
        value = stage_value(name, figures)
        if value == stage_ideal(name):
            if name is StageName.TOTALS:
                self.stats["model_objective"] = value
            return StageStatus.OPTIMAL, value, figures
        counted = self._fairness_bound() if name is StageName.FAIRNESS else None
        if counted is not None and value == counted:
            return StageStatus.OPTIMAL, counted, figures
        budget = time_share(names, index, self.deadline - time.perf_counter())
        if budget < MIN_STAGE_S:
            return StageStatus.NOT_RUN, None, figures
        stage_deadline = time.perf_counter() + budget
        if name is StageName.WISHES:
            # a lowest rate at its one-officer bound is proved; the levels above it are not
            counted = self._wishes_bound(time.perf_counter() + budget * WISHES_BOUND_SHARE)
            share = HUGE_SWAP_SHARE if self._huge() else SWAP_SHARE
            figures = self._swaps(index, figures, time.perf_counter() + budget * share)
            return self._leximin(sm, index, figures, stage_deadline, counted)
        return self._step(name, _Step(sm), index, figures, stage_deadline, counted=counted)

    def _swaps(self, index: int, figures: Figures, deadline: float) -> Figures:
        """Raise the lowest want-grant rates by swaps (``roster.solver.wish_swaps``) before
        the ``wishes`` stage's CP-SAT steps: a swap keeps every place filled and every
        fairness family within its held worst, so the roster stays a solution of the model
        with the stages before held. Taken only when no stage before it gets worse and the
        stage's rank improves; not in a repair (a swap changes colleagues' placements, which
        the ``changes`` stage holds). The stages after it hint the complete solution."""
        if self.inp.repair or time.perf_counter() >= deadline:
            return figures
        t0 = time.perf_counter()
        worst = swap_limits(figures.worst_deviation, self.held_fairness)
        roster, swaps = raise_by_swaps(self.inp, self.cands, self.roster, worst, deadline=deadline)
        self.stats["wishes_swap_s"] = round(time.perf_counter() - t0, 3)
        self.stats["wishes_swaps"] = len(swaps)
        if not swaps:
            return figures
        found = compute_figures(self.inp, roster, self.cands)
        before = [stage_rank(n, figures) for n, _sense in self.keyed[: index + 1]]
        after = [stage_rank(n, found) for n, _sense in self.keyed[: index + 1]]
        if any(a > b for a, b in zip(after[:-1], before[:-1], strict=True)) or (
            after[-1] >= before[-1]
        ):
            self.stats["wishes_swaps"] = 0
            return figures
        t0 = time.perf_counter()
        left = self.deadline - t0
        self.roster = roster
        self.found_any = True
        self.solution = complete_solution(self.built, roster, left * HINT_TIME_SHARE)
        self.stats["wishes_swap_complete_s"] = round(time.perf_counter() - t0, 3)
        return found

    def _whole_share(self) -> float:
        return lns.whole_share(len(self.built.model.proto.variables))

    def _step(
        self,
        name: StageName,
        step: _Step,
        index: int,
        figures: Figures,
        deadline: float,
        whole_share: float | None = None,
        counted: int | None = None,
    ) -> tuple[StageStatus, int | None, Figures]:
        """Optimise one objective of a stage until ``deadline``: a whole-model solve (its
        proven bound, or ``counted`` when tighter; ``whole_share`` of the time, by default
        ``lns.whole_share``), then the search. The bound is ``None`` (and the step not proved) when
        the stage's rank before the step's entry changed meanwhile (it was proved under
        holds that no longer describe the roster)."""
        sm = step.sm
        if counted is not None and stage_rank(name, figures)[step.position] == (
            -counted if sm.sense == MAX else counted
        ):
            return StageStatus.OPTIMAL, counted, figures
        prefix = stage_rank(name, figures)[: step.position]
        budget = deadline - time.perf_counter()
        self.built.model.minimize(sm.objective)
        share = self._whole_share() if whole_share is None else whole_share
        if whole_share is None and self._hoods(name):
            share = min(share, hood_model.HUGE_WHOLE_SHARE)
        if share > 0 or self.solution is None:
            status, bound, figures = self._whole(name, step, budget * share, figures)
        else:  # the search alone, from the roster as it is
            status, bound = StageStatus.FEASIBLE, None
        bound = _better_bound(sm.sense, bound, counted)
        if bound is not None and stage_rank(name, figures)[step.position] == (
            -bound if sm.sense == MAX else bound
        ):
            status = StageStatus.OPTIMAL
        if status is not StageStatus.OPTIMAL:
            solution = self.solution
            if solution is not None and deadline - time.perf_counter() >= LNS_MIN_S:
                before = stage_rank(name, figures)
                figures = self._search(name, step, index, bound, figures, deadline, solution)
                after = stage_rank(name, figures)
                if bound is not None and after[step.position] == (
                    -bound if sm.sense == MAX else bound
                ):
                    status = StageStatus.OPTIMAL
                    if name is StageName.TOTALS:  # the model's optimum is its proven bound
                        self.stats["model_objective"] = bound
                elif status is StageStatus.NO_SOLUTION and after != before:
                    status = StageStatus.FEASIBLE
        if stage_rank(name, figures)[: step.position] != prefix:
            return StageStatus.FEASIBLE, None, figures
        return status, bound, figures

    def _leximin(
        self,
        sm: StageModel,
        index: int,
        figures: Figures,
        deadline: float,
        counted: int | None = None,
    ) -> tuple[StageStatus, int | None, Figures]:
        """The ``wishes`` stage, leximin over ``WISH_LEVELS`` levels (``roster.solver.leximin``):
        step 2k maximises level k's rate (k = 0: the lowest rate, ``sm``; above it the lowest
        rate among the officers above level k - 1), step 2k + 1 minimises the officers left
        at it; each step is held while the next runs and gets its share of the stage's time
        (``FIRST_STEP_SHARE``). Returns the stage's status (optimal when every step was proved
        or nothing was left to raise), the lowest rate's bound (or ``counted``, the
        one-officer bound, when tighter), and the figures; each level's bound goes to
        ``level_bounds``."""
        rows = grant_rows(self.built)
        model = self.built.model
        held: list[int] = []
        statuses: list[StageStatus] = []
        first_bound: int | None = None
        steps = 2 * WISH_LEVELS
        for number in range(steps):
            levels = wish_levels(figures.officers)
            k, counting = divmod(number, 2)
            if k >= len(levels) or levels[k].rate == RATE_SCALE:
                break  # every officer is in a level before, or at 100 %: nothing to raise
            level = levels[k]
            key = f"{'officers' if counting else 'rate'}_{k + 1}"
            rank = stage_rank(StageName.WISHES, figures)
            rate_proved = self._level_bound(f"rate_{k + 1}", rank) == level.rate
            if counting and rate_proved and level.officers == 1:
                # the best rate proved: at least one officer stays at it
                self.level_bounds[key] = (1, rank[:number])
                statuses.append(StageStatus.OPTIMAL)
                held += hold_levels_of(self.built, rows, levels, number + 1)
                continue
            left = deadline - time.perf_counter()
            budget = left * FIRST_STEP_SHARE if number == 0 else left / (steps - number)
            if budget < MIN_STAGE_S:
                statuses.append(StageStatus.NOT_RUN)
                break
            released: list[int] = []
            if number == 0:
                step = _Step(sm)
            elif counting:
                below = sum(lv.officers for lv in levels[:k])
                stuck = len(rows) - at_least(rows, level.rate + 1) - below
                step = _Step(StageModel(StageName.WISHES, MIN, stuck), number, k)
            else:
                var, released = level_rate(model, rows, levels[k - 1].rate, f"wish_rate_{k + 1}")
                if self.solution is not None and len(self.solution) == var.index:
                    self.solution.append(level.rate)  # its value on the current roster
                else:  # not a complete hint (never seen): hint the assignments only
                    self.solution = None
                step = _Step(StageModel(StageName.WISHES, MAX, RATE_SCALE - var), number, k)
            if number == 0:
                whole = max(FIRST_WHOLE_SHARE, self._whole_share())
            else:  # too short for a whole-model solve of a large model: only the search
                whole = 1.0 if self._whole_share() == 1.0 else 0.0
            status, bound, figures = self._step(
                StageName.WISHES,
                step,
                index,
                figures,
                time.perf_counter() + budget,
                whole,
                counted if number == 0 else None,
            )
            release(self.built, released)
            if counting and rate_proved and bound is not None:
                bound = max(bound, 1)
            if number == 0:
                first_bound = bound
            if bound is not None:
                old = self._level_bound(key, rank)
                better = _better_bound(step.sm.sense, old, bound)
                self.level_bounds[key] = (better if better is not None else bound, rank[:number])
            statuses.append(status)
            held += hold_levels_of(self.built, rows, wish_levels(figures.officers), number + 1)
        release(self.built, held)  # the stage's own hold (``stages.hold``) replaces them
        if all(st is StageStatus.OPTIMAL for st in statuses):
            return StageStatus.OPTIMAL, first_bound, figures
        found = [st for st in statuses if st is not StageStatus.NOT_RUN]
        status = max(found, key=_STATUS_RANK.__getitem__) if found else StageStatus.NOT_RUN
        if status is StageStatus.OPTIMAL:
            status = StageStatus.FEASIBLE  # a later step was not proved
        return status, first_bound, figures

    def _hold(self, name: StageName, figures: Figures) -> list[int]:
        detail = stage_detail(name, figures)
        if name is StageName.SHORTFALL:
            self.held_shortfall = detail["shortfall"]
        elif name is StageName.FAIRNESS:
            self.held_fairness = detail
        return hold(self.built, name, detail)

    def _wishes_bound(self, deadline: float) -> int | None:
        """The one-officer bound of the wishes stage (``roster.solver.wishes_bound``) under
        the fairness the fairness stage holds, computed until ``deadline``; added to the
        model as an implied ``lowest <= bound``. Computed once per fairness hold."""
        held = tuple(sorted((self.held_fairness or {}).items()))
        if held in self.wishes_bounds:
            return self.wishes_bounds[held]
        eligible = self.built.vars.eligible or self.built.vars.cands
        found = lowest_rate_upper_bound(
            self.inp,
            eligible,
            fairness_families(self.inp, eligible),
            self.held_fairness,
            deadline=deadline,
        )
        lowest = self.built.vars.lowest_pct
        if found is not None and lowest is not None:
            self.built.model.add(lowest <= found)
            self.stats["wishes_bound"] = found
        self.wishes_bounds[held] = found
        return found

    def _fairness_bound(self) -> int:
        """The counting bound of the fairness stage (``roster.solver.fairness_bound``) under
        the shortfall the shortfall stage holds (without it, only the per-officer part).
        Each family's bound is added to the model once as an implied ``worst >= bound``, so
        CP-SAT's proof starts from it."""
        eligible = self.built.vars.eligible or self.built.vars.cands
        families = fairness_families(self.inp, eligible)
        places = {s.id: s.places for s in self.inp.shifts}
        found = worst_lower_bounds(families, eligible, places, self.held_shortfall)
        for family, lower in found.items():
            self.fairness_counted[family] = max(lower, self.fairness_counted.get(family, 0))
            if lower > self.fairness_bounds.get(family, 0):
                self.built.model.add(self.built.vars.worst[family] >= lower)
                self.fairness_bounds[family] = lower
        self.stats.update({f"fairness_bound_{f}": b for f, b in self.fairness_bounds.items()})
        return sum(self.fairness_bounds.get(f.name, 0) for f in families)

    def _level_bound(self, key: str, rank: tuple[int, ...]) -> int | None:
        """A level's proven bound, when it was proved with the same levels before it."""
        bound, prefix = self.level_bounds.get(key, (None, ()))
        return bound if bound is not None and rank[: len(prefix)] == prefix else None

    def _whole(
        self, name: StageName, step: _Step, budget: float, figures: Figures
    ) -> tuple[StageStatus, int | None, Figures]:
        """One CP-SAT solve of the whole stage model: its proven bound, and its roster when
        strictly better (in the stage's rank up to the step's entry)."""
        sm = step.sm
        value = stage_rank(name, figures)[: step.position + 1]
        model = self.built.model
        _set_hint(self.built, self.solution, self.roster)
        solver = cp_model.CpSolver()
        configure(solver, time_limit_s=budget, **self.configure_kw)
        callback = _Progress(self.progress) if self.progress is not None else None
        code = solver.solve(model, callback)
        label = name if step.position == 0 else f"{name}_{step.position}"
        self.stats[f"{label}_time_s"] = round(solver.wall_time, 3)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return StageStatus.NO_SOLUTION, None, figures
        # every stage value is >= 0 (the wishes stage minimises RATE_SCALE - rate)
        lower = max(0, math.ceil(solver.best_objective_bound - 1e-6)) // sm.scale
        bound = RATE_SCALE - lower if sm.sense == MAX else lower
        # A reached ``relative_gap_limit`` is reported by CP-SAT as OPTIMAL: not a proof.
        proved = code == cp_model.OPTIMAL and solver.objective_value <= solver.best_objective_bound
        placements = [
            Placement(o, s, k) for (o, s, k), var in self.built.vars.x.items() if solver.value(var)
        ]
        self.found_any = True
        found = compute_figures(self.inp, placements, self.cands)
        # only a strictly better roster replaces the one before (stable, and deterministic
        # when CP-SAT merely finds an equal one)
        if stage_rank(name, found)[: step.position + 1] < value:
            self.roster = placements
            self.solution = list(solver.response_proto.solution)
            figures = found
        if name is StageName.TOTALS:
            self.stats["model_objective"] = round(solver.objective_value)
        status = StageStatus.OPTIMAL if proved else StageStatus.FEASIBLE
        return status, bound, figures

    def _search(
        self,
        name: StageName,
        step: _Step,
        index: int,
        bound: int | None,
        figures: Figures,
        deadline: float,
        solution: list[int],
    ) -> Figures:
        """The shared large-neighbourhood search (``roster.solver.lns``) on the stage model
        until ``deadline`` or until the step's entry reaches its proven ``bound``."""
        sm = step.sm
        problem = (hood_model.HoodProblem if self._hoods(name) else StageProblem)(
            inp=self.inp,
            built=self.built,
            cands=self.cands,
            stages=self.keyed,
            stage=name,
            current=Current(self.roster, solution, figures),
            days=self.days,
            workers=int(self.configure_kw["workers"]),
            proved_only=sm.scale > 1,
            wish_level=step.wish_level,
        )
        stop_at = None
        if bound is not None:
            key = problem.key()
            at = rank_offset(self.keyed, index, figures) + step.position
            target = -bound if sm.sense == MAX else bound
            stop_at = key[:at] + (target,) + (_NEVER,) * (len(key) - at - 1)
        stats = lns.search(
            problem,
            deadline,
            seed=int(self.configure_kw["seed"]) + index,
            stop_at=stop_at,
            stats=self.lns_stats.setdefault(name, lns.LnsStats()),
        )
        self.stats.update(stats.as_stats(f"{name}_"))
        if isinstance(problem, hood_model.HoodProblem):
            self.stats.update(problem.stats(f"{name}_"))
        if problem.current.figures is not figures:
            self.found_any = True
            self.roster = problem.current.roster
            self.solution = problem.current.solution
            if self.solution is None:
                # found on neighbourhood models: the stages after this one hint and search
                # the stage model with its complete solution vector
                t0 = time.perf_counter()
                left = self.deadline - t0
                self.solution = complete_solution(self.built, self.roster, left * HINT_TIME_SHARE)
                self.stats[f"{name}_complete_s"] = round(time.perf_counter() - t0, 3)
        return problem.current.figures

    def _hoods(self, name: StageName) -> bool:
        """The fairness stage's neighbourhoods get models of their own on a large model
        (``hood_model.used``). Not the ``wishes`` stage: a neighbourhood model optimises only
        the lowest rate, not the leximin levels above it."""
        return name is StageName.FAIRNESS and self._huge()

    def _huge(self) -> bool:
        return hood_model.used(self.inp, self.keyed, len(self.built.model.proto.variables))


@dataclass(frozen=True)
class _Step:
    """One objective of a stage: the stage's own, or one step of the ``wishes`` leximin."""

    sm: StageModel
    #: its entry in the stage's rank (``figures.stage_rank``)
    position: int = 0
    #: ``wishes``: the level whose officers the search's worst-term neighbourhood frees
    wish_level: int = 0


#: Share of the ``wishes`` stage's time for its first leximin step (the lowest rate); the
#: steps after it share the rest equally (each of the time left for the steps still to run).
FIRST_STEP_SHARE = 0.7
#: Share of the first step's time for its whole-model solve: the same time as a stage's
#: whole-model solve gets (``lns.WHOLE_SHARE`` of the stage), so the lowest rate's proven
#: bound is no weaker than without leximin. The steps after it run only the search on a
#: large model (``lns.whole_share`` < 1): a whole-model solve needs seconds to presolve
#: (measured on 60 x 28 at load 8: 0.7-0.9 s whole-model solves per step found nothing).
FIRST_WHOLE_SHARE = lns.WHOLE_SHARE / FIRST_STEP_SHARE


def hold_levels_of(
    built: BuiltModel, rows: Sequence[GrantRow], levels: Sequence[WishLevel], steps: int
) -> list[int]:
    """``leximin.hold_levels``, returning the indices of the constraints added."""
    first = len(built.model.proto.constraints)
    hold_levels(built.model, rows, levels, steps)
    return list(range(first, len(built.model.proto.constraints)))


#: Larger than any stage value: a ``stop_at`` key ignores the stages after the current one.
_NEVER = 2**62


def _public_detail(name: StageName, detail: dict[str, int]) -> dict[str, int]:
    """The per-term values worth showing: the worst deviation per fairness family, the
    wishes' leximin levels."""
    return detail if name in (StageName.FAIRNESS, StageName.WISHES) else {}
