"""Find swap chains among open swap offers: pure Python, no Django (checked by import-linter).

An offer is a node: officer `o` offers his place on shift `s` and names the shifts he would
take instead. There is an edge from offer P to offer Q when P's officer wants Q's shift and
Q is another officer's. A cycle P1 -> P2 -> ... -> Pn -> P1 is a chain: the officer of P1
takes P2's place, ..., the officer of Pn takes P1's place. Every officer gives as many places
as he takes, so each shift keeps its number of officers per skill.

A chain has at least `min_officers` (3) distinct officers (two officers swapping is the plain
exchange of `roster.services.swaps`); an officer may appear in it with two offers (two
places given, two taken), which is where a chain can be unlawful only in combination: the
caller's `lawful` callback sees the whole chain and must judge every officer's roster after
ALL its moves.

Choice: chains are tried shortest first (fewer people to agree, fewer things that can
change meanwhile), then by their shifts and offers in id order (older offers first), and
taken greedily: no offer and no officer is in two chains of one search (each chain was
checked on the roster as it is, so two chains of one officer could break a rule together).
Each shift is in a chain once. Open-ended chains (the last officer takes an open place
instead of a colleague's) are not searched: they only move a vacancy from one shift to
another, which is the planner's call.

Cost: the walk runs on the graph of offered shifts (an edge t -> u when an offer on t wants
u), far smaller than the graph of offers when several places of a shift are offered; a walk
of length L from shift t only enters shifts that can still reach t in the remaining steps
(distances by a backward search), and it consults which offers and officers are still free
while it walks, so a greedy choice prunes the rest. A cycle of shifts is then filled with
offers (a small backtracking over a few offers per step). `bench/swap_chains.py` measures
600 offers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

MIN_OFFICERS = 3
MAX_LENGTH = 5


@dataclass(frozen=True)
class ChainOffer:
    """An open offer as the search sees it (ids only)."""

    id: int
    officer: int
    shift: int
    wanted: frozenset[int]
    skill: str = ""


Chain = tuple[ChainOffer, ...]


def chain_key(offer_ids: Iterable[int]) -> frozenset[int]:
    """What identifies a chain across searches: the set of its offers."""
    return frozenset(offer_ids)


class _Graph:
    """Offered shifts and, per pair of shifts (t, u), the offers on t that want u."""

    def __init__(self, offers: Iterable[ChainOffer]) -> None:
        ordered = sorted(offers, key=lambda o: o.id)
        self.by_shift: dict[int, list[ChainOffer]] = {}
        for offer in ordered:
            self.by_shift.setdefault(offer.shift, []).append(offer)
        self.edge: dict[tuple[int, int], list[ChainOffer]] = {}
        for offer in ordered:
            for shift in sorted(offer.wanted):
                if shift != offer.shift and shift in self.by_shift:
                    self.edge.setdefault((offer.shift, shift), []).append(offer)
        self.succ: dict[int, list[int]] = {t: [] for t in self.by_shift}
        self.pred: dict[int, list[int]] = {t: [] for t in self.by_shift}
        for t, u in sorted(self.edge):
            self.succ[t].append(u)
            self.pred[u].append(t)
        self.shifts = sorted(self.by_shift)


def _candidates(
    offers: Iterable[ChainOffer],
    *,
    free: Callable[[ChainOffer], bool],
    min_officers: int,
    max_length: int,
    per_cycle: int = 4,
) -> Iterator[Chain]:
    """Chains in preference order, built lazily: `free` is asked while walking, so offers
    and officers taken by the caller meanwhile are left out of what follows."""
    g = _Graph(offers)

    def live(t: int, u: int) -> bool:
        return any(free(o) for o in g.edge.get((t, u), ()))

    def back_distances(t1: int, depth: int) -> dict[int, int]:
        dist = {t1: 0}
        frontier = [t1]
        for step in range(1, depth + 1):
            nxt = []
            for x in frontier:
                for p in g.pred[x]:
                    if p > t1 and p not in dist and live(p, x):
                        dist[p] = step
                        nxt.append(p)
            frontier = nxt
        return dist

    def fill(path: list[int]) -> Iterator[Chain]:
        n = len(path)
        options = [[o for o in g.edge[(path[i], path[(i + 1) % n])] if free(o)] for i in range(n)]
        chosen: list[ChainOffer] = []

        def pick(i: int) -> Iterator[Chain]:
            if i == n:
                if chosen[-1].officer != chosen[0].officer and (
                    len({o.officer for o in chosen}) >= min_officers
                ):
                    yield tuple(chosen)
                return
            for o in options[i]:
                # the officer of the previous offer takes this one's place: two people
                if chosen and chosen[-1].officer == o.officer:
                    continue
                chosen.append(o)
                yield from pick(i + 1)
                chosen.pop()

        yield from itertools.islice(pick(0), per_cycle)

    def walk(
        path: list[int], on_path: set[int], length: int, dist: dict[int, int]
    ) -> Iterator[Chain]:
        t1, last, k = path[0], path[-1], len(path)
        if k == length:
            if live(last, t1):
                yield from fill(path)
            return
        for u in g.succ[last]:
            # u closes the cycle in length - k more steps at best (backward distance)
            if u <= t1 or u in on_path or dist.get(u, length) > length - k:
                continue
            if not live(last, u):
                continue
            path.append(u)
            on_path.add(u)
            yield from walk(path, on_path, length, dist)
            on_path.discard(u)
            path.pop()

    for length in range(3, max_length + 1):
        for t1 in g.shifts:
            if any(free(o) for o in g.by_shift[t1]):
                yield from walk([t1], {t1}, length, back_distances(t1, length - 1))


def cycles(
    offers: Iterable[ChainOffer],
    *,
    min_officers: int = MIN_OFFICERS,
    max_length: int = MAX_LENGTH,
) -> list[Chain]:
    """Every candidate chain in the order the search tries them (all offers free): for
    inspection and tests; `find_chains` walks the same order lazily."""
    return list(
        _candidates(offers, free=lambda o: True, min_officers=min_officers, max_length=max_length)
    )


def find_chains(
    offers: Iterable[ChainOffer],
    *,
    lawful: Callable[[Chain], bool] = lambda chain: True,
    exclude: Collection[frozenset[int]] = (),
    busy_officers: Collection[int] = (),
    min_officers: int = MIN_OFFICERS,
    max_length: int = MAX_LENGTH,
) -> list[Chain]:
    """The chains to propose: candidates in preference order, each lawful (`lawful` judges
    the whole chain), no offer or officer in two of them nor in `busy_officers` (officers
    already in a pending chain), and none whose set of offers is in `exclude` (declined
    before)."""
    used_offers: set[int] = set()
    used_officers: set[int] = set(busy_officers)

    def free(o: ChainOffer) -> bool:
        return o.id not in used_offers and o.officer not in used_officers

    chosen: list[Chain] = []
    for chain in _candidates(offers, free=free, min_officers=min_officers, max_length=max_length):
        if not all(free(o) for o in chain):
            continue
        if chain_key(o.id for o in chain) in exclude or not lawful(chain):
            continue
        chosen.append(chain)
        used_offers.update(o.id for o in chain)
        used_officers.update(o.officer for o in chain)
    return chosen
