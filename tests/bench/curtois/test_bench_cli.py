"""``python -m bench.curtois`` and ``.table``: JSON line, roster file, table, no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.curtois import run as bench
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import read_instance, read_roster
from tests.bench.curtois._tiny import REPO_ROOT, benchmark_file, run_fresh


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 -- our own module, fixed arguments
        [sys.executable, "-m", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_curtois_prints_one_json_line_and_writes_the_roster(tmp_path: Path) -> None:
    # Given Instance1 and a place for the roster
    path = benchmark_file("Instance1.txt")
    out = tmp_path / "instance1.roster"

    # When the bench runs with a short limit
    limits = ("--time-limit", "10", "--workers", "1")
    done = _run("bench.curtois", str(path), *limits, "--solution", str(out))

    # Then it prints exactly one JSON line with the agreed keys
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) == {
        "instance",
        "status",
        "objective",
        "bound",
        "best_known",
        "gap_pct",
        "wall_time_s",
    }
    assert figures["instance"] == "Instance1"
    assert figures["best_known"] == 607
    # And the roster file scores the printed objective and breaks no hard rule
    inst = read_instance(path)
    checked = evaluate(inst, read_roster(out, inst))
    assert checked.feasible
    assert checked.objective == figures["objective"]
    assert figures["gap_pct"] == round(100 * (figures["objective"] - 607) / 607, 2)


def test_a_roster_that_breaks_a_hard_rule_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a solver that returns everybody off (breaks the minimum minutes)
    from bench.curtois import search

    def all_off(inst, *args, **kwargs):  # type: ignore[no-untyped-def]
        roster = {e.id: [None] * inst.horizon for e in inst.staff}
        return search.SolveResult("FEASIBLE", roster, 0, None, 0.0)

    monkeypatch.setattr(bench, "solve", all_off)

    # When the bench runs, then it refuses to report a figure
    with pytest.raises(bench.BenchError, match="min_total_minutes"):
        bench.run_curtois(benchmark_file("Instance1.txt"), 1.0, 1, 0)
    assert bench.main([str(benchmark_file("Instance1.txt"))]) == 1


def test_table_prints_one_markdown_row_per_instance(tmp_path: Path) -> None:
    # Given two instances: the first vendored one and a copy without a best-known value
    first = benchmark_file("Instance1.txt")
    copy = tmp_path / "Copy1.txt"
    copy.write_text(first.read_text())

    # When the table command runs on both
    done = _run("bench.curtois.table", str(first), str(copy), "--time-limit", "5", "--workers", "1")

    # Then stdout is a markdown table with a row per instance, stderr one JSON line each
    assert done.returncode == 0, done.stderr
    rows = done.stdout.strip().splitlines()
    assert rows[0].startswith("| instance | status | objective |")
    assert [r.split(" | ")[0] for r in rows[2:]] == ["| Instance1", "| Copy1"]
    assert "| 607 |" in rows[2]
    assert rows[3].split(" | ")[4] == "-"  # no best-known value for the copy
    assert [json.loads(line)["instance"] for line in done.stderr.splitlines()] == [
        "Instance1",
        "Copy1",
    ]


def test_a_file_that_is_missing_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        bench.main([])
    assert exc.value.code == 2


def test_solver_package_loads_no_django() -> None:
    code = (
        "import sys, bench.curtois.run, bench.curtois.search, bench.scenario, bench.repair;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    assert run_fresh(code).strip() == "[]"
