"""Column generation with exact pricing: a proven lower bound and a roster from the master.

Every hard rule of Curtois & Qu is about one employee; employees only meet in the soft cover
rows. So the instance is a set-partitioning problem over *columns* (one feasible row of one
employee, costing its request penalty) with soft cover rows, and its linear relaxation over all
columns is tight (this is how branch-and-price proves these instances).

- The restricted master LP is :class:`bench.curtois.columns.Columns` (GLOP).
- **Exact pricing** (:class:`RowPricer`): per employee one CP-SAT model of its full row with every
  hard rule (``model.HARD_RULES``), objective = its request penalty minus the cover prices of the
  cells it works, solved to OPTIMAL.
- **A valid bound** at every round: for *any* cover prices ``pi`` with ``-WeightOver <= pi <=
  WeightUnder`` (the box where the cover slacks cost nothing in the Lagrangian), relaxing the
  cover rows gives ``L(pi) = sum_r pi_r * requirement_r + sum_e min_row (request(row) -
  pi . row)``, a lower bound on every roster's objective. The prices of a round are the master's
  duals (smoothed towards the best prices so far), clipped to that box and rounded to multiples
  of ``1 / PRICE_SCALE``; the pricing models then have integer objectives, so ``L`` is computed
  in integers, without any solver tolerance in it. A round whose pricing was not proved optimal
  for every employee gives no bound.
- **Lagrangian cuts** (:class:`LagrangianCut`): a proved pricing at prices ``pi`` says that every
  lawful row of employee ``e`` has ``request(row) * S - pi_S . row >= m_e`` (``S`` =
  ``PRICE_SCALE``, ``pi_S`` the scaled prices, ``m_e`` the proved optimum). Both sides are
  integers and linear in the cells, so the inequality is a valid cut on the whole model; with
  one cut per employee at ``pi``, the model's LP is at least ``L(pi)`` (the cover slacks cost at
  least ``pi . (requirement - staffed)`` in the box), which CP-SAT's own LP does not see.
- **Reduced-cost fixing** (:meth:`RowPricer.fixings`): a roster of value at most ``T`` has every
  employee's row within ``T - L(pi)`` of its pricing optimum (every term of
  ``objective - L(pi)`` is non-negative), so a cell that no such row works is 0 in every such
  roster; CP-SAT proves it per cell on the pricing model.
- The **integer master** (:func:`integer_master`): CP-SAT picks one generated column per
  employee with the soft cover, hinted with the best roster known.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from bench.curtois.columns import Columns, request_penalty
from bench.curtois.evaluate import evaluate
from bench.curtois.model import HARD_RULES, new_roster_vars
from bench.curtois.reader import Instance, Roster, Staff

__all__ = [
    "PRICE_SCALE",
    "Bound",
    "ColumnGeneration",
    "LagrangianCut",
    "MasterResult",
    "PricedRow",
    "RowPricer",
    "integer_master",
]

#: Cover prices are rounded to multiples of 1 / PRICE_SCALE (any price in the box gives a valid
#: bound, so the rounding only costs a little of the bound's strength, never its validity).
PRICE_SCALE = 10_000
#: Weight of the best prices so far in the prices of a round (Wentges smoothing); a round that
#: finds no column at the smoothed prices prices again at the master's own duals.
SMOOTHING = 0.5
#: A priced row enters the master when it beats the employee's best column by more than this.
REDUCED_COST_EPS = 1e-6

Cell = tuple[int, str]


@dataclass(frozen=True)
class PricedRow:
    """An employee's best row at some prices: the row, whether CP-SAT proved it optimal, and
    its scaled value (request penalty * PRICE_SCALE - sum of scaled prices of its cells)."""

    row: tuple[str | None, ...]
    proved: bool
    scaled_value: int


@dataclass(frozen=True)
class LagrangianCut:
    """``sum(coefs[cell] * x[employee, cell]) >= rhs`` for every lawful row of ``employee``
    (integers; ``coefs`` holds the nonzero coefficients, cells as ``(day, shift id)``)."""

    employee: str
    coefs: dict[Cell, int]
    rhs: int

    def value(self, row: Sequence[str | None]) -> int:
        """The left side at a row."""
        return sum(self.coefs.get((d, s), 0) for d, s in enumerate(row) if s is not None)


class RowPricer:
    """One employee's full row as a CP-SAT model with every hard rule and no cover: its
    objective is set per call from integer (scaled) cover prices."""

    def __init__(self, inst: Instance, employee: Staff) -> None:
        self.inst = inst
        self.employee = employee
        self.model = cp_model.CpModel()
        # the other employees' rows are never read: every hard rule is about one employee
        empty: Roster = {e.id: [None] * inst.horizon for e in inst.staff}
        v = new_roster_vars(self.model, inst, [employee.id], None, empty)
        for hard in HARD_RULES:
            hard(self.model, v, inst)
        # ``weekend[e,w]`` is only bounded from below (exact for a maximum); bound it from
        # above too, so that one row is one solution when rows are enumerated
        weekend = {
            var.name: index
            for index, var in enumerate(self.model.proto.variables)
            if var.name.startswith("weekend[")
        }
        for w in range(inst.num_weeks):
            index = weekend.get(f"weekend[{employee.id},{w}]")
            if index is not None:
                days = [v.work_at(employee.id, d) for d in inst.weekend_days(w)]
                self.model.add(
                    self.model.get_bool_var_from_proto_index(index) <= cp_model.LinearExpr.sum(days)
                )
        self.cells: dict[Cell, cp_model.IntVar] = {}
        for (_, d, sid), var in v.x.items():
            if not isinstance(var, int):
                self.cells[d, sid] = var
        # request weights per cell: an on request costs its weight unless its cell is worked,
        # an off request costs its weight when its cell is worked
        self.on_total = 0
        self.request: dict[Cell, int] = {}
        for r in inst.on_requests:
            if r.employee_id == employee.id:
                self.on_total += r.weight
                key = (r.day, r.shift_id)
                self.request[key] = self.request.get(key, 0) - r.weight
        for r in inst.off_requests:
            if r.employee_id == employee.id:
                key = (r.day, r.shift_id)
                self.request[key] = self.request.get(key, 0) + r.weight

    def coefficients(self, scaled_prices: Mapping[Cell, int]) -> dict[Cell, int]:
        """The nonzero cell coefficients of the pricing objective at ``scaled_prices`` (the
        objective is these plus ``PRICE_SCALE * on_total``)."""
        out: dict[Cell, int] = {}
        for key in self.cells:
            coef = PRICE_SCALE * self.request.get(key, 0) - scaled_prices.get(key, 0)
            if coef:
                out[key] = coef
        return out

    def cut(self, scaled_prices: Mapping[Cell, int], proved_value: int) -> LagrangianCut:
        """The cut that a pricing proved optimal at ``scaled_prices`` with value
        ``proved_value`` gives: the objective minus its constant is at least the rest."""
        return LagrangianCut(
            self.employee.id,
            self.coefficients(scaled_prices),
            proved_value - PRICE_SCALE * self.on_total,
        )

    def price(
        self,
        scaled_prices: Mapping[Cell, int],
        time_limit_s: float,
        hint: Sequence[str | None] | None = None,
    ) -> PricedRow | None:
        """The best row at ``scaled_prices`` (cover price * PRICE_SCALE per cell), or ``None``
        when CP-SAT found no row in time. ``proved``: the row is optimal."""
        terms = [coef * self.cells[key] for key, coef in self.coefficients(scaled_prices).items()]
        self.model.minimize(cp_model.LinearExpr.sum(terms) + PRICE_SCALE * self.on_total)
        self.model.clear_hints()  # type: ignore[no-untyped-call]  # untyped upstream
        if hint is not None:
            for (d, sid), var in self.cells.items():
                self.model.add_hint(var, hint[d] == sid)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        row: list[str | None] = [None] * self.inst.horizon
        for (d, sid), var in self.cells.items():
            if solver.boolean_value(var):
                row[d] = sid
        return PricedRow(tuple(row), status == cp_model.OPTIMAL, round(solver.objective_value))

    def fixings(
        self,
        scaled_prices: Mapping[Cell, int],
        at_most: int,
        deadline: float,
        rows: Sequence[Sequence[str | None]] = (),
    ) -> tuple[set[Cell], set[Cell]]:
        """Reduced-cost fixing by exact pricing: the cells no lawful row of value at most
        ``at_most`` (scaled, at ``scaled_prices``) works, and the cells every such row works,
        each proved by CP-SAT (``INFEASIBLE`` with the cell forced); ``rows``: rows known to be
        within ``at_most`` (their cells need no check). Cells not decided by the ``deadline``
        stay free. Any roster whose employee's row is worth more than ``at_most`` is excluded,
        so these fixings hold for the rosters in which every row is within ``at_most``."""
        model = self.model.clone()
        model.clear_objective()  # type: ignore[no-untyped-call]  # untyped upstream
        model.clear_hints()  # type: ignore[no-untyped-call]  # untyped upstream
        coefs = self.coefficients(scaled_prices)
        cells = {
            key: model.get_bool_var_from_proto_index(var.index) for key, var in self.cells.items()
        }
        model.add(
            cp_model.LinearExpr.weighted_sum([cells[key] for key in coefs], list(coefs.values()))
            <= at_most - PRICE_SCALE * self.on_total
        )
        seen: set[Cell] = set()
        always: set[Cell] | None = None
        for row in rows:
            worked = {(d, s) for d, s in enumerate(row) if s is not None}
            seen |= worked
            always = worked if always is None else always & worked
        never: set[Cell] = set()
        sure: set[Cell] = set()

        def check(key: Cell, value: int) -> bool | None:
            """True: a row within ``at_most`` has the cell at ``value`` (it is recorded);
            False: proved none; None: not decided in time."""
            nonlocal always, seen
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            domain = model.proto.variables[cells[key].index].domain
            domain[0] = domain[1] = value
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.max_time_in_seconds = left
            status = solver.solve(model)
            domain[0], domain[1] = 0, 1
            if status == cp_model.INFEASIBLE:
                return False
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return None
            worked = {k for k, var in cells.items() if solver.boolean_value(var)}
            seen |= worked
            always = worked if always is None else always & worked
            return True

        for key in self.cells:
            if key not in seen and check(key, 1) is False:
                never.add(key)
        for key in sorted(always or ()):
            if always is not None and key in always and check(key, 0) is False:
                sure.add(key)
        return never, sure


@dataclass
class Bound:
    """The best proven bound so far (``value``: ceil of the Lagrangian bound; ``None`` before a
    round in which every pricing was proved), and per round the exact bound as a fraction."""

    value: int | None = None
    rounds: list[tuple[int, int | None, float]] = field(default_factory=list)

    def offer(self, scaled: int) -> None:
        """A proved Lagrangian bound ``scaled / PRICE_SCALE``."""
        whole = -(-scaled // PRICE_SCALE)  # ceil in integers: the objective is integral
        if self.value is None or whole > self.value:
            self.value = whole


class ColumnGeneration:
    """Column generation with exact pricing (module docstring): ``run`` until the master LP is
    solved, the bound meets it, or the deadline; the columns, the bound and the master value
    stay on the object for :func:`integer_master`."""

    def __init__(self, inst: Instance, seeds: Sequence[Roster], workers: int = 1) -> None:
        self.inst = inst
        self.workers = max(1, workers)
        self.columns = Columns(inst)
        for roster in seeds:
            for e in inst.staff:
                self.columns.add(e, roster[e.id])
        self.pricers = {e.id: RowPricer(inst, e) for e in inst.staff}
        self.box: dict[Cell, tuple[int, int]] = {}
        self.requirement: dict[Cell, int] = {}
        for c in inst.cover:
            key = (c.day, c.shift_id)
            if key in self.requirement:
                raise ValueError(f"two cover rows for day {c.day}, shift {c.shift_id}")
            self.requirement[key] = c.requirement
            self.box[key] = (-c.weight_over, c.weight_under)
        self.bound = Bound()
        self.master_value: float | None = None
        self.rounds = 0
        self.added = 0
        self._center: dict[Cell, float] | None = None
        self._center_scaled: int | None = None
        self._last: dict[str, tuple[str | None, ...]] = {}
        #: every proved round: (L * PRICE_SCALE, its scaled prices, each employee's optimum)
        self.proved: list[tuple[int, dict[Cell, int], dict[str, int]]] = []

    def _scaled(self, prices: Mapping[Cell, float]) -> dict[Cell, int]:
        """``prices`` clipped to the box and rounded to multiples of 1 / PRICE_SCALE."""
        out: dict[Cell, int] = {}
        for key, (low, high) in self.box.items():
            pi = min(max(prices.get(key, 0.0), low), high)
            out[key] = round(pi * PRICE_SCALE)
        return out

    def _price_all(
        self, scaled: Mapping[Cell, int], deadline: float, staff: Sequence[Staff]
    ) -> dict[str, PricedRow | None]:
        def one(e: Staff) -> PricedRow | None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            return self.pricers[e.id].price(scaled, left, self._last.get(e.id))

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            priced = list(pool.map(one, staff))
        return {e.id: p for e, p in zip(staff, priced, strict=True)}

    def _lagrangian(
        self, scaled: Mapping[Cell, int], priced: Mapping[str, PricedRow | None]
    ) -> int | None:
        """``L`` * PRICE_SCALE at ``scaled`` prices, or ``None`` unless every pricing is proved."""
        if any(p is None or not p.proved for p in priced.values()):
            return None
        rows = sum(scaled[key] * b for key, b in self.requirement.items())
        return rows + sum(p.scaled_value for p in priced.values() if p is not None)

    def _best_column(self, e: Staff, scaled: Mapping[Cell, int]) -> int:
        """The smallest scaled reduced cost (without the convexity dual) of ``e``'s columns."""
        best: int | None = None
        for row, cost in zip(self.columns.rows[e.id], self.columns.costs[e.id], strict=True):
            value = PRICE_SCALE * cost - sum(
                scaled.get((d, s), 0) for d, s in enumerate(row) if s is not None
            )
            best = value if best is None else min(best, value)
        if best is None:
            raise ValueError(f"{e.id} has no column")  # every employee has a seed column
        return best

    def round(self, deadline: float) -> int:
        """One round: solve the master, price every employee (at smoothed prices, and at the
        master's own when those find no column), add the improving rows; the number added."""
        duals, _ = self.columns.solve()
        staff = self.inst.staff
        self.master_value = self.columns.value
        self.rounds += 1
        tries: list[dict[Cell, float]] = []
        if self._center is not None and SMOOTHING > 0:
            tries.append(
                {
                    key: SMOOTHING * self._center.get(key, 0.0)
                    + (1 - SMOOTHING) * duals.get(key, 0.0)
                    for key in self.box
                }
            )
        tries.append(dict(duals))
        added = 0
        for prices in tries:
            scaled = self._scaled(prices)
            priced = self._price_all(scaled, deadline, staff)
            lagrangian = self._lagrangian(scaled, priced)
            if lagrangian is not None:
                self.proved.append(
                    (
                        lagrangian,
                        scaled,
                        {eid: p.scaled_value for eid, p in priced.items() if p is not None},
                    )
                )
                self.bound.offer(lagrangian)
                if self._center_scaled is None or lagrangian > self._center_scaled:
                    self._center_scaled = lagrangian
                    self._center = {key: pi / PRICE_SCALE for key, pi in scaled.items()}
            self.bound.rounds.append((self.rounds, self.bound.value, self.master_value or 0.0))
            for e in staff:
                p = priced[e.id]
                if p is None:
                    continue
                self._last[e.id] = p.row
                if p.scaled_value < self._best_column(e, scaled) - REDUCED_COST_EPS:
                    added += self.columns.add(e, p.row)
            if added or time.monotonic() >= deadline:
                break
        self.added += added
        return added

    def cuts(self, rounds: int = 1) -> list[LagrangianCut]:
        """One :class:`LagrangianCut` per employee at the prices of each of the ``rounds``
        proved rounds with the best Lagrangian bound (none before a proved round)."""
        best = sorted(self.proved, key=lambda entry: entry[0], reverse=True)[: max(0, rounds)]
        return [
            self.pricers[e.id].cut(scaled, values[e.id])
            for _, scaled, values in best
            for e in self.inst.staff
        ]

    def closed(self) -> bool:
        """Whether the bound meets the master value rounded up (no round can raise it)."""
        if self.bound.value is None or self.master_value is None:
            return False
        return self.bound.value >= math.ceil(self.master_value - 1e-6)

    def run(self, deadline: float, *, stop_at: int | None = None, echo: bool = False) -> None:
        """Rounds until none adds a column (the master LP is optimal), the bound meets the
        master's value or ``stop_at`` (a known roster's objective), or the ``deadline``."""
        while time.monotonic() < deadline:
            added = self.round(deadline)
            if echo:
                print(
                    f"# cg: round {self.rounds}, master {self.master_value:.2f}, "
                    f"bound {self.bound.value}, {added} added",
                    flush=True,
                )
            if not added or self.closed():
                break
            if stop_at is not None and self.bound.value is not None and self.bound.value >= stop_at:
                break


