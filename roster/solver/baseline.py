"""First-come greedy roster: the benchmark baseline and the solver's default hint.

Shifts in time order; per shift the scarcest skill first; per place the sign-ups in filing
order (``want``/``can`` before ``rather_not``), then, when unsigned shifts are allowed, the
other officers in input order. A candidate is taken only if ``roster.rules`` finds no new
violation, so the result is lawful. Pinned assignments are placed first.
"""

from __future__ import annotations

from collections.abc import Sequence

from roster.rules import (
    LOOKAROUND_DAYS,
    History,
    RuleId,
    RuleParams,
    Violation,
    WorkItem,
    check_officer,
)
from roster.solver.eligibility import Candidates, candidates, fillable
from roster.solver.fatigue import added_fatigue, limits
from roster.solver.figures import compute_figures, fairness_families
from roster.solver.types import Placement, SolveInput, Wish


def _key(v: Violation) -> tuple[RuleId, tuple[str, ...]]:
    return v.rule, v.shift_ids


def added_violations(
    items: Sequence[WorkItem],
    new: WorkItem,
    params: RuleParams,
    history: History,
    *,
    officer: str | None = None,
    night_exempt: bool = False,
) -> list[Violation]:
    """Violations that adding ``new`` to the lawful-or-not ``items`` creates. Only items
    within ``LOOKAROUND_DAYS`` of it are checked: farther ones cannot gain a violation."""
    local = [i for i in items if abs(i.day - new.day) <= LOOKAROUND_DAYS]
    before = {
        _key(v)
        for v in check_officer(local, params, history, officer=officer, night_exempt=night_exempt)
    }
    after = check_officer(
        [*local, new], params, history, officer=officer, night_exempt=night_exempt
    )
    return [v for v in after if _key(v) not in before]


def greedy(
    inp: SolveInput,
    cands: Candidates | None = None,
    *,
    fair: bool = False,
    only_days: tuple[int, int] | None = None,
) -> list[Placement]:
    """First-come greedy; with ``fair`` the candidates of each place are taken most-behind
    first (largest gap to the fairness targets), ``want`` before others and ``rather_not``
    last: not a baseline but a better solution hint. ``only_days`` (first, last) fills only
    the shifts starting on those local days (a repair's window)."""
    cands = cands if cands is not None else candidates(inp)
    params = inp.params
    placements: list[Placement] = list(inp.pinned)
    fatigue_limits = limits(inp)
    items: dict[str, list[WorkItem]] = {o.id: [] for o in inp.officers}
    on_shift: set[tuple[str, str]] = set()
    filled: dict[tuple[str, str], int] = {}
    for p in inp.pinned:
        items[p.officer].append(inp.shift_by_id[p.shift].work_item())
        on_shift.add((p.officer, p.shift))
        filled[p.shift, p.skill] = filled.get((p.shift, p.skill), 0) + 1

    signed: dict[str, list[str]] = {}
    late: dict[str, list[str]] = {}
    for su in sorted(inp.signups, key=lambda su: su.order):
        (late if su.wish is Wish.RATHER_NOT else signed).setdefault(su.shift, []).append(su.officer)
    holders: dict[str, int] = {}
    for o in inp.officers:
        for k in o.skills:
            holders[k] = holders.get(k, 0) + 1

    families = fairness_families(inp, cands) if fair else []
    loads = {(f.name, o): f.base[o] for f in families for o in f.weight}

    def behind(officer: str, shift_id: str) -> float:
        gap = 0.0
        for f in families:
            c = f.contribution.get(shift_id, 0)
            if c and officer in f.weight:
                gap += (f.target[officer] - loads[f.name, officer]) / f.unit
        su = inp.signup_by_key.get((officer, shift_id))
        if su is not None and su.wish is Wish.WANT:
            gap += 1.0
        return gap

    for shift in sorted(inp.shifts, key=lambda s: (s.start, s.end, s.id)):
        if not fillable(shift, params):
            continue
        if only_days is not None and not only_days[0] <= shift.day <= only_days[1]:
            continue
        order = [*signed.get(shift.id, []), *late.get(shift.id, [])]
        if params.unsigned_allowed:
            listed = set(order)
            order += [o.id for o in inp.officers if o.id not in listed]
        if fair:
            rather = set(late.get(shift.id, []))
            order.sort(key=lambda o: (o in rather, -behind(o, shift.id)))
        item = shift.work_item()
        for skill in sorted(shift.demand, key=lambda k: (holders.get(k, 0), k)):
            for officer in order:
                if filled.get((shift.id, skill), 0) >= shift.demand[skill]:
                    break
                if (officer, shift.id) in on_shift or skill not in cands.skills.get(
                    (officer, shift.id), ()
                ):
                    continue
                o = inp.officer_by_id[officer]
                if added_violations(
                    items[officer],
                    item,
                    params,
                    o.history.rules_history(),
                    night_exempt=o.night_exempt,
                ) or added_fatigue(inp, officer, items[officer], item, fatigue_limits):
                    continue
                placements.append(Placement(officer, shift.id, skill))
                for f in families:
                    if officer in f.weight:
                        loads[f.name, officer] += f.contribution.get(shift.id, 0)
                items[officer].append(item)
                on_shift.add((officer, shift.id))
                filled[shift.id, skill] = filled.get((shift.id, skill), 0) + 1
    return placements


def best_hint(inp: SolveInput, cands: Candidates | None = None) -> list[Placement]:
    """The better (by the objective) of the first-come and the fairness-aware greedy."""
    cands = cands if cands is not None else candidates(inp)
    options = [greedy(inp, cands), greedy(inp, cands, fair=True)]
    return min(options, key=lambda p: compute_figures(inp, p, cands).objective)
