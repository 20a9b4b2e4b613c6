"""Wish swaps: raise the lowest want-grant rates by lawful swaps, without CP-SAT.

On a large team the ``wishes`` stage's CP-SAT search rarely finds a roster that raises the
officers at the lowest rate: such an officer's wanted shifts are full, and freeing him, a
holder of the shift and a window is a neighbourhood the search draws seldom and solves
slowly. A swap does it directly: officer A, at a low rate, takes a shift ``s`` he wants from
its holder B (same place, same skill), and B takes over a placement ``t`` of A's (A's place,
A's skill), or takes nothing (a transfer). Every place stays filled as it was, so the
shortfall (and every cover count) is unchanged; the move is taken only when

- A and B may lawfully work their new rosters (``roster.rules.check_officer`` on each
  officer's whole roster, and the fatigue cap), no pinned placement moves, B may work ``t``
  in that skill (``eligibility``);
- every fairness family's deviation of A and of B stays at most that family's worst
  deviation on the roster before (the fairness stage's held values);
- the pair's grant rates improve in leximin order (sorted ascending, the first that differs
  is higher): leximin is separable, so the team's sorted rates improve too.

``raise_by_swaps`` walks the officers with wants from the lowest rate up and takes the first
move found for the lowest officer that has one, then starts again from the lowest, until a
sweep finds nothing or the deadline passes. The returned roster is checked in full
(``hard_rules.check_assignments``); when a rule the per-officer checks do not see breaks, the
moves are made again with a full check after each, and a move that breaks a rule is undone
(with trainees, whose mentors are a rule between officers, every move is checked so). The
caller compares the stage key before taking it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from roster.rules import check_officer
from roster.solver.eligibility import Candidates
from roster.solver.fatigue import added_fatigue, limits
from roster.solver.figures import RATE_SCALE, FairnessFamily, fairness_families, family_loads
from roster.solver.hard_rules import check_assignments
from roster.solver.training import trainings
from roster.solver.types import Placement, SolveInput, Wish
from roster.solver.window import reach_days


@dataclass(frozen=True)
class Swap:
    """A takes ``take`` (B's placement, now his); B takes ``give`` (A's, now B's) or nothing."""

    taker: str
    holder: str
    take: Placement
    give: Placement | None

    def removed(self) -> tuple[Placement, ...]:
        return (self.take,) if self.give is None else (self.take, self.give)

    def added(self) -> tuple[Placement, ...]:
        got = Placement(self.taker, self.take.shift, self.take.skill)
        if self.give is None:
            return (got,)
        return (got, Placement(self.holder, self.give.shift, self.give.skill))


def _rate(granted: int, wants: int) -> int:
    return RATE_SCALE * granted // wants


class _Swaps:
    """A lawful roster and the incremental checks of a swap on it."""

    def __init__(
        self,
        inp: SolveInput,
        cands: Candidates,
        roster: Sequence[Placement],
        families: Sequence[FairnessFamily],
        worst: dict[str, int],
    ) -> None:
        self.inp = inp
        self.cands = cands
        self.families = list(families)
        self.worst = worst
        self.limits = limits(inp)
        self.pinned = {(p.officer, p.shift) for p in inp.pinned}
        self.order = {o.id: k for k, o in enumerate(inp.officers)}
        self.wants: dict[str, set[str]] = {}
        for su in inp.signups:
            if su.wish is Wish.WANT:
                self.wants.setdefault(su.officer, set()).add(su.shift)
        self.wanted_by: dict[str, list[str]] = {}
        for officer, shifts in self.wants.items():
            for shift_id in shifts:
                self.wanted_by.setdefault(shift_id, []).append(officer)
        self.by_officer: dict[str, dict[str, Placement]] = {o.id: {} for o in inp.officers}
        self.holders: dict[tuple[str, str], list[str]] = {}
        for p in roster:
            self.by_officer[p.officer][p.shift] = p
            self.holders.setdefault((p.shift, p.skill), []).append(p.officer)
        worked = {o: list(shifts) for o, shifts in self.by_officer.items()}
        self.loads = [family_loads(fam, worked) for fam in self.families]
        self.granted = {o: len(w & self.by_officer[o].keys()) for o, w in self.wants.items()}
        self.checks = 0
        self.near = 2 * reach_days(inp.params) + 1

    def placements(self) -> list[Placement]:
        return [p for mine in self.by_officer.values() for p in mine.values()]

    def rate(self, officer: str) -> int:
        return _rate(self.granted[officer], len(self.wants[officer]))

    # --- the checks of one swap ---------------------------------------------------------

    def fair(self, officer: str, out: Placement | None, into: Placement | None) -> bool:
        """Every family's deviation of ``officer`` at most its worst, ``out`` given up and
        ``into`` taken."""
        for fam, loads in zip(self.families, self.loads, strict=True):
            if officer not in fam.weight:
                continue
            load = loads[officer]
            if out is not None:
                load -= fam.contribution.get(out.shift, 0)
            if into is not None:
                load += fam.contribution.get(into.shift, 0)
            if load != loads[officer] and fam.deviation(officer, load) > self.worst[fam.name]:
                return False
        return True

    def lawful(self, officer: str, out: Placement | None, into: Placement | None) -> bool:
        """``officer``'s roster without ``out`` and with ``into`` breaks no working-time rule
        (around both: giving up a shift may break a series' rest) nor the fatigue cap. His
        shifts farther from both than ``near`` days are left out: the roster was lawful, so a
        broken rule involves a changed shift, and a rule links shifts at most ``reach_days``
        apart (leaving shifts out only ever hides a series' continuation, a stricter check;
        ``raise_by_swaps`` checks the result in full)."""
        self.checks += 1
        shift_by_id = self.inp.shift_by_id
        days = [shift_by_id[p.shift].day for p in (out, into) if p is not None]
        items = [
            item
            for s in self.by_officer[officer]
            if (out is None or s != out.shift)
            and any(abs((item := shift_by_id[s].work_item()).day - d) <= self.near for d in days)
        ]
        o = self.inp.officer_by_id[officer]
        if into is not None:
            new = shift_by_id[into.shift].work_item()
            if added_fatigue(self.inp, officer, items, new, self.limits):
                return False
            items.append(new)
        return not check_officer(
            items,
            self.inp.params,
            o.history.rules_history(),
            officer=officer,
            night_exempt=o.night_exempt,
        )

    def better(self, swap: Swap) -> bool:
        """The pair's sorted grant rates rise in leximin order."""
        a, b = swap.taker, swap.holder
        gain_a = 1 - int(swap.give is not None and swap.give.shift in self.wants.get(a, ()))
        if gain_a <= 0:
            return False
        before = [self.rate(a)]
        after = [_rate(self.granted[a] + gain_a, len(self.wants[a]))]
        if b in self.wants:
            mine = self.wants[b]
            granted = self.granted[b] - int(swap.take.shift in mine)
            granted += int(swap.give is not None and swap.give.shift in mine)
            before.append(self.rate(b))
            after.append(_rate(granted, len(mine)))
        return sorted(after) > sorted(before)

    # --- finding and making swaps --------------------------------------------------------

    def movable(self, officer: str) -> list[Placement]:
        shift_by_id = self.inp.shift_by_id
        out = [
            p for p in self.by_officer[officer].values() if (p.officer, p.shift) not in self.pinned
        ]
        return sorted(out, key=lambda p: (shift_by_id[p.shift].start, p.shift))

    def find(self, a: str, deadline: float | None) -> Swap | None:
        """The first swap (in shift, holder, time order; transfers first) that raises ``a``."""
        mine = self.by_officer[a]
        gives: list[Placement | None] = [None, *self.movable(a)]
        for shift_id in sorted(self.wants[a] - mine.keys()):
            for skill in self.cands.skills.get((a, shift_id), ()):
                holders = [
                    b
                    for b in sorted(
                        self.holders.get((shift_id, skill), ()), key=self.order.__getitem__
                    )
                    if (b, shift_id) not in self.pinned
                ]
                if not holders:
                    continue
                take_a = Placement(a, shift_id, skill)
                for give in gives:
                    if deadline is not None and time.perf_counter() > deadline:
                        return None
                    if give is not None and give.shift == shift_id:
                        continue
                    if not self.fair(a, give, take_a):
                        continue
                    a_ok: bool | None = None  # checked once a holder passes the cheap checks
                    for b in holders:
                        take = self.by_officer[b][shift_id]
                        swap = Swap(a, b, take, give)
                        if not self.better(swap):
                            continue
                        into = None
                        if give is not None:
                            if give.shift in self.by_officer[b]:
                                continue
                            if give.skill not in self.cands.skills.get((b, give.shift), ()):
                                continue
                            into = Placement(b, give.shift, give.skill)
                        if not self.fair(b, take, into):
                            continue
                        if a_ok is None:
                            a_ok = self.lawful(a, give, take_a)
                        if not a_ok:
                            break
                        if self.lawful(b, take, into):
                            return swap
        return None

    def apply(self, swap: Swap) -> None:
        self._move(swap.removed(), swap.added())

    def undo(self, swap: Swap) -> None:
        self._move(swap.added(), swap.removed())

    def _move(self, out: Iterable[Placement], into: Iterable[Placement]) -> None:
        for p in out:
            self._place(p, -1)
            del self.by_officer[p.officer][p.shift]
            self.holders[p.shift, p.skill].remove(p.officer)
        for p in into:
            self.by_officer[p.officer][p.shift] = p
            self.holders.setdefault((p.shift, p.skill), []).append(p.officer)
            self._place(p, 1)

    def _place(self, p: Placement, sign: int) -> None:
        for fam, loads in zip(self.families, self.loads, strict=True):
            if p.officer in loads:
                loads[p.officer] += sign * fam.contribution.get(p.shift, 0)
        if p.shift in self.wants.get(p.officer, ()):
            self.granted[p.officer] += sign


def _run(
    inp: SolveInput,
    cands: Candidates,
    roster: Sequence[Placement],
    families: Sequence[FairnessFamily],
    worst: dict[str, int],
    *,
    check_each: bool,
    deadline: float | None,
) -> tuple[list[Placement], list[Swap]]:
    state = _Swaps(inp, cands, roster, families, worst)
    taken: list[Swap] = []
    failed: set[str] = set()  # officers no swap raises (until a swap changes the roster)
    while deadline is None or time.perf_counter() < deadline:
        ranked = sorted(
            (o for o in state.wants if o not in failed),
            key=lambda o: (state.rate(o), state.order[o]),
        )
        for a in ranked:
            swap = state.find(a, deadline)
            if swap is None:
                failed.add(a)
                continue
            state.apply(swap)
            if check_each and check_assignments(inp, state.placements()):
                state.undo(swap)
                failed.add(a)
                continue
            taken.append(swap)
            # only an officer who wants a shift of the two swapped officers may find a swap
            # he did not find before: no other officer's roster, holders or partners changed
            for officer in (swap.taker, swap.holder):
                for shift_id in state.by_officer[officer]:
                    failed.difference_update(state.wanted_by.get(shift_id, ()))
            if swap.give is not None:
                failed.difference_update(state.wanted_by.get(swap.give.shift, ()))
            failed.difference_update(state.wanted_by.get(swap.take.shift, ()))
            break
        else:
            break
    return state.placements(), taken


def raise_by_swaps(
    inp: SolveInput,
    cands: Candidates,
    roster: Sequence[Placement],
    worst: dict[str, int],
    *,
    deadline: float | None = None,
) -> tuple[list[Placement], list[Swap]]:
    """``roster`` with the lowest want-grant rates raised by swaps (module doc), and the
    swaps made. ``roster`` must be lawful; so is the result. ``worst``: per fairness family
    the worst deviation no swapped officer may exceed (the family's worst on ``roster`` when
    missing). From ``deadline`` on (``time.perf_counter()``) no further swap is searched."""
    families = fairness_families(inp, cands)
    worked: dict[str, list[str]] = {}
    for p in roster:
        worked.setdefault(p.officer, []).append(p.shift)
    limit = dict(worst)
    for fam in families:
        if fam.name not in limit:
            loads = family_loads(fam, worked)
            limit[fam.name] = max((fam.deviation(o, x) for o, x in loads.items()), default=0)
    # a trainee's mentor is a rule between officers: with trainees, check in full each time
    check_each = bool(trainings(inp))
    placed, taken = _run(
        inp, cands, roster, families, limit, check_each=check_each, deadline=deadline
    )
    if check_each or not taken or not check_assignments(inp, placed):
        return placed, taken
    # the full check is not timed: a roster that breaks a rule is never returned
    return _run(inp, cands, roster, families, limit, check_each=True, deadline=deadline)
