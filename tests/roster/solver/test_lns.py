"""The shared large-neighbourhood search: the engine on a scripted problem, the police
stage problem on a small model, and ``solve`` running it inside a stage."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Sequence

import pytest

from roster.solver import lns
from roster.solver import solve as solve_module
from roster.solver.baseline import greedy
from roster.solver.build import build_model
from roster.solver.eligibility import candidates
from roster.solver.figures import (
    compute_figures,
    fairness_families,
    family_loads,
    stage_value,
)
from roster.solver.hard_rules import check_assignments
from roster.solver.io import parse_input
from roster.solver.lns import Candidate, Kind, Neighbourhood
from roster.solver.repair import start_roster
from roster.solver.solve import complete_solution
from roster.solver.stage_search import Current, StageProblem
from roster.solver.stages import stage_model
from roster.solver.types import StageName
from tests.roster.solver.helpers import make_input, officer, run, shift
from tests.roster.solver.test_repair import _leave


class Scripted:
    """A problem whose sub-solves return the keys of ``script`` in turn."""

    def __init__(self, start: tuple[int, ...], script: Sequence[tuple[int, ...] | None]) -> None:
        self.current = start
        self.script = list(script)
        self.accepted: list[tuple[int, ...]] = []
        self.hoods: list[Neighbourhood] = []
        self.officers = ["a", "b", "c", "d"]
        self.days = (2, 9)
        self.cells_per_officer_day = 3.0

    def key(self) -> tuple[int, ...]:
        return self.current

    def skill_groups(self) -> Sequence[Sequence[str]]:
        return [["a", "b"], ["c", "d"]]

    def worst(self) -> tuple[Sequence[str], int | None]:
        return ["c"], 5

    def resolve(self, hood: Neighbourhood, time_limit_s: float, seed: int) -> Candidate | None:
        self.hoods.append(hood)
        if not self.script:
            return None
        key = self.script.pop(0)
        return None if key is None else Candidate(key, True, 0.0, key)

    def accept(self, candidate: Candidate) -> None:
        self.accepted.append(candidate.payload)
        self.current = candidate.payload


def _run(problem: Scripted, **kw: object) -> lns.LnsStats:
    # the script ends the search: every later sub-solve finds nothing; stop_at ends it
    return lns.search(problem, time.perf_counter() + 0.5, sub_time_s=0.01, **kw)  # type: ignore[arg-type]


def test_only_a_lexicographically_better_key_is_accepted():
    # given a roster at (5, 1) and sub-solves that find these keys in turn
    problem = Scripted((5, 1), [(5, 2), (4, 9), None, (4, 9), (6, 0), (4, 8), (3, 99)])
    # when
    stats = _run(problem, stop_at=(3, 99))
    # then worse and equal keys are refused, better ones taken, whatever the later stage says
    assert problem.accepted == [(4, 9), (4, 8), (3, 99)]
    assert stats.improvements == 3
    assert stats.iterations == 7


def test_an_equal_key_is_accepted_only_when_asked():
    problem = Scripted((5,), [(5,), (5,), (4,)])
    _run(problem, accept_equal=True, stop_at=(4,))
    assert problem.accepted == [(5,), (5,), (4,)]


def test_the_search_stops_at_the_bound():
    problem = Scripted((5,), [(3,), (2,), (1,)])
    stats = _run(problem, stop_at=(3,))
    assert problem.accepted == [(3,)]
    assert stats.iterations == 1


def test_neighbourhoods_stay_inside_the_officers_and_days_offered():
    problem = Scripted((1,), [])
    rng = random.Random(3)
    for name in lns.KINDS:
        for _ in range(30):
            hood = lns.pick(problem, Kind(name, 12.0), rng)
            assert hood is not None
            assert set(hood.officers) <= set(problem.officers)
            assert len(set(hood.officers)) == len(hood.officers)
            assert 2 <= hood.first < hood.stop <= 9
            if name == "skill":
                assert set(hood.officers) in ({"a", "b"}, {"c", "d"})
            if name == "worst":
                assert "c" in hood.officers
                assert hood.first <= 5 < hood.stop


def test_a_rows_neighbourhood_frees_a_few_officers_over_the_whole_horizon():
    problem = Scripted((1,), [])
    rng = random.Random(4)
    for _ in range(30):
        # 4 officers fit over the 7 days at 3 cells a day: the worst term's and 3 others
        hood = lns.pick(problem, Kind("rows", 100.0), rng)
        assert hood is not None
        assert (hood.first, hood.stop) == (2, 9)
        assert sorted(hood.officers) == ["a", "b", "c", "d"]
        # room for fewer than two: two officers (the worst term's and one other), fewer days
        hood = lns.pick(problem, Kind("rows", 12.0), rng)
        assert hood is not None
        assert len(hood.officers) == 2
        assert "c" in hood.officers
        assert hood.stop - hood.first == 2
        assert 2 <= hood.first < hood.stop <= 9
        # in a parallel search, only officers not in re-solve
        hood = lns.pick(problem, Kind("rows", 100.0), rng, busy={"a", "c"}, share=2)
        assert hood is not None
        assert sorted(hood.officers) == ["b", "d"]
    assert "rows" in lns.ALL_KINDS
    assert "rows" not in lns.KINDS  # the police stages do not run it


class Exchanging(Scripted):
    """A scripted problem that names the officers of an exchange: ``b`` and ``d``."""

    def __init__(self) -> None:
        super().__init__((1,), [])
        self.asked: list[tuple[int, set[str]]] = []

    def exchange(self, size: int, busy: set[str]) -> tuple[Sequence[str], int | None]:
        self.asked.append((size, set(busy)))
        return [o for o in ("b", "d") if o not in busy], 6


def test_an_exchange_neighbourhood_frees_the_officers_the_problem_names():
    problem = Exchanging()
    rng = random.Random(5)
    # room for 4 officers over the 7 days: the problem's two, over the whole horizon
    hood = lns.pick(problem, Kind("exchange", 100.0), rng)
    assert hood == Neighbourhood("exchange", ("b", "d"), 2, 9)
    assert problem.asked == [(4, set())]
    # room for fewer: fewer days, around the problem's day
    hood = lns.pick(problem, Kind("exchange", 12.0), rng)
    assert hood is not None
    assert hood.officers == ("b", "d")
    assert hood.stop - hood.first == 2
    assert hood.first <= 6 < hood.stop
    # in a parallel search the problem hears who is busy, and no busy officer is freed
    hood = lns.pick(problem, Kind("exchange", 100.0), rng, busy={"b"}, share=2)
    assert hood is not None
    assert hood.officers == ("d",)
    assert problem.asked[-1] == (4, {"b"})
    # all of them busy: the kind does not apply now
    assert lns.pick(problem, Kind("exchange", 100.0), rng, busy={"b", "d"}, share=2) is None


def test_an_exchange_neighbourhood_needs_a_problem_that_names_one():
    assert lns.pick(Scripted((1,), []), Kind("exchange", 100.0), random.Random(0)) is None
    assert "exchange" in lns.ALL_KINDS
    assert "exchange" not in lns.KINDS  # the police stages do not run it


def test_a_kind_grows_when_proved_fast_and_shrinks_when_not():
    proved = Scripted((1,), [])
    proved.resolve = lambda hood, limit, seed: Candidate((1,), True, 0.0)  # type: ignore[method-assign]
    stats = lns.search(proved, time.perf_counter() + 0.2, kinds=("days",), start_cells=100)
    assert stats.kinds["days"].cells > 100
    unproved = Scripted((1,), [])
    stats = lns.search(unproved, time.perf_counter() + 0.2, kinds=("days",), start_cells=100)
    assert stats.kinds["days"].cells < 100


# --- the police model -----------------------------------------------------------------------


def _team() -> dict:
    """Four officers, a fortnight of day and night shifts; o1 wants every night (the
    first-come roster gives him all of them, fairness wants them shared)."""
    officers = [officer(f"o{i}") for i in range(1, 5)]
    shifts = []
    signups = []
    for d in range(14):
        shifts.append(shift(f"d{d}", d, 7, 8))
        shifts.append(shift(f"n{d}", d, 23, 8, burdens=["night"]))
        signups.append({"officer": "o1", "shift": f"n{d}", "wish": "want"})
    return make_input(officers, shifts, days=15, signups=signups)


def _stage_problem():
    inp = parse_input(_team())
    cands = candidates(inp)
    built = build_model(inp, cands)
    start = greedy(inp, cands)
    solution = complete_solution(built, start, 10.0)
    assert solution is not None
    sm = stage_model(StageName.FAIRNESS, built, inp.weights)
    assert sm is not None
    built.model.minimize(sm.objective)
    figures = compute_figures(inp, start, cands)
    problem = StageProblem(
        inp=inp,
        built=built,
        cands=cands,
        stages=[(StageName.SHORTFALL, "min"), (StageName.FAIRNESS, "min")],
        stage=StageName.FAIRNESS,
        current=Current(start, solution, figures),
        days=(0, 14),
        workers=1,
    )
    return inp, built, start, problem


def test_a_neighbourhood_changes_nothing_outside_it_and_restores_the_model():
    inp, built, start, problem = _stage_problem()
    domains = [tuple(v.domain) for v in built.model.proto.variables]
    hood = Neighbourhood("officers", ("o1", "o2"), 3, 10)
    # when
    found = problem.resolve(hood, 5.0, 0)
    # then the roster outside o1, o2 x days 3..9 is the one it started from
    assert found is not None
    day = {s.id: s.day for s in inp.shifts}

    def outside(roster):
        return {p for p in roster if not (p.officer in ("o1", "o2") and 3 <= day[p.shift] < 10)}

    assert outside(found.payload.roster) == outside(start)
    assert check_assignments(inp, found.payload.roster) == []
    # and every variable has its domain back
    assert [tuple(v.domain) for v in built.model.proto.variables] == domains
    # and its key is the stage values recomputed from its roster
    figures = compute_figures(inp, found.payload.roster)
    assert found.key == (
        stage_value(StageName.SHORTFALL, figures),
        stage_value(StageName.FAIRNESS, figures),
    )


def test_the_worst_fairness_term_names_its_worst_off_officers():
    inp, _built, start, problem = _stage_problem()
    officers, _day = problem.worst()
    # then they are the officers furthest from their target in the worst family
    worked = {}
    for p in start:
        worked.setdefault(p.officer, []).append(p.shift)
    devs = {}
    for fam in fairness_families(inp):
        loads = family_loads(fam, worked)
        devs[fam.name] = {o: fam.deviation(o, load) for o, load in loads.items()}
    family = max(devs, key=lambda f: max(devs[f].values()))
    worst = max(devs[family].values())
    assert worst > 0
    assert officers
    assert all(devs[family][o] == worst for o in officers)


def test_the_search_improves_a_stage_the_whole_model_solve_left(monkeypatch):
    # given a stage whose whole-model solve gets no time (as on a loaded machine)
    monkeypatch.setattr(solve_module.lns, "WHOLE_SHARE", 0.0)
    monkeypatch.setattr(solve_module.lns, "SMALL_MODEL_VARIABLES", 0)
    data = _team()
    # when
    inp, result, out = run(data, time_limit=6.0)
    # then the search improved the fairness stage from the first-come roster, and the
    # result is lawful (``run`` verifies it); each stage's value is the recomputed one
    stages = {st["name"]: st for st in out["stages"]}
    first_come = compute_figures(inp, greedy(inp, candidates(inp)))
    assert stages["fairness"]["value"] < stage_value(StageName.FAIRNESS, first_come)
    assert result.stats["fairness_lns_improvements"] >= 1
    # CP-SAT proved nothing: the bound reported is the counting bound alone
    counted = sum(v for k, v in result.stats.items() if k.startswith("fairness_bound_"))
    assert stages["fairness"]["bound"] == counted


@pytest.mark.parametrize("share", [0.0, 0.4])
def test_a_repair_search_stays_inside_the_window(monkeypatch, share):
    # given a published roster and an officer who falls ill for three days
    monkeypatch.setattr(solve_module.lns, "WHOLE_SHARE", share)
    monkeypatch.setattr(solve_module.lns, "SMALL_MODEL_VARIABLES", 0)
    data = _team()
    _, _first, out = run(data, time_limit=4.0)
    previous = out["assignments"]
    gone = next(a for a in previous if a["shift"] == "n6")["officer"]
    repair = dict(data, previous=previous, unavailable=[_leave(gone, 5, 3)])
    # when it is repaired (``run`` verifies the result)
    inp, _result, out2 = run(repair, time_limit=4.0)
    # then nothing changed outside the repair window
    _start, window = start_roster(inp, candidates(inp))
    assert window is not None
    day = {s.id: s.day for s in inp.shifts}
    before = {(a["officer"], a["shift"], a["skill"]) for a in previous}
    after = {(a["officer"], a["shift"], a["skill"]) for a in out2["assignments"]}
    assert all(window.first <= day[s] <= window.last for _o, s, _k in before ^ after)
    assert out2["shortfalls"] == []


def test_a_small_model_gives_the_whole_model_solve_all_of_a_stage():
    assert lns.whole_share(lns.SMALL_MODEL_VARIABLES) == 1.0
    assert lns.whole_share(lns.SMALL_MODEL_VARIABLES + 1) == lns.WHOLE_SHARE


# --- parallel neighbourhoods ------------------------------------------------------------------


class Paired(Scripted):
    """Two neighbourhoods in re-solve at once: the first returns ``first`` as soon as the
    second has started, the second returns ``second`` only after the first's candidate was
    accepted (so it was computed from the roster before it). Later ones find nothing.
    ``merged``: what ``merge`` returns for a candidate from an older roster (``None``: a
    conflict); without it the problem has no ``merge``."""

    def __init__(self, start: tuple[int, ...], first: tuple[int, ...], second: tuple[int, ...]):
        super().__init__(start, [])
        self.first = first
        self.second = second
        self.started = threading.Barrier(2, timeout=10)
        self.first_accepted = threading.Event()
        self.calls = 0
        self.lock = threading.Lock()
        self.bases: list[tuple[int, ...]] = []

    def resolve(self, hood: Neighbourhood, time_limit_s: float, seed: int) -> Candidate | None:
        with self.lock:
            call = self.calls
            self.calls += 1
        if call >= 2:
            return None
        base = self.current
        # both are in re-solve at once (a broken barrier, i.e. no second thread, fails)
        self.started.wait()
        if call == 1:
            assert self.first_accepted.wait(10)
        key = self.first if call == 0 else self.second
        return Candidate(key, True, 0.0, (key, base))

    def accept(self, candidate: Candidate) -> None:
        key, _base = candidate.payload
        self.accepted.append(key)
        self.current = key
        self.first_accepted.set()


class PairedMerging(Paired):
    def __init__(self, *args: tuple[int, ...], merged: tuple[int, ...] | None) -> None:
        super().__init__(*args)
        self.merged = merged
        self.merges: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def merge(self, candidate: Candidate) -> Candidate | None:
        key, base = candidate.payload
        self.merges.append((key, base))
        if self.merged is None:
            return None
        return Candidate(self.merged, candidate.proved, candidate.seconds, (self.merged, base))


def _run_parallel(problem: Scripted, **kw: object) -> lns.LnsStats:
    return lns.search(
        problem,  # type: ignore[arg-type]
        time.perf_counter() + 1.0,
        sub_time_s=0.01,
        parallel=2,
        kinds=("officers",),
        start_cells=12,  # two officers each: the second neighbourhood has two free ones
        **kw,
    )


def test_a_candidate_from_an_older_roster_is_merged_into_the_current_one():
    # given two neighbourhoods re-solved at once from the roster at (5,), both finding (4,)
    problem = PairedMerging((5,), (4,), (4,), merged=(3,))
    # when the first is accepted before the second ends
    stats = _run_parallel(problem, stop_at=(3,))
    # then the second, computed from (5,), is merged into (4,) and the merged key decides
    assert problem.merges == [((4,), (5,))]
    assert problem.accepted == [(4,), (3,)]
    assert stats.merged == 1
    assert stats.conflicts == 0
    assert stats.improvements == 2


def test_a_merged_candidate_is_accepted_only_when_it_improves():
    problem = PairedMerging((5,), (4,), (3,), merged=(4,))
    stats = _run_parallel(problem)
    # the second alone (3,) would beat (4,), but what it gives merged into (4,) does not
    assert problem.accepted == [(4,)]
    assert stats.merged == 1
    assert stats.improvements == 1


def test_a_conflicting_candidate_is_lost():
    problem = PairedMerging((5,), (4,), (3,), merged=None)
    stats = _run_parallel(problem)
    assert problem.accepted == [(4,)]
    assert stats.conflicts == 1
    assert stats.merged == 0


def test_without_merge_a_candidate_from_an_older_roster_is_lost():
    problem = Paired((5,), (4,), (3,))
    stats = _run_parallel(problem)
    assert not hasattr(problem, "merge")
    assert problem.accepted == [(4,)]
    assert stats.conflicts == 1
    assert stats.iterations >= 2


def test_a_parallel_search_accepts_only_improvements():
    # given a problem whose sub-solves find a random key near the roster they started from
    class Noisy(Scripted):
        def __init__(self) -> None:
            super().__init__((50,), [])
            self.lock = threading.Lock()

        def resolve(self, hood, time_limit_s, seed):
            base = self.current
            key = (base[0] + random.Random(seed).choice((-2, -1, 0, 1, 3)),)
            return Candidate(key, seed % 2 == 0, 0.0, (key, base))

        def merge(self, candidate):
            key, base = candidate.payload
            # carry the candidate's change over to the current roster
            moved = (self.current[0] + key[0] - base[0],)
            return Candidate(moved, candidate.proved, 0.0, (moved, self.current))

        def accept(self, candidate):
            key, _base = candidate.payload
            assert key == candidate.key
            self.accepted.append(key)
            self.current = key

    problem = Noisy()
    stats = lns.search(problem, time.perf_counter() + 0.3, sub_time_s=0.01, parallel=2, seed=4)  # type: ignore[arg-type]
    # then every accepted key is strictly below the one before
    keys = [(50,), *problem.accepted]
    assert all(b < a for a, b in itertools.pairwise(keys))
    assert problem.accepted
    assert stats.improvements == len(problem.accepted)
    assert stats.iterations == sum(k.tried for k in stats.kinds.values())


def test_a_parallel_pick_leaves_the_busy_officers_out():
    problem = Scripted((1,), [])
    rng = random.Random(5)
    for name in lns.KINDS:
        for _ in range(30):
            hood = lns.pick(problem, Kind(name, 12.0), rng, busy={"a", "c"}, share=2)
            if name in ("skill", "worst"):
                # each skill group keeps one free officer; the worst term's officer is busy
                assert hood is None
                continue
            assert hood is not None
            assert set(hood.officers) == {"b", "d"}
    # a days neighbourhood takes half of the officers when two are re-solved at once
    for _ in range(30):
        hood = lns.pick(problem, Kind("days", 12.0), rng, share=2)
        assert hood is not None
        assert len(hood.officers) == 2


class _Clock:
    """A clock that only moves when a sub-solve spends time (thread-safe)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def spend(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


class Overrunning(Scripted):
    """Every sub-solve takes its time limit plus ``extra`` seconds of the fake clock (a model
    that takes long to build or to read back), and finds nothing."""

    def __init__(self, clock: _Clock, extra: float) -> None:
        super().__init__((5,), [])
        self.clock, self.extra = clock, extra
        self.limits: list[float] = []

    def resolve(self, hood: Neighbourhood, time_limit_s: float, seed: int) -> Candidate | None:
        self.limits.append(time_limit_s)
        self.clock.spend(time_limit_s + self.extra)
        return None


def test_a_search_whose_sub_solves_overrun_their_limit_still_ends_by_its_deadline(monkeypatch):
    # given sub-solves that each run 0.3 s past the limit they are given, on a fake clock
    clock = _Clock()
    monkeypatch.setattr(lns.time, "perf_counter", clock)
    problem = Overrunning(clock, extra=0.3)
    deadline = clock() + 5.0
    # when the search runs until the deadline with 1 s sub-solves
    stats = lns.search(problem, deadline, sub_time_s=1.0)  # type: ignore[arg-type]
    # then it measured the overrun, gave the later sub-solves that much less, and the clock
    # stands at the deadline at most (the parallel search measures it the same way; a fake
    # clock cannot run two sub-solves at once)
    assert stats.overrun == pytest.approx(0.3)
    assert problem.limits[0] == 1.0
    assert problem.limits[-1] < 1.0
    assert clock() <= deadline + 1e-9
