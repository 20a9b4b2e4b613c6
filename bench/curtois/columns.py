"""Price and plan: a first roster for the large Curtois & Qu instances by column generation.

Every hard rule of Curtois & Qu is about one employee; employees only meet in the cover rows,
which are soft. So a roster is one feasible row (a *column*) per employee, and the objective is
each column's request penalty plus the cover penalties of all columns together:

- the *restricted master* is the linear programme over the columns known so far: per employee
  a convex combination of its columns, per cover row (day, shift) a slack under and over the
  requirement at the row's weights (GLOP);
- the duals of the cover rows price a (day, shift) for one more employee; with the employee's
  own requests they are the rewards of :func:`bench.curtois.construct.best_row`, which plans
  the employee's best row against them (*pricing*); a row whose reduced cost is negative is a
  new column, and the master is solved again, until no employee gains a column or the time
  share is spent;
- the *integer master* (CP-SAT) then picks one column per employee with the soft cover,
  hinted with the roster the generation started from (one of its columns per employee), so
  it is never worse than that roster.

``best_row`` is exact only where the weekends and the shift maxima do not bind (see its
module), so the pricing is a heuristic and the last master value is not a lower bound on the
objective; it is printed with ``echo`` as the "master value", never reported as a bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from bench.curtois.construct import _Planner
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance, Roster, Staff

__all__ = [
    "ColumnStats",
    "Columns",
    "dive",
    "generate_columns",
    "price_and_plan",
    "request_penalty",
]

Row = tuple[str | None, ...]
#: A column enters the master when its reduced cost is below minus this.
REDUCED_COST_EPS = 1e-6
#: Share of the price-and-plan time spent on generation before the dive.
GENERATION_SHARE = 0.5


def request_penalty(inst: Instance, employee: Staff, row: Sequence[str | None]) -> int:
    """The request part of the objective that ``row`` costs ``employee``: each shift-on request
    it does not work and each shift-off request it works."""
    penalty = 0
    for r in inst.on_requests:
        if r.employee_id == employee.id and row[r.day] != r.shift_id:
            penalty += r.weight
    for r in inst.off_requests:
        if r.employee_id == employee.id and row[r.day] == r.shift_id:
            penalty += r.weight
    return penalty


@dataclass
class ColumnStats:
    """What the generation did: rounds, columns added, master values, seconds."""

    rounds: int = 0
    added: int = 0
    master_values: list[float] = field(default_factory=list)
    generation_s: float = 0.0
    lp_value: float | None = None
    dive_s: float = 0.0
    dive_value: int | None = None


class Columns:
    """The columns known per employee and the restricted master LP over them."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.rows: dict[str, list[Row]] = {e.id: [] for e in inst.staff}
        self.costs: dict[str, list[int]] = {e.id: [] for e in inst.staff}
        self._known: dict[str, set[Row]] = {e.id: set() for e in inst.staff}
        self._on: dict[str, dict[tuple[int, str], int]] = {e.id: {} for e in inst.staff}
        self._off: dict[str, dict[tuple[int, str], int]] = {e.id: {} for e in inst.staff}
        for r in inst.on_requests:
            key = (r.day, r.shift_id)
            self._on[r.employee_id][key] = self._on[r.employee_id].get(key, 0) + r.weight
        for r in inst.off_requests:
            key = (r.day, r.shift_id)
            self._off[r.employee_id][key] = self._off[r.employee_id].get(key, 0) + r.weight
        self._lp = pywraplp.Solver.CreateSolver("GLOP")
        if self._lp is None:
            raise RuntimeError("GLOP is not available")
        lp = self._lp
        self._cover: dict[tuple[int, str], pywraplp.Constraint] = {}
        objective = lp.Objective()
        for c in inst.cover:
            row = lp.Constraint(c.requirement, c.requirement, f"cover_{c.day}_{c.shift_id}")
            under = lp.NumVar(0, lp.infinity(), "")
            over = lp.NumVar(0, lp.infinity(), "")
            row.SetCoefficient(under, 1)
            row.SetCoefficient(over, -1)
            objective.SetCoefficient(under, c.weight_under)
            objective.SetCoefficient(over, c.weight_over)
            self._cover[c.day, c.shift_id] = row
        objective.SetMinimization()
        self._convex = {e.id: lp.Constraint(1, 1, f"one_{e.id}") for e in inst.staff}
        self._vars: dict[str, list[pywraplp.Variable]] = {e.id: [] for e in inst.staff}
        self.value: float | None = None
        self.lp_solution: dict[str, list[float]] = {}
        #: employees whose column is fixed (by :meth:`fix`), with its index
        self.fixed: dict[str, int] = {}

    def add(self, employee: Staff, row: Sequence[str | None]) -> bool:
        """Add ``row`` as a column of ``employee`` (False when it is known already)."""
        key = tuple(row)
        if key in self._known[employee.id]:
            return False
        self._known[employee.id].add(key)
        cost = request_penalty(self.inst, employee, key)
        self.rows[employee.id].append(key)
        self.costs[employee.id].append(cost)
        var = self._lp.NumVar(0, 0 if employee.id in self.fixed else self._lp.infinity(), "")
        self._lp.Objective().SetCoefficient(var, cost)
        self._convex[employee.id].SetCoefficient(var, 1)
        for d, s in enumerate(key):
            if s is not None and (d, s) in self._cover:
                self._cover[d, s].SetCoefficient(var, 1)
        self._vars[employee.id].append(var)
        return True

    def fix(self, eid: str, index: int) -> None:
        """Allow ``eid`` only its column ``index`` from now on (a dive step)."""
        for k, var in enumerate(self._vars[eid]):
            var.SetUb(1 if k == index else 0)
        self.fixed[eid] = index

    def leading(self, eid: str) -> tuple[int, float]:
        """The column of ``eid`` with the largest value in the last LP solution, and that value."""
        values = self.lp_solution[eid]
        k = max(range(len(values)), key=values.__getitem__)
        return k, values[k]

    def solve(self) -> tuple[dict[tuple[int, str], float], dict[str, float]]:
        """Solve the master LP: the duals of the cover rows and of each employee's convexity
        row (the master value in :attr:`value`)."""
        status = self._lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"the master LP ended with status {status}")
        self.value = self._lp.Objective().Value()
        self.lp_solution = {eid: [v.solution_value() for v in vs] for eid, vs in self._vars.items()}
        cover = {key: row.dual_value() for key, row in self._cover.items()}
        convex = {eid: row.dual_value() for eid, row in self._convex.items()}
        return cover, convex

    def rewards(
        self, employee: Staff, duals: Mapping[tuple[int, str], float]
    ) -> dict[tuple[int, str], float]:
        """Per (day, shift) what working it is worth to ``employee`` at the cover ``duals``:
        the dual, plus their shift-on and minus their shift-off requests."""
        allowed = {s.id for s in self.inst.shift_types if employee.max_shifts.get(s.id, 0) > 0}
        reward = {key: pi for key, pi in duals.items() if key[1] in allowed and pi != 0.0}
        for key, w in self._on[employee.id].items():
            reward[key] = reward.get(key, 0.0) + w
        for key, w in self._off[employee.id].items():
            reward[key] = reward.get(key, 0.0) - w
        return reward

    def reduced_cost(
        self,
        employee: Staff,
        row: Sequence[str | None],
        duals: Mapping[tuple[int, str], float],
        convex: Mapping[str, float],
    ) -> float:
        covered = sum(duals.get((d, s), 0.0) for d, s in enumerate(row) if s is not None)
        return request_penalty(self.inst, employee, row) - covered - convex[employee.id]