@dataclass
class MasterResult:
    """What :func:`integer_master` found: ``roster`` (``None`` if none), its ``value``, and
    whether CP-SAT proved it optimal over the given columns (``proved``; with ``roster`` None
    and ``proved``: no roster over these columns is within ``at_most``)."""

    roster: dict[str, list[str | None]] | None
    value: int | None
    proved: bool


def integer_master(
    inst: Instance,
    rows: Mapping[str, Sequence[Sequence[str | None]]],
    time_limit_s: float,
    *,
    hint: Roster | None = None,
    stop_at: int | None = None,
    at_most: int | None = None,
    workers: int = 1,
    seed: int = 0,
) -> MasterResult:
    """One of ``rows[e]`` per employee with the soft cover (CP-SAT), hinted with ``hint`` (one
    of the rows per employee, or ignored); stops once it finds a roster of value ``stop_at``
    or less; with ``at_most`` only rosters of at most that value count."""
    model = cp_model.CpModel()
    pick: dict[str, list[cp_model.IntVar]] = {}
    cover: dict[Cell, list[cp_model.IntVar]] = {}
    terms: list[cp_model.LinearExprT] = []
    for e in inst.staff:
        pick[e.id] = []
        for k, row in enumerate(rows[e.id]):
            y = model.new_bool_var(f"y[{e.id},{k}]")
            pick[e.id].append(y)
            cost = request_penalty(inst, e, row)
            if cost:
                terms.append(cost * y)
            for d, s in enumerate(row):
                if s is not None:
                    cover.setdefault((d, s), []).append(y)
            if hint is not None:
                model.add_hint(y, list(hint[e.id]) == list(row))
        model.add_exactly_one(pick[e.id])
    for c in inst.cover:
        ys = cover.get((c.day, c.shift_id), [])
        under = model.new_int_var(0, c.requirement, "")
        over = model.new_int_var(0, max(0, len(ys) - c.requirement), "")
        model.add(cp_model.LinearExpr.sum(ys) + under - over == c.requirement)
        terms += [c.weight_under * under, c.weight_over * over]
    objective = cp_model.LinearExpr.sum(terms)
    if at_most is not None:
        model.add(objective <= at_most)
    model.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.random_seed = seed

    class _Stop(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if stop_at is not None and self.objective_value <= stop_at + 1e-6:
                self.stop_search()

    status = solver.solve(model, _Stop())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return MasterResult(None, None, status == cp_model.INFEASIBLE)
    roster: dict[str, list[str | None]] = {}
    for e in inst.staff:
        for k, y in enumerate(pick[e.id]):
            if solver.boolean_value(y):
                roster[e.id] = list(rows[e.id][k])
    value = evaluate(inst, roster).objective
    return MasterResult(roster, value, status == cp_model.OPTIMAL)
