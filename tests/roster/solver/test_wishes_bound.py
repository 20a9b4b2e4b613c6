"""The one-officer bound on the lowest want-grant rate (``wishes_bound``)."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model

from roster.solver.build import build_model
from roster.solver.eligibility import candidates
from roster.solver.figures import RATE_SCALE, fairness_families
from roster.solver.io import parse_input
from roster.solver.stages import hold
from roster.solver.types import StageName
from roster.solver.wishes_bound import lowest_rate_upper_bound
from tests.roster.solver.helpers import make_input, officer, run, shift
from tests.roster.solver.test_properties import instances


def _bound(data, held=None):
    inp = parse_input(data)
    cands = candidates(inp)
    return lowest_rate_upper_bound(
        inp, cands, fairness_families(inp, cands), held, deadline=time.perf_counter() + 30
    )


def _want(officer_id, *shifts):
    return [{"officer": officer_id, "shift": s, "wish": "want"} for s in shifts]


def test_two_wanted_shifts_too_close_together_cap_the_rate_at_half():
    # o1 wants an early and a late shift on the same day: daily rest allows only one
    shifts = [shift("early", 0, 7, 8), shift("late", 0, 15, 8), shift("other", 3, 7, 8)]
    data = make_input(
        [officer("o1"), officer("o2")], shifts, days=7, signups=_want("o1", "early", "late")
    )
    assert _bound(data) == 50
    _, _, out = run(data)
    wishes = next(st for st in out["stages"] if st["name"] == "wishes")
    assert (wishes["value"], wishes["bound"], wishes["status"]) == (50, 50, "optimal")


def test_the_held_fairness_caps_what_an_officer_may_be_given():
    # o1 wants both nights; with every officer's nights held at his target (one each) he
    # can be given one of them
    nights = [shift("n1", 0, 23, 8, burdens=["night"]), shift("n2", 7, 23, 8, burdens=["night"])]
    data = make_input(
        [officer("o1"), officer("o2")], nights, days=14, signups=_want("o1", "n1", "n2")
    )
    assert _bound(data) == 100
    assert _bound(data, held={"night": 0, "minutes": 0}) == 50


def test_no_wants_no_bound():
    data = make_input([officer("o1")], [shift("s", 0, 7, 8)])
    assert _bound(data) is None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_bound_is_never_below_the_best_lowest_rate(data):
    # valid: with the fairness a solve found held, no roster has a higher lowest rate
    inp, _result, out = run(data, time_limit=2.0)
    fairness = next((st for st in out["stages"] if st["name"] == "fairness"), None)
    held = dict(fairness["detail"]) if fairness else None
    bound = _bound(data, held)
    cands = candidates(inp)
    built = build_model(inp, cands)
    if built.vars.lowest_pct is None:
        assert bound is None
        return
    if held:
        hold(built, StageName.FAIRNESS, held)
    built.model.maximize(built.vars.lowest_pct)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(built.model) == cp_model.OPTIMAL
    assert bound is not None
    assert round(solver.objective_value) <= bound <= RATE_SCALE
