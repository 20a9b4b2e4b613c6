"""A repair's starting roster and its change list.

``start_roster`` is where a repair begins and what it falls back on: the published roster
(``previous``) minus the lost placements (``window.lost_placements``), minus whatever of it
now breaks a rule (rare: a changed rule parameter or history), with the holes inside the
repair window refilled by the lawful fairness-aware greedy. It is never a fresh roster: every
placement outside the window stays as published.

``changed_officers`` lists every officer whose roster differs from ``previous`` with a reason
code (``types.ChangeReason``) and its parameters, so the consent step can ask exactly them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from roster.rules import RuleId
from roster.solver.baseline import greedy
from roster.solver.eligibility import Candidates
from roster.solver.hard_rules import check_assignments
from roster.solver.types import ChangeReason, OfficerChange, Placement, SolveInput
from roster.solver.window import RepairWindow, lost_placements, repair_window


def _lawful_part(inp: SolveInput, kept: list[Placement]) -> list[Placement]:
    """``kept`` minus, one at a time, the latest non-pinned placement of each broken rule
    until no rule breaks (the pinned ones were checked lawful by ``solve``)."""
    pinned = {(p.officer, p.shift) for p in inp.pinned}
    roster = list(kept)
    for _ in range(len(kept) + 1):
        broken = [v for v in check_assignments(inp, roster) if v.rule != RuleId.PINNED_KEPT]
        if not broken:
            return roster
        v = broken[0]
        culprits = [
            p
            for p in roster
            if p.officer == v.officer
            and p.shift in v.shift_ids
            and (p.officer, p.shift) not in pinned
        ]
        if not culprits:
            culprits = [
                p for p in roster if p.shift in v.shift_ids and (p.officer, p.shift) not in pinned
            ]
        if not culprits:  # pragma: no cover - only pinned placements break it: checked before
            return list(inp.pinned)
        drop = max(culprits, key=lambda p: (inp.shift_by_id[p.shift].start, p))
        roster.remove(drop)
    return list(inp.pinned)  # pragma: no cover - the loop removes one placement per round


def start_roster(inp: SolveInput, cands: Candidates) -> tuple[list[Placement], RepairWindow | None]:
    """The published roster minus the lost places, kept lawful, refilled inside the repair
    window (``window.repair_window`` around the lost and the dropped placements); and that
    window. Nothing is refilled without a window (nothing lost, no place empty)."""
    lost = {lp.placement for lp in lost_placements(inp, cands)}
    pinned = {(p.officer, p.shift) for p in inp.pinned}
    kept = [p for p in inp.previous or () if p not in lost and (p.officer, p.shift) not in pinned]
    lawful = _lawful_part(inp, [*inp.pinned, *kept])
    dropped = sorted(set(kept) - set(lawful))
    window = repair_window(inp, cands, dropped)
    if window is None:
        return lawful, None
    staged = dataclasses.replace(inp, pinned=tuple(lawful), previous=None)
    return greedy(staged, cands, fair=True, only_days=(window.first, window.last)), window


def changed_officers(
    inp: SolveInput, assignments: Sequence[Placement], cands: Candidates
) -> tuple[OfficerChange, ...]:
    """Every officer whose roster differs from ``previous``, in input order, with a reason:
    ``place_lost`` (his own placements are no longer allowed; ``params.block`` names the
    obstacle, e.g. ``unavailable``, ``params.lost`` the shifts), else ``covers_lost_place``
    (he takes a shift on which a place was lost; ``params.covers`` lists those shifts), else
    ``knock_on`` (his roster moved to make room for a cover or keep the rules)."""
    if not inp.repair or inp.previous is None:
        return ()
    lost = lost_placements(inp, cands)
    lost_by_officer: dict[str, list[str]] = {}
    block_of: dict[str, str] = {}
    for lp in lost:
        lost_by_officer.setdefault(lp.placement.officer, []).append(lp.placement.shift)
        block_of.setdefault(lp.placement.officer, str(lp.block or "skill_not_asked"))
    lost_shifts = {lp.placement.shift for lp in lost}
    before = {(p.officer, p.shift): p.skill for p in inp.previous}
    after = {(p.officer, p.shift): p.skill for p in assignments}
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for key in before.keys() | after.keys():
        if before.get(key) == after.get(key):
            continue
        officer, shift = key
        if key in after:
            added.setdefault(officer, []).append(shift)
        if key in before:
            removed.setdefault(officer, []).append(shift)
    order = {s.id: (s.start, s.id) for s in inp.shifts}
    out = []
    for o in inp.officers:
        if o.id not in added and o.id not in removed:
            continue
        plus = tuple(sorted(added.get(o.id, ()), key=order.__getitem__))
        minus = tuple(sorted(removed.get(o.id, ()), key=order.__getitem__))
        if o.id in lost_by_officer:
            lost_here = sorted(lost_by_officer[o.id], key=order.__getitem__)
            change = OfficerChange(
                o.id,
                ChangeReason.PLACE_LOST,
                plus,
                minus,
                {"block": block_of[o.id], "lost": lost_here},
            )
        elif covers := [s for s in plus if s in lost_shifts]:
            change = OfficerChange(
                o.id, ChangeReason.COVERS_LOST_PLACE, plus, minus, {"covers": covers}
            )
        else:
            change = OfficerChange(o.id, ChangeReason.KNOCK_ON, plus, minus, {})
        out.append(change)
    return tuple(out)
