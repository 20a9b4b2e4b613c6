"""Reasons a planner can read for every place left empty.

For each shortfall: which skill is missing, who holds it, and for every holder what kept
him off this shift: a static obstacle (no such skill needed, leave/sickness, night
exemption, sign-up policy, the shift before the period), being on the shift already, or
the working-time rule that adding the shift would break given the rest of his roster
(including "busy elsewhere" when it overlaps another of his shifts). A holder blocked by
nothing is reported as such: the solver left him out (time limit or objective).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from roster.rules import RuleId, WorkItem
from roster.solver.baseline import added_violations
from roster.solver.eligibility import shift_length_violations, static_block
from roster.solver.types import Placement, Shortfall, SolveInput

#: At most this many per-officer lines per shortfall (the summary line counts all).
MAX_OFFICER_LINES = 25


def explain_shortfalls(
    inp: SolveInput,
    assignments: Sequence[Placement],
    missing: Mapping[tuple[str, str], int],
) -> tuple[Shortfall, ...]:
    items: dict[str, list[WorkItem]] = {o.id: [] for o in inp.officers}
    where: dict[tuple[str, str], str] = {}
    for p in assignments:
        items[p.officer].append(inp.shift_by_id[p.shift].work_item())
        where[p.officer, p.shift] = p.skill
    out = []
    for shift in inp.shifts:  # input order
        for skill in shift.demand:
            if (shift.id, skill) not in missing:
                continue
            reasons = _reasons(inp, shift.id, skill, missing[shift.id, skill], items, where)
            out.append(Shortfall(shift.id, skill, missing[shift.id, skill], tuple(reasons)))
    return tuple(out)


def _reasons(
    inp: SolveInput,
    shift_id: str,
    skill: str,
    count: int,
    items: Mapping[str, list[WorkItem]],
    where: Mapping[tuple[str, str], str],
) -> list[str]:
    shift = inp.shift_by_id[shift_id]
    need = shift.demand[skill]
    head = f"{count} of {need} place(s) for {skill} empty"
    length = shift_length_violations(shift, inp.params)
    if length:
        return [f"{head}: {length[0].message} ({length[0].rule}); such a shift is never filled"]
    holders = [o for o in inp.officers if skill in o.skills]
    if not holders:
        return [f"{head}: no officer in the team holds {skill}"]
    lines: list[str] = []
    kinds: Counter[str] = Counter()
    for o in holders:
        if (o.id, shift_id) in where:
            other = where[o.id, shift_id]
            kinds["on this shift already"] += 1
            lines.append(f"{o.id}: works this shift already (as {other})")
            continue
        block = static_block(inp, o, shift)
        if block is not None:
            kinds[str(block[0]).replace("_", " ")] += 1
            lines.append(f"{o.id}: {block[1]}")
            continue
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
                others = [s for s in v.shift_ids if s != shift_id]
                kinds["busy elsewhere"] += 1
                lines.append(f"{o.id}: busy elsewhere (works {', '.join(others)} at that time)")
            else:
                kinds[f"would break {v.rule}"] += 1
                lines.append(f"{o.id}: would break {v.rule}: {v.message}")
            continue
        kinds["not blocked by any rule"] += 1
        lines.append(
            f"{o.id}: no rule blocks this; left out by the solver (time limit or objective)"
        )
    summary = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    first = f"{head}; {len(holders)} officer(s) hold {skill}: {summary}"
    if len(lines) > MAX_OFFICER_LINES:
        extra = len(lines) - MAX_OFFICER_LINES
        lines = [*lines[:MAX_OFFICER_LINES], f"... and {extra} more officer(s)"]
    return [first, *lines]
