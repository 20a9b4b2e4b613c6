"""``python -m bench.repair``: how much a repair solve changes, and how fast.

The scenario of issue 6: a generated team is rostered; then ``--absent`` officers who work in
the middle of the period fall ill for ``--absent-days`` days. The repair input is the same team
with those absences added and the first roster as ``previous`` (the hint, and every change
against it costs ``stability``). Printed as one JSON line:

- ``freed``: placements of the first roster that the new absences make impossible;
- ``added`` / ``removed``: placements in the repaired roster that were not in the first one,
  and the other way round; ``changes`` = ``added`` + the removals beyond the freed places;
- ``ratio`` = ``changes`` / ``freed`` (target: at most 3);
- ``repair_wall_time_s`` (target: at most 5 s), status, shortfall before and after, and the
  number of hard-rule violations ``verify`` finds in the repaired roster (must be 0).

No Django here: it runs the production solver on generated input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bench.scenario import generate
from roster.rules import to_minutes
from roster.solver.io import parse_input, placement_dict, result_to_dict
from roster.solver.solve import solve
from roster.solver.types import SolveInput
from roster.solver.verify import verify

__all__ = ["absences_add", "freed_placements", "main", "run_repair"]


def _overlaps(inp: SolveInput, shift: str, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether ``shift`` overlaps [start, end) (shift times are minutes from the horizon)."""
    s = inp.shift_by_id[shift]
    return (
        s.start < to_minutes(end, inp.horizon_start)
        and to_minutes(start, inp.horizon_start) < s.end
    )


def absences_add(
    data: dict[str, Any], placements: Sequence[dict[str, str]], count: int, days: int, seed: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``data`` with ``count`` officers who work in the middle of the horizon newly absent for
    ``days`` days (from the middle day on); returns the new input and the added absences."""
    inp = parse_input(data)
    # local midnights (Europe/Amsterdam): the window may straddle a DST change
    tz = ZoneInfo(inp.timezone)
    first_day = inp.horizon_start.astimezone(tz).date()
    last_day = inp.horizon_end.astimezone(tz).date()
    middle = first_day + dt.timedelta(days=(last_day - first_day).days // 2)
    start = dt.datetime.combine(middle, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(middle + dt.timedelta(days=days), dt.time(), tzinfo=tz)
    working: dict[str, int] = {}
    for p in placements:
        if _overlaps(inp, p["shift"], start, end):
            working[p["officer"]] = working.get(p["officer"], 0) + 1
    # the busiest officers in the window, ties broken reproducibly by the seed
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data
    candidates = sorted(working, key=lambda o: (-working[o], rng.random()))
    chosen = candidates[:count]
    added = [
        {
            "officer": officer,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "reason": "sick",
        }
        for officer in chosen
    ]
    new = dict(data)
    new["unavailable"] = [*data.get("unavailable", []), *added]
    new["previous"] = list(placements)
    return new, added


def freed_placements(
    data: dict[str, Any], placements: Sequence[dict[str, str]], absences: Sequence[dict[str, Any]]
) -> list[dict[str, str]]:
    """The placements that the ``absences`` make impossible."""
    inp = parse_input(data)
    freed = []
    for p in placements:
        for a in absences:
            if a["officer"] != p["officer"]:
                continue
            a_start = dt.datetime.fromisoformat(a["start"])
            a_end = dt.datetime.fromisoformat(a["end"])
            if _overlaps(inp, p["shift"], a_start, a_end):
                freed.append(p)
                break
    return freed


def _key(p: dict[str, str]) -> tuple[str, str, str]:
    return (p["officer"], p["shift"], p["skill"])


def run_repair(
    *,
    officers: int,
    days: int,
    seed: int,
    absent: int,
    absent_days: int,
    first_time_limit_s: float,
    repair_time_limit_s: float,
    workers: int,
) -> dict[str, Any]:
    """Roster a generated team, make officers absent, repair; the figures of the module doc."""
    data = generate(officers, days, seed)
    first_inp = parse_input(data)
    first = solve(first_inp, time_limit_s=first_time_limit_s, workers=workers, seed=seed)
    if first.objective is None:
        raise RuntimeError(f"the first solve found no roster ({first.status})")
    placements = [placement_dict(p) for p in first.assignments]
    repair_data, absences = absences_add(data, placements, absent, absent_days, seed)
    freed = freed_placements(repair_data, placements, absences)
    repair_inp = parse_input(repair_data)
    started = time.perf_counter()
    repaired = solve(repair_inp, time_limit_s=repair_time_limit_s, workers=workers, seed=seed)
    wall = time.perf_counter() - started
    out = result_to_dict(repaired)
    report = verify(repair_inp, out)
    before = {_key(p) for p in placements}
    after = {_key(placement_dict(p)) for p in repaired.assignments}
    added = len(after - before)
    removed = len(before - after)
    changes = added + max(0, removed - len(freed))
    return {
        "scenario": {"officers": officers, "days": days, "seed": seed},
        "absent": absent,
        "absent_days": absent_days,
        "first_status": str(first.status),
        "first_shortfall": sum(s.missing for s in first.shortfalls),
        "freed": len(freed),
        "repair_status": str(repaired.status),
        "repair_wall_time_s": round(wall, 2),
        "added": added,
        "removed": removed,
        "changes": changes,
        "ratio": round(changes / len(freed), 2) if freed else None,
        "shortfall_after": sum(s.missing for s in repaired.shortfalls),
        "violations": len(report.violations),
        "hint_complete": bool(repaired.stats.get("hint_complete")),
        "notes": list(repaired.notes),
        "verify_mismatches": len(report.mismatches),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.repair")
    p.add_argument("--officers", type=int, default=60)
    p.add_argument("--days", type=int, default=28)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--absent", type=int, default=3, help="officers newly absent")
    p.add_argument("--absent-days", type=int, default=5)
    p.add_argument("--first-time-limit", type=float, default=30.0, help="the first solve")
    p.add_argument("--time-limit", type=float, default=5.0, help="the repair solve")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    figures = run_repair(
        officers=args.officers,
        days=args.days,
        seed=args.seed,
        absent=args.absent,
        absent_days=args.absent_days,
        first_time_limit_s=args.first_time_limit,
        repair_time_limit_s=args.time_limit,
        workers=args.workers,
    )
    print(json.dumps(figures), flush=True)
    return 0 if figures["violations"] == 0 and figures["verify_mismatches"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
