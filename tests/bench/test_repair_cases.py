"""The hand-built repair cases: each is built as documented, and what a repair must get right
on it holds whatever CP-SAT manages in the time (the chains start is deterministic and every
stage only improves on it)."""

import json

import pytest

from bench.repair_cases import CASES, dst_night, impossible, main, night_rest, only_holders
from roster.solver.chains import fill_by_chains
from roster.solver.eligibility import candidates
from roster.solver.figures import compute_figures
from roster.solver.io import parse_input, result_to_dict
from roster.solver.repair import start_roster
from roster.solver.solve import solve
from roster.solver.types import Placement
from roster.solver.verify import verify
from roster.solver.window import lost_placements

GENEROUS_S = 30.0


def _start(case):
    inp = parse_input(case.data)
    cands = candidates(inp)
    refill, window = start_roster(inp, cands)
    chained, chains = fill_by_chains(inp, cands, window, refill)
    return inp, cands, refill, chained, chains


def _short(inp, roster, cands):
    return sum(compute_figures(inp, roster, cands).missing.values())


def _solve(case):
    inp = parse_input(case.data)
    result = solve(inp, time_limit_s=GENEROUS_S, workers=1, seed=0)
    out = result_to_dict(result)
    report = verify(inp, out)
    assert report.ok, report.problems()
    return result, out


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_case_loses_places_and_its_repair_is_lawful(name):
    case = CASES[name]()
    inp, cands, _refill, chained, _chains = _start(case)
    assert lost_placements(inp, cands)
    result, _out = _solve(case)
    # the stages never end worse than the start after the chains
    assert sum(s.missing for s in result.shortfalls) <= _short(inp, chained, cands)


def test_only_holders_needs_the_third_rider_to_change_skill():
    case = only_holders()
    inp, cands, refill, chained, chains = _start(case)
    lost = lost_placements(inp, cands)
    assert {(lp.placement.shift, lp.placement.skill) for lp in lost} == {
        (f"E{d}", "motor") for d in range(3, 7)
    }
    # the greedy refill fills none of them: m3, the only rider left, is on each shift already
    assert _short(inp, refill, cands) == 4
    # every place: m3 changes skill on his own shift and a colleague takes his basis place;
    # on E6 no one can as his roster stands, so b5 gives up E7 to m1 (ill only until day 6:
    # his change costs nothing), a chain of two moves
    assert [chain.place for chain in chains] == [(f"E{d}", "motor") for d in range(3, 7)]
    for chain in chains:
        assert chain.removed[0] == Placement("m3", chain.place[0], "basis")
        assert chain.added[0] == Placement("m3", chain.place[0], "motor")
    assert [len(chain.added) for chain in chains] == [2, 2, 2, 3]
    assert chains[-1].added[2].officer == "m1"
    assert sum(chain.changes for chain in chains) == 9
    assert _short(inp, chained, cands) == 0
    result, out = _solve(case)
    assert out["shortfalls"] == []
    reasons = {c.officer: str(c.reason) for c in result.changed_officers}
    assert reasons["m1"] == reasons["m2"] == "place_lost"
    assert reasons["m3"] == "covers_lost_place"


def test_dst_night_is_nine_hours_and_its_lost_nights_are_refilled():
    case = dst_night()
    inp, cands, _refill, chained, _chains = _start(case)
    dst = inp.shift_by_id["N5"]  # Saturday 24 Oct 2026 23:00 to Sunday 07:00
    assert dst.end - dst.start == 9 * 60
    lost = {lp.placement.shift for lp in lost_placements(inp, cands)}
    assert lost == {"N3", "N4", "N5", "N6"}
    assert _short(inp, chained, cands) == 0
    _result, out = _solve(case)
    assert out["shortfalls"] == []


def test_night_rest_moves_a_night_exempt_colleague_as_a_knock_on():
    case = night_rest()
    inp, cands, refill, chained, chains = _start(case)
    assert _short(inp, refill, cands) == 1
    assert _short(inp, chained, cands) == 0
    # the one who takes the last night gives up the day shift next to it to a night-exempt
    # colleague
    (chain,) = chains
    cover = chain.added[1].officer
    assert inp.officer_by_id[cover].night_exempt
    result, out = _solve(case)
    assert out["shortfalls"] == []
    reasons = {c.officer: str(c.reason) for c in result.changed_officers}
    assert reasons["nw"] == "place_lost"
    knock_on = [o for o, r in reasons.items() if r == "knock_on"]
    assert knock_on
    assert all(inp.officer_by_id[o].night_exempt for o in knock_on)


def test_impossible_keeps_its_shortfall_and_says_why_for_every_handler():
    result, out = _solve(impossible())
    (short,) = result.shortfalls
    assert (short.shift, short.skill, short.missing) == ("D5", "dog", 1)
    lines = "\n".join(short.reasons)
    assert "h1: unavailable (sick)" in lines
    assert "h2: unavailable (leave)" in lines
    assert "h3: would break atw.rest_after_night" in lines
    # nobody was moved for a place that cannot be filled
    assert [c["officer"] for c in out["changed_officers"]] == ["h1"]


def test_main_prints_one_line_per_limit_with_no_violations(capsys):
    code = main(["--case", "impossible", "--time-limit", "1,2", "--workers", "1"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [line["time_limit_s"] for line in lines] == [1.0, 2.0]
    for line in lines:
        assert line["violations"] == 0
        assert line["places_lost"] == 1
        assert line["shortfall_after"] == 1
        assert line["shortfall_reasons"][0]["shift"] == "D5"
