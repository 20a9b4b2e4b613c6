"""A realistic police team, generated, and the scenario benchmark command.

``generate(officers, days, seed)`` returns a ``samenroosteren.solve-input/1`` object for a
base team: early (07-15), late (15-23) and night (23-07) shifts every day, demand for
``basis`` scaled to the team, one ``ovd`` (officer of the day) per shift and a ``motor``
officer on weekday early/late shifts for larger teams; contracts of 24-36 h; some
night-exempt (55+) officers; sign-ups where weekday earlies are popular and weekend nights
are not; leave, sickness and training blocks; a fairness ledger and the state at the
horizon start. The default horizon starts on Monday 19 October 2026, so a 28-day period
contains the DST change of 25 October.

``main(argv)`` (``python -m bench.scenario --officers N --days D --seed S``)
solves one scenario with CP-SAT and with the first-come greedy baseline, verifies both with
``roster.solver.verify`` and prints one JSON line of figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from roster.rules.fatigue import fatigue_scores
from roster.solver.build import BuiltModel, build_model
from roster.solver.eligibility import candidates
from roster.solver.figures import (
    RATE_SCALE,
    compute_figures,
    levels_detail,
    stage_detail,
    wish_levels,
)
from roster.solver.io import INPUT_FORMAT, parse_input, result_to_dict
from roster.solver.solve import SMALL_MACHINE_SUBSOLVERS, configure, solve
from roster.solver.stages import hold
from roster.solver.types import SolveInput, SolveResult, StageName
from roster.solver.verify import verify

TZ = "Europe/Amsterdam"
DEFAULT_START = dt.date(2026, 10, 19)

#: Dutch public holidays (fixed list for the years the generator is used for).
HOLIDAYS = {
    dt.date(2026, 12, 25),
    dt.date(2026, 12, 26),
    dt.date(2027, 1, 1),
    dt.date(2027, 3, 28),
    dt.date(2027, 3, 29),
    dt.date(2027, 4, 27),
    dt.date(2027, 5, 5),
    dt.date(2027, 5, 6),
    dt.date(2027, 5, 16),
    dt.date(2027, 5, 17),
}

#: kind -> (start hour, length in hours)
SHIFT_KINDS = {"early": (7, 8), "late": (15, 8), "night": (23, 8)}
CONTRACTS = [(1440, 1), (1728, 2), (1920, 3), (2160, 8)]  # minutes/week, relative weight


def _iso(day: dt.date, hour: int, tz: ZoneInfo) -> str:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz).isoformat()


def _local(day: dt.date, hour: int, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz)


def generate(
    officers: int, days: int, seed: int, *, start: dt.date = DEFAULT_START
) -> dict[str, Any]:
    """A scenario as a solver-input JSON object (deterministic for a seed)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    tz = ZoneInfo(TZ)
    end = start + dt.timedelta(days=days)
    n = officers

    team: list[dict[str, Any]] = []
    for i in range(n):
        skills = ["basis"]
        if rng.random() < 0.18:
            skills.append("ovd")
        if rng.random() < 0.12:
            skills.append("motor")
        contract = rng.choices([c for c, _ in CONTRACTS], [w for _, w in CONTRACTS])[0]
        fte = contract / 2160
        history: dict[str, Any] = {
            # a ledger of earlier, roughly fair periods: proportional to FTE plus noise
            "nights": max(0, round(40 * fte + rng.gauss(0, 1.5))),
            "weekends": max(0, round(30 * fte + rng.gauss(0, 1.5))),
            "holidays": rng.randint(0, 3),
            "minutes_delta": rng.randrange(-900, 901, 60),
        }
        kind = rng.choice(["early", "late", "night", "none", "none"])
        if kind != "none":
            last_day = start - dt.timedelta(days=rng.choice([1, 1, 2, 3]))
            hour, length = SHIFT_KINDS[kind]
            last_start = _local(last_day, hour, tz)
            last_end = last_start.astimezone(dt.UTC) + dt.timedelta(hours=length)
            run = rng.randint(1, 4)
            history.update(
                {
                    "last_shift_start": last_start.isoformat(),
                    "last_shift_end": last_end.astimezone(tz).isoformat(),
                    "last_shift_night": kind == "night",
                    "consecutive_nights_at_start": run if kind == "night" else 0,
                    "consecutive_days_at_start": run,
                    "last_weekly_rest_end": (last_start - dt.timedelta(days=run - 1)).isoformat(),
                }
            )
        exempt = rng.random() < 0.08
        if exempt:
            history["nights"] = 0
            if history.get("last_shift_night"):
                history["last_shift_night"] = False
                history["consecutive_nights_at_start"] = 0
        team.append(
            {
                "id": f"o{i + 1}",
                "skills": skills,
                "contract_minutes_per_week": contract,
                "night_exempt": exempt,
                "history": history,
            }
        )
    # Every team needs a few ovd and (for larger teams) motor holders.
    for k, skill in enumerate(
        ["ovd"] * max(2, n // 8) + ["motor"] * (max(2, n // 12) if n >= 30 else 0)
    ):
        member = team[(k * 7 + 3) % n]
        if skill not in member["skills"]:
            member["skills"].append(skill)

    shifts: list[dict[str, Any]] = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        weekend = day.weekday() >= 5
        for kind, (hour, length) in SHIFT_KINDS.items():
            s_start = _local(day, hour, tz)
            s_end = (s_start.astimezone(dt.UTC) + dt.timedelta(hours=length)).astimezone(tz)
            if kind == "night":
                # Wall-clock 23:00-07:00 regardless of DST (so 7 h or 9 h on DST nights).
                s_end = _local(day + dt.timedelta(days=1), 7, tz)
            share = {"early": 0.16, "late": 0.15, "night": 0.10}[kind]
            basis = max(1, round(n * share * (0.8 if weekend and kind != "night" else 1.0)))
            demand = {"basis": basis}
            if n >= 12:
                demand["ovd"] = 1
            if n >= 30 and kind != "night" and not weekend:
                demand["motor"] = 1
            burdens = []
            if kind == "night":
                burdens.append("night")
            if weekend or (kind == "night" and day.weekday() == 4):
                burdens.append("weekend")
            if day in HOLIDAYS:
                burdens.append("holiday")
            shifts.append(
                {
                    "id": f"{kind[0]}{d + 1}",
                    "start": s_start.isoformat(),
                    "end": s_end.isoformat(),
                    "kind": kind,
                    "burdens": burdens,
                    "demand": demand,
                }
            )

    unavailable: list[dict[str, Any]] = []
    for member in team:
        r = rng.random()
        if r < 0.25:
            first = rng.randrange(-3, days)
            length = rng.randint(3, 10)
            reason = "leave"
        elif r < 0.30:
            first = rng.randrange(0, days)
            length = rng.randint(2, 5)
            reason = "sick"
        elif r < 0.40:
            first = rng.randrange(0, days)
            length = 1
            reason = "training"
        else:
            continue
        u_start = start + dt.timedelta(days=first)
        unavailable.append(
            {
                "officer": member["id"],
                "start": _iso(u_start, 0, tz),
                "end": _iso(u_start + dt.timedelta(days=length), 0, tz),
                "reason": reason,
            }
        )

    away: dict[str, set[str]] = {}
    for u in unavailable:
        u_first = dt.date.fromisoformat(u["start"][:10])
        u_last = dt.date.fromisoformat(u["end"][:10])
        span = (u_last - u_first).days
        days_off = {(u_first + dt.timedelta(days=k)).isoformat() for k in range(span)}
        away.setdefault(u["officer"], set()).update(days_off)

    signups: list[dict[str, Any]] = []
    for member in team:
        target = round(member["contract_minutes_per_week"] / 480 * days / 7 * 1.4)
        pool = []
        for s in shifts:
            if member["night_exempt"] and s["kind"] == "night":
                continue
            if s["start"][:10] in away.get(member["id"], set()):
                continue
            day = dt.date.fromisoformat(s["start"][:10])
            popular = s["kind"] == "early" and day.weekday() < 5
            unpopular = s["kind"] == "night" and "weekend" in s["burdens"]
            weight = 3.0 if popular else 0.3 if unpopular else 1.0
            pool.append((s, weight))
        chosen: list[dict[str, Any]] = []
        for _ in range(min(target, len(pool))):
            pick = rng.choices(range(len(pool)), [w for _, w in pool])[0]
            chosen.append(pool.pop(pick)[0])
        for s in chosen:
            unpopular = s["kind"] == "night" and "weekend" in s["burdens"]
            wish = rng.choices(
                ["want", "can", "rather_not"], [1, 4, 5] if unpopular else [4, 5, 1]
            )[0]
            signups.append({"officer": member["id"], "shift": s["id"], "wish": wish})
    rng.shuffle(signups)  # filing order

    return {
        "format": INPUT_FORMAT,
        "timezone": TZ,
        "horizon": {"start": _iso(start, 0, tz), "end": _iso(end, 0, tz)},
        "officers": team,
        "shifts": shifts,
        "signups": signups,
        "unavailable": unavailable,
        "pinned": [],
        "rules": {},
        "weights": {},
    }


def _figures(result: SolveResult, violations: int) -> dict[str, Any]:
    fair = result.fairness
    return {
        "status": str(result.status),
        "objective": result.objective,
        "shortfall": sum(s.missing for s in result.shortfalls),
        "nights_per_fte_spread": fair.nights_per_fte_spread if fair else None,
        "weekends_per_fte_spread": fair.weekends_per_fte_spread if fair else None,
        "hours_balance_per_fte_spread": fair.hours_balance_per_fte_spread if fair else None,
        "min_wish_grant_rate": fair.min_wish_grant_rate if fair else None,
        # the lowest want-grant levels (rate and officers at it; leximin, stage ``wishes``)
        "wish_levels": levels_detail(wish_levels(result.officers)),
        "wall_time_s": round(result.wall_time_s, 2),
        "violations": violations,
        "stages": [
            {
                "name": str(st.name),
                "value": st.value,
                "bound": st.bound,
                "status": str(st.status),
                "seconds": st.seconds,
                **({"detail": dict(st.detail)} if st.detail else {}),
                **({"detail_bounds": dict(st.detail_bounds)} if st.detail_bounds else {}),
            }
            for st in result.stages
        ],
        "load_1min": round(os.getloadavg()[0], 2),
    }


def stage_bounds(
    inp: SolveInput, result: SolveResult, seconds: float, workers: int
) -> dict[str, int | None]:
    """Bounds CP-SAT proves, each in its own whole-model solve of ``seconds``, for the
    figures the issue asks about (``None``: nothing proved in the time):

    - ``nights_worst_lower_bound``: no roster with the result's shortfall has a smaller
      worst nights deviation (units of one night from the FTE target);
    - ``wishes_upper_bound``: no roster with the result's shortfall and fairness (each
      family's worst deviation held) gives every officer with wants a higher grant rate
      (per cent): the bound of the wishes stage under the stages the default order puts
      before it.
    """
    cands = candidates(inp)
    figures = compute_figures(inp, list(result.assignments), cands)
    out: dict[str, int | None] = {"nights_worst_lower_bound": None, "wishes_upper_bound": None}

    def bound_of(built: BuiltModel, objective: Any) -> int | None:
        built.model.minimize(objective)
        solver = cp_model.CpSolver()
        configure(
            solver,
            time_limit_s=seconds,
            workers=workers,
            seed=0,
            subsolvers=SMALL_MACHINE_SUBSOLVERS if workers <= 2 else (),
        )
        code = solver.solve(built.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return max(0, math.ceil(solver.best_objective_bound - 1e-6))

    built = build_model(inp, cands)
    if "night" in built.vars.worst:
        hold(built, StageName.SHORTFALL, stage_detail(StageName.SHORTFALL, figures))
        out["nights_worst_lower_bound"] = bound_of(built, built.vars.worst["night"])
    built = build_model(inp, cands)
    if built.vars.lowest_pct is not None:
        hold(built, StageName.SHORTFALL, stage_detail(StageName.SHORTFALL, figures))
        if built.vars.worst:
            hold(built, StageName.FAIRNESS, stage_detail(StageName.FAIRNESS, figures))
        lower = bound_of(built, RATE_SCALE - built.vars.lowest_pct)
        out["wishes_upper_bound"] = None if lower is None else RATE_SCALE - lower
    return out


def fatigue_max(inp: SolveInput, result: SolveResult) -> int:
    """The highest daily fatigue score (docs/fatigue.md) of any officer in the roster."""
    items: dict[str, list[Any]] = {}
    for p in result.assignments:
        items.setdefault(p.officer, []).append(inp.shift_by_id[p.shift].work_item())
    days = range(max((s.day for s in inp.shifts), default=0) + 1)
    return max(
        (s.total for officer_items in items.values() for s in fatigue_scores(officer_items, days)),
        default=0,
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.scenario", description="solve a generated team"
    )
    p.add_argument("--officers", type=int, default=60)
    p.add_argument("--days", type=int, default=28)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--time-limit", type=float, default=30.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--subsolvers",
        default=None,
        help="comma-separated CP-SAT subsolvers; 'default' for CP-SAT's own choice "
        "(omitted: the solver's default, max_lp on <= 2 workers)",
    )
    p.add_argument("--no-hint", action="store_true", help="do not hint the greedy roster")
    p.add_argument(
        "--gap-limit",
        type=float,
        default=0.0,
        help="stop once (objective - bound) / objective is at most this (e.g. 0.01)",
    )
    p.add_argument("--build-only", action="store_true", help="only time parsing and building")
    p.add_argument(
        "--bound-time",
        type=float,
        default=0.0,
        help="after the solve, prove the nights and wishes bounds in whole-model solves of "
        "this many seconds each (stage_bounds; 0: none)",
    )
    p.add_argument(
        "--fatigue-cap",
        type=int,
        default=None,
        help="cap every officer's daily fatigue score (docs/fatigue.md; omitted: no cap)",
    )
    p.add_argument("--write-input", help="also write the generated input JSON here")
    p.add_argument("--write-output", help="also write the solver's result JSON here")
    args = p.parse_args(argv)

    data = generate(args.officers, args.days, args.seed)
    if args.fatigue_cap is not None:
        data["fatigue"] = {"cap": args.fatigue_cap}
    if args.write_input:
        Path(args.write_input).write_text(json.dumps(data, indent=1), encoding="utf-8")
    t0 = time.perf_counter()
    inp = parse_input(data)
    parse_time = time.perf_counter() - t0
    if args.build_only:
        built = build_model(inp)
        proto = built.model.proto
        line_b = {
            "scenario": {"officers": args.officers, "days": args.days, "seed": args.seed},
            "shifts": len(inp.shifts),
            "assignment_vars": len(built.vars.x),
            "variables": len(proto.variables),
            "constraints": len(proto.constraints),
            "parse_time_s": round(parse_time, 3),
            "build_time_s": round(built.build_time_s, 3),
        }
        print(json.dumps(line_b))
        return 0
    base = solve(
        inp, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed, baseline=True
    )
    base_report = verify(inp, result_to_dict(base))
    started = time.perf_counter()
    result = solve(
        inp,
        time_limit_s=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        subsolvers=None
        if args.subsolvers is None
        else [s for s in args.subsolvers.split(",") if s and s != "default"],
        hint=not args.no_hint,
        relative_gap_limit=args.gap_limit,
    )
    wall = time.perf_counter() - started
    out_dict = result_to_dict(result)
    if args.write_output:
        Path(args.write_output).write_text(json.dumps(out_dict, indent=1), encoding="utf-8")
    report = verify(inp, out_dict)
    gap = None
    if result.objective is not None and result.bound is not None and result.objective > 0:
        gap = round(100 * (result.objective - result.bound) / result.objective, 3)
    line = {
        "scenario": {"officers": args.officers, "days": args.days, "seed": args.seed},
        "shifts": len(inp.shifts),
        "places": sum(s.places for s in inp.shifts),
        "time_limit_s": args.time_limit,
        "workers": args.workers,
        "subsolvers": args.subsolvers,
        "hint_time_s": result.stats.get("hint_time_s"),
        "build_time_s": result.stats.get("build_time_s"),
        "greedy_time_s": result.stats.get("greedy_time_s"),
        "solve_time_s": result.stats.get("solve_time_s"),
        "wall_time_s": round(wall, 2),
        "variables": result.stats.get("variables"),
        "constraints": result.stats.get("constraints"),
        # what the stage search did per stage (neighbourhoods tried, improved, their cost)
        "search": {k: v for k, v in result.stats.items() if "_lns_" in k or "_sub_" in k},
        "status": str(result.status),
        "objective": result.objective,
        "bound": result.bound,
        "gap_pct": gap,
        "violations": len(report.problems()),
        "fatigue_cap": args.fatigue_cap,
        "fatigue_max": fatigue_max(inp, result),
        "solver": _figures(result, len(report.problems())),
        "bounds": stage_bounds(inp, result, args.bound_time, args.workers)
        if args.bound_time > 0
        else None,
        "baseline": _figures(base, len(base_report.problems())),
    }
    print(json.dumps(line))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
