"""Price and plan: the master LP against the evaluator, generation, the dive."""

from __future__ import annotations

import itertools
import time

import pytest

from bench.curtois.columns import Columns, dive, generate_columns, price_and_plan, request_penalty
from bench.curtois.construct import _Planner, construct_by_employee, improve_by_employee
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance, read_instance
from bench.curtois.search import solve
from tests.bench.curtois._tiny import benchmark_file, make_instance, run_fresh, scored_objective


def _instance2() -> tuple[Instance, dict[str, list[str | None]]]:
    inst = read_instance(benchmark_file("Instance2.txt"))
    first = construct_by_employee(inst, time.monotonic() + 60, seed=1)
    assert first is not None
    return inst, first


def test_request_penalty_is_the_evaluators_request_part() -> None:
    inst, roster = _instance2()
    checked = evaluate(inst, roster)
    assert checked.on_request_penalty + checked.off_request_penalty > 0  # not a vacuous check
    total = sum(request_penalty(inst, e, roster[e.id]) for e in inst.staff)
    assert total == checked.on_request_penalty + checked.off_request_penalty


def test_a_master_of_one_roster_costs_what_the_evaluator_says() -> None:
    inst, roster = _instance2()
    columns = Columns(inst)
    for e in inst.staff:
        assert columns.add(e, roster[e.id])
        assert not columns.add(e, roster[e.id])  # a known column is not added twice
    duals, convex = columns.solve()
    assert columns.value == pytest.approx(evaluate(inst, roster).objective)
    # each employee's only column is basic: its reduced cost is zero (the dual signs agree)
    for e in inst.staff:
        assert columns.reduced_cost(e, roster[e.id], duals, convex) == pytest.approx(0, abs=1e-6)


def test_two_columns_that_share_a_shift_price_it_by_the_cover_dual() -> None:
    # one shift on day 0 wanted by one person (100 under, 1 over), none on the other days;
    # A and B may each work one shift
    inst = make_instance(
        staff="A,D=1,480,0,1,1,1,1\nB,D=1,480,0,1,1,1,1",
        cover="\n".join(f"{d},D,{int(d == 0)},100,1" for d in range(7)),
    )
    columns = Columns(inst)
    for e in inst.staff:
        columns.add(e, [None] * 7)
    duals, convex = columns.solve()
    assert columns.value == pytest.approx(100)  # nobody works: one short
    assert duals[0, "D"] == pytest.approx(100)
    # A working the shift has reduced cost -100: it enters
    a = inst.staff[0]
    assert columns.reduced_cost(a, ["D", *[None] * 6], duals, convex) == pytest.approx(-100)
    with _Planner(inst, 1) as planner:
        stats = generate_columns(inst, columns, time.monotonic() + 30, planner=planner)
    assert columns.value == pytest.approx(0)  # someone works day 0, nobody another day
    assert stats.added >= 1


def test_generation_and_dive_give_a_feasible_roster_no_worse_than_the_seed() -> None:
    inst, first = _instance2()
    better = improve_by_employee(inst, first, time.monotonic() + 60, seed=1, max_passes=2)
    seed_value = evaluate(inst, better).objective
    roster, stats = price_and_plan(inst, [first, better], time.monotonic() + 20)
    checked = evaluate(inst, roster)
    assert checked.feasible
    assert checked.objective <= seed_value
    assert stats.rounds >= 1
    # the master value never rose from the first round on (columns are only added)
    values = stats.master_values[: stats.rounds]
    assert all(b <= a + 1e-6 for a, b in itertools.pairwise(values))
    if roster is not better:
        assert stats.dive_value == checked.objective


def test_strategy_columns_gives_a_feasible_roster_of_instance2() -> None:
    inst = read_instance(benchmark_file("Instance2.txt"))
    result = solve(inst, 6, workers=1, strategy="columns")  # one process: no fork here
    assert result.strategy == "columns"
    scored_objective(inst, result)


def test_a_dive_past_its_deadline_fixes_everyone_at_a_column() -> None:
    inst, roster = _instance2()
    columns = Columns(inst)
    for e in inst.staff:
        columns.add(e, roster[e.id])
    columns.solve()
    with _Planner(inst, 1) as planner:
        dived = dive(inst, columns, time.monotonic() - 1, planner=planner)
    assert dived == roster
    assert set(columns.fixed) == {e.id for e in inst.staff}


TWO_PROCESSES = """
import time
from bench.curtois.columns import price_and_plan
from bench.curtois.construct import construct_by_employee
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import read_instance
from tests.bench.curtois._tiny import benchmark_file
inst = read_instance(benchmark_file("Instance2.txt"))
first = construct_by_employee(inst, time.monotonic() + 60, seed=1)
roster, stats = price_and_plan(inst, [first], time.monotonic() + 20, workers=2)
assert evaluate(inst, roster).feasible
assert evaluate(inst, roster).objective <= evaluate(inst, first).objective
assert stats.rounds >= 1
print("ok")
"""


def test_two_pricing_processes_give_a_feasible_roster_of_instance2() -> None:
    # The pool forks: run it from a fresh interpreter (``run_fresh`` says why).
    assert run_fresh(TWO_PROCESSES).strip() == "ok"