def generate_columns(
    inst: Instance,
    columns: Columns,
    deadline: float,
    *,
    workers: int = 1,
    echo: bool = False,
    stats: ColumnStats | None = None,
    max_rounds: int | None = None,
    planner: _Planner | None = None,
) -> ColumnStats:
    """Column generation until no employee's priced row has a negative reduced cost or the
    ``deadline`` (``time.monotonic()``) passes; each round prices every employee (``workers``
    at a time) against the duals of the last master solve."""
    out = stats if stats is not None else ColumnStats()
    started = time.monotonic()
    staff = [e for e in inst.staff if e.id not in columns.fixed]
    if planner is None:
        with _Planner(inst, workers) as own:
            return generate_columns(
                inst, columns, deadline, echo=echo, stats=out, max_rounds=max_rounds, planner=own
            )
    rounds = 0
    if staff:
        while time.monotonic() < deadline and (max_rounds is None or rounds < max_rounds):
            rounds += 1
            duals, convex = columns.solve()
            out.master_values.append(columns.value or 0.0)
            added = 0
            for first in range(0, len(staff), planner.width):
                if time.monotonic() >= deadline:
                    break
                batch = staff[first : first + planner.width]
                plans = planner.plan([(e, columns.rewards(e, duals)) for e in batch])
                for e, plan in zip(batch, plans, strict=True):
                    if plan is None:
                        continue
                    if columns.reduced_cost(e, plan.row, duals, convex) < -REDUCED_COST_EPS:
                        added += columns.add(e, plan.row)
            out.rounds += 1
            out.added += added
            if echo:
                print(
                    f"# columns: round {out.rounds}, master {columns.value:.1f}, {added} added",
                    flush=True,
                )
            if not added:
                break
    columns.solve()
    out.master_values.append(columns.value or 0.0)
    out.generation_s += time.monotonic() - started
    return out


