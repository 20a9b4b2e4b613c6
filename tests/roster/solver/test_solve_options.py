"""Optional ``solve`` parameters: an early stop on the gap is never reported as a proof."""

from bench.scenario import generate
from roster.solver.io import parse_input
from roster.solver.solve import solve
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
