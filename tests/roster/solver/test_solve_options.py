"""Optional ``solve`` parameters: an early stop on the gap is never reported as a proof."""

import pytest

from bench.scenario import generate
from roster.solver.io import parse_input
from roster.solver.solve import close_reserve, solve
from tests.roster.solver.helpers import make_input, officer, run, shift


def test_a_gap_limit_stop_is_feasible_unless_the_bound_meets_the_objective():
    # given a generated team and a generous gap limit (CP-SAT stops early, saying OPTIMAL)
    inp = parse_input(generate(10, 7, seed=3))
    # when
    result = solve(inp, time_limit_s=5, workers=1, seed=0, relative_gap_limit=0.9)
    # then "optimal" is only reported with a bound equal to the objective
    assert result.objective is not None
    assert result.bound is not None
    if result.status == "optimal":
        assert result.bound == result.objective
    else:
        assert result.status == "feasible"


def test_without_a_gap_limit_a_tiny_input_is_proven_optimal():
    data = make_input([officer("o1")], [shift("a", 0, 7, 8)])
    _, result, _ = run(data, relative_gap_limit=0.0)
    assert result.status == "optimal"


def test_the_reserve_for_closing_grows_with_the_limit_within_its_floor_and_cap():
    assert close_reserve(0.5) == pytest.approx(0.05)  # a tenth of a tiny limit
    assert close_reserve(2.0) == pytest.approx(0.15)  # the floor
    assert close_reserve(10.0) == pytest.approx(0.2)  # 2 %
    assert close_reserve(60.0) == pytest.approx(0.5)  # the cap
