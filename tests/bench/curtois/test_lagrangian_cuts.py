"""Lagrangian cuts and reduced-cost fixing by exact pricing: valid for every lawful row, and the
cuts lift the whole model's LP to the Lagrangian bound."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from bench.curtois.columns import request_penalty
from bench.curtois.evaluate import evaluate
from bench.curtois.model import add_lagrangian_cuts, build_model
from bench.curtois.pricing import PRICE_SCALE, ColumnGeneration, LagrangianCut, RowPricer
from bench.curtois.reader import Instance, read_instance
from bench.curtois.search import lift_bound, solve_whole
from tests.bench.curtois._tiny import benchmark_file, converged, make_instance, random_small

#: Far more than any of these generations needs: the tests wait for the master LP's optimum.
DEADLINE_S = 300.0


def _one_employee(seed: int, days: int = 7) -> Instance:
    """A random instance of one employee, two shift types (L may not precede E) and random
    requests: small enough to list every row (3**days)."""
    rng = random.Random(seed)
    on = "\n".join(f"A,{rng.randrange(days)},{rng.choice('EL')},{rng.randint(1, 3)}" for _ in "xy")
    off = "\n".join(f"A,{rng.randrange(days)},{rng.choice('EL')},{rng.randint(1, 3)}" for _ in "xy")
    return make_instance(
        horizon=days,
        shifts="E,480,\nL,480,E",
        staff=(
            f"A,E={days}|L={rng.randint(1, 4)},{480 * days},{480 * rng.randint(1, 3)},"
            f"{rng.randint(2, 4)},{rng.randint(1, 2)},{rng.randint(1, 2)},1"
        ),
        on_requests=on,
        off_requests=off,
    )


def _lawful_rows(inst: Instance) -> list[tuple[str | None, ...]]:
    """Every row of the one employee that the independent evaluator accepts."""
    (employee,) = inst.staff
    choices = [None, *(s.id for s in inst.shift_types)]
    return [
        row
        for row in itertools.product(choices, repeat=inst.horizon)
        if evaluate(inst, {employee.id: list(row)}).feasible
    ]


def _random_prices(inst: Instance, rng: random.Random) -> dict[tuple[int, str], int]:
    return {(c.day, c.shift_id): rng.randint(-PRICE_SCALE, 4 * PRICE_SCALE) for c in inst.cover}


def _scaled_value(
    inst: Instance, row: tuple[str | None, ...], prices: dict[tuple[int, str], int]
) -> int:
    """The pricing objective of ``row``: request penalty * PRICE_SCALE minus its cells' prices."""
    worked = sum(prices.get((d, s), 0) for d, s in enumerate(row) if s is not None)
    return PRICE_SCALE * request_penalty(inst, inst.staff[0], row) - worked


@pytest.mark.parametrize("seed", range(8))
def test_every_lawful_row_satisfies_the_cut_and_the_priced_row_meets_it(seed: int) -> None:
    # Given a one-employee instance, every lawful row listed by brute force, random prices
    inst = _one_employee(seed)
    rows = _lawful_rows(inst)
    assert rows
    prices = _random_prices(inst, random.Random(seed))

    # When the exact pricing proves its optimum and gives its cut
    pricer = RowPricer(inst, inst.staff[0])
    priced = pricer.price(prices, DEADLINE_S)
    assert priced is not None
    assert priced.proved
    cut = pricer.cut(prices, priced.scaled_value)

    # Then every lawful row satisfies it, and the priced row with equality (so the right
    # side is the strongest valid one: one more would cut off a lawful row)
    assert all(cut.value(row) >= cut.rhs for row in rows)
    assert cut.value(priced.row) == cut.rhs
    assert priced.scaled_value == min(_scaled_value(inst, row, prices) for row in rows)


@pytest.mark.parametrize("seed", range(6))
def test_fixings_hold_for_every_lawful_row_within_the_limit(seed: int) -> None:
    # Given a one-employee instance, its lawful rows, random prices and a slack over the optimum
    inst = _one_employee(seed)
    rows = _lawful_rows(inst)
    rng = random.Random(100 + seed)
    prices = _random_prices(inst, rng)
    values = {row: _scaled_value(inst, row, prices) for row in rows}
    at_most = min(values.values()) + rng.randint(0, 3) * PRICE_SCALE

    # When reduced-cost fixing runs at that limit
    pricer = RowPricer(inst, inst.staff[0])
    never, sure = pricer.fixings(prices, at_most, time.monotonic() + DEADLINE_S)

    # Then its fixings are exactly the cells no (every) row within the limit works
    within = [row for row, value in values.items() if value <= at_most]
    worked = [{(d, s) for d, s in enumerate(row) if s is not None} for row in within]
    assert never == set(pricer.cells) - set().union(*worked)
    assert sure == set.intersection(*worked)


def _converged(inst: Instance) -> ColumnGeneration:
    return converged(inst, workers=2, deadline_s=DEADLINE_S)


