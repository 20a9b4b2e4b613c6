"""Independent check of a solve result against its input.

Recomputes every hard rule from the assignments alone (``hard_rules.check_assignments``:
``roster.rules.check_officer`` per officer, plus qualification, availability, no over-staffing,
one place per officer per shift, pinned kept, sign-ups only when unsigned shifts are not
allowed, a trainee's place only with a mentor) and every figure of the output (the trainees'
training shifts against their targets, officers' minutes, nights, weekends, holidays and
wishes, fairness spreads, the lowest wish-grant rate, changes, terms, objective, the value and
detail of every listed stage (its bounds on the right side) and a repair's changed officers
with their reasons), and compares them with
what the output claims. Nothing is taken from the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from roster.rules import RuleId, Violation
from roster.solver.eligibility import candidates
from roster.solver.figures import (
    MAX,
    Figures,
    compute_figures,
    detail_sense,
    stage_detail,
    stage_value,
)
from roster.solver.hard_rules import check_assignments, pinned_violations
from roster.solver.io import RESULT_FORMAT, result_to_dict
from roster.solver.repair import changed_officers
from roster.solver.types import Placement, SolveInput, SolveResult, StageName, Status


@dataclass
class VerifyReport:
    violations: list[Violation] = field(default_factory=list)  # broken hard rules
    mismatches: list[str] = field(default_factory=list)  # figures that do not match
    figures: Figures | None = None

    @property
    def ok(self) -> bool:
        return not self.violations and not self.mismatches

    def problems(self) -> list[str]:
        return [f"{v.rule}: {v.message}" for v in self.violations] + self.mismatches


def _placements(output: Mapping[str, Any]) -> list[Placement]:
    raw = output.get("assignments", [])
    if not isinstance(raw, list):
        raise ValueError("assignments: must be a list")
    out = []
    for i, a in enumerate(raw):
        if not isinstance(a, Mapping) or not all(
            isinstance(a.get(k), str) for k in ("officer", "shift", "skill")
        ):
            raise ValueError(f"assignments[{i}]: needs string officer, shift and skill")
        out.append(Placement(a["officer"], a["shift"], a["skill"]))
    return out


def _check_stages(output: Mapping[str, Any], figures: Figures, report: VerifyReport) -> None:
    """Each listed stage's value is the recomputed one, and its bound lies on the right side
    of it (below for ``min``, above for ``max``)."""
    raw = output.get("stages", [])
    if not isinstance(raw, list):
        report.mismatches.append("stages: must be a list")
        return
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            report.mismatches.append(f"stages[{i}]: must be an object")
            continue
        name = entry.get("name")
        if name not in {s.value for s in StageName}:
            report.mismatches.append(f"stages[{i}]: unknown stage {name!r}")
            continue
        value = stage_value(StageName(name), figures)
        if entry.get("value") != value:
            report.mismatches.append(
                f"stages[{i}] ({name}).value: output says {entry.get('value')!r}, "
                f"recomputed {value}"
            )
        bound = entry.get("bound")
        if isinstance(bound, int) and (
            bound < value if entry.get("sense") == MAX else bound > value
        ):
            report.mismatches.append(
                f"stages[{i}] ({name}).bound {bound} is beyond its value {value}"
            )
        _check_detail(i, StageName(name), entry, figures, report)


def _check_detail(
    i: int, name: StageName, entry: Mapping[str, Any], figures: Figures, report: VerifyReport
) -> None:
    """A stage's ``detail`` (when given) is the recomputed one (``figures.stage_detail``: the
    worst deviation per fairness family, the wishes' leximin levels), and each of its
    ``detail_bounds`` lies on the right side of its entry."""
    detail = stage_detail(name, figures)
    claimed = entry.get("detail")
    if claimed is not None and claimed != detail:
        report.mismatches.append(
            f"stages[{i}] ({name}).detail: output says {claimed!r}, recomputed {detail!r}"
        )
    bounds = entry.get("detail_bounds") or {}
    if not isinstance(bounds, Mapping):
        report.mismatches.append(f"stages[{i}] ({name}).detail_bounds: must be an object")
        return
    for key, bound in bounds.items():
        if key not in detail:
            report.mismatches.append(
                f"stages[{i}] ({name}).detail_bounds.{key}: the roster has no such entry"
            )
        elif not isinstance(bound, int) or (
            bound < detail[key] if detail_sense(name, key) == MAX else bound > detail[key]
        ):
            report.mismatches.append(
                f"stages[{i}] ({name}).detail_bounds.{key} {bound!r} is beyond its value "
                f"{detail[key]}"
            )


def verify(inp: SolveInput, output: Mapping[str, Any]) -> VerifyReport:
    """Check ``output`` (a result JSON object) against ``inp``."""
    report = VerifyReport()
    if output.get("format") != RESULT_FORMAT:
        report.mismatches.append(f"format: expected {RESULT_FORMAT!r}")
    status = output.get("status")
    if status not in {s.value for s in Status}:
        report.mismatches.append(f"status: unknown {status!r}")
        return report
    try:
        assignments = _placements(output)
    except ValueError as exc:
        report.mismatches.append(str(exc))
        return report
    if status == Status.INFEASIBLE:
        if assignments:
            report.mismatches.append("status infeasible but assignments given")
        if not pinned_violations(inp):
            report.mismatches.append("status infeasible but the pinned assignments are lawful")
        return report
    if status == Status.INVALID_INPUT:
        report.mismatches.append("status invalid_input for an input that parses")
        return report

    report.violations = check_assignments(inp, assignments)
    if any(v.rule == RuleId.UNKNOWN_ID for v in report.violations):
        return report
    figures = compute_figures(inp, assignments)
    report.figures = figures
    expected = result_to_dict(
        SolveResult(
            status=Status(status),
            objective=figures.objective,
            bound=None,
            wall_time_s=0.0,
            assignments=tuple(assignments),
            officers=figures.officers,
            fairness=figures.fairness,
            changes=figures.changes,
            terms=figures.terms,
            training=figures.training,
        )
    )
    expected.setdefault("training", [])
    for key in ("officers", "fairness", "changes", "terms", "objective", "training"):
        if output.get(key, [] if key == "training" else None) != expected[key]:
            report.mismatches.append(
                f"{key}: output says {output.get(key)!r}, recomputed {expected[key]!r}"
            )
    raw = output.get("shortfalls", [])
    claimed: dict[tuple[Any, Any], Mapping[str, Any]] = {
        (entry.get("shift"), entry.get("skill")): entry
        for entry in (raw if isinstance(raw, list) else [])
        if isinstance(entry, Mapping)
    }
    actual = dict(figures.missing)
    if {k: v.get("missing") for k, v in claimed.items()} != actual:
        report.mismatches.append(
            f"shortfalls: output lists {sorted(claimed)}, recomputed {sorted(actual)}"
        )
    for place, entry in claimed.items():
        if not entry.get("reasons"):
            report.mismatches.append(f"shortfalls {place}: no reasons given")
    _check_stages(output, figures, report)
    changed = result_to_dict(
        SolveResult(
            status=Status(status),
            objective=None,
            bound=None,
            wall_time_s=0.0,
            changed_officers=changed_officers(inp, assignments, candidates(inp)),
        )
    ).get("changed_officers", [])
    if output.get("changed_officers", []) != changed:
        report.mismatches.append(
            f"changed_officers: output says {output.get('changed_officers')!r}, "
            f"recomputed {changed!r}"
        )
    bound = output.get("bound")
    objective = output.get("objective")
    if isinstance(bound, int) and isinstance(objective, int) and bound > objective:
        report.mismatches.append(f"bound {bound} exceeds objective {objective}")
    return report
