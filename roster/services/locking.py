"""Row locks of every roster write, taken in ONE order.

Lock order (every transaction that writes the roster follows it, so two writers never wait
on each other in a circle):

1. roster periods (`lock_period`, `lock_periods`), several by primary key;
2. shifts (`lock_shift`, `lock_shifts`), several by primary key;
3. the row the write decides on: a swap, a claim, a sign-up, a solve job, a repair
   suggestion, an officer (`lock_row`, `lock_rows`).

Only the named table is locked, never a row the query joins (a period's team).

A write may skip a level, but never goes back up: no period after a shift, no shift after
the row. `lock_shifts_with_periods` takes levels 1 and 2 for a set of shifts. Call these
inside `transaction.atomic()`; on SQLite (no row locks) they are plain reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Manager, Model, QuerySet

from roster.models import RosterPeriod, Shift

M = TypeVar("M", bound=Model)


def lock_period(period: RosterPeriod) -> RosterPeriod:
    """Level 1: re-read the period with a row lock (its team loaded)."""
    locked = RosterPeriod.objects.select_for_update(of=("self",)).select_related("team")
    return locked.get(pk=period.pk)


def lock_periods(period_ids: Iterable[int]) -> dict[int, RosterPeriod]:
    """Level 1: lock several periods, by primary key (their teams loaded)."""
    locked = RosterPeriod.objects.select_for_update(of=("self",)).select_related("team")
    return {p.pk: p for p in locked.filter(pk__in=set(period_ids)).order_by("pk")}


def lock_shift(shift: Shift) -> Shift:
    """Level 2: re-read the shift with a row lock."""
    return Shift.objects.select_for_update().get(pk=shift.pk)


def lock_shifts(shift_ids: Iterable[int]) -> dict[int, Shift]:
    """Level 2: lock several shifts, by primary key."""
    locked = Shift.objects.select_for_update().filter(pk__in=set(shift_ids))
    return {s.pk: s for s in locked.order_by("pk")}


def lock_shifts_with_periods(
    shift_ids: Iterable[int],
) -> tuple[dict[int, RosterPeriod], dict[int, Shift]]:
    """Levels 1 and 2: the periods of these shifts, then the shifts."""
    ids = set(shift_ids)
    period_ids = Shift.objects.filter(pk__in=ids).values_list("period_id", flat=True)
    periods = lock_periods(period_ids)
    return periods, lock_shifts(ids)


def lock_row(rows: QuerySet[M] | Manager[M], *, pk: int) -> M:
    """Level 3: re-read the row the write decides on (`rows`: its model's manager, or a
    queryset with what to load along) with a lock on its own table."""
    return rows.select_for_update(of=("self",)).get(pk=pk)


def lock_rows(queryset: QuerySet[M]) -> list[M]:
    """Level 3: lock the rows of `queryset` (in its order) on their own table."""
    return list(queryset.select_for_update(of=("self",)))
