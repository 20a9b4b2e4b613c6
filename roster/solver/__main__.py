"""Command line (``solver_io.md``)::

    python -m roster.solver solve INPUT.json [-o OUTPUT.json] [--time-limit S] [--workers N]
                                             [--seed K] [--baseline greedy]
    python -m roster.solver verify INPUT.json OUTPUT.json

``solve`` exits 0 whenever it produced a result (a shortfall is a status, not an error) and 2
with a message naming the field and id on malformed input. ``verify`` prints the recomputed
figures and exits 1 on any broken rule or figure that does not match, 2 on malformed input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from roster.solver.io import RESULT_FORMAT, InputError, parse_input, result_to_dict
from roster.solver.types import Status
from roster.solver.verify import verify

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2


def _load(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(what, f"file not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise InputError(what, f"not valid JSON ({exc})") from None


def _write(data: dict[str, Any], path: str | None) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if path is None:
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")


def _progress(objective: float, bound: float, seconds: float) -> None:
    print(f"  {seconds:7.2f}s objective {objective:.0f} bound {bound:.0f}", file=sys.stderr)


def cmd_solve(args: argparse.Namespace) -> int:
    from roster.solver.solve import solve  # ortools is imported only when solving

    try:
        inp = parse_input(_load(args.input, "input"))
    except InputError as exc:
        print(f"error: invalid input: {exc}", file=sys.stderr)
        _write(
            {"format": RESULT_FORMAT, "status": str(Status.INVALID_INPUT), "error": str(exc)},
            args.output,
        )
        return EXIT_INPUT
    result = solve(
        inp,
        time_limit_s=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        progress=_progress if args.verbose else None,
        baseline=args.baseline == "greedy",
    )
    _write(result_to_dict(result), args.output)
    short = sum(s.missing for s in result.shortfalls)
    print(
        f"status {result.status}, objective {result.objective}, bound {result.bound}, "
        f"{len(result.assignments)} assignments, {short} places short, "
        f"{result.wall_time_s:.1f}s",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    try:
        inp = parse_input(_load(args.input, "input"))
        output = _load(args.output, "output")
    except InputError as exc:
        print(f"error: invalid input: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if not isinstance(output, dict):
        print("error: invalid input: output: must be an object", file=sys.stderr)
        return EXIT_INPUT
    report = verify(inp, output)
    figures = report.figures
    print(f"status:      {output.get('status')}")
    print(f"objective:   {output.get('objective')} (bound {output.get('bound')})")
    print(f"assignments: {len(output.get('assignments') or [])}")
    if figures is not None:
        terms = figures.terms
        print(f"shortfall:   {sum(figures.missing.values())} place(s)")
        print(
            f"terms:       shortfall {terms.shortfall}, fairness {terms.fairness}, "
            f"wish {terms.wish}, stability {terms.stability} (total {terms.total})"
        )
        f = figures.fairness
        print(
            f"fairness:    nights/FTE spread {f.nights_per_fte_spread}, weekends/FTE spread "
            f"{f.weekends_per_fte_spread}, hours/FTE spread {f.hours_balance_per_fte_spread}, "
            f"lowest wish grant rate {f.min_wish_grant_rate}"
        )
        print(f"changes:     {figures.changes}")
    problems = report.problems()
    print(f"violations:  {len(problems)}")
    for problem in problems:
        print(f"  - {problem}")
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m roster.solver", description=__doc__.split("::")[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="solve INPUT.json and write the result JSON")
    s.add_argument("input")
    s.add_argument("-o", "--output", help="result file (default: stdout)")
    s.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    s.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--baseline", choices=["greedy"], help="first-come greedy instead of CP-SAT")
    s.add_argument("-v", "--verbose", action="store_true", help="print progress to stderr")
    s.set_defaults(func=cmd_solve)
    v = sub.add_parser("verify", help="re-check OUTPUT.json against INPUT.json")
    v.add_argument("input")
    v.add_argument("output")
    v.set_defaults(func=cmd_verify)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
