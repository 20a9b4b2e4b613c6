"""First rosters one employee at a time: the recursion against brute force, and whole rosters."""

from __future__ import annotations

import time
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.curtois.construct import (
    best_row,
    construct_by_employee,
    cover_counts,
    improve_by_employee,
    row_rewards,
)
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance, read_instance
from tests.bench.curtois._tiny import benchmark_file, brute_force, make_instance, run_fresh


@st.composite
def one_employee_instances(draw: st.DrawFn) -> Instance:
    """Seven days (a weekend at days 5-6), shift E (480 min) and N (600 min, forbids E next
    day), a random contract with shift maxima that never bind, days off, requests, cover."""
    min_minutes = draw(st.sampled_from([0, 960, 1440, 2040]))
    max_minutes = min_minutes + draw(st.sampled_from([0, 480, 1200, 3000]))
    max_run, min_run = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    min_off, weekends = draw(st.integers(1, 3)), draw(st.integers(0, 1))
    staff = f"A,E=7|N=7,{max_minutes},{min_minutes},{max_run},{min_run},{min_off},{weekends}"
    days_off = draw(st.sets(st.integers(0, 6), max_size=2))
    requests = draw(
        st.lists(
            st.tuples(st.integers(0, 6), st.sampled_from("EN"), st.integers(1, 3), st.booleans()),
            max_size=4,
            unique_by=lambda r: (r[0], r[1]),
        )
    )
    cover = [
        f"{d},{s},{draw(st.integers(0, 1))},{draw(st.sampled_from([1, 100]))},1"
        for d in range(7)
        for s in "EN"
    ]
    return make_instance(
        shifts="E,480,\nN,600,E",
        staff=staff,
        days_off=f"A,{','.join(map(str, sorted(days_off)))}" if days_off else "",
        on_requests="\n".join(f"A,{d},{s},{w}" for d, s, w, on in requests if on),
        off_requests="\n".join(f"A,{d},{s},{w}" for d, s, w, on in requests if not on),
        cover="\n".join(cover),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_employee_instances())
def test_best_row_is_the_best_roster_of_one_employee(inst: Instance) -> None:
    (employee,) = inst.staff
    plan = best_row(inst, employee, row_rewards(inst, employee, Counter()))
    best = brute_force(inst)
    if best is None:
        assert plan is None
        return
    assert plan is not None
    checked = evaluate(inst, {employee.id: plan.row})
    assert checked.feasible
    assert checked.objective == best
    # the reward is what the row takes off the objective of an empty row
    empty = evaluate(inst, {employee.id: [None] * inst.horizon}).objective
    assert empty - plan.reward == checked.objective


def test_best_row_keeps_the_shift_maxima_and_the_weekends() -> None:
    # two weeks; E is wanted every day but may be worked 3 times; one weekend at most
    inst = make_instance(
        horizon=14,
        shifts="E,480,\nL,480,",
        staff="A,E=3|L=14,6720,2400,5,1,1,1",
        cover="\n".join(f"{d},E,1,100,1\n{d},L,0,100,1" for d in range(14)),
    )
    (employee,) = inst.staff
    plan = best_row(inst, employee, row_rewards(inst, employee, Counter()))
    assert plan is not None
    assert plan.row.count("E") == 3
    assert evaluate(inst, {"A": plan.row}).feasible


def test_construct_and_improve_give_a_feasible_roster_of_instance2() -> None:
    workers = 1  # two processes: the next test
    inst = read_instance(benchmark_file("Instance2.txt"))
    first = construct_by_employee(inst, time.monotonic() + 60, seed=1, workers=workers)
    assert first is not None
    checked = evaluate(inst, first)
    assert checked.feasible
    better = improve_by_employee(
        inst, first, time.monotonic() + 60, seed=1, workers=workers, max_passes=2
    )
    improved = evaluate(inst, better)
    assert improved.feasible
    assert improved.objective <= checked.objective


TWO_PROCESSES = """
import time
from bench.curtois.construct import construct_by_employee, improve_by_employee
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import read_instance
from tests.bench.curtois._tiny import benchmark_file
inst = read_instance(benchmark_file("Instance2.txt"))
first = construct_by_employee(inst, time.monotonic() + 60, seed=1, workers=2)
assert first is not None and evaluate(inst, first).feasible
better = improve_by_employee(inst, first, time.monotonic() + 60, seed=1, workers=2, max_passes=2)
assert evaluate(inst, better).feasible
assert evaluate(inst, better).objective <= evaluate(inst, first).objective
print("ok")
"""


def test_two_planning_processes_give_a_feasible_roster_of_instance2() -> None:
    # The pool forks: run it from a fresh interpreter (``run_fresh`` says why).
    assert run_fresh(TWO_PROCESSES).strip() == "ok"


def test_cover_counts_leave_out_one_employee() -> None:
    roster: dict[str, list[str | None]] = {"A": ["E", None], "B": ["E", "N"]}
    assert cover_counts(roster) == Counter({(0, "E"): 2, (1, "N"): 1})
    assert cover_counts(roster, without="A") == Counter({(0, "E"): 1, (1, "N"): 1})
