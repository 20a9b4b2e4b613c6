"""Solve a roster period with CP-SAT (or the greedy baseline) and report every figure.

``status`` is ``optimal`` only when CP-SAT proved it. ``infeasible`` happens only when the
pinned assignments themselves break a rule (``hard_rules.pinned_violations``, checked
before any model is built, so the violations name them); otherwise leaving places empty is always
lawful and a shortfall is a figure, not a failure. Figures and the objective come from
``figures.compute_figures`` on the assignments; ``bound`` is CP-SAT's proven lower bound.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from roster.solver.baseline import best_hint, greedy, repair_hint
from roster.solver.build import BuiltModel, build_model, hint_assignments
from roster.solver.eligibility import Candidates, candidates
from roster.solver.explain import explain_shortfalls
from roster.solver.figures import compute_figures
from roster.solver.hard_rules import check_assignments, pinned_violations
from roster.solver.types import Placement, SolveInput, SolveResult, Status

#: On <= 2 workers the one full-problem worker runs ``max_lp`` (DESIGN 5; measured on the
#: 60-officer scenario: a real bound instead of none, and an equal or better roster).
SMALL_MACHINE_SUBSOLVERS = ("max_lp",)
#: Simplex iterations the ``max_lp`` worker may spend on the root LP (CP-SAT's default is
#: 2000). The root LP of a 60-officer, 28-day period needs ~20k dual simplex iterations;
#: interrupted every 2000 it had reached 3425 after 30 s, run through 4635 (bench scenario,
#: docs/benchmarks.md).
ROOT_LP_ITERATIONS = 1_000_000
#: Share of the time limit that completing the hint may take at most.
HINT_TIME_SHARE = 0.25

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
    notes: Sequence[str] = (),
    stats: dict[str, float] | None = None,
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


def complete_hint(built: BuiltModel, hint: Sequence[Placement], time_limit_s: float) -> bool:
    """Hint EVERY variable: fix ``x`` to ``hint`` in a copy of the model and let CP-SAT fill
    in the auxiliary variables (fast: nothing is left to decide). CP-SAT does not complete
    a partial hint reliably; a complete one is taken as the first solution. Falls back on
    hinting ``x`` alone when the hint breaks a rule (e.g. a ``previous`` roster after new
    leave). Returns whether the complete hint was set."""
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
        hint_assignments(built, chosen)
        return False
    model = built.model
    for index, value in enumerate(solver.response_proto.solution):
        model.add_hint(model.get_int_var_from_proto_index(index), value)
    return True


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
    """Roster ``inp``. ``baseline=True`` returns the first-come greedy roster instead.

    The greedy roster (or ``previous`` for a repair) is the solution hint. ``subsolvers``
    ``None`` picks ``SMALL_MACHINE_SUBSOLVERS`` on <= 2 workers; ``[]`` keeps CP-SAT's.
    ``relative_gap_limit`` > 0 stops as soon as (objective - bound) / objective is at most
    that (e.g. 0.01); the status is then ``feasible`` unless the gap is 0."""
    started = time.perf_counter()
    bad = pinned_violations(inp)
    if bad:
        return SolveResult(
            status=Status.INFEASIBLE,
            objective=None,
            bound=None,
            wall_time_s=time.perf_counter() - started,
            violations=tuple(bad),
            notes=("the pinned assignments themselves break a hard rule",),
        )
    cands = candidates(inp)
    if baseline:
        placements = greedy(inp, cands)
        return _result(
            inp,
            Status.FEASIBLE,
            placements,
            bound=None,
            started=started,
            cands=cands,
            stats={"greedy_time_s": round(time.perf_counter() - started, 3)},
        )

    built: BuiltModel = build_model(inp, cands)
    stats: dict[str, float] = {"build_time_s": round(built.build_time_s, 3)}
    hint_source: list[Placement] = []
    if hint:
        t0 = time.perf_counter()
        if inp.repair and inp.previous is not None:
            hint_source = repair_hint(inp, cands)
            stats["greedy_time_s"] = round(time.perf_counter() - t0, 3)
        else:
            hint_source = best_hint(inp, cands)
            stats["greedy_time_s"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        complete = complete_hint(built, hint_source, HINT_TIME_SHARE * time_limit_s)
        stats["hint_time_s"] = round(time.perf_counter() - t0, 3)
        stats["hint_complete"] = int(complete)
    if subsolvers is None:
        subsolvers = SMALL_MACHINE_SUBSOLVERS if workers <= 2 else ()

    solver = cp_model.CpSolver()
    configure(
        solver,
        time_limit_s=max(0.0, time_limit_s - (time.perf_counter() - started)),
        workers=workers,
        seed=seed,
        subsolvers=subsolvers,
        relative_gap_limit=relative_gap_limit,
    )
    t0 = time.perf_counter()
    code = solver.solve(built.model, _Progress(progress) if progress is not None else None)
    stats["solve_time_s"] = round(time.perf_counter() - t0, 3)
    stats["variables"] = len(built.model.proto.variables)
    stats["constraints"] = len(built.model.proto.constraints)

    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placements = [
            Placement(o, s, k) for (o, s, k), var in built.vars.x.items() if solver.value(var)
        ]
        # A reached ``relative_gap_limit`` is reported by CP-SAT as OPTIMAL: not a proof.
        proved = code == cp_model.OPTIMAL and solver.objective_value <= solver.best_objective_bound
        status = Status.OPTIMAL if proved else Status.FEASIBLE
        bound = round(solver.best_objective_bound)
        stats["model_objective"] = round(solver.objective_value)
        return _result(
            inp, status, placements, bound=bound, started=started, cands=cands, stats=stats
        )
    if code == cp_model.INFEASIBLE:  # pragma: no cover - pinned were checked lawful above
        return SolveResult(
            status=Status.INFEASIBLE,
            objective=None,
            bound=None,
            wall_time_s=time.perf_counter() - started,
            notes=("model infeasible although the pinned assignments are lawful",),
            stats=stats,
        )
    # No solution within the time limit: fall back on the hint when it is lawful (a repair's
    # hint is the previous roster with its holes plugged: far fewer changes than a fresh
    # greedy roster), else on the (lawful) greedy roster.
    if hint_source and not check_assignments(inp, hint_source):
        placements = hint_source
    else:
        placements = greedy(inp, cands)
    return _result(
        inp,
        Status.FEASIBLE,
        placements,
        bound=None,
        started=started,
        cands=cands,
        notes=("CP-SAT found no solution in the time limit; greedy roster returned",),
        stats=stats,
    )
