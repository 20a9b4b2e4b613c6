"""A proven lower bound on each fairness family's worst deviation, by counting.

CP-SAT's own bound on the ``fairness`` stage comes from its LP, in which loads can be split
fractionally, so on a police-scale model it proves 0 (measured: 60 x 28, 30 s, stage bound
0 with every family's worst at 1). Two facts the LP does not use give a better one, and
both hold for every roster the stage may return:

- an officer's load lies between his history (``lo``: he gets none of the family's shifts)
  and his history plus every family shift he may take (``hi``); when his target lies
  outside, he deviates by at least the distance;
- the loads add up: the family officers' loads together are their histories plus what the
  filled places contribute, and with the shortfall held at ``s`` at least all places but
  ``s`` are filled. The targets are rounded shares of that total, so their sum misses it by
  a few units, and those units must land on someone.

The bound of a family is the smallest whole ``w`` for which every officer's interval
``[max(lo, target - unit w), min(hi, target + unit w)]`` is non-empty and their sum can
meet the total. It relaxes the model (every other rule dropped, every load in its interval
reachable), so it never exceeds the true optimum. ``solve`` adds ``worst >= bound`` for
each family to the model (an implied constraint: CP-SAT's proof then starts from it) and
reports the larger of the two bounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from roster.solver.eligibility import Candidates
from roster.solver.figures import FairnessFamily

__all__ = ["family_bound", "worst_lower_bounds"]


def _intervals(family: FairnessFamily, cands: Candidates) -> dict[str, tuple[int, int]]:
    out = {}
    for officer in family.weight:
        lo = family.base[officer]
        gain = sum(
            family.contribution[s.id]
            for s in cands.by_officer.get(officer, ())
            if s.id in family.contribution
        )
        out[officer] = (lo, lo + gain)
    return out


def _total_range(
    family: FairnessFamily,
    places: Mapping[str, int],
    shortfall_max: int | None,
) -> tuple[int, int] | None:
    """What the family's filled places add to the loads: at most every place, at least every
    place but the ``shortfall_max`` with the largest contributions; ``None`` when unknown."""
    if shortfall_max is None:
        return None
    each = sorted(
        (c for shift, c in family.contribution.items() for _ in range(places.get(shift, 0))),
        reverse=True,
    )
    full = sum(each)
    return full - sum(each[:shortfall_max]), full


def family_bound(
    family: FairnessFamily,
    cands: Candidates,
    places: Mapping[str, int],
    shortfall_max: int | None,
) -> int:
    """The smallest worst deviation (in units) any roster with at most ``shortfall_max``
    empty places can have in ``family``. ``places``: places per shift. Without
    ``shortfall_max`` only the per-officer part is used."""
    span = _intervals(family, cands)
    if not span:
        return 0
    filled = _total_range(family, places, shortfall_max)
    base = sum(family.base[o] for o in span)
    unit = family.unit
    targets = family.target
    # no load can be further from its target than this: the search ends there
    top = max(max(family.deviation(o, lo), family.deviation(o, hi)) for o, (lo, hi) in span.items())
    for w in range(top + 1):
        low_sum = high_sum = 0
        empty = False
        for officer, (lo, hi) in span.items():
            low = max(lo, targets[officer] - unit * w)
            high = min(hi, targets[officer] + unit * w)
            if low > high:
                empty = True
                break
            low_sum += low
            high_sum += high
        if empty:
            continue
        if filled is None or (low_sum <= base + filled[1] and base + filled[0] <= high_sum):
            return w
    return top


def _outsiders_may_work(family: FairnessFamily, cands: Candidates) -> bool:
    """An officer outside the family may take one of its shifts (e.g. an officer whose
    availability rounds his minutes weight to 0): then the family's loads need not add up
    to the filled places."""
    return any(
        s.id in family.contribution
        for officer, shifts in cands.by_officer.items()
        if officer not in family.weight
        for s in shifts
    )


def worst_lower_bounds(
    families: Sequence[FairnessFamily],
    cands: Candidates,
    places: Mapping[str, int],
    shortfall_max: int | None,
) -> dict[str, int]:
    """``family_bound`` per family name."""
    return {
        fam.name: family_bound(
            fam,
            cands,
            places,
            None if _outsiders_may_work(fam, cands) else shortfall_max,
        )
        for fam in families
    }
