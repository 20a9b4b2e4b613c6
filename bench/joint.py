"""A unit of several teams that share officers, solved together (issue #18).

``python -m bench.joint --teams 4 --officers 60 --days 28 --shared 0.10 --workers 2``

Each team is a generated scenario (``bench.scenario.generate``, one seed per team), its ids
prefixed with the team's key. A share of each team's officers (``--shared``, of all
memberships) are ALSO members of the next team: team k+1's last officers are replaced by
team k's first ones (his contract and history stay his own, his sign-ups, unavailability and
skills in team k+1 come with the membership). The teams' inputs are merged into one joint
input (``roster.solver.joint.merge_inputs``), solved once within ``--time-limit`` (default:
the product's ``SOLVER_TIME_LIMIT_S``, 30 s), and the result is checked by
``roster.solver.verify`` (every hard rule, across teams for the shared officers). Prints one
JSON line: time, violations, shortfall with the shortfall stage's proved bound, per team
places and shortfall, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from bench.scenario import generate
from roster.solver.io import parse_input, result_to_dict
from roster.solver.joint import MIN_SOLVE_S, merge_inputs, split_result
from roster.solver.solve import solve
from roster.solver.verify import verify

#: The product's default solve time limit (config/settings.py SOLVER_TIME_LIMIT_S).
DEFAULT_TIME_LIMIT_S = 30.0


def _prefixed(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The scenario with officer and shift ids prefixed by the team's key."""

    def o(ref: str) -> str:
        return f"{key}-{ref}"

    def s(ref: str) -> str:
        return f"{key}-{ref}"

    out = dict(data)
    out["officers"] = [{**x, "id": o(x["id"])} for x in data["officers"]]
    out["shifts"] = [{**x, "id": s(x["id"])} for x in data["shifts"]]
    out["signups"] = [
        {**x, "officer": o(x["officer"]), "shift": s(x["shift"])} for x in data["signups"]
    ]
    out["unavailable"] = [{**x, "officer": o(x["officer"])} for x in data["unavailable"]]
    out["pinned"] = [
        {**x, "officer": o(x["officer"]), "shift": s(x["shift"])} for x in data.get("pinned", [])
    ]
    return out


def unit(
    teams: int, officers: int, days: int, shared: float, seed: int
) -> tuple[list[tuple[str, dict[str, Any]]], int]:
    """The teams' inputs (key, input) with shared officers, and how many officers are
    shared."""
    parts = [
        (f"t{k + 1}", _prefixed(generate(officers, days, seed + k), f"t{k + 1}"))
        for k in range(teams)
    ]
    per_team = round(shared * officers) if teams > 1 else 0
    for k in range(teams):
        src_key, src = parts[k]
        dst_key, dst = parts[(k + 1) % teams]
        rename: dict[str, str] = {}
        for i in range(per_team):
            home = src["officers"][i]
            guest = dst["officers"][-(i + 1)]
            rename[guest["id"]] = home["id"]
        # the guest row becomes the home officer's membership: his own contract and history
        by_id = {x["id"]: x for x in src["officers"]}
        dst["officers"] = [
            {
                **x,
                "id": rename[x["id"]],
                "contract_minutes_per_week": by_id[rename[x["id"]]]["contract_minutes_per_week"],
                "history": by_id[rename[x["id"]]].get("history", {}),
            }
            if x["id"] in rename
            else x
            for x in dst["officers"]
        ]
        for name in ("signups", "unavailable", "pinned"):
            dst[name] = [
                {**x, "officer": rename.get(x["officer"], x["officer"])} for x in dst.get(name, [])
            ]
        parts[(k + 1) % teams] = (dst_key, dst)
        del src_key
    return parts, per_team * teams


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.joint", description="solve a unit of teams that share officers"
    )
    p.add_argument("--teams", type=int, default=4)
    p.add_argument("--officers", type=int, default=60, help="officers per team")
    p.add_argument("--days", type=int, default=28)
    p.add_argument("--shared", type=float, default=0.10, help="share of memberships shared")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)

    parts, shared = unit(args.teams, args.officers, args.days, args.shared, args.seed)
    started = time.perf_counter()
    data = merge_inputs(parts)
    inp = parse_input(data)
    # as `joint_solve` does: the time limit holds for merging and parsing too
    remaining = max(MIN_SOLVE_S, args.time_limit - (time.perf_counter() - started))
    result = solve(inp, time_limit_s=remaining, workers=args.workers, seed=args.seed)
    wall = time.perf_counter() - started
    out = result_to_dict(result)
    report = verify(inp, out)
    shortfall_stage = next((st for st in result.stages if str(st.name) == "shortfall"), None)
    by_team = split_result([k for k, _d in parts], out["assignments"])
    missing_by_shift: dict[str, int] = {}
    for row in out["shortfalls"]:
        missing_by_shift[row["shift"]] = missing_by_shift.get(row["shift"], 0) + row["missing"]
    line = {
        "unit": {
            "teams": args.teams,
            "officers_per_team": args.officers,
            "officers": len(inp.officers),
            "shared_officers": shared,
            "days": args.days,
            "seed": args.seed,
        },
        "shifts": len(inp.shifts),
        "places": sum(s.places for s in inp.shifts),
        "time_limit_s": args.time_limit,
        "workers": args.workers,
        "wall_time_s": round(wall, 2),  # merge, parse, build and solve
        "solve_wall_time_s": round(result.wall_time_s, 2),
        "within_time_limit": wall <= args.time_limit,
        "status": str(result.status),
        "violations": len(report.problems()),
        "shortfall": sum(s.missing for s in result.shortfalls),
        "shortfall_bound": shortfall_stage.bound if shortfall_stage else None,
        "teams": {
            key: {
                "places": sum(s["demand"][k] for s in d["shifts"] for k in s["demand"]),
                "placed": len(by_team[key]),
                "shortfall": sum(missing_by_shift.get(s["id"], 0) for s in d["shifts"]),
            }
            for key, d in parts
        },
        "load_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(line))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
