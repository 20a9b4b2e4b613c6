"""Static eligibility: which officer may ever take which shift, for which skills, and why not.

"Static" means decided by one officer and one shift alone (skills, availability, night
exemption, shift length, sign-up policy, the last shift before the horizon). Rules that
depend on the combination of shifts (rest, windows, series) are the model's job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from roster.rules import (
    RuleId,
    RuleParams,
    Violation,
    check_max_shift,
    check_night_max_len,
    fmt_minutes,
    required_rest_after,
)
from roster.solver.types import OfficerData, ShiftData, SolveInput, Unavailability


class Block(StrEnum):
    NO_SKILL = "no_skill"
    SHIFT_LENGTH = "shift_length"
    UNAVAILABLE = "unavailable"
    NIGHT_EXEMPT = "night_exempt"
    NOT_SIGNED_UP = "not_signed_up"
    PREVIOUS_SHIFT = "previous_shift"


def shift_length_violations(shift: ShiftData, params: RuleParams) -> list[Violation]:
    """``atw.max_shift`` / ``atw.night_max_len`` on the shift itself: such a shift is never
    filled and reported as a shortfall."""
    item = shift.work_item()
    return [*check_max_shift([item], params), *check_night_max_len([item], params)]


def fillable(shift: ShiftData, params: RuleParams) -> bool:
    return not shift_length_violations(shift, params)


def unavailability(inp: SolveInput, officer: str, shift: ShiftData) -> Unavailability | None:
    for u in inp.unavailable_by_officer.get(officer, ()):
        if u.start < shift.end and shift.start < u.end:
            return u
    return None


def skills_for(officer: OfficerData, shift: ShiftData) -> tuple[str, ...]:
    """Skills of the officer that the shift asks for (demand > 0)."""
    return tuple(k for k in officer.skills if shift.demand.get(k, 0) > 0)


def static_block(
    inp: SolveInput, officer: OfficerData, shift: ShiftData
) -> tuple[Block, str] | None:
    """First reason why ``officer`` can never take ``shift``, or ``None``."""
    params = inp.params
    if not skills_for(officer, shift):
        wanted = ", ".join(sorted(k for k, n in shift.demand.items() if n > 0)) or "nothing"
        return Block.NO_SKILL, f"lacks the skills asked ({wanted})"
    length = shift_length_violations(shift, params)
    if length:
        return Block.SHIFT_LENGTH, f"{length[0].message} ({length[0].rule})"
    u = unavailability(inp, officer.id, shift)
    if u is not None:
        return Block.UNAVAILABLE, f"unavailable ({u.reason})"
    if officer.night_exempt and shift.night:
        return Block.NIGHT_EXEMPT, f"exempt from night shifts ({RuleId.NIGHT_EXEMPT})"
    hist = officer.history
    if hist.last_shift_end is not None:
        if shift.start < hist.last_shift_end:
            return Block.PREVIOUS_SHIFT, f"still on the shift before the period ({RuleId.OVERLAP})"
        need = required_rest_after(hist.last_shift_night, params)
        if shift.start - hist.last_shift_end < need:
            rule = RuleId.REST_AFTER_NIGHT if hist.last_shift_night else RuleId.DAILY_REST
            gap = fmt_minutes(shift.start - hist.last_shift_end)
            return (
                Block.PREVIOUS_SHIFT,
                f"only {gap} rest after the shift before the period ({rule})",
            )
    if not params.unsigned_allowed and (officer.id, shift.id) not in inp.signup_by_key:
        return Block.NOT_SIGNED_UP, "did not sign up (unsigned shifts not allowed)"
    return None


@dataclass(frozen=True)
class Candidates:
    """Officer-shift pairs the model may use, with the skills each may be used for."""

    skills: Mapping[tuple[str, str], tuple[str, ...]]
    by_officer: Mapping[str, Sequence[ShiftData]]
    by_shift: Mapping[str, Sequence[str]]

    def has(self, officer: str, shift: str) -> bool:
        return (officer, shift) in self.skills


def candidates(inp: SolveInput) -> Candidates:
    """All statically allowed pairs, plus pinned pairs whose only obstacle is the sign-up
    policy (a planner's pin overrides it). Shifts per officer are sorted by start."""
    pinned = {(p.officer, p.shift) for p in inp.pinned}
    skills: dict[tuple[str, str], tuple[str, ...]] = {}
    by_officer: dict[str, list[ShiftData]] = {o.id: [] for o in inp.officers}
    by_shift: dict[str, list[str]] = {s.id: [] for s in inp.shifts}
    ordered = sorted(inp.shifts, key=lambda s: (s.start, s.end, s.id))
    for officer in inp.officers:
        for shift in ordered:
            block = static_block(inp, officer, shift)
            if block is not None and not (
                block[0] is Block.NOT_SIGNED_UP and (officer.id, shift.id) in pinned
            ):
                continue
            skills[officer.id, shift.id] = skills_for(officer, shift)
            by_officer[officer.id].append(shift)
            by_shift[shift.id].append(officer.id)
    return Candidates(skills, by_officer, by_shift)
