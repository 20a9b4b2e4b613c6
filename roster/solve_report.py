"""The solve report: what a planner and each officer read about a solved roster.

Built once, when a job finishes, from the solver input and the verified result (plus the
first-come greedy baseline on the same input) and stored on the `SolveJob`. Pure data in,
JSON out; fair shares are the solver's own fairness targets (`roster.solver.figures`:
history ledger included, in proportion to FTE), so the report and the objective agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from roster.solver.eligibility import unavailability
from roster.solver.figures import MINUTES_UNIT, fairness_families
from roster.solver.types import FTE_MINUTES, ShiftData, SolveInput

BURDEN_LABELS = {"night": "nights", "weekend": "weekend shifts", "holiday": "holiday shifts"}
WISH_LABELS = {"want": "'want'", "can": "'can'", "rather_not": "'rather not'"}


def _local(inp: SolveInput, minutes: int) -> dt.datetime:
    return (inp.horizon_start + dt.timedelta(minutes=minutes)).astimezone(ZoneInfo(inp.timezone))


def _summary(result: Mapping[str, Any]) -> dict[str, Any]:
    fairness = result.get("fairness") or {}
    officers = result.get("officers") or []
    objective, bound = result.get("objective"), result.get("bound")
    gap = None
    if isinstance(objective, int) and isinstance(bound, int) and objective > 0:
        gap = round(100.0 * (objective - bound) / objective, 2)
    return {
        "status": result.get("status"),
        "objective": objective,
        "bound": bound,
        "gap_pct": gap,
        "wall_time_s": result.get("wall_time_s"),
        "assignments": len(result.get("assignments") or []),
        "shortfall_places": sum(s["missing"] for s in result.get("shortfalls") or []),
        "nights_per_fte_spread": fairness.get("nights_per_fte_spread"),
        "weekends_per_fte_spread": fairness.get("weekends_per_fte_spread"),
        "min_wish_grant_rate": fairness.get("min_wish_grant_rate"),
        "wishes_granted": sum(o["wishes_granted"] for o in officers),
        "wishes_want": sum(o["wishes_want"] for o in officers),
        "rather_not_given": sum(o["rather_not_given"] for o in officers),
        "unsigned_given": sum(o["unsigned_given"] for o in officers),
        "terms": result.get("terms"),
    }


def report_build(
    *,
    inp: SolveInput,
    result: Mapping[str, Any],
    baseline: Mapping[str, Any],
    names: Mapping[str, str],
    notes: Sequence[str],
) -> dict[str, Any]:
    """The full report (planner view); `report_for_officer` cuts out one officer's part."""
    placements = result["assignments"]
    by_shift: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    by_officer: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for p in placements:
        by_shift[p["shift"]].append(p)
        by_officer[p["officer"]].append(p)
    missing = {(s["shift"], s["skill"]): s["missing"] for s in result["shortfalls"]}

    coverage = []
    for shift in inp.shifts:
        filled: dict[str, int] = defaultdict(int)
        for p in by_shift[shift.id]:
            filled[p["skill"]] += 1
        coverage.append(
            {
                "shift": shift.id,
                "start": _local(inp, shift.start).isoformat(),
                "end": _local(inp, shift.end).isoformat(),
                "kind": shift.kind,
                "burdens": sorted(shift.burdens),
                "demand": dict(shift.demand),
                "filled": {k: filled.get(k, 0) for k in shift.demand},
                "missing": {k: missing.get((shift.id, k), 0) for k in shift.demand},
            }
        )

    families = {f.name: f for f in fairness_families(inp)}
    days = inp.horizon_minutes / (24 * 60)
    figures = {row["id"]: row for row in result["officers"]}
    officers = []
    for o in inp.officers:
        row = figures.get(o.id)
        if row is None:
            continue
        fair: dict[str, float | None] = {}
        for name in ("night", "weekend", "holiday"):
            fam = families.get(name)
            fair[BURDEN_LABELS[name].replace(" ", "_")] = (
                None if fam is None or o.id not in fam.weight else fam.target[o.id] - fam.base[o.id]
            )
        minutes_fam = families.get("minutes")
        fair_minutes = (
            None
            if minutes_fam is None or o.id not in minutes_fam.weight
            else minutes_fam.target[o.id] - minutes_fam.base[o.id]
        )
        officers.append(
            {
                "officer": o.id,
                "name": names.get(o.id, o.id),
                "fte": round(o.contract_minutes_per_week / FTE_MINUTES, 3),
                "minutes": row["minutes"],
                "contract_minutes": round(o.contract_minutes_per_week * days / 7),
                "nights": row["nights"],
                "weekends": row["weekends"],
                "holidays": row["holidays"],
                "fair_share": {**fair, "minutes": fair_minutes},
                "fair_share_unit_minutes": MINUTES_UNIT,
                "history": {
                    "nights": o.history.nights,
                    "weekends": o.history.weekends,
                    "holidays": o.history.holidays,
                    "minutes_delta": o.history.minutes_delta,
                },
                "wishes_want": row["wishes_want"],
                "wishes_granted": row["wishes_granted"],
                "wish_grant_rate": (
                    round(row["wishes_granted"] / row["wishes_want"], 3)
                    if row["wishes_want"]
                    else None
                ),
                "rather_not_given": row["rather_not_given"],
                "unsigned_given": row["unsigned_given"],
            }
        )
    rows = {r["officer"]: r for r in officers}
    why = {
        o.id: [
            _why(inp, o.id, p, rows[o.id])
            for p in sorted(by_officer[o.id], key=lambda p: inp.shift_by_id[p["shift"]].start)
            if inp.shift_by_id[p["shift"]].burdens
        ]
        for o in inp.officers
        if o.id in rows
    }
    return {
        "summary": _summary(result),
        "comparison": {"solver": _summary(result), "baseline": _summary(baseline)},
        "coverage": coverage,
        "shortfalls": list(result["shortfalls"]),
        "officers": officers,
        "why": why,
        "notes": list(notes) + list(result.get("notes") or []),
    }


