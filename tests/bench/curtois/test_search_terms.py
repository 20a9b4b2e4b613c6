"""The penalised terms the shared search's ``worst`` neighbourhood follows on Curtois-Qu."""

from __future__ import annotations

import random

from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance, read_instance
from bench.curtois.search import CurtoisProblem, penalty_terms, unavoidable_shortfall
from tests.bench.curtois._tiny import benchmark_file, make_instance, row

STAFF = "\n".join(
    [
        "A,D=7|N=7,4800,0,7,1,1,1",
        "B,D=7|N=7,4800,0,7,1,1,1",
        "C,D=0|N=7,4800,0,7,1,1,1",
        "E,D=7|N=7,4800,0,7,1,1,1",
    ]
)


def _instance() -> Instance:
    special = {(1, "D"): "2,100,1", (3, "D"): "0,100,0"}  # day 1 wants 2; day 3 any number
    cover = [f"{d},{s},{special.get((d, s), '0,100,1')}" for d in range(7) for s in "DN"]
    return make_instance(
        shifts="D,480,\nN,480,",
        staff=STAFF,
        days_off="E,1",
        on_requests="B,3,D,5",
        off_requests="A,4,N,3\nA,4,D,2",
        cover="\n".join(cover),
    )


def test_terms_name_who_can_mend_them_and_add_up_to_the_objective() -> None:
    inst = _instance()
    roster = {
        "A": row("0D00N00"),
        "B": row("0000000"),
        "C": row("00N0000"),
        "E": row("0000000"),
    }
    terms = penalty_terms(inst, roster)
    assert sorted((w, sorted(who), d) for w, who, d in terms) == [
        (1, ["A"], 4),  # one on N where 0 are wanted: who works it
        (1, ["C"], 2),
        (3, ["A"], 4),  # A's shift-off request for N on day 4
        (5, ["B"], 3),  # B's shift-on request for D on day 3
        # day 1 wants 2 on D and has A: B could fill it (C may not work D, E is off)
        (100, ["A", "B"], 1),
    ]
    assert sum(w for w, _, _ in terms) == evaluate(inst, roster).objective


def test_terms_add_up_to_the_objective_of_a_benchmark_roster() -> None:
    inst = read_instance(benchmark_file("Instance3.txt"))
    rng = random.Random(3)
    choices = [None, *(s.id for s in inst.shift_types)]
    roster = {e.id: [rng.choice(choices) for _ in range(inst.horizon)] for e in inst.staff}
    terms = penalty_terms(inst, roster)
    assert sum(w for w, _, _ in terms) == evaluate(inst, roster).objective
    assert all(w > 0 and who for w, who, _ in terms)


def test_worst_draws_a_penalised_term_and_none_when_nothing_is_penalised() -> None:
    inst = _instance()
    roster = {
        "A": row("0D00000"),
        "B": row("0D0D000"),
        "C": row("0000000"),
        "E": row("0000000"),
    }
    problem = CurtoisProblem(inst, roster, workers=1)
    assert problem.value == 0
    assert problem.worst() == ([], None)

    problem.roster = {**roster, "B": row("0000000")}  # day 1 short and B's request lost
    seen = set()
    for _ in range(200):
        who, day = problem.worst()
        seen.add((tuple(sorted(who)), day))
    # the shortfall on day 1 (both who could fill it) and B's request on day 3
    assert seen == {(("A", "B"), 1), (("B",), 3)}


def _nights_instance() -> Instance:
    # N is wanted every day but A may work it once and B never: 6 shortfalls in every roster
    cover = "\n".join(f"{d},{s},1,100,1" for d in range(7) for s in "DN")
    return make_instance(
        shifts="D,480,\nN,480,",
        staff="A,D=7|N=1,4800,0,7,1,1,1\nB,D=7|N=0,4800,0,7,1,1,1",
        cover=cover,
    )


def test_the_shortfalls_every_roster_has_are_counted_per_shift_type() -> None:
    assert unavoidable_shortfall(_nights_instance()) == {"D": 0, "N": 6}
    assert unavoidable_shortfall(_instance()) == {"D": 0, "N": 0}


def test_worst_leaves_out_shortfalls_no_roster_avoids() -> None:
    inst = _nights_instance()
    # N short on days 1-6 (unavoidable), D short on day 2 only
    roster = {"A": row("N0000DD"), "B": row("DD0DD00")}
    problem = CurtoisProblem(inst, roster, workers=1, focus=True)
    days = {problem.worst()[1] for _ in range(100)}
    assert days == {2}  # D's shortfall, never one of N's (days 1, 3-6) although they weigh 6x
    # without A's one night, N is short 7 times: one more than every roster, so N is drawn too
    problem.roster = {**roster, "A": row("00000DD")}
    days = {problem.worst()[1] for _ in range(300)}
    assert days == set(range(7))
    # without focus every shortfall is drawn
    problem = CurtoisProblem(inst, roster, workers=1)
    days = {problem.worst()[1] for _ in range(300)}
    assert days == {1, 2, 3, 4, 5, 6}


def test_a_weekend_shortfall_points_to_who_works_one_day_of_a_weekend() -> None:
    # Saturday (day 5) wants one on D and has none; A works that weekend's Sunday only
    cover = "\n".join(f"{d},D,{1 if d in (5, 6) else 0},100,1" for d in range(7))
    inst = make_instance(
        staff="\n".join(f"{e},D=7,4800,0,7,1,1,1" for e in "ABC"),
        cover=cover,
    )
    roster = {"A": row("000000D"), "B": row("0000000"), "C": row("0000000")}
    problem = CurtoisProblem(inst, roster, workers=1, focus=True)
    seen = [problem.worst() for _ in range(200)]
    assert {day for _, day in seen} == {5}
    who = {tuple(sorted(officers)) for officers, _ in seen}
    # about half of the time A alone (who can give the Sunday up or work both days), else
    # everyone who could fill it, or a random part of them
    assert ("A",) in who
    assert ("A", "B", "C") in who
