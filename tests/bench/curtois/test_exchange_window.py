"""The ``exchange`` neighbourhood over the days the exchange moves work between: the days
between stay fixed, so more employees fit in one sub-solve than over the whole horizon."""

from __future__ import annotations

import random

import pytest

from bench.curtois import search
from bench.curtois.construct import cover_counts
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance
from bench.curtois.search import CurtoisProblem
from roster.solver import lns
from roster.solver.lns import Kind, Neighbourhood
from tests.bench.curtois._tiny import make_instance, row

# four weeks, one shift type; each may work one weekend (the last field), any number of days
STAFF = "\n".join(f"{eid},D=28,13440,0,7,1,1,1" for eid in "ABCDE")


def _instance() -> Instance:
    # the first and the last Saturday (days 5 and 26) want one each; any other shift
    # worked costs 1
    wanted = {5: "1,100,1", 26: "1,100,1"}
    cover = "\n".join(f"{d},D,{wanted.get(d, '0,100,1')}" for d in range(28))
    return make_instance(horizon=28, staff=STAFF, days_off="B,5\nC,5\nD,5\nE,5", cover=cover)


def _roster() -> dict[str, list[str | None]]:
    # A and B work the last Saturday: the first one is short (100), the last over (1)
    free = row("0" * 28)
    worked = row("0" * 26 + "10")
    return {"A": worked, "B": list(worked), "C": free, "D": list(free), "E": list(free)}


@pytest.fixture
def windowed(monkeypatch: pytest.MonkeyPatch) -> None:
    # every exchange over its days, not half of them
    monkeypatch.setattr(search, "EXCHANGE_WINDOW_SHARE", 1.0)


@pytest.mark.usefixtures("windowed")
def test_an_exchange_names_the_days_it_moves_work_between_and_more_employees():
    problem = CurtoisProblem(_instance(), _roster(), 1, focus=True, windows=True)
    assert problem.value == 101
    # A takes day 5 (his weekend 0) by giving up day 26 (weekend 3): days 5, 6 and 26,
    # each with EXCHANGE_MARGIN = 3 days either side, 13 days of the 28
    names, day, days = problem.exchange(2, ())
    assert day == 5
    assert names[0] == "A"
    assert days == [*range(2, 10), *range(23, 28)]
    # room for two over the 28 days, so for four over the 13
    assert len(names) == 4
    hood = lns.pick(problem, Kind("exchange", 56.0), random.Random(0))
    assert hood is not None
    assert (hood.first, hood.stop) == (2, 28)
    assert hood.held == tuple(range(10, 23))
    assert len(hood.officers) == 4
    assert "A" in hood.officers
    candidate = problem.resolve(hood, 5.0, 0)
    assert candidate is not None
    assert candidate.key == (0,)
    roster = candidate.payload.roster
    assert roster["A"] == row("0" * 5 + "1" + "0" * 22)
    checked = evaluate(problem.inst, roster)
    assert checked.violations == ()
    assert checked.objective == 0


def test_a_held_day_keeps_the_current_roster():
    # day 15 wants one more: C, free over days 10-19, would take it unless it is held
    cover = "\n".join(f"{d},D,{'1,100,1' if d == 15 else '0,100,1'}" for d in range(28))
    inst = make_instance(horizon=28, staff=STAFF, cover=cover)
    roster = {eid: row("0" * 28) for eid in "ABCDE"}
    problem = CurtoisProblem(inst, roster, 1, focus=True, windows=True)
    assert problem.value == 100
    free = problem.resolve(Neighbourhood("exchange", ("C",), 10, 20), 5.0, 0)
    assert free is not None
    assert free.key == (0,)
    held = problem.resolve(Neighbourhood("exchange", ("C",), 10, 20, (14, 15, 16)), 5.0, 0)
    assert held is not None
    assert held.key == (100,)
    assert held.payload.roster["C"] == roster["C"]


@pytest.mark.usefixtures("windowed")
def test_without_windows_an_exchange_frees_the_whole_horizon():
    # the staged search's problem (no ``windows``): the exchange as measured before
    problem = CurtoisProblem(_instance(), _roster(), 1, focus=True)
    assert len(problem.exchange(2, ())) == 2
    hood = lns.pick(problem, Kind("exchange", 56.0), random.Random(0))
    assert hood is not None
    assert (hood.first, hood.stop) == (0, 28)
    assert len(hood.officers) == 2


def test_solve_lns_runs_the_windowed_exchange(monkeypatch: pytest.MonkeyPatch):
    built: list[bool] = []

    class Recording(CurtoisProblem):
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(bool(kwargs.get("windows")))
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "CurtoisProblem", Recording)
    result = search.solve_lns(_instance(), 1.0, 1, initial=_roster(), improve_share=0.0)
    assert built == [True]
    assert result.objective is not None
    assert result.objective <= 101


def test_of_the_weekends_that_cost_the_same_a_windowed_exchange_gives_up_the_nearest():
    # A and B may work two weekends and work the Saturdays 5 and 19; the last Saturday
    # (26) is short and B is off then: A takes it by giving up a weekend that stays covered
    staff = "A,D=28,13440,0,7,1,1,2\nB,D=28,13440,0,7,1,1,2"
    wanted = {5: "1,100,1", 19: "1,100,1", 26: "1,100,1"}
    cover = "\n".join(f"{d},D,{wanted.get(d, '0,100,1')}" for d in range(28))
    inst = make_instance(horizon=28, staff=staff, days_off="B,26", cover=cover)
    worked = row("0" * 5 + "1" + "0" * 13 + "1" + "0" * 8)
    roster = {"A": worked, "B": list(worked)}
    counts = cover_counts(roster)
    windowed = CurtoisProblem(inst, roster, 1, focus=True, windows=True)
    assert windowed._give_up("A", 26, "D", counts) == (0, [19])
    # the staged search's problem keeps the first of them, as measured before
    whole = CurtoisProblem(inst, roster, 1, focus=True)
    assert whole._give_up("A", 26, "D", counts) == (0, [5])
