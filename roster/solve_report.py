"""The solve report: what a planner and each officer read about a solved roster.

Built once, when a job finishes, from the solver input and the verified result (plus the
first-come greedy baseline on the same input) and stored on the `SolveJob`. Pure data in,
JSON out; fair shares are the solver's own fairness targets (`roster.solver.figures`:
history ledger included, in proportion to FTE), so the report and the objective agree.

Explanations are stored as reason codes and parameters, never as sentences: the shortfall
`causes` (per qualified officer what kept him off), the structured `why` of each burden
shift, the solver's `stages` and `notes` (`roster.solver.notes`) and a repair's
`changed_officers`. They name officers and shifts
by their solver refs; `roster.report_text` renders them in the reader's language when read,
with names instead of refs, and cuts an officer's view down to what concerns him.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from roster.rules import RuleId, WorkItem
from roster.solver.baseline import added_violations
from roster.solver.eligibility import shift_length_violations, static_block, unavailability
from roster.solver.figures import MINUTES_UNIT, fairness_families
from roster.solver.types import FTE_MINUTES, ShiftData, SolveInput

#: Version of the stored report's shape: 2 stores reasons as codes (`roster.report_text`).
REPORT_VERSION = 2
#: At most this many per-officer causes per shortfall (the summary counts all).
MAX_CAUSES = 25

BURDEN_LABELS = {"night": "nights", "weekend": "weekend shifts", "holiday": "holiday shifts"}


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
    notes: Sequence[str | Mapping[str, Any]],
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
    causes = _causes(inp, placements, result["shortfalls"])
    return {
        "version": REPORT_VERSION,
        "summary": _summary(result),
        "comparison": {"solver": _summary(result), "baseline": _summary(baseline)},
        "coverage": coverage,
        "shortfalls": [
            {**s, "causes": causes[s["shift"], s["skill"]]} for s in result["shortfalls"]
        ],
        "officers": officers,
        "why": why,
        "stages": list(result.get("stages") or []),
        "changed_officers": list(result.get("changed_officers") or []),
        # trainees' training shifts against the team's target (issue 18; planner view)
        "training": [
            {**t, "name": names.get(t["officer"], t["officer"])}
            for t in result.get("training") or []
        ],
        "notes": list(notes) + list(result.get("notes") or []),
    }


def _causes(
    inp: SolveInput,
    placements: Sequence[Mapping[str, str]],
    shortfalls: Sequence[Mapping[str, Any]],
) -> dict[tuple[str, str], dict[str, Any]]:
    """Per shortfall, as codes: the head (`shift_never_filled` with the rule, `no_holder`, or
    `empty`) and for every holder of the skill what kept him off this shift (the same checks
    as `roster.solver.explain`, which writes them as English text for the command line)."""
    items: dict[str, list[WorkItem]] = {o.id: [] for o in inp.officers}
    where: dict[tuple[str, str], str] = {}
    for p in placements:
        items[p["officer"]].append(inp.shift_by_id[p["shift"]].work_item())
        where[p["officer"], p["shift"]] = p["skill"]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for sf in shortfalls:
        shift = inp.shift_by_id[sf["shift"]]
        skill = sf["skill"]
        head: dict[str, Any] = {"missing": sf["missing"], "need": shift.demand.get(skill, 0)}
        length = shift_length_violations(shift, inp.params)
        holders = [o for o in inp.officers if skill in o.skills]
        officers: list[dict[str, Any]] = []
        if length:
            head |= {"code": "shift_never_filled", "rule": str(length[0].rule)}
        elif not holders:
            head |= {"code": "no_holder"}
        else:
            head |= {"code": "empty", "holders": len(holders)}
            for o in holders:
                officers.append(_holder_cause(inp, o.id, shift, items, where))
        counts: dict[str, int] = defaultdict(int)
        for c in officers:
            counts[c["code"] if c["code"] != "blocked" else f"blocked.{c['block']}"] += 1
        out[sf["shift"], skill] = {
            **head,
            "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "officers": officers[:MAX_CAUSES],
            "more": max(0, len(officers) - MAX_CAUSES),
        }
    return out


def _holder_cause(
    inp: SolveInput,
    officer_id: str,
    shift: ShiftData,
    items: Mapping[str, list[WorkItem]],
    where: Mapping[tuple[str, str], str],
) -> dict[str, Any]:
    """Why one holder of the skill is not on this shift, as a code and its parameters."""
    o = inp.officer_by_id[officer_id]
    if (o.id, shift.id) in where:
        return {"officer": o.id, "code": "on_shift", "skill": where[o.id, shift.id]}
    block = static_block(inp, o, shift)
    if block is not None:
        cause: dict[str, Any] = {"officer": o.id, "code": "blocked", "block": str(block[0])}
        u = unavailability(inp, o.id, shift)
        if u is not None and str(block[0]) == "unavailable":
            cause["reason"] = u.reason  # already need-to-know: "absent" or "unavailable"
        return cause
    violations = added_violations(
        items[o.id],
        shift.work_item(),
        inp.params,
        o.history.rules_history(),
        officer=o.id,
        night_exempt=o.night_exempt,
    )
    if violations:
        v = violations[0]
        if v.rule == RuleId.OVERLAP:
            others = [s for s in v.shift_ids if s != shift.id]
            return {"officer": o.id, "code": "busy", "shifts": others}
        return {
            "officer": o.id,
            "code": "rule",
            "rule": str(v.rule),
            "value": v.value,
            "limit": v.limit,
        }
    return {"officer": o.id, "code": "not_blocked"}


def _why(
    inp: SolveInput, officer_id: str, placement: Mapping[str, str], row: Mapping[str, Any]
) -> dict[str, Any]:
    """Why this officer got this burden shift: his wish, who else could have done it, and his
    burden count against his fair share."""
    shift: ShiftData = inp.shift_by_id[placement["shift"]]
    skill = placement["skill"]
    signup = inp.signup_by_key.get((officer_id, shift.id))
    holders = [o for o in inp.officers if skill in o.skills and o.id != officer_id]
    absent = [o for o in holders if unavailability(inp, o.id, shift) is not None]
    exempt = [o for o in holders if shift.night and o.night_exempt and o not in absent]
    burdens = []
    for burden in sorted(shift.burdens):
        count = row[{"night": "nights", "weekend": "weekends", "holiday": "holidays"}[burden]]
        share = row["fair_share"][BURDEN_LABELS[burden].replace(" ", "_")]
        if share is None:
            continue
        relation = "below" if count < share else "equal" if count == share else "above"
        burdens.append({"burden": burden, "count": count, "share": share, "relation": relation})
    # counts only: who the others are is not his to read
    return {
        "shift": shift.id,
        "skill": skill,
        "burdens": sorted(shift.burdens),
        "wish": str(signup.wish) if signup else None,
        "start": _local(inp, shift.start).isoformat(),
        "kind": shift.kind,
        "holders": len(holders),
        "absent": len(absent),
        "exempt": len(exempt),
        "others": len(holders) - len(absent) - len(exempt),
        "burden_counts": burdens,
    }


def report_for_officer(report: Mapping[str, Any], officer_ref: str) -> dict[str, Any]:
    """An officer's own part: the team-level summary, comparison and stage figures (no
    names), his own figures, the "why" of each burden he got and, after a repair, why his
    own roster changed (nobody else's)."""
    mine = [r for r in report.get("officers", []) if r["officer"] == officer_ref]
    part = {
        "summary": report.get("summary"),
        "comparison": report.get("comparison"),
        "officers": mine,
        "why": {officer_ref: report.get("why", {}).get(officer_ref, [])},
    }
    if "stages" in report:
        part["stages"] = report["stages"]
    if "changed_officers" in report:
        part["changed_officers"] = [
            c for c in report["changed_officers"] if c.get("officer") == officer_ref
        ]
    if "training" in report:  # his own training only: colleagues' trainings are not his
        part["training"] = [t for t in report["training"] if t.get("officer") == officer_ref]
    return part