def _why(
    inp: SolveInput, officer_id: str, placement: Mapping[str, str], row: Mapping[str, Any]
) -> dict[str, Any]:
    """Why this officer got this burden shift: his wish, who else could have done it, and his
    burden count against his fair share."""
    shift: ShiftData = inp.shift_by_id[placement["shift"]]
    skill = placement["skill"]
    start = _local(inp, shift.start)
    label = f"{shift.kind or 'shift'} of {start:%a %d %b} {start:%H:%M}"
    signup = inp.signup_by_key.get((officer_id, shift.id))
    parts = [f"you signed up {WISH_LABELS[str(signup.wish)]}" if signup else "you did not sign up"]
    holders = [o for o in inp.officers if skill in o.skills and o.id != officer_id]
    absent = [o for o in holders if unavailability(inp, o.id, shift) is not None]
    exempt = [o for o in holders if shift.night and o.night_exempt and o not in absent]
    others = len(holders) - len(absent) - len(exempt)
    team = f"{len(absent)} of the other {len(holders)} {skill}-qualified officers were absent"
    if exempt:
        team += f" and {len(exempt)} are night-exempt"
    team += f"; {others} could have been asked"
    parts.append(team)
    for burden in sorted(shift.burdens):
        count = row[{"night": "nights", "weekend": "weekends", "holiday": "holidays"}[burden]]
        share = row["fair_share"][BURDEN_LABELS[burden].replace(" ", "_")]
        if share is None:
            continue
        if count < share:
            relation = "below"
        elif count == share:
            relation = "equal to"
        else:
            relation = "above"
        parts.append(
            f"your {BURDEN_LABELS[burden]} this period: {count}, {relation} your fair share of "
            f"{share} (earlier periods counted)"
        )
    return {
        "shift": shift.id,
        "skill": skill,
        "burdens": sorted(shift.burdens),
        "wish": str(signup.wish) if signup else None,
        "text": f"{label} as {skill}: " + "; ".join(parts) + ".",
    }


def report_for_officer(report: Mapping[str, Any], officer_ref: str) -> dict[str, Any]:
    """An officer's own part: the team-level summary and comparison (no names), his own
    figures and the "why" of each burden he got."""
    mine = [r for r in report.get("officers", []) if r["officer"] == officer_ref]
    return {
        "summary": report.get("summary"),
        "comparison": report.get("comparison"),
        "officers": mine,
        "why": {officer_ref: report.get("why", {}).get(officer_ref, [])},
    }
