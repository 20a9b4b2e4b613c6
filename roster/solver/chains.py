"""Ejection chains: fill a repair's empty places by moving colleagues, without CP-SAT.

A repair starts from the published roster minus the lost places, refilled by the greedy
(``repair.start_roster``): an officer takes an empty place when he can lawfully add it to
his roster as it stands. A place the greedy cannot fill that way is often filled by a short
chain: officer A takes the empty place and gives up a placement ``t`` of his own that stands
in the way (a shift too close before or after it, his week's hours, his place of another
skill on the same shift), and colleague B, who can lawfully take ``t``, takes it; when no
one can take ``t`` as his roster stands, B gives up a placement ``u`` in his way and C takes
that (``MAX_MOVES`` = 2 moves after A's).

``fill_by_chains`` tries, for every empty place inside the repair window in time order,
first the direct fills and then the chains inside the window, and takes the one that
changes the fewest placements of colleagues against ``previous`` (never more than
``CHANGES_PER_PLACE``: a place is not filled by reshuffling the team; a chain of two moves
fits only where a move costs nothing, e.g. an absent officer working outside his absence,
or A's change of skill on his own shift). Ties go to the earliest officer in input order,
then the earliest shift, so the result is reproducible; the rule checks per place are
capped (``MAX_CHECKS``), not timed.

It costs a few thousand incremental rule checks and no CP-SAT, so it runs before the first
stage: the first seconds of a short repair go to the empty places, not to a whole-model
presolve (measured on the 60 x 28 repair at 2 s: the shortfall stage got 0.5 s and found no
solution; docs/benchmarks.md). Every roster it returns passes
``hard_rules.check_assignments``; a chain the full check rejects (a mentor left alone) is
not taken.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from roster.rules import RuleId, Violation, WorkItem, check_officer
from roster.solver.eligibility import Candidates
from roster.solver.fatigue import added_fatigue, limits
from roster.solver.hard_rules import check_assignments
from roster.solver.stage_search import CHANGES_PER_PLACE
from roster.solver.types import Placement, SolveInput
from roster.solver.window import RepairWindow, absent_officers, reach_days


@dataclass(frozen=True)
class Chain:
    """One empty place filled: the placements taken out (``removed``: A's, B's) and put in
    (``added``: A on the place, B on A's, C on B's), and what that does to the changes of
    colleagues."""

    place: tuple[str, str]  # (shift, skill)
    removed: tuple[Placement, ...]
    added: tuple[Placement, ...]
    changes: int  # the change in changes of colleagues against ``previous``


@dataclass
class _Roster:
    """A lawful roster with per-officer work items, updated chain by chain."""

    inp: SolveInput
    placements: list[Placement]

    def __post_init__(self) -> None:
        self.by_officer: dict[str, dict[str, Placement]] = {o.id: {} for o in self.inp.officers}
        for p in self.placements:
            self.by_officer[p.officer][p.shift] = p

    def items(self, officer: str, without: str | None = None) -> list[WorkItem]:
        shift_by_id = self.inp.shift_by_id
        return [shift_by_id[s].work_item() for s in self.by_officer[officer] if s != without]

    def apply(self, chain: Chain) -> None:
        self._move(chain.removed, chain.added)

    def undo(self, chain: Chain) -> None:
        self._move(chain.added, chain.removed)

    def _move(self, out: Sequence[Placement], into: Sequence[Placement]) -> None:
        for p in out:
            self.placements.remove(p)
            del self.by_officer[p.officer][p.shift]
        for p in into:
            self.placements.append(p)
            self.by_officer[p.officer][p.shift] = p


def _missing(inp: SolveInput, roster: Sequence[Placement]) -> list[tuple[str, str]]:
    """Every empty place (shift, skill), once per missing officer, in time order."""
    filled: dict[tuple[str, str], int] = {}
    for p in roster:
        filled[p.shift, p.skill] = filled.get((p.shift, p.skill), 0) + 1
    out = []
    for shift in sorted(inp.shifts, key=lambda s: (s.start, s.end, s.id)):
        for skill in sorted(shift.demand):
            out += [(shift.id, skill)] * max(
                0, shift.demand[skill] - filled.get((shift.id, skill), 0)
            )
    return out


#: Moves of colleagues one chain may make after the first officer's (a cover, and a cover of
#: what that colleague gives up).
MAX_MOVES = 2
#: Rule checks the chains of one empty place may cost at most (deterministic, not timed).
MAX_CHECKS = 3000


class _Chains:
    def __init__(
        self,
        inp: SolveInput,
        cands: Candidates,
        window: RepairWindow,
        roster: _Roster,
        deadline: float | None = None,
    ) -> None:
        self.inp = inp
        self.cands = cands
        self.window = window
        self.roster = roster
        self.limits = limits(inp)
        self.pinned = {(p.officer, p.shift) for p in inp.pinned}
        self.previous = {(p.officer, p.shift): p.skill for p in inp.previous or ()}
        self.absent = absent_officers(inp, cands)
        self.order = {o.id: k for k, o in enumerate(inp.officers)}
        self.checks = 0
        self.deadline = deadline
        # a rule links shifts at most ``reach_days`` apart; giving up ``without`` (named by a
        # rule the new shift breaks, so within that reach) touches rules up to as far again.
        # Leaving farther shifts out only ever hides a series' continuation (a stricter
        # check); ``fill_by_chains`` checks the result in full.
        self.near = 2 * reach_days(inp.params) + 1

    def violations(
        self, officer: str, shift_id: str, skill: str, without: str | None
    ) -> list[Violation] | None:
        """The rules ``officer``'s roster breaks once his placement on ``without`` (if any) is
        gone and he takes ``shift_id`` as ``skill`` (his roster around it is checked, not only
        what the new shift adds: giving up a night in a series may itself break the rest after
        the series); ``None`` when he may not take it at all (skill, availability, already on
        the shift)."""
        if skill not in self.cands.skills.get((officer, shift_id), ()):
            return None
        mine = self.roster.by_officer[officer]
        if shift_id in mine and shift_id != without:
            return None
        o = self.inp.officer_by_id[officer]
        new = self.inp.shift_by_id[shift_id].work_item()
        items = [
            i for i in self.roster.items(officer, without) if abs(i.day - new.day) <= self.near
        ]
        broken = check_officer(
            [*items, new],
            self.inp.params,
            o.history.rules_history(),
            officer=officer,
            night_exempt=o.night_exempt,
        )
        if not broken and added_fatigue(self.inp, officer, items, new, self.limits):
            return [Violation(RuleId.FATIGUE_CAP, officer, (), "fatigue limit")]
        return broken

    def can_take(self, officer: str, shift_id: str, skill: str, without: str | None) -> bool:
        return self.violations(officer, shift_id, skill, without) == []

    def delta(self, removed: Sequence[Placement], added: Sequence[Placement]) -> int:
        """The change in changes of colleagues (``figures.changes_others``)."""
        touched = {(p.officer, p.shift) for p in (*removed, *added)}
        touched = {pair for pair in touched if pair[0] not in self.absent}
        now = {
            (p.officer, p.shift): p.skill
            for pair in touched
            if (p := self.roster.by_officer[pair[0]].get(pair[1])) is not None
        }
        after = dict(now)
        for p in removed:
            after.pop((p.officer, p.shift), None)
        for p in added:
            after[p.officer, p.shift] = p.skill

        def count(state: dict[tuple[str, str], str]) -> int:
            return sum(1 for pair in touched if state.get(pair) != self.previous.get(pair))

        return count(after) - count(now)

    def movable(self, officer: str) -> list[Placement]:
        """The officer's placements a chain may move: inside the window, not pinned."""
        out = [
            p
            for p in self.roster.by_officer[officer].values()
            if (p.officer, p.shift) not in self.pinned
            and self.window.contains(self.inp.shift_by_id[p.shift].day)
        ]
        return sorted(out, key=lambda p: (self.inp.shift_by_id[p.shift].start, p.shift))

    def spent(self) -> bool:
        """The place's ``MAX_CHECKS`` used up, or the ``deadline`` passed."""
        return self.checks >= MAX_CHECKS or (
            self.deadline is not None and time.perf_counter() > self.deadline
        )

    def cost(self, officer: str, place: Placement) -> int:
        """What taking over ``place`` costs ``officer`` in changes of colleagues: -1 when he
        held it in ``previous``, 0 when he is absent himself, else 1."""
        if self.previous.get((officer, place.shift)) == place.skill:
            return -1
        return 0 if officer in self.absent else 1

    def in_the_way(self, officer: str, shift_id: str, skill: str) -> list[Placement] | None:
        """``[]`` when ``officer`` may take (shift_id, skill) as his roster stands; else the
        placements of his that the broken rules name and a chain may move (one of them to
        give up; all his movable ones when a rule names none; his own place on the shift
        when he works it with another skill); ``None`` when he cannot take it."""
        mine = self.roster.by_officer[officer]
        if shift_id in mine:  # on the shift with another skill: he may change places
            if skill not in self.cands.skills.get((officer, shift_id), ()):
                return None
            return [p for p in self.movable(officer) if p.shift == shift_id] or None
        broken = self.violations(officer, shift_id, skill, None)
        if broken is None:
            return None
        if not broken:
            return []
        named = {s for v in broken for s in v.shift_ids}
        if any(not v.shift_ids for v in broken):
            named = set(mine)
        return [p for p in self.movable(officer) if p.shift in named] or None

    def best(self, shift_id: str, skill: str) -> Chain | None:
        """The chain that fills (shift_id, skill) with the fewest changes of colleagues:
        a direct fill when there is one, else the cheapest chain of at most ``MAX_MOVES``
        moves; ``None`` when there is none within ``CHANGES_PER_PLACE``."""
        able = sorted(self.cands.by_shift.get(shift_id, ()), key=self.order.__getitem__)
        place = (shift_id, skill)
        found: list[Chain] = []
        blocked: list[tuple[Placement, list[Placement]]] = []
        for a in able:
            way = self.in_the_way(a, shift_id, skill)
            if way is None:
                continue
            take = Placement(a, shift_id, skill)
            if way:
                blocked.append((take, way))
            else:
                found.append(Chain(place, (), (take,), self.delta((), (take,))))
        if not found:
            self.checks = 0
            for take, way in blocked:
                for t in way:
                    if self.spent():
                        break
                    if self.can_take(take.officer, shift_id, skill, t.shift):
                        found += self._covers(place, (t,), (take,), t, MAX_MOVES - 1)
        # ``min`` keeps the first of equals: input order of A, then his shifts in time order
        chain = min(found, key=lambda c: c.changes, default=None)
        if chain is None or chain.changes > CHANGES_PER_PLACE:
            return None
        return chain

    def _covers(
        self,
        place: tuple[str, str],
        removed: tuple[Placement, ...],
        added: tuple[Placement, ...],
        t: Placement,
        depth: int,
    ) -> list[Chain]:
        """Chains that complete ``removed``/``added`` by giving the vacated placement ``t`` to
        a colleague not moved yet: the cheapest who can take it as his roster stands (the
        first lawful in ``cost`` order), else, with ``depth`` left, one who gives up a
        placement in his way, covered in turn. A colleague's check needs only his own roster,
        which no move of the chain has touched. A deeper branch is cut when even the
        cheapest cover of what it vacates would exceed ``CHANGES_PER_PLACE``, and the search
        of one place stops after ``MAX_CHECKS`` rule checks."""
        moved = {p.officer for p in (*removed, *added)}
        able = [b for b in self.cands.by_shift.get(t.shift, ()) if b not in moved]
        able.sort(key=lambda b: (self.cost(b, t), self.order[b]))
        deeper: list[tuple[Placement, list[Placement]]] = []
        for b in able:
            if self.spent():
                break
            self.checks += 1
            way = self.in_the_way(b, t.shift, t.skill)
            if way is None:
                continue
            cover = Placement(b, t.shift, t.skill)
            if not way:
                done = (*added, cover)
                return [Chain(place, removed, done, self.delta(removed, done))]
            if depth > 0:
                deeper.append((cover, way))
        out: list[Chain] = []
        for cover, way in deeper:
            next_moved = moved | {cover.officer}
            for u in way:
                more, then = (*removed, u), (*added, cover)
                floor = min(
                    (
                        self.cost(c, u)
                        for c in self.cands.by_shift.get(u.shift, ())
                        if c not in next_moved
                    ),
                    default=None,
                )
                if floor is None or self.delta(more, then) + floor > CHANGES_PER_PLACE:
                    continue
                if self.spent():
                    return out
                self.checks += 1
                if not self.can_take(cover.officer, t.shift, t.skill, u.shift):
                    continue
                out += self._covers(place, more, then, u, depth - 1)
        return out


