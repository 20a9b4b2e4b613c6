"""Smoke test on one small generated team, and the model size growing linearly."""

import json

from bench.scenario import generate, main
from roster.solver.build import build_model
from roster.solver.io import parse_input, result_to_dict
from roster.solver.solve import solve
from roster.solver.verify import verify


def test_small_scenario_solves_lawfully_and_beats_or_matches_the_baseline():
    inp = parse_input(generate(10, 7, seed=3))
    base = solve(inp, time_limit_s=5, workers=1, seed=0, baseline=True)
    result = solve(inp, time_limit_s=5, workers=1, seed=0)
    assert verify(inp, result_to_dict(base)).ok
    assert verify(inp, result_to_dict(result)).ok
    assert result.objective is not None
    assert base.objective is not None
    # the greedy roster is the hint, so CP-SAT can only improve on it
    assert result.objective <= base.objective


def test_bench_scenario_prints_one_json_line(capsys):
    code = main(
        [
            "--officers",
            "6",
            "--days",
            "7",
            "--seed",
            "1",
            "--time-limit",
            "2",
            "--workers",
            "1",
        ]
    )
    line = json.loads(capsys.readouterr().out)
    assert code == 0
    assert line["violations"] == 0
    assert line["baseline"]["violations"] == 0
    for key in ("build_time_s", "solve_time_s", "status", "objective", "bound", "gap_pct"):
        assert key in line


def _size_per_variable(officers: int, days: int) -> float:
    built = build_model(parse_input(generate(officers, days, seed=5)))
    proto = built.model.proto
    return (len(proto.constraints) + len(proto.variables)) / len(built.vars.x)


def test_model_size_grows_linearly():
    # the model size per assignment variable stays flat when officers or days double
    base = _size_per_variable(12, 7)
    for officers, days in ((24, 7), (12, 14), (24, 14)):
        assert _size_per_variable(officers, days) < 1.25 * base
