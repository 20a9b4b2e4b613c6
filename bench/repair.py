"""``python -m bench.repair``: how much a repair solve changes, and how fast.

The scenario of issue 6: a generated team is rostered; then ``--absent`` officers who work in
the middle of the period fall ill for ``--absent-days`` days. The repair input is the same team
with those absences added and the first roster as ``previous`` (the hint, and every change
against it costs ``stability``). Printed as one JSON line:

- ``freed``: placements of the first roster that the new absences make impossible;
- ``added`` / ``removed``: placements in the repaired roster that were not in the first one,
  and the other way round; ``changes`` = ``added`` + the removals beyond the freed places;
- ``ratio`` = ``changes`` / ``freed``; ``changes_of_others`` (the ``changes`` stage: changed
  officer-shift pairs of officers other than the absent ones) and ``others_ratio`` =
  ``changes_of_others`` / ``freed`` (target: at most 3, at every time limit);
- ``refill_*``: the lawful refill without CP-SAT (the published roster minus the lost
  places, refilled by the greedy inside the repair window); ``chain_*``: that refill after
  the ejection chains (``roster.solver.chains``), the roster the stages start from and
  fall back on;
- ``repair_wall_time_s``, ``load_1min`` (``os.getloadavg``), status, the stages, shortfall
  before and after, and the number of hard-rule violations ``verify`` finds in the repaired
  roster (must be 0).

``--time-limit 2,5,30,60`` repairs the same published roster once per limit (one line each).

No Django here: it runs the production solver on generated input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.scenario import generate
from roster.rules import to_minutes
from roster.solver.chains import fill_by_chains
from roster.solver.eligibility import candidates
from roster.solver.figures import compute_figures
from roster.solver.hard_rules import check_assignments
from roster.solver.io import parse_input, placement_dict, result_to_dict
from roster.solver.repair import start_roster
from roster.solver.solve import solve
from roster.solver.types import SolveInput, SolveResult
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


def _load() -> str:
    """The 1-minute load average, printed beside every figure (a shared machine)."""
    return f"{os.getloadavg()[0]:.2f}"


def repair_figures(
    repair_inp: SolveInput,
    placements: Sequence[dict[str, str]],
    freed: Sequence[dict[str, str]],
    repaired: SolveResult,
    wall: float,
) -> dict[str, Any]:
    """The figures of one repaired roster against the published one."""
    out = result_to_dict(repaired)
    report = verify(repair_inp, out)
    before = {_key(p) for p in placements}
    after = {_key(placement_dict(p)) for p in repaired.assignments}
    absent = {p["officer"] for p in freed}
    added = len(after - before)
    removed = len(before - after)
    changes = added + max(0, removed - len(freed))
    figures = compute_figures(repair_inp, repaired.assignments)
    return {
        "repair_status": str(repaired.status),
        "repair_wall_time_s": round(wall, 2),
        "load_1min": _load(),
        "added": added,
        "removed": removed,
        "changes": changes,
        "ratio": round(changes / len(freed), 2) if freed else None,
        "changes_of_others": figures.changes_others,
        "changed_officers": len(repaired.changed_officers),
        "others_changed": sorted(
            c.officer for c in repaired.changed_officers if c.officer not in absent
        ),
        "others_ratio": round(figures.changes_others / len(freed), 2) if freed else None,
        "shortfall_after": sum(s.missing for s in repaired.shortfalls),
        "stages": [
            {"name": str(st.name), "value": st.value, "bound": st.bound, "status": str(st.status)}
            for st in repaired.stages
        ],
        "violations": len(report.violations),
        "hint_complete": bool(repaired.stats.get("hint_complete")),
        "notes": [note.text() for note in repaired.notes],
        "verify_mismatches": len(report.mismatches),
    }


def run_repair(
    *,
    officers: int,
    days: int,
    seed: int,
    absent: int,
    absent_days: int,
    first_time_limit_s: float,
    repair_time_limits_s: Sequence[float],
    workers: int,
    write_input: str | None = None,
) -> list[dict[str, Any]]:
    """Roster a generated team once, make officers absent, repair it once per time limit;
    one line of figures per repair (the module doc). The first line also carries the lawful
    refill without CP-SAT (the repair's fallback) as a baseline."""
    data = generate(officers, days, seed)
    first_inp = parse_input(data)
    first = solve(first_inp, time_limit_s=first_time_limit_s, workers=workers, seed=seed)
    if first.objective is None:
        raise RuntimeError(f"the first solve found no roster ({first.status})")
    placements = [placement_dict(p) for p in first.assignments]
    repair_data, absences = absences_add(data, placements, absent, absent_days, seed)
    freed = freed_placements(repair_data, placements, absences)
    if write_input:
        Path(write_input).write_text(json.dumps(repair_data, indent=1), encoding="utf-8")
    repair_inp = parse_input(repair_data)
    cands = candidates(repair_inp)
    refill, window = start_roster(repair_inp, cands)
    refill_figures = compute_figures(repair_inp, refill, cands)
    chained, _chains = fill_by_chains(repair_inp, cands, window, refill)
    chain_figures = compute_figures(repair_inp, chained, cands)
    head = {
        "scenario": {"officers": officers, "days": days, "seed": seed},
        "absent": absent,
        "absent_days": absent_days,
        "first_status": str(first.status),
        "first_shortfall": sum(s.missing for s in first.shortfalls),
        "freed": len(freed),
        "refill_shortfall": sum(refill_figures.missing.values()),
        "refill_changes_of_others": refill_figures.changes_others,
        "refill_violations": len(check_assignments(repair_inp, refill)),
        "chain_shortfall": sum(chain_figures.missing.values()),
        "chain_changes_of_others": chain_figures.changes_others,
    }
    lines = []
    for limit in repair_time_limits_s:
        started = time.perf_counter()
        repaired = solve(repair_inp, time_limit_s=limit, workers=workers, seed=seed)
        wall = time.perf_counter() - started
        figures = repair_figures(repair_inp, placements, freed, repaired, wall)
        lines.append({**head, "time_limit_s": limit, **figures})
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.repair")
    p.add_argument("--officers", type=int, default=60)
    p.add_argument("--days", type=int, default=28)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--absent", type=int, default=3, help="officers newly absent")
    p.add_argument("--absent-days", type=int, default=5)
    p.add_argument("--first-time-limit", type=float, default=30.0, help="the first solve")
    p.add_argument(
        "--time-limit",
        default="5",
        help="the repair solve; a comma-separated list repairs once per limit (e.g. 2,5,30,60)",
    )
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--write-input", help="also write the repair input JSON here (for python -m roster.solver)"
    )
    args = p.parse_args(argv)
    lines = run_repair(
        officers=args.officers,
        days=args.days,
        seed=args.seed,
        absent=args.absent,
        absent_days=args.absent_days,
        first_time_limit_s=args.first_time_limit,
        repair_time_limits_s=[float(t) for t in str(args.time_limit).split(",") if t],
        workers=args.workers,
        write_input=args.write_input,
    )
    ok = True
    for line in lines:
        print(json.dumps(line), flush=True)
        ok = ok and line["violations"] == 0 and line["verify_mismatches"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
