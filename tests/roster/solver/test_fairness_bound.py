"""The counting bound on each fairness family's worst deviation (``fairness_bound``)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model

from roster.solver.build import build_model
from roster.solver.eligibility import candidates
from roster.solver.fairness_bound import worst_lower_bounds
from roster.solver.figures import fairness_families
from roster.solver.io import parse_input
from roster.solver.stages import shortfall_expr
from tests.roster.solver.helpers import make_input, officer, run, shift
from tests.roster.solver.test_properties import instances


def _bounds(data, shortfall_max=0):
    inp = parse_input(data)
    cands = candidates(inp)
    places = {s.id: s.places for s in inp.shifts}
    return worst_lower_bounds(fairness_families(inp, cands), cands, places, shortfall_max)


def _three_nights():
    # two equal officers, three night places: the targets round 1.5 up to 2 each, so the
    # loads (adding up to 3) miss them by one night somewhere
    nights = [shift(f"n{d}", 2 * d, 23, 8, burdens=["night"]) for d in range(3)]
    return make_input([officer("o1"), officer("o2")], nights, days=14)


def test_loads_that_must_add_up_give_a_bound_of_one():
    assert _bounds(_three_nights())["night"] == 1


def test_without_the_held_shortfall_only_the_officers_own_ranges_count():
    assert _bounds(_three_nights(), shortfall_max=None)["night"] == 0


def test_an_officer_far_above_his_target_by_history_bounds_the_family():
    # o1 already worked 6 nights more than o2 in the ledger; two night places now: whoever
    # gets them, o1 stays above his share
    nights = [shift(f"n{d}", 3 * d, 23, 8, burdens=["night"]) for d in range(2)]
    data = make_input([officer("o1", history={"nights": 6}), officer("o2")], nights, days=14)
    # total 8, targets 4 and 4: o1 is at 6 at least, o2 at 2 at most
    assert _bounds(data)["night"] == 2
    assert _bounds(data, shortfall_max=None)["night"] == 2


def test_the_solver_reports_the_counting_bound_and_stops_at_it():
    _, result, out = run(_three_nights())
    fairness = next(st for st in out["stages"] if st["name"] == "fairness")
    assert fairness["detail"]["night"] == 1
    assert fairness["bound"] >= 1
    assert fairness["status"] == "optimal"
    assert result.stats["fairness_bound_night"] == 1
    # reported per family beside the detail (``verify``, run by ``run``, checks the side)
    assert fairness["detail_bounds"]["night"] == 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_bound_never_exceeds_the_best_roster(data):
    # a valid lower bound: no roster with the least shortfall does better in any family
    inp = parse_input(data)
    cands = candidates(inp)
    built = build_model(inp, cands)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    built.model.minimize(shortfall_expr(built))
    assert solver.solve(built.model) == cp_model.OPTIMAL
    least = round(solver.objective_value)
    built.model.add(shortfall_expr(built) <= least)
    places = {s.id: s.places for s in inp.shifts}
    bounds = worst_lower_bounds(fairness_families(inp, cands), cands, places, least)
    for family, lower in bounds.items():
        built.model.minimize(built.vars.worst[family])
        assert solver.solve(built.model) == cp_model.OPTIMAL
        assert lower <= round(solver.objective_value), family