def _lp_value(inst: Instance, cuts: list[LagrangianCut]) -> float:
    """The LP (GLOP) of the cover rows, the request costs and ``cuts`` over 0 <= x <= 1: a
    relaxation of the whole model's LP with the cuts (it drops every hard rule)."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    assert lp is not None
    pricers = {e.id: RowPricer(inst, e) for e in inst.staff}
    x = {
        (e.id, *key): lp.NumVar(0, 1, f"x{e.id}{key}")
        for e in inst.staff
        for key in pricers[e.id].cells
    }
    objective = lp.Objective()
    constant = 0.0
    for e in inst.staff:
        constant += pricers[e.id].on_total
        for key, weight in pricers[e.id].request.items():
            objective.SetCoefficient(x[e.id, *key], weight)
    for c in inst.cover:
        under = lp.NumVar(0, lp.infinity(), "")
        over = lp.NumVar(0, lp.infinity(), "")
        objective.SetCoefficient(under, c.weight_under)
        objective.SetCoefficient(over, c.weight_over)
        row = lp.Constraint(c.requirement, c.requirement)
        row.SetCoefficient(under, 1)
        row.SetCoefficient(over, -1)
        for e in inst.staff:
            if (e.id, c.day, c.shift_id) in x:
                row.SetCoefficient(x[e.id, c.day, c.shift_id], 1)
    for cut in cuts:
        row = lp.Constraint(cut.rhs, lp.infinity())
        for key, coef in cut.coefs.items():
            row.SetCoefficient(x[cut.employee, *key], coef)
    objective.SetMinimization()
    assert lp.Solve() == pywraplp.Solver.OPTIMAL
    return float(objective.Value()) + constant


@pytest.mark.parametrize("name", ["Instance1.txt", "Instance2.txt"])
def test_the_cuts_lift_the_lp_to_the_lagrangian_bound(name: str) -> None:
    # Given a converged column generation and its best proved round
    inst = read_instance(benchmark_file(name))
    generation = _converged(inst)
    best = max(scaled for scaled, _, _ in generation.proved)

    # Then the LP with that round's cuts is at least its Lagrangian bound, which the LP
    # without them is not
    assert _lp_value(inst, generation.cuts(1)) >= best / PRICE_SCALE - 1e-6
    assert _lp_value(inst, []) < best / PRICE_SCALE - 1


@pytest.mark.parametrize("seed", range(4))
def test_the_cuts_keep_the_whole_models_optimum(seed: int) -> None:
    # Given a random small instance and the cuts of every proved round of its generation
    inst = random_small(seed)
    generation = _converged(inst)
    cuts = generation.cuts(len(generation.proved))

    def optimum(with_cuts: bool) -> tuple[int, float]:
        model, v, _ = build_model(inst)
        if with_cuts:
            assert add_lagrangian_cuts(model, v, [(c.employee, c.coefs, c.rhs) for c in cuts])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(model) == cp_model.OPTIMAL
        return round(solver.objective_value), solver.best_objective_bound

    # Then the optimum is the same with and without them
    assert optimum(True)[0] == optimum(False)[0]


def test_whole_solve_at_most_reports_infeasible_below_the_optimum() -> None:
    # Given Instance2 (optimum 828, proved by the column bound)
    inst = read_instance(benchmark_file("Instance2.txt"))
    generation = _converged(inst)
    cuts = generation.cuts(1)

    # When the whole model with the cuts may only take rosters of at most 827, or 828
    below = solve_whole(inst, 60.0, workers=1, cuts=cuts, at_most=827)
    at = solve_whole(inst, 60.0, workers=1, cuts=cuts, at_most=828)

    # Then there is none below, and the one at 828 is lawful and optimal
    assert below.status == "INFEASIBLE"
    assert at.status == "OPTIMAL"
    assert at.roster is not None
    assert evaluate(inst, at.roster).feasible
    assert evaluate(inst, at.roster).objective == 828


@pytest.mark.parametrize("seed", range(4))
def test_a_lifted_bound_never_exceeds_the_optimum(seed: int) -> None:
    # Given a random small instance, its whole-model optimum and a converged generation
    inst = random_small(seed)
    model, _, _ = build_model(inst)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    generation = _converged(inst)

    # When the bound is lifted by fixing and the restricted whole model
    lifted = lift_bound(inst, generation, time.monotonic() + DEADLINE_S, workers=1)

    # Then it is only lifted below the optimum, by one
    assert generation.bound.value is not None
    if lifted is not None:
        assert lifted == generation.bound.value + 1
        assert lifted <= round(solver.objective_value)
    else:
        assert generation.bound.value == round(solver.objective_value)


@pytest.mark.parametrize(("name", "optimum"), [("Instance1.txt", 607), ("Instance2.txt", 828)])
def test_the_bound_is_lifted_below_the_optimum_and_not_at_it(name: str, optimum: int) -> None:
    inst = read_instance(benchmark_file(name))
    generation = _converged(inst)
    assert generation.bound.value is not None
    lifted = lift_bound(inst, generation, time.monotonic() + DEADLINE_S, workers=1)
    if generation.bound.value < optimum:
        assert lifted == generation.bound.value + 1
    else:
        assert lifted is None
