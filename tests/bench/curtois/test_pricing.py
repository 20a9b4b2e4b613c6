"""Column generation with exact pricing: the bound is valid, the rows and rosters are lawful."""

from __future__ import annotations

import random
import time

import pytest
from ortools.sat.python import cp_model

from bench.curtois import pricing
from bench.curtois.columns import request_penalty
from bench.curtois.construct import construct_by_employee
from bench.curtois.evaluate import evaluate
from bench.curtois.model import build_model
from bench.curtois.pricing import PRICE_SCALE, ColumnGeneration, PricedRow, integer_master
from bench.curtois.reader import Instance, read_instance
from bench.curtois.search import column_bound
from tests.bench.curtois._tiny import benchmark_file, random_small

#: Far more than any of these generations needs: the tests wait for the master LP's optimum.
DEADLINE_S = 300.0


def _generation(inst: Instance) -> ColumnGeneration:
    first = construct_by_employee(inst, time.monotonic() + DEADLINE_S, seed=0)
    assert first is not None
    return ColumnGeneration(inst, [first], workers=2)


def _optimum(inst: Instance) -> int:
    model, _, _ = build_model(inst)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


@pytest.mark.parametrize(("name", "optimum"), [("Instance1.txt", 607), ("Instance2.txt", 828)])
def test_the_bound_is_at_most_the_known_optimum(name: str, optimum: int) -> None:
    inst = read_instance(benchmark_file(name))
    generation = _generation(inst)
    generation.run(time.monotonic() + DEADLINE_S)
    assert generation.bound.value is not None
    assert generation.bound.value <= optimum
    # the master LP over the generated columns is at least the bound (weak duality)
    assert generation.master_value is not None
    assert generation.bound.value <= generation.master_value + 1 - 1e-6


@pytest.mark.parametrize(("name", "optimum"), [("Instance2.txt", 828), ("Instance3.txt", 1001)])
def test_the_bound_proves_instances_two_and_three(name: str, optimum: int) -> None:
    inst = read_instance(benchmark_file(name))
    generation = _generation(inst)
    generation.run(time.monotonic() + DEADLINE_S)
    assert generation.bound.value == optimum


@pytest.mark.parametrize("seed", range(6))
def test_the_bound_never_exceeds_the_optimum_of_a_small_instance(seed: int) -> None:
    # Given a random small instance: 3 employees, 14 days, 2 shift types, random cover with
    # under/over weights and random requests, solved to optimality by the whole model
    inst = random_small(seed)
    optimum = _optimum(inst)

    # When column generation runs to the master LP's optimum
    generation = _generation(inst)
    generation.run(time.monotonic() + DEADLINE_S)

    # Then its bound is proved and never above the optimum
    assert generation.bound.value is not None
    assert generation.bound.value <= optimum


def test_a_priced_row_is_lawful_and_valued_at_its_prices() -> None:
    inst = read_instance(benchmark_file("Instance3.txt"))
    generation = _generation(inst)
    rng = random.Random(1)
    prices = {key: rng.randint(-10, 100) * PRICE_SCALE // 7 for key in generation.requirement}
    roster = {}
    for e in inst.staff:
        priced = generation.pricers[e.id].price(prices, DEADLINE_S)
        assert priced is not None
        assert priced.proved
        roster[e.id] = list(priced.row)
        worked = sum(prices.get((d, s), 0) for d, s in enumerate(priced.row) if s is not None)
        assert priced.scaled_value == PRICE_SCALE * request_penalty(inst, e, priced.row) - worked
    assert evaluate(inst, roster).feasible


def test_the_integer_master_roster_passes_the_evaluator() -> None:
    inst = read_instance(benchmark_file("Instance2.txt"))
    generation = _generation(inst)
    generation.run(time.monotonic() + DEADLINE_S)
    result = integer_master(inst, generation.columns.rows, 30.0, workers=1)
    assert result.roster is not None
    checked = evaluate(inst, result.roster)
    assert checked.feasible
    assert checked.objective == result.value
    # no roster beats the proved bound
    assert generation.bound.value is not None
    assert checked.objective >= generation.bound.value


def test_no_bound_when_a_pricing_is_not_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a pricing that finds each row but never proves it optimal
    real = pricing.RowPricer.price

    def unproved(self: pricing.RowPricer, *args: object, **kwargs: object) -> PricedRow | None:
        found = real(self, *args, **kwargs)  # type: ignore[arg-type]
        return None if found is None else PricedRow(found.row, False, found.scaled_value)

    monkeypatch.setattr(pricing.RowPricer, "price", unproved)
    inst = read_instance(benchmark_file("Instance2.txt"))

    # When column generation runs, then it adds columns but reports no bound
    generation = _generation(inst)
    generation.run(time.monotonic() + DEADLINE_S)
    assert generation.added > 0
    assert generation.bound.value is None
    assert column_bound(inst, time.monotonic() + DEADLINE_S, workers=1) is None


def test_one_unproved_employee_is_enough_to_withhold_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = pricing.RowPricer.price

    def one_unproved(self: pricing.RowPricer, *args: object, **kwargs: object) -> PricedRow | None:
        found = real(self, *args, **kwargs)  # type: ignore[arg-type]
        if found is None or self.employee.id != "A":
            return found
        return PricedRow(found.row, False, found.scaled_value)

    monkeypatch.setattr(pricing.RowPricer, "price", one_unproved)
    inst = read_instance(benchmark_file("Instance2.txt"))
    generation = _generation(inst)
    generation.run(time.monotonic() + DEADLINE_S)
    assert generation.bound.value is None


def test_a_bound_proved_elsewhere_is_the_whole_solves_bound_for_the_hand_over() -> None:
    from bench.curtois.search import _far_from_bound, _Progress

    # Given a whole-model solve told of a column bound of 1 000, whose own bound is 800
    progress = _Progress(0.0, [], False, stop_at=1000)
    progress.on_bound(800.0)
    progress.objective = 1100.0

    # Then its bound is the column bound, and a roster 10 % above it is not far (15 %)
    assert progress.bound == 1000.0
    assert not _far_from_bound(progress, 0.15)
    progress.on_bound(1050.0)
    assert progress.bound == 1050.0
