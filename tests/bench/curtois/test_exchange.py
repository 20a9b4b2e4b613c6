"""The shared search's ``exchange`` neighbourhood on Curtois-Qu: a worked weekend moves across
the horizon in one sub-solve, where a window of days cannot move it."""

from __future__ import annotations

import random

from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance
from bench.curtois.search import CurtoisProblem
from roster.solver import lns
from roster.solver.lns import Kind, Neighbourhood
from tests.bench.curtois._tiny import make_instance, row

# two weeks, one shift type; each may work one weekend (the last field), any number of days
STAFF = "A,D=14,6720,0,7,1,1,1\nB,D=14,6720,0,7,1,1,1"


def _instance() -> Instance:
    # the Saturdays (days 5 and 12) want one each; any other shift worked costs 1
    wanted = {5: "1,100,1", 12: "1,100,1"}
    cover = "\n".join(f"{d},D,{wanted.get(d, '0,100,1')}" for d in range(14))
    return make_instance(horizon=14, staff=STAFF, days_off="B,5", cover=cover)


def _roster() -> dict[str, list[str | None]]:
    # both work the second Saturday: the first one is short (100), the second over (1)
    return {"A": row("00000000000010"), "B": row("00000000000010")}


def test_a_window_of_days_cannot_fill_a_shortfall_that_needs_a_weekend_moved():
    inst = _instance()
    problem = CurtoisProblem(inst, _roster(), 1, focus=True)
    assert problem.value == 101
    # every employee over the first week: A may not take day 5, he works his one weekend
    # on day 12, outside the window; B is off on day 5
    candidate = problem.resolve(Neighbourhood("days", ("A", "B"), 0, 7), 5.0, 0)
    assert candidate is not None
    assert candidate.key == (101,)


def test_an_exchange_moves_the_weekend_and_keeps_every_hard_rule():
    inst = _instance()
    problem = CurtoisProblem(inst, _roster(), 1, focus=True)
    # A could take day 5 by giving up day 12, which stays covered without him
    names, day = problem.exchange(2, ())
    assert day == 5
    assert names[0] == "A"
    hood = lns.pick(problem, Kind("exchange", 1_000.0), random.Random(0))
    assert hood is not None
    assert (hood.first, hood.stop) == (0, 14)
    assert "A" in hood.officers
    candidate = problem.resolve(hood, 5.0, 0)
    assert candidate is not None
    assert candidate.key == (0,)
    roster = candidate.payload.roster
    assert roster["A"] == row("00000100000000")
    assert roster["B"] == row("00000000000010")
    checked = evaluate(inst, roster)
    assert checked.violations == ()
    assert checked.objective == 0


def test_an_exchange_leaves_busy_employees_out():
    problem = CurtoisProblem(_instance(), _roster(), 1, focus=True)
    names, _ = problem.exchange(2, {"A"})
    assert "A" not in names
    assert lns.pick(problem, Kind("exchange", 1_000.0), random.Random(0), busy={"A", "B"}) is None
