"""The Curtois & Qu benchmark commands.

``python -m bench.curtois FILE [--time-limit S] [--workers N] [--seed K] [--solution OUT]``
solves one instance and prints one JSON line with ``instance``, ``status``, ``objective``,
``bound``, ``best_known``, ``gap_pct`` and ``wall_time_s``. The objective is always recomputed
from the roster by the independent evaluator, and the run fails (exit 1) if the roster breaks a
hard constraint. ``best_known`` comes from ``best_known.csv`` next to the instance file (the
vendored instances are in ``bench/curtois/data/``).

``python -m bench.curtois.table FILE... [--time-limit S] ...`` runs several instances and
prints a markdown table (plus each JSON line on stderr as it finishes).

No Django here: the model must run (and be benchmarked) without it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.curtois.evaluate import evaluate
from bench.curtois.reader import read_instance, write_roster
from bench.curtois.search import solve

__all__ = ["BenchError", "best_known", "main", "main_table", "run_curtois"]


class BenchError(RuntimeError):
    """The solver produced a roster that breaks a hard constraint (or none at all)."""


def best_known(instance_path: Path) -> int | None:
    """The best-known objective of an instance from ``best_known.csv`` beside it, if listed."""
    table = instance_path.parent / "best_known.csv"
    if not table.exists():
        return None
    with table.open(newline="") as f:
        for row in csv.DictReader(f):
            if row.get("instance") == instance_path.stem:
                return int(row["best_known"])
    return None


def run_curtois(
    path: Path,
    time_limit_s: float,
    workers: int,
    seed: int,
    solution: Path | None = None,
    strategy: str = "auto",
) -> dict[str, Any]:
    """Solve one instance and return the figures printed by ``bench curtois``."""
    start = time.monotonic()
    inst = read_instance(path)
    result = solve(inst, time_limit_s, workers, seed, strategy=strategy)
    wall = time.monotonic() - start
    known = best_known(path)
    objective: int | None = None
    if result.roster is not None:
        checked = evaluate(inst, result.roster)
        if not checked.feasible:
            broken = "; ".join(
                f"{v.rule} {v.employee_id} day {v.day}: {v.detail}" for v in checked.violations[:5]
            )
            raise BenchError(
                f"{inst.name}: roster breaks {len(checked.violations)} hard rule(s): {broken}"
            )
        objective = checked.objective
        if solution is not None:
            write_roster(solution, inst, result.roster)
    status = result.status
    if objective is not None and result.bound is not None and objective <= result.bound:
        status = "OPTIMAL"
    gap = None
    if objective is not None and known:
        gap = round(100.0 * (objective - known) / known, 2)
    return {
        "instance": inst.name,
        "status": status,
        "objective": objective,
        "bound": None if result.bound is None else round(result.bound, 2),
        "best_known": known,
        "gap_pct": gap,
        "wall_time_s": round(wall, 2),
    }


def _markdown(rows: Sequence[dict[str, Any]], time_limit_s: float) -> str:
    head = "| instance | status | objective | bound | best-known | gap % | seconds | limit s |"
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:

        def cell(key: str, row: dict[str, Any] = r) -> str:
            value = row.get(key)
            return "-" if value is None else str(value)

        lines.append(
            f"| {r['instance']} | {r['status']} | {cell('objective')} | {cell('bound')} "
            f"| {cell('best_known')} | {cell('gap_pct')} | {cell('wall_time_s')} "
            f"| {time_limit_s:g} |"
        )
    return "\n".join(lines)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--strategy",
        choices=("auto", "staged", "whole", "lns", "columns"),
        default="auto",
        help=argparse.SUPPRESS,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.curtois``: one instance, one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.curtois")
    parser.add_argument("file", type=Path, help="InstanceN.txt")
    parser.add_argument("--solution", type=Path, help="write the roster here")
    _common(parser)
    args = parser.parse_args(argv)
    try:
        figures = run_curtois(
            args.file, args.time_limit, args.workers, args.seed, args.solution, args.strategy
        )
    except BenchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(figures), flush=True)
    return 0


def main_table(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.curtois.table``: several instances, one markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.curtois.table")
    parser.add_argument("files", type=Path, nargs="+", help="InstanceN.txt ...")
    _common(parser)
    args = parser.parse_args(argv)
    rows = []
    failed = False
    for path in args.files:
        try:
            figures = run_curtois(
                path, args.time_limit, args.workers, args.seed, None, args.strategy
            )
        except BenchError as err:
            print(f"error: {err}", file=sys.stderr)
            figures = {"instance": path.stem, "status": "HARD_RULE_BROKEN"}
            failed = True
        print(json.dumps(figures), file=sys.stderr, flush=True)
        rows.append(figures)
    print(_markdown(rows, args.time_limit))
    return 1 if failed else 0
