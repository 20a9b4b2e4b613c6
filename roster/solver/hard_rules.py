"""The hard rules on a set of placements, recomputed from the placements alone.

``check_assignments`` checks every hard rule of a roster: ``roster.rules.check_officer`` per
officer, plus the rules about places (qualification, availability, no over-staffing, one place
per officer per shift, pinned kept, sign-ups only when unsigned shifts are not allowed, a
trainee's place only with a mentor: ``roster.solver.training``).
``pinned_violations`` checks the pinned placements on their own, before any model is built:
``solve`` reports them as ``infeasible`` and ``verify`` checks that claim.
"""

from __future__ import annotations

from roster.rules import RuleId, Violation, WorkItem, check_officer
from roster.solver.eligibility import Block, static_block, unavailability
from roster.solver.fatigue import fatigue_violations
from roster.solver.training import mentor_violations, pinned_mentor_violations
from roster.solver.types import Placement, SolveInput


def pinned_violations(inp: SolveInput) -> list[Violation]:
    """Every way in which the pinned assignments alone break a hard rule."""
    out: list[Violation] = []
    filled: dict[tuple[str, str], list[str]] = {}
    items: dict[str, list[WorkItem]] = {}
    for p in inp.pinned:
        officer = inp.officer_by_id[p.officer]
        shift = inp.shift_by_id[p.shift]
        ids = (p.shift,)
        if p.skill not in officer.skills:
            out.append(
                Violation(
                    RuleId.QUALIFICATION, p.officer, ids, f"pinned as {p.skill} without that skill"
                )
            )
        block = static_block(inp, officer, shift)
        if block is not None and block[0] is Block.UNAVAILABLE:
            out.append(Violation(RuleId.AVAILABILITY, p.officer, ids, f"pinned but {block[1]}"))
        filled.setdefault((p.shift, p.skill), []).append(p.officer)
        items.setdefault(p.officer, []).append(shift.work_item())
    for (shift_id, skill), officers in filled.items():
        need = inp.shift_by_id[shift_id].demand.get(skill, 0)
        if len(officers) > need:
            out.append(
                Violation(
                    RuleId.OVER_STAFFING,
                    None,
                    (shift_id,),
                    f"{len(officers)} pinned as {skill} on {shift_id} "
                    f"({', '.join(officers)}), demand is {need}",
                )
            )
    for officer_id, officer_items in items.items():
        officer = inp.officer_by_id[officer_id]
        out.extend(
            check_officer(
                officer_items,
                inp.params,
                officer.history.rules_history(),
                officer=officer_id,
                night_exempt=officer.night_exempt,
            )
        )
    out.extend(pinned_mentor_violations(inp))
    return out


def check_assignments(inp: SolveInput, assignments: list[Placement]) -> list[Violation]:
    """Every hard rule, recomputed from the assignments."""
    out: list[Violation] = []

    def bad(rule: RuleId, officer: str | None, shift: str, message: str) -> None:
        out.append(Violation(rule, officer, (shift,), message))

    seen: set[tuple[str, str]] = set()
    filled: dict[tuple[str, str], int] = {}
    items: dict[str, list[WorkItem]] = {}
    pinned = {(p.officer, p.shift) for p in inp.pinned}
    for p in assignments:
        officer = inp.officer_by_id.get(p.officer)
        shift = inp.shift_by_id.get(p.shift)
        if officer is None or shift is None:
            bad(RuleId.UNKNOWN_ID, p.officer, p.shift, f"unknown id in {p}")
            continue
        if (p.officer, p.shift) in seen:
            bad(RuleId.ONE_PLACE, p.officer, p.shift, f"{p.officer} holds two places in {p.shift}")
            continue
        seen.add((p.officer, p.shift))
        if p.skill not in officer.skills:
            bad(RuleId.QUALIFICATION, p.officer, p.shift, f"{p.officer} lacks {p.skill}")
        u = unavailability(inp, p.officer, shift)
        if u is not None:
            bad(RuleId.AVAILABILITY, p.officer, p.shift, f"{p.officer} is unavailable ({u.reason})")
        if (
            not inp.params.unsigned_allowed
            and (p.officer, p.shift) not in inp.signup_by_key
            and (p.officer, p.shift) not in pinned
        ):
            bad(RuleId.SIGNUPS_ONLY, p.officer, p.shift, f"{p.officer} did not sign up")
        filled[p.shift, p.skill] = filled.get((p.shift, p.skill), 0) + 1
        items.setdefault(p.officer, []).append(shift.work_item())
    for (shift_id, skill), count in sorted(filled.items()):
        need = inp.shift_by_id[shift_id].demand.get(skill, 0)
        if count > need:
            bad(RuleId.OVER_STAFFING, None, shift_id, f"{count} placed as {skill}, demand {need}")
    kept = {(p.officer, p.shift, p.skill) for p in assignments}
    for p in inp.pinned:
        if (p.officer, p.shift, p.skill) not in kept:
            bad(
                RuleId.PINNED_KEPT,
                p.officer,
                p.shift,
                f"pinned {p.officer} as {p.skill} is missing",
            )
    for officer_id, officer_items in sorted(items.items()):
        officer = inp.officer_by_id[officer_id]
        out.extend(
            check_officer(
                officer_items,
                inp.params,
                officer.history.rules_history(),
                officer=officer_id,
                night_exempt=officer.night_exempt,
            )
        )
    out.extend(mentor_violations(inp, assignments))
    out.extend(fatigue_violations(inp, assignments))
    return out
