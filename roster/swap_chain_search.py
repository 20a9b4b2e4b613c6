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

Choice: cycles are enumerated shortest first (fewer people to agree, fewer things that can
change meanwhile), then by their oldest offers (first come, first served); chosen greedily so
that no offer and no officer is in two chains of one search (each chain was checked on the
roster as it is, so two chains of one officer could break a rule together). Open-ended
chains (the last officer takes an open place instead of a colleague's) are not searched:
they only move a vacancy from one shift to another, which is the planner's call.

Cost: with d wanted offers per offer, enumerating cycles up to length L is O(n * d^(L-1));
the last step is a set lookup. `bench/swap_chains.py` measures it on 600 offers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
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


def _graph(offers: list[ChainOffer]) -> dict[int, list[ChainOffer]]:
    by_shift: dict[int, list[ChainOffer]] = {}
    for offer in offers:
        by_shift.setdefault(offer.shift, []).append(offer)
    return {
        offer.id: sorted(
            (
                other
                for shift in offer.wanted
                for other in by_shift.get(shift, ())
                if other.officer != offer.officer and other.shift != offer.shift
            ),
            key=lambda o: o.id,
        )
        for offer in offers
    }


def cycles(
    offers: Iterable[ChainOffer],
    *,
    min_officers: int = MIN_OFFICERS,
    max_length: int = MAX_LENGTH,
) -> list[Chain]:
    """Every simple cycle of offers of length 3..`max_length` with at least `min_officers`
    distinct officers, each once (rotated to start at its lowest offer id), in the order
    the search prefers: shortest first, then by the ids of its offers."""
    ordered = sorted(offers, key=lambda o: o.id)
    succ = _graph(ordered)
    succ_ids = {oid: {o.id for o in nxt} for oid, nxt in succ.items()}
    found: list[Chain] = []

    def extend(path: list[ChainOffer], on_path: set[int]) -> None:
        start, last = path[0], path[-1]
        closes = len(path) >= 3 and start.id in succ_ids[last.id]
        if closes and len({o.officer for o in path}) >= min_officers:
            found.append(tuple(path))
        if len(path) == max_length:
            return
        for nxt in succ[last.id]:
            # canonical rotation: the cycle starts at its lowest id, so each is found once
            if nxt.id <= start.id or nxt.id in on_path:
                continue
            path.append(nxt)
            on_path.add(nxt.id)
            extend(path, on_path)
            on_path.discard(nxt.id)
            path.pop()

    for offer in ordered:
        extend([offer], {offer.id})
    found.sort(key=lambda c: (len(c), sorted(o.id for o in c)))
    return found


def find_chains(
    offers: Iterable[ChainOffer],
    *,
    lawful: Callable[[Chain], bool] = lambda chain: True,
    exclude: Collection[frozenset[int]] = (),
    busy_officers: Collection[int] = (),
    min_officers: int = MIN_OFFICERS,
    max_length: int = MAX_LENGTH,
) -> list[Chain]:
    """The chains to propose: cycles in preference order, each lawful (`lawful` judges the
    whole chain), no offer or officer in two of them nor in `busy_officers` (officers already
    in a pending chain), and none whose set of offers is in `exclude` (declined before)."""
    used_offers: set[int] = set()
    used_officers: set[int] = set(busy_officers)
    chosen: list[Chain] = []
    for chain in cycles(offers, min_officers=min_officers, max_length=max_length):
        ids = [o.id for o in chain]
        officers = {o.officer for o in chain}
        if used_offers.intersection(ids) or used_officers & officers:
            continue
        if chain_key(ids) in exclude:
            continue
        if not lawful(chain):
            continue
        chosen.append(chain)
        used_offers.update(ids)
        used_officers |= officers
    return chosen
