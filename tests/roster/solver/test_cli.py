"""The command line, run as a subprocess (python -m roster.solver)."""

import json
import subprocess
import sys
from pathlib import Path

from tests.roster.solver.helpers import make_input, officer, shift

ROOT = Path(__file__).resolve().parents[3]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed interpreter and module
        [sys.executable, "-m", "roster.solver", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _input(tmp_path: Path) -> Path:
    data = make_input(
        [officer("o1"), officer("o2", ("basis", "ovd"))],
        [shift("s1", 0, 7, 8, {"basis": 1, "ovd": 1}), shift("s2", 1, 23, 8, {"basis": 2})],
    )
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    return path


def test_solve_then_verify(tmp_path):
    inp = _input(tmp_path)
    out = tmp_path / "out.json"
    solved = _cli("solve", str(inp), "-o", str(out), "--time-limit", "5", "--workers", "1")
    assert solved.returncode == 0, solved.stderr
    result = json.loads(out.read_text())
    assert result["format"] == "samenroosteren.solve-result/1"
    assert result["status"] == "optimal"
    checked = _cli("verify", str(inp), str(out))
    assert checked.returncode == 0, checked.stdout
    assert "violations:  0" in checked.stdout


def test_baseline_greedy_option(tmp_path):
    inp = _input(tmp_path)
    out = tmp_path / "out.json"
    solved = _cli("solve", str(inp), "-o", str(out), "--baseline", "greedy")
    assert solved.returncode == 0, solved.stderr
    assert json.loads(out.read_text())["status"] == "feasible"
    assert _cli("verify", str(inp), str(out)).returncode == 0


def test_verify_fails_on_a_broken_rule_or_figure(tmp_path):
    inp = _input(tmp_path)
    out = tmp_path / "out.json"
    _cli("solve", str(inp), "-o", str(out), "--time-limit", "5", "--workers", "1")
    result = json.loads(out.read_text())
    # give o1 the night too, right after the early shift: a rest violation
    result["assignments"].append({"officer": "o1", "shift": "s2", "skill": "basis"})
    result["assignments"].append({"officer": "o1", "shift": "s1", "skill": "basis"})
    out.write_text(json.dumps(result))
    checked = _cli("verify", str(inp), str(out))
    assert checked.returncode == 1
    assert "violations:  0" not in checked.stdout


def test_malformed_input_exits_2_naming_field_and_id(tmp_path):
    data = json.loads(_input(tmp_path).read_text())
    data["shifts"][1]["demand"]["basis"] = "two"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    solved = _cli("solve", str(bad), "-o", str(tmp_path / "out.json"))
    assert solved.returncode == 2
    assert "shifts[1] (id=s2).demand.basis: must be a non-negative integer" in solved.stderr
    written = json.loads((tmp_path / "out.json").read_text())
    assert written["status"] == "invalid_input"


def test_unreadable_json_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    solved = _cli("solve", str(bad))
    assert solved.returncode == 2
    assert "not valid JSON" in solved.stderr
