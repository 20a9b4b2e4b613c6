"""Ejection chains: a repair's empty place filled by one colleague's move, before CP-SAT."""

from roster.solver.chains import fill_by_chains
from roster.solver.eligibility import candidates
from roster.solver.hard_rules import check_assignments
from roster.solver.io import parse_input
from roster.solver.repair import start_roster
from roster.solver.types import Placement
from tests.roster.solver.helpers import at, make_input, officer, run, shift


def _ill(officer_id, day, days=1):
    return {"officer": officer_id, "start": at(day, 0), "end": at(day + days, 0), "reason": "sick"}


def _place(officer_id, shift_id, skill="basis"):
    return {"officer": officer_id, "shift": shift_id, "skill": skill}


def _skill_case():
    # c, one of two motor riders, falls ill on the shift where a rides motor; a works the
    # same shift as basis, b holds only basis
    officers = [officer("a", ("basis", "motor")), officer("b"), officer("c", ("basis", "motor"))]
    shifts = [shift("e2", 2, 7, 8, {"motor": 1, "basis": 1})]
    previous = [_place("c", "e2", "motor"), _place("a", "e2")]
    return make_input(officers, shifts, days=7, previous=previous, unavailable=[_ill("c", 2)])


def _night_case():
    # n, the night worker, falls ill; b is the only other officer who may work nights but
    # works the early shift after it; c and d are night-exempt
    officers = [
        officer("n"),
        officer("b"),
        officer("c", night_exempt=True),
        officer("d", night_exempt=True),
    ]
    shifts = [shift("n3", 3, 23, 8, burdens=["night"]), shift("e4", 4, 7, 8)]
    previous = [_place("n", "n3"), _place("b", "e4")]
    return make_input(officers, shifts, days=7, previous=previous, unavailable=[_ill("n", 3, 2)])


def _chains(data):
    inp = parse_input(data)
    cands = candidates(inp)
    start, window = start_roster(inp, cands)
    roster, chains = fill_by_chains(inp, cands, window, start)
    return inp, start, roster, chains


def test_the_other_rider_changes_skill_and_a_colleague_takes_his_place():
    inp, start, roster, chains = _chains(_skill_case())
    # the greedy refill cannot: a is on the shift already, b lacks the skill
    assert sorted(start) == [Placement("a", "e2", "basis")]
    assert len(chains) == 1
    assert chains[0].removed == (Placement("a", "e2", "basis"),)
    assert chains[0].added == (Placement("a", "e2", "motor"), Placement("b", "e2", "basis"))
    assert chains[0].changes == 2  # a's place changed skill, b was added
    assert sorted(roster) == [Placement("a", "e2", "motor"), Placement("b", "e2", "basis")]
    assert check_assignments(inp, roster) == []


def test_a_night_cover_hands_his_early_shift_to_a_colleague():
    inp, start, roster, chains = _chains(_night_case())
    assert sorted(start) == [Placement("b", "e4", "basis")]
    # b may take the night only without the early shift 0 h after it (rest after a night);
    # c comes before d in input order
    assert [c.added for c in chains] == [
        (Placement("b", "n3", "basis"), Placement("c", "e4", "basis"))
    ]
    assert chains[0].changes == 3
    assert sorted(roster) == [Placement("b", "n3", "basis"), Placement("c", "e4", "basis")]
    assert check_assignments(inp, roster) == []


def test_a_place_no_chain_fills_stays_empty_and_the_roster_is_unchanged():
    data = _night_case()
    data["officers"][1]["night_exempt"] = True  # nobody left who may work nights
    _inp, start, roster, chains = _chains(data)
    assert chains == []
    assert roster == start


def test_no_repair_no_chains():
    data = _night_case()
    del data["previous"]
    inp = parse_input(data)
    cands = candidates(inp)
    roster = [Placement("b", "e4", "basis")]
    assert fill_by_chains(inp, cands, None, roster) == (roster, [])


def test_solve_starts_from_the_chain_and_names_each_changed_officer_with_his_reason():
    _inp, result, out = run(_night_case(), time_limit=20)
    assert out["shortfalls"] == []
    assert result.stats["chain_fills"] == 1
    assert {st["name"]: st["value"] for st in out["stages"]}["changes"] == 3
    reasons = {
        c["officer"]: (c["reason"], c["added"], c["removed"]) for c in out["changed_officers"]
    }
    assert reasons == {
        "n": ("place_lost", [], ["n3"]),
        "b": ("covers_lost_place", ["n3"], ["e4"]),
        "c": ("knock_on", ["e4"], []),
    }