def _fill(
    inp: SolveInput,
    cands: Candidates,
    window: RepairWindow,
    roster: Sequence[Placement],
    *,
    check_each: bool,
    deadline: float | None,
) -> tuple[list[Placement], list[Chain]]:
    state = _Roster(inp, list(roster))
    chains = _Chains(inp, cands, window, state, deadline)
    taken: list[Chain] = []
    for shift_id, skill in _missing(inp, state.placements):
        if deadline is not None and time.perf_counter() > deadline:
            break
        if not window.contains(inp.shift_by_id[shift_id].day):
            continue
        chain = chains.best(shift_id, skill)
        if chain is None:
            continue
        state.apply(chain)
        if check_each and check_assignments(inp, state.placements):
            state.undo(chain)
            continue
        taken.append(chain)
    return state.placements, taken


def fill_by_chains(
    inp: SolveInput,
    cands: Candidates,
    window: RepairWindow | None,
    roster: Sequence[Placement],
    *,
    deadline: float | None = None,
) -> tuple[list[Placement], list[Chain]]:
    """``roster`` with the empty places inside ``window`` filled by direct fills and chains
    of one move (module doc), and the chains taken. ``roster`` must be lawful; so is the
    result: it is checked once in full (``check_assignments``), and when a rule the
    incremental checks do not see breaks (a trainee's mentor moved away), the chains are
    found again with a full check after each, and one that breaks a rule is undone.
    Without a window (no repair, nothing lost) ``roster`` is returned unchanged. From
    ``deadline`` on (``time.perf_counter()``; ``solve`` gives the chains a share of its time
    limit) no chain is searched any more: the places left go to the stages."""
    if window is None or not inp.repair:
        return list(roster), []
    filled, taken = _fill(inp, cands, window, roster, check_each=False, deadline=deadline)
    if not taken or not check_assignments(inp, filled):
        return filled, taken
    # the full check is not timed: a roster that breaks a rule is never returned
    return _fill(inp, cands, window, roster, check_each=True, deadline=deadline)
