"""The restriction to rosters of value at most ``T`` (reduced-cost fixing and cover count bounds
at proved prices) holds for every such roster, and ``close_gap`` reaches the optimum."""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter

import pytest

from bench.curtois.evaluate import evaluate
from bench.curtois.exact import count_bounds, restriction
from bench.curtois.pricing import ColumnGeneration
from bench.curtois.reader import Instance
from bench.curtois.search import close_gap
from tests.bench.curtois._tiny import converged, make_instance

#: Far more than any of these generations or solves needs.
DEADLINE_S = 300.0
DAYS = 7


def _two_employees(seed: int) -> Instance:
    """Two employees, ``DAYS`` days, two shift types (L may not precede E; B works no L),
    random cover, requests and rules; an empty row is lawful (no minimum of minutes)."""
    rng = random.Random(seed)
    cover = "\n".join(
        f"{d},{s},{rng.randint(0, 2)},{rng.choice([10, 100])},{rng.choice([1, 5])}"
        for d in range(DAYS)
        for s in "EL"
    )
    on = "\n".join(
        f"{e},{rng.randrange(DAYS)},{rng.choice('EL')},{rng.randint(1, 3)}" for e in "AB"
    )
    off = "\n".join(
        f"{e},{rng.randrange(DAYS)},{rng.choice('EL')},{rng.randint(1, 3)}" for e in "AB"
    )
    staff = "\n".join(
        f"{e},E={DAYS}|L={late},{480 * DAYS},0,{rng.randint(2, 3)},1,{rng.randint(1, 2)},1"
        for e, late in (("A", rng.randint(1, 2)), ("B", 0))
    )
    return make_instance(
        horizon=DAYS,
        shifts="E,480,\nL,480,E",
        staff=staff,
        on_requests=on,
        off_requests=off,
        cover=cover,
    )


def _rosters(inst: Instance) -> list[tuple[dict[str, list[str | None]], int]]:
    """Every lawful roster with its objective, by brute force through the evaluator."""
    empty = {e.id: [None] * inst.horizon for e in inst.staff}
    choices = [None, *(s.id for s in inst.shift_types)]
    lawful: dict[str, list[list[str | None]]] = {}
    for e in inst.staff:
        lawful[e.id] = []
        for row in itertools.product(choices, repeat=inst.horizon):
            if evaluate(inst, {**empty, e.id: list(row)}).feasible:
                lawful[e.id].append(list(row))
    out = []
    for rows in itertools.product(*(lawful[e.id] for e in inst.staff)):
        roster = {e.id: row for e, row in zip(inst.staff, rows, strict=True)}
        checked = evaluate(inst, roster)
        assert checked.feasible
        out.append((roster, checked.objective))
    return out


def _converged(inst: Instance) -> ColumnGeneration:
    return converged(inst, workers=1, deadline_s=DEADLINE_S)


@pytest.mark.parametrize("seed", range(6))
def test_the_restriction_holds_for_every_roster_within_the_target(seed: int) -> None:
    # Given a two-employee instance, every lawful roster and a converged generation
    inst = _two_employees(seed)
    rosters = _rosters(inst)
    optimum = min(value for _, value in rosters)
    generation = _converged(inst)
    assert generation.bound.value is not None
    assert generation.bound.value <= optimum

    restricted = 0
    for target in (optimum, optimum + 1, optimum + 5):
        # When the cells are fixed and the cover counts bounded for rosters within the target
        limits = restriction(inst, generation, target, time.monotonic() + DEADLINE_S, workers=1)
        restricted += len(limits.fixed) + sum(
            low > 0 or high is not None for low, high in limits.counts.values()
        )

        # Then every roster within the target keeps every fixed cell and every count bound
        for roster, value in rosters:
            if value > target:
                continue
            for (eid, d, sid), fixed in limits.fixed.items():
                assert (roster[eid][d] == sid) == bool(fixed), (target, eid, d, sid)
            staffed = Counter((d, s) for row in roster.values() for d, s in enumerate(row) if s)
            for key, (low, high) in limits.counts.items():
                assert staffed[key] >= low, (target, key)
                assert high is None or staffed[key] <= high, (target, key)
    # ... and the restriction is not empty (the test checks something)
    assert restricted > 0


def test_count_bounds_at_a_target_below_every_bound_leave_the_rows_free() -> None:
    # Given a generation whose every proved round is above the target
    inst = _two_employees(0)
    generation = _converged(inst)

    # When the count bounds are asked for a target no proved round reaches
    lowest = min(scaled for scaled, _, _ in generation.proved)
    counts = count_bounds(inst, generation.proved, lowest // 10_000 - 2)

    # Then no row is bounded (the solve, not the bounds, proves there is no roster)
    assert all(value == (0, None) for value in counts.values())


@pytest.mark.parametrize("seed", range(6))
def test_close_gap_reaches_the_optimum(seed: int) -> None:
    # Given a two-employee instance, its optimum by brute force and a converged generation
    inst = _two_employees(seed)
    optimum = min(value for _, value in _rosters(inst))
    generation = _converged(inst)

    # When the gap is closed from the column bound
    result = close_gap(inst, generation, time.monotonic() + DEADLINE_S, workers=1)

    # Then it ends at a lawful roster of the optimum, proved, after proving every T below it
    assert result is not None
    assert result.optimal
    assert result.bound == result.value == optimum
    assert result.roster is not None
    checked = evaluate(inst, result.roster)
    assert checked.feasible
    assert checked.objective == optimum
    assert all(status == "INFEASIBLE" for target, status, _ in result.steps if target < optimum)


def test_close_gap_stops_once_the_bound_reaches_the_incumbent() -> None:
    # Given an instance whose column bound is below its optimum, and a roster at the optimum
    for seed in range(20):
        inst = _two_employees(seed)
        optimum = min(value for _, value in _rosters(inst))
        generation = _converged(inst)
        assert generation.bound.value is not None
        if generation.bound.value < optimum:
            break
    else:
        pytest.fail("no instance with a gap between the column bound and the optimum")

    # When the gap is closed knowing a roster of the optimum
    result = close_gap(
        inst, generation, time.monotonic() + DEADLINE_S, workers=1, incumbent=optimum
    )

    # Then it proves the optimum as the bound, without a roster of its own
    assert result is not None
    assert result.bound == optimum
    assert result.roster is None
    assert all(status == "INFEASIBLE" for _, status, _ in result.steps)
