"""Close the last units between the column bound and a roster (docs/benchmarks.md, "Instances 7
and 8 (7 Dec seventh session)").

A roster of value at most ``T`` leaves, at any proved prices ``pi`` of the column generation
(``pricing.ColumnGeneration.proved``), a total slack ``T - L(pi)`` to share between every
employee's reduced cost (its row's pricing value minus the proved optimum) and every cover
row's reduced cost (``(WeightUnder - pi_r) * under_r + (WeightOver + pi_r) * over_r``), all
of them non-negative inside the price box. So each term alone is at most the slack:

- **reduced-cost fixing** (``pricing.RowPricer.fixings``): the cells no row within the slack
  works are 0, those every such row works are 1;
- **count bounds** (:func:`count_bounds`): a cover row whose under (over) reduced cost exceeds
  the slack is never short (over-staffed) by more than ``slack // reduced cost``;

both for every roster of value at most ``T``, at the prices of several proved rounds.
:func:`restriction` gathers them with the Lagrangian cuts; ``search.close_gap`` solves the
whole model with them and ``objective <= T``: ``INFEASIBLE`` proves the bound ``T + 1``; a
roster it proves optimal is optimal over all rosters (every roster of at most ``T`` is in
the restricted model).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.curtois.pricing import PRICE_SCALE, ColumnGeneration, LagrangianCut
from bench.curtois.reader import Instance, Staff

__all__ = ["FIXING_ROUNDS", "Restriction", "count_bounds", "fixings", "restriction"]

Cell = tuple[int, str]
#: One proved round of the column generation: (L * PRICE_SCALE, its scaled prices, each
#: employee's proved pricing optimum).
Proved = tuple[int, dict[Cell, int], dict[str, int]]


def count_bounds(
    inst: Instance, proved: Sequence[Proved], target: int
) -> dict[Cell, tuple[int, int | None]]:
    """Per cover row ``(day, shift)`` the least and most staff (``None``: no most) of every
    roster of value at most ``target``, by the cover rows' reduced costs at each of the
    ``proved`` rounds' prices (the tightest over them)."""
    out: dict[Cell, tuple[int, int | None]] = {}
    for c in inst.cover:
        key = (c.day, c.shift_id)
        low, high = 0, None
        for scaled_l, prices, _ in proved:
            slack = target * PRICE_SCALE - scaled_l
            if slack < 0:
                continue  # no roster at all: left to the solve, which proves it
            pi = prices.get(key, 0)
            under = PRICE_SCALE * c.weight_under - pi
            over = PRICE_SCALE * c.weight_over + pi
            if under > 0:
                low = max(low, c.requirement - slack // under)
            if over > 0:
                most = c.requirement + slack // over
                high = most if high is None else min(high, most)
        out[key] = (low, high)
    return out


def fixings(
    inst: Instance,
    generation: ColumnGeneration,
    proved: Sequence[Proved],
    target: int,
    deadline: float,
    workers: int = 2,
) -> dict[tuple[str, int, str], int]:
    """The cells (employee, day, shift) that are 0 or 1 in every roster of value at most
    ``target``, by reduced-cost fixing (``RowPricer.fixings``) at each of the ``proved``
    rounds' prices; a round the ``deadline`` cuts short adds what it proved."""
    fixed: dict[tuple[str, int, str], int] = {}
    for scaled_l, prices, values in proved:
        slack = target * PRICE_SCALE - scaled_l
        if slack < 0 or time.monotonic() >= deadline:
            continue

        def one(
            e: Staff,
            prices: Mapping[Cell, int] = prices,
            values: Mapping[str, int] = values,
            slack: int = slack,
        ) -> tuple[set[Cell], set[Cell]]:
            limit = values[e.id] + slack
            rows = [
                row
                for row, cost in zip(
                    generation.columns.rows[e.id], generation.columns.costs[e.id], strict=True
                )
                if PRICE_SCALE * cost - sum(prices.get((d, s), 0) for d, s in enumerate(row) if s)
                <= limit
            ]
            return generation.pricers[e.id].fixings(prices, limit, deadline, rows)

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            found = list(pool.map(one, inst.staff))
        for e, (never, sure) in zip(inst.staff, found, strict=True):
            fixed.update({(e.id, d, s): 0 for d, s in never})
            fixed.update({(e.id, d, s): 1 for d, s in sure})
    return fixed


#: Proved rounds, best bound first, whose prices fix cells (each costs a pass over the cells;
#: the count bounds take every proved round: they cost nothing). On Instance7 the fixings of
#: four rounds (390 cells at ``T`` = 1 056 against 380 of one) cost 16 s against 5 and did not
#: make the restricted solve faster.
FIXING_ROUNDS = 1


@dataclass
class Restriction:
    """What every roster of value at most ``target`` satisfies (module docstring): fixed
    cells ``(employee, day, shift) -> 0/1``, per cover row the least and most staff, and the
    best proved round's Lagrangian cuts."""

    target: int
    fixed: dict[tuple[str, int, str], int]
    counts: dict[Cell, tuple[int, int | None]]
    cuts: list[LagrangianCut] = field(default_factory=list)


def restriction(
    inst: Instance,
    generation: ColumnGeneration,
    target: int,
    deadline: float,
    workers: int = 2,
) -> Restriction:
    """Reduced-cost fixing (:func:`fixings`) at the ``FIXING_ROUNDS`` best proved rounds,
    :func:`count_bounds` at every proved round and the best round's cuts, for ``target``."""
    ranked = sorted(generation.proved, key=lambda entry: entry[0], reverse=True)
    return Restriction(
        target,
        fixings(inst, generation, ranked[:FIXING_ROUNDS], target, deadline, workers),
        count_bounds(inst, ranked, target),
        generation.cuts(1),
    )
