"""CP-SAT model: optimum equals a brute-force search scored by the evaluator; sub-models."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.curtois.evaluate import evaluate, runs
from bench.curtois.model import build_model, max_worked
from bench.curtois.reader import Instance, read_instance
from bench.curtois.search import solve, solve_whole
from tests.bench.curtois._tiny import (
    benchmark_file,
    brute_force,
    make_instance,
    row,
    scored_objective,
)


@st.composite
def one_employee_instances(draw: st.DrawFn) -> Instance:
    """Seven days, shift E (480 min) and N (600 min, forbids E next day), random contract,
    days off, requests and cover."""
    max_e, max_n = draw(st.integers(0, 7)), draw(st.integers(0, 7))
    min_minutes = draw(st.sampled_from([0, 960, 1440, 2040]))
    max_minutes = min_minutes + draw(st.sampled_from([0, 480, 1200, 3000]))
    max_run, min_run = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    min_off, weekends = draw(st.integers(1, 3)), draw(st.integers(0, 1))
    limits = f"{max_minutes},{min_minutes},{max_run},{min_run},{min_off},{weekends}"
    staff = f"A,E={max_e}|N={max_n},{limits}"
    off_days = draw(st.sets(st.integers(0, 6), max_size=2))
    requests = st.lists(
        st.tuples(st.integers(0, 6), st.sampled_from("EN"), st.integers(1, 3)), max_size=4
    )
    on = "\n".join(f"A,{d},{s},{w}" for d, s, w in draw(requests))
    off = "\n".join(f"A,{d},{s},{w}" for d, s, w in draw(requests))
    cover = "\n".join(
        f"{d},{s},{draw(st.integers(0, 2))},{draw(st.sampled_from([1, 100]))},1"
        for d in range(7)
        for s in "EN"
    )
    return make_instance(
        shifts="E,480,\nN,600,E",
        staff=staff,
        days_off="A," + ",".join(map(str, sorted(off_days))) if off_days else "",
        on_requests=on,
        off_requests=off,
        cover=cover,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_employee_instances(), st.sampled_from(["tight", "sequence"]))
def test_optimum_matches_brute_force(inst: Instance, encoding: str) -> None:
    # Given a random one-employee instance and the best roster found by enumeration
    expected = brute_force(inst)

    # When CP-SAT solves it
    result = solve_whole(inst, 10.0, workers=1, run_encoding=encoding)

    # Then it is infeasible exactly when no roster is, and otherwise optimal with the same value,
    # which is also the evaluator's value of the roster it returns
    if expected is None:
        assert result.status == "INFEASIBLE"
        return
    assert result.status == "OPTIMAL"
    assert scored_objective(inst, result) == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 4095))
def test_max_worked_matches_enumeration(length: int, max_run: int, min_off: int, mask: int) -> None:
    available = [bool(mask >> i & 1) for i in range(length)]
    best = 0
    for pattern in itertools.product([False, True], repeat=length):
        if any(w and not a for w, a in zip(pattern, available, strict=True)):
            continue
        ok = True
        for worked, start, size in runs(list(pattern)):
            interior = start > 0 and start + size < length
            if (worked and size > max_run) or (not worked and interior and size < min_off):
                ok = False
        if ok:
            best = max(best, sum(pattern))
    assert max_worked(available, max_run, min_off) == best


def test_implied_density_keeps_the_optimum() -> None:
    # Given a 14-day instance where the density rule (5 in any 7) is what limits the work
    inst = make_instance(
        horizon=14,
        staff="A,D=14,99999,0,5,1,2,2",
        cover="\n".join(f"{d},D,1,100,1" for d in range(14)),
    )
    # When it is solved with and without the implied constraints, then the optimum is the same
    # (10 shifts at most: 4 days uncovered)
    values = []
    for implied in (False, True):
        model_result = solve_whole(inst, 10.0, workers=1, implied=implied)
        assert model_result.status == "OPTIMAL"
        values.append(model_result.objective)
    assert values == [400, 400]


def test_sub_model_objective_is_the_whole_objective() -> None:
    # Given a feasible roster of Instance1
    inst = read_instance(benchmark_file("Instance1.txt"))
    whole = solve_whole(inst, 10.0, workers=1)
    assert whole.roster is not None
    current = whole.roster

    # When two employees are freed on days 3..9 and the rest is fixed
    model, v, _ = build_model(inst, ["A", "B"], (3, 10), current)
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    assert solver.solve(model) == cp_model.OPTIMAL

    # Then the sub-model's optimum is the whole objective of its roster, which is feasible,
    # keeps everything outside the neighbourhood, and is no worse than the roster it came from
    from bench.curtois.model import roster_from_values

    values = {
        key: bool(solver.boolean_value(cell))
        for key, cell in v.x.items()
        if not isinstance(cell, int)
    }
    new = roster_from_values(inst, v, values)
    checked = evaluate(inst, new)
    assert checked.feasible
    assert checked.objective == round(solver.objective_value)
    assert checked.objective <= evaluate(inst, current).objective
    for e in inst.staff:
        for d in range(inst.horizon):
            if e.id not in ("A", "B") or not 3 <= d < 10:
                assert new[e.id][d] == current[e.id][d]


def test_whole_model_solves_instance1_to_its_optimum() -> None:
    inst = read_instance(benchmark_file("Instance1.txt"))
    result = solve(inst, 20.0, workers=1, strategy="whole")
    scored_objective(inst, result)
    # 607 is the proven optimum (best_known.csv); CP-SAT proves it in well under a second
    assert result.status == "OPTIMAL"
    assert result.objective == 607


def test_lns_returns_a_feasible_roster_for_instance1() -> None:
    inst = read_instance(benchmark_file("Instance1.txt"))
    result = solve(inst, 3.0, workers=1, strategy="lns")
    scored_objective(inst, result)


def test_the_shared_search_keeps_the_roster_outside_its_neighbourhood() -> None:
    from bench.curtois.search import CurtoisProblem, solve_lns
    from roster.solver.lns import Neighbourhood

    inst = read_instance(benchmark_file("Instance1.txt"))
    start = solve_lns(inst, 3.0, workers=1).roster
    assert start is not None
    problem = CurtoisProblem(inst, start, workers=1)
    chosen = tuple(e.id for e in inst.staff[:2])
    found = problem.resolve(Neighbourhood("officers", chosen, 2, 9), 5.0, 0)
    assert found is not None
    new = found.payload.roster
    for e in inst.staff:
        for d in range(inst.horizon):
            if e.id not in chosen or not 2 <= d < 9:
                assert new[e.id][d] == start[e.id][d]
    # its key is the evaluator's objective of the whole roster
    assert found.key == (evaluate(inst, new).objective,)
    assert evaluate(inst, new).feasible


def test_the_staged_strategy_proves_instance1_like_a_police_stage() -> None:
    inst = read_instance(benchmark_file("Instance1.txt"))
    result = solve(inst, 20.0, workers=1, strategy="staged")
    assert result.roster is not None
    assert evaluate(inst, result.roster).objective == result.objective == 607
    assert result.status == "OPTIMAL"


class _FakeSolver:
    def __init__(self) -> None:
        self.stopped = 0

    def stop_search(self) -> None:
        self.stopped += 1


class _FakeProgress:
    def __init__(
        self, last: float, objective: float | None = None, bound: float | None = None
    ) -> None:
        self.last = last
        self.objective = objective
        self.bound = bound


def test_a_stalled_whole_solve_is_stopped() -> None:
    import threading
    import time

    from bench.curtois.search import _stop_when_stalled

    # Given a whole-model solve whose last better solution came 10 s ago, and a stall of 1 s
    solver = _FakeSolver()
    done = threading.Event()

    # When the watch runs beside it, then it stops the search once and returns
    _stop_when_stalled(solver, _FakeProgress(time.monotonic() - 10.0), 1.0, done)  # type: ignore[arg-type]
    assert solver.stopped == 1


def test_a_finished_whole_solve_is_not_stopped() -> None:
    import threading
    import time

    from bench.curtois.search import _stop_when_stalled

    # Given a solve that has ended (``done`` set) and found its last solution long ago
    solver = _FakeSolver()
    done = threading.Event()
    done.set()

    # When the watch runs, then it returns without stopping anything
    _stop_when_stalled(solver, _FakeProgress(time.monotonic() - 10.0), 1.0, done)  # type: ignore[arg-type]
    assert solver.stopped == 0


def test_a_whole_solve_far_from_its_bound_is_stopped_after_its_share() -> None:
    import threading
    import time

    from bench.curtois.search import _stop_when_stalled

    # Given a solve that found a roster just now, at 200 against a bound of 100 (gap 50 %)
    solver = _FakeSolver()
    done = threading.Event()
    now = time.monotonic()

    # When the watch allows a 15 % gap from a moment already past, then it stops the search
    # at once (no stall: the last solution is recent, the stall limit an hour)
    _stop_when_stalled(
        solver,
        _FakeProgress(now, objective=200.0, bound=100.0),  # type: ignore[arg-type]
        3600.0,
        done,
        gap=0.15,
        gap_from=now - 1.0,
    )
    assert solver.stopped == 1


@pytest.mark.parametrize(
    ("objective", "bound", "far"),
    [(200.0, 100.0, True), (116.0, 100.0, False), (118.0, 100.0, True), (None, 100.0, False)],
)
def test_far_from_bound_is_the_gap_relative_to_the_roster(
    objective: float | None, bound: float, far: bool
) -> None:
    from bench.curtois.search import _far_from_bound

    # 15 % of the roster's objective: 116 - 100 = 16 < 17.4; 118 - 100 = 18 > 17.7
    progress = _FakeProgress(0.0, objective=objective, bound=bound)
    assert _far_from_bound(progress, 0.15) is far  # type: ignore[arg-type]


def test_the_staged_strategy_hands_a_far_roster_to_the_parallel_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench.curtois import search

    # Given a hand-over as soon as the whole-model roster is 0 % above its bound (at once)
    monkeypatch.setattr(search, "WHOLE_GAP_SHARE", 0.0)
    monkeypatch.setattr(search, "WHOLE_HANDOVER_GAP", 0.0)
    # and no column bound (it proves Instance4 at its optimum, which may end the solve early)
    monkeypatch.setattr(search, "COLUMN_BOUND_SHARE", 0.0)
    calls: list[int] = []
    kinds: list[object] = []
    real = search.lns.search

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(int(kwargs["parallel"]))  # type: ignore[call-overload]
        kinds.append(kwargs["kinds"])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search.lns, "search", spy)
    inst = read_instance(benchmark_file("Instance4.txt"))

    # When the staged strategy solves Instance4 on two workers
    result = search.solve_staged(inst, 4.0, workers=2)

    # Then the shared search ran with two neighbourhoods at once, of the kinds ``solve_lns``
    # runs, and the roster it returns is lawful and scored at the reported objective
    assert calls == [2]
    assert kinds == [search.LNS_KINDS]
    assert result.strategy == "staged"
    scored_objective(inst, result)


def test_a_whole_solve_with_a_stall_limit_returns_its_roster() -> None:
    # Given Instance4 (not proved in a few seconds) and a stall limit of a second
    inst = read_instance(benchmark_file("Instance4.txt"))

    # When it is solved with the stall limit, then it returns a roster the evaluator scores
    # at the reported objective (stopped by the watch or by the time limit)
    result = solve_whole(inst, 5.0, workers=1, stall_s=1.0)
    scored_objective(inst, result)


@pytest.mark.parametrize("encoding", ["tight", "sequence"])
def test_border_runs_are_allowed_in_the_model(encoding: str) -> None:
    # Given an employee who must work exactly days 0 and 13 (requests, min run 3, min off 3)
    inst = make_instance(
        horizon=14,
        staff="A,D=14,99999,0,5,3,3,2",
        on_requests="A,0,D,3\nA,13,D,3",
        off_requests="\n".join(f"A,{d},D,3" for d in range(1, 13)),
    )
    # When solved, then the one-day runs touching both ends are allowed (border rule)
    result = solve_whole(inst, 10.0, workers=1, run_encoding=encoding)
    assert result.objective == 0 + 2  # over-cover of 1 on two days (cover wants 0)
    assert result.roster == {"A": row("10000000000001")}


def test_a_roster_hint_is_completed_to_every_variable() -> None:
    from ortools.sat.python import cp_model

    from bench.curtois.construct import construct_by_employee
    from bench.curtois.search import _complete_hint, _hint

    # Given a roster of Instance4 built one employee at a time, hinted on the whole model's cells
    inst = read_instance(benchmark_file("Instance4.txt"))
    roster = construct_by_employee(inst, float("inf"), 0)
    assert roster is not None
    model, v, _ = build_model(inst)
    _hint(model, v, roster)
    assert len(model.proto.solution_hint.vars) < len(model.proto.variables)

    # When the hint is completed
    assert _complete_hint(model, 30.0)

    # Then every variable is hinted, the cells as the roster has them, and the hint is a
    # solution whose objective is the evaluator's value of the roster
    hint = dict(zip(model.proto.solution_hint.vars, model.proto.solution_hint.values, strict=True))
    assert sorted(hint) == list(range(len(model.proto.variables)))
    for (eid, d, sid), cell in v.x.items():
        if not isinstance(cell, int):
            assert hint[cell.index] == int(roster[eid][d] == sid)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    assert round(solver.objective_value) == evaluate(inst, roster).objective
