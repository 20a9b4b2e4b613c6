"""Wish swaps: an officer at the lowest want-grant rate takes a shift he wants from its
holder, who takes one of his in return, before the ``wishes`` stage's CP-SAT steps."""

import pytest

from bench.scenario import generate
from roster.solver.baseline import greedy
from roster.solver.eligibility import candidates
from roster.solver.figures import RATE_SCALE, compute_figures, stage_rank
from roster.solver.hard_rules import check_assignments
from roster.solver.io import parse_input
from roster.solver.types import Placement, StageName
from roster.solver.wish_swaps import raise_by_swaps
from tests.roster.solver.helpers import make_input, officer, shift


def _want(officer_id, shift_id, wish="want"):
    return {"officer": officer_id, "shift": shift_id, "wish": wish}


def _two_earlies(**kw):
    # a wants e1, which b works; a works e3, which nobody wants
    officers = [officer("a"), officer("b")]
    shifts = [shift("e1", 1, 7, 8), shift("e3", 3, 7, 8)]
    signups = [_want("a", "e1"), _want("a", "e3", "can"), _want("b", "e1", "can")]
    signups += [_want("b", "e3", "can")]
    return make_input(officers, shifts, days=7, signups=signups, **kw)


def _swaps(data, roster, worst=None):
    inp = parse_input(data)
    cands = candidates(inp)
    before = compute_figures(inp, roster, cands)
    limit = dict(before.worst_deviation) if worst is None else worst
    after, swaps = raise_by_swaps(inp, cands, roster, limit)
    return inp, cands, after, swaps


def test_the_officer_without_wants_granted_swaps_with_the_holder():
    roster = [Placement("b", "e1", "basis"), Placement("a", "e3", "basis")]
    inp, _cands, after, swaps = _swaps(_two_earlies(), roster)
    assert [s.added() for s in swaps] == [
        (Placement("a", "e1", "basis"), Placement("b", "e3", "basis"))
    ]
    assert sorted(after) == [Placement("a", "e1", "basis"), Placement("b", "e3", "basis")]
    assert check_assignments(inp, after) == []


def test_no_swap_when_the_holder_would_fall_below_the_taker():
    data = _two_earlies()
    data["signups"] = [_want("a", "e1"), _want("a", "e3", "can"), _want("b", "e1")]
    data["signups"].append(_want("b", "e3", "can"))
    roster = [Placement("b", "e1", "basis"), Placement("a", "e3", "basis")]
    _inp, _cands, after, swaps = _swaps(data, roster)
    # both want e1 alone: a's 0 % and b's 100 % would become 100 % and 0 %
    assert swaps == []
    assert sorted(after) == sorted(roster)


def test_no_swap_that_breaks_the_rest_after_a_night():
    # a wants the early shift of day 2, which b works; a's night before it is pinned, so
    # he cannot give it to b, and taking the early on top of it leaves him 0 h of rest
    officers = [officer("a"), officer("b")]
    shifts = [shift("e2", 2, 7, 8), shift("n1", 1, 23, 8, burdens=["night"])]
    signups = [_want("a", "e2"), _want("b", "n1", "can"), _want("b", "e2", "can")]
    pinned = [{"officer": "a", "shift": "n1", "skill": "basis"}]
    data = make_input(officers, shifts, days=7, signups=signups, pinned=pinned)
    roster = [Placement("b", "e2", "basis"), Placement("a", "n1", "basis")]
    _inp, _cands, after, swaps = _swaps(data, roster)
    assert swaps == []
    assert sorted(after) == sorted(roster)
    # unpinned, the swap is lawful: a takes the early, b the night
    del data["pinned"]
    _inp, _cands, after, swaps = _swaps(data, roster)
    assert sorted(after) == [Placement("a", "e2", "basis"), Placement("b", "n1", "basis")]


def test_no_transfer_beyond_the_worst_minutes_deviation():
    # a transfer of the shift from b to a moves 8 h from b to a; with a worst minutes
    # deviation of 0 units it is not taken, and a has nothing to give back
    officers = [officer("a"), officer("b")]
    shifts = [shift("e1", 1, 7, 8)]
    signups = [_want("a", "e1"), _want("b", "e1", "can")]
    data = make_input(officers, shifts, days=7, signups=signups)
    roster = [Placement("b", "e1", "basis")]
    _inp, _cands, after, swaps = _swaps(data, roster, {"minutes": 0})
    assert swaps == []
    _inp, _cands, after, swaps = _swaps(data, roster, {"minutes": 5})
    assert sorted(after) == [Placement("a", "e1", "basis")]


def _sorted_rates(figures):
    return sorted(
        RATE_SCALE * o.wishes_granted // o.wishes_want for o in figures.officers if o.wishes_want
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_swaps_keep_the_places_and_the_fairness_and_raise_the_worst_off(seed):
    inp = parse_input(generate(20, 14, seed))
    cands = candidates(inp)
    start = greedy(inp, cands)
    before = compute_figures(inp, start, cands)
    after_roster, swaps = raise_by_swaps(inp, cands, start, dict(before.worst_deviation))
    after = compute_figures(inp, after_roster, cands)
    assert check_assignments(inp, after_roster) == []
    assert after.missing == before.missing  # every place filled as it was
    for family, worst in before.worst_deviation.items():
        assert after.worst_deviation[family] <= worst
    # leximin: the sorted rates do not fall, and rise with every swap
    assert _sorted_rates(after) >= _sorted_rates(before)
    assert stage_rank(StageName.WISHES, after) <= stage_rank(StageName.WISHES, before)
    if swaps:
        assert _sorted_rates(after) > _sorted_rates(before)
