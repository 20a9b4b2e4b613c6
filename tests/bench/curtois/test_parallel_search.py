"""Parallel neighbourhoods on Curtois-Qu: a candidate computed from an older roster is merged
into the current one when the rows it changed are untouched since (``CurtoisProblem.merge``)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from bench.curtois.construct import construct_by_employee
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance, read_instance
from bench.curtois.search import CurtoisProblem, SubRoster, solve_lns
from roster.solver.lns import Candidate, Neighbourhood
from tests.bench.curtois._tiny import benchmark_file, make_instance, row


def _instance() -> Instance:
    # every day wants one on D (100 a place short, 1 a place over); B asks for D on day 3
    return make_instance(
        staff="\n".join(f"{e},D=7,4800,0,7,1,1,1" for e in "ABC"),
        on_requests="B,3,D,5",
        cover="\n".join(f"{d},D,1,100,1" for d in range(7)),
    )


BASE = {"A": row("DD00000"), "B": row("000D000"), "C": row("0000000")}


def _candidate(inst: Instance, new: dict[str, list[str | None]]) -> Candidate:
    return Candidate((evaluate(inst, new).objective,), False, 1.0, SubRoster(new, BASE))


def test_disjoint_rows_merge_and_the_evaluator_gives_the_value() -> None:
    # given a candidate computed from BASE that changed C's row
    inst = _instance()
    candidate = _candidate(inst, {**BASE, "C": row("00000DD")})
    # and a current roster that changed A's row since
    problem = CurtoisProblem(inst, BASE, workers=1)
    problem.accept(_candidate(inst, {**BASE, "A": row("DD000D0")}))
    # when
    merged = problem.merge(candidate)
    # then both changes are in, the rest is the current roster, the key is the evaluator's
    assert merged is not None
    roster = merged.payload.roster
    assert roster == {"A": row("DD000D0"), "B": row("000D000"), "C": row("00000DD")}
    assert merged.key == (evaluate(inst, roster).objective,) == (2 * 100 + 1,)
    assert merged.payload.base == problem.roster
    assert BASE["A"] == row("DD00000")  # no row changed in place


def test_rows_changed_on_both_sides_are_not_merged() -> None:
    inst = _instance()
    candidate = _candidate(inst, {**BASE, "A": row("D0000DD"), "C": row("00D0000")})
    problem = CurtoisProblem(inst, BASE, workers=1)
    problem.accept(_candidate(inst, {**BASE, "A": row("DD000D0")}))
    assert problem.merge(candidate) is None


def test_a_candidate_that_changed_nothing_is_not_merged() -> None:
    inst = _instance()
    problem = CurtoisProblem(inst, BASE, workers=1)
    problem.accept(_candidate(inst, {**BASE, "A": row("DD000D0")}))
    assert problem.merge(_candidate(inst, dict(BASE))) is None


def test_two_neighbourhoods_resolved_at_once_merge_into_a_lawful_roster() -> None:
    # given a first roster of instance 1 and two neighbourhoods of different employees
    inst = read_instance(benchmark_file("Instance1.txt"))
    start = construct_by_employee(inst, time.monotonic() + 30.0, 0, workers=1)
    assert start is not None
    problem = CurtoisProblem(inst, start, workers=1)
    ids = [e.id for e in inst.staff]
    hoods = [
        Neighbourhood("officers", tuple(ids[:2]), 0, 7),
        Neighbourhood("officers", tuple(ids[2:4]), 3, 10),
    ]
    # when both are re-solved in two threads from the same roster
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda hood: problem.resolve(hood, 5.0, 0), hoods)
    assert first is not None
    assert second is not None
    assert first.payload.base is start
    assert second.payload.base is start
    problem.accept(first)
    merged = problem.merge(second)
    # then the merged roster keeps both changes (each changed a row) and is lawful
    assert merged is not None
    roster = merged.payload.roster
    assert evaluate(inst, roster).feasible
    assert merged.key == (evaluate(inst, roster).objective,)
    for eid in ids[:2]:
        assert roster[eid] == first.payload.roster[eid]
    for eid in ids[2:4]:
        assert roster[eid] == second.payload.roster[eid]
    for eid in ids[4:]:
        assert roster[eid] == start[eid]


def test_a_parallel_search_returns_a_lawful_roster_for_instance1() -> None:
    inst = read_instance(benchmark_file("Instance1.txt"))
    start = construct_by_employee(inst, time.monotonic() + 30.0, 0, workers=1)
    assert start is not None
    result = solve_lns(inst, 3.0, workers=2, initial=start, improve_share=0, parallel=2)
    assert result.roster is not None
    checked = evaluate(inst, result.roster)
    assert checked.feasible
    assert checked.objective == result.objective <= evaluate(inst, start).objective