def dive(
    inst: Instance,
    columns: Columns,
    deadline: float,
    *,
    planner: _Planner,
    rounds_per_step: int = 2,
    step_share: float = 0.25,
    echo: bool = False,
    stats: ColumnStats | None = None,
) -> dict[str, list[str | None]]:
    """A roster from the master by diving: fix the employees whose leading column is largest
    in the LP (``step_share`` of those left, and all at 1), let the others' columns adapt for
    up to ``rounds_per_step`` rounds of generation, and again until every employee is fixed.
    Once the ``deadline`` passes, everyone left takes their leading column."""
    while len(columns.fixed) < len(inst.staff):
        if time.monotonic() < deadline:
            generate_columns(
                inst,
                columns,
                deadline,
                echo=False,
                stats=stats,
                max_rounds=rounds_per_step,
                planner=planner,
            )
        else:
            columns.solve()
        left = sorted(
            (e.id for e in inst.staff if e.id not in columns.fixed),
            key=lambda eid: -columns.leading(eid)[1],
        )
        late = time.monotonic() >= deadline
        count = len(left) if late else max(1, math.ceil(step_share * len(left)))
        for number, eid in enumerate(left):
            index, value = columns.leading(eid)
            if number < count or value >= 1 - 1e-6:
                columns.fix(eid, index)
        if echo:
            print(
                f"# dive: {len(columns.fixed)}/{len(inst.staff)} fixed, master {columns.value:.1f}",
                flush=True,
            )
    return {eid: list(columns.rows[eid][k]) for eid, k in columns.fixed.items()}


def price_and_plan(
    inst: Instance,
    rosters: Sequence[Roster],
    deadline: float,
    *,
    workers: int = 1,
    generation_share: float = GENERATION_SHARE,
    echo: bool = False,
) -> tuple[Roster, ColumnStats]:
    """A roster from column generation seeded with the rows of ``rosters`` (feasible ones):
    generation for ``generation_share`` of the time to the ``deadline``, then a dive
    (:func:`dive`) for the rest. The last of ``rosters`` itself is returned instead when the
    dive's roster is not better."""
    start = time.monotonic()
    columns = Columns(inst)
    for roster in rosters:
        for e in inst.staff:
            columns.add(e, roster[e.id])
    stats = ColumnStats()
    with _Planner(inst, workers) as planner:
        generate_columns(
            inst,
            columns,
            start + generation_share * (deadline - start),
            echo=echo,
            stats=stats,
            planner=planner,
        )
        stats.lp_value = columns.value
        started = time.monotonic()
        dived = dive(inst, columns, deadline, planner=planner, echo=echo, stats=stats)
        stats.dive_s = time.monotonic() - started
    checked = evaluate(inst, dived)
    stats.dive_value = checked.objective
    fallback = rosters[-1]
    better = checked.feasible and checked.objective < evaluate(inst, fallback).objective
    if echo:
        print(
            f"# price and plan: {stats.rounds} rounds, {stats.added} columns added in "
            f"{stats.generation_s:.1f} s, master value {stats.lp_value:.1f} (not a bound), "
            f"dive {stats.dive_value} in {stats.dive_s:.1f} s",
            flush=True,
        )
    return (dived if better else fallback), stats
