"""The working-time rules applied to an officer's shifts as the database holds them.

`roster.rules` is pure and knows minutes and day indexes; this module turns `Shift` rows into
its `WorkItem`s and runs `check_officer`. It reads nothing itself, so selectors (the
compliance report) and services (`check_assignable`, open shifts) share it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from django.utils import timezone

from organisation.models import Officer
from roster.models import Shift
from roster.rules import (
    DEFAULT_TZ,
    RuleParams,
    Violation,
    WorkItem,
    check_night_exempt,
    check_officer,
    local_day_index,
    to_minutes,
)


def work_items(shifts: Iterable[Shift]) -> tuple[list[WorkItem], dt.datetime, dt.date]:
    """The rules module's view of shifts: minutes and local day index from the earliest."""
    ordered = sorted(shifts, key=lambda s: s.start)
    if not ordered:
        now = timezone.now()
        return [], now, timezone.localtime(now).date()
    ref = ordered[0].start
    ref_date = timezone.localtime(ref).date()
    items = [
        WorkItem(
            shift_id=str(s.pk),
            start=to_minutes(s.start, ref),
            end=to_minutes(s.end, ref),
            night=s.is_night,
            day=local_day_index(s.start, DEFAULT_TZ, ref_date),
        )
        for s in ordered
    ]
    return items, ref, ref_date


def officer_violations(
    officer: Officer,
    shifts: Iterable[Shift],
    params: RuleParams | None = None,
    *,
    exempt_days: AbstractSet[dt.date] | None = None,
) -> list[Violation]:
    """Every working-time rule over `shifts` for one officer.

    `exempt_days`: the local days of a dated night exemption (`organisation.employment`,
    read by the caller); a night shift that starts or ends on one of them breaks the
    exemption rule. Without it only the standing `Officer.night_exempt` flag counts."""
    shifts = list(shifts)
    items, _ref, _day = work_items(shifts)
    if officer.night_exempt or not exempt_days:
        return check_officer(
            items,
            params or RuleParams(),
            officer=str(officer.pk),
            night_exempt=officer.night_exempt,
        )
    barred = {
        str(s.pk)
        for s in shifts
        if s.is_night and ({_local_date(s.start), _local_date(s.end)} & exempt_days)
    }
    return [
        *check_officer(items, params or RuleParams(), officer=str(officer.pk)),
        *check_night_exempt(
            [i for i in items if i.shift_id in barred], True, officer=str(officer.pk)
        ),
    ]


class AdditionCheck:
    """ "May the officer add this shift to his own shifts around it?" for many shifts.

    The same answer as `officer_violations(officer, [*around, shift], exempt_days=...)` having
    no violation that names `shift`, but each shift is turned into a rules `WorkItem` at most
    once, when a question first needs it (one reference instant for all: the rules look only
    at differences of minutes and local day indices), not once per question."""

    def __init__(
        self,
        officer: Officer,
        *,
        ref: dt.datetime,
        exempt_days: AbstractSet[dt.date] | None = None,
        params: RuleParams | None = None,
    ) -> None:
        self._officer = officer
        self._ref = ref
        self._ref_date = timezone.localtime(ref).date()
        self._params = params or RuleParams()
        self._exempt = exempt_days if exempt_days and not officer.night_exempt else None
        self._items: dict[int, WorkItem] = {}

    def _item(self, s: Shift) -> WorkItem:
        item = self._items.get(s.pk)
        if item is None:
            item = self._items[s.pk] = WorkItem(
                shift_id=str(s.pk),
                start=to_minutes(s.start, self._ref),
                end=to_minutes(s.end, self._ref),
                night=s.is_night,
                day=local_day_index(s.start, DEFAULT_TZ, self._ref_date),
            )
        return item

    def lawful(self, shift: Shift, around: Sequence[Shift]) -> bool:
        """No rule broken that involves `shift`, with `around` (his shifts near it)."""
        sid = str(shift.pk)
        shifts = [*around, shift]
        items = sorted((self._item(s) for s in shifts), key=lambda i: i.start)
        officer = str(self._officer.pk)
        if self._exempt is None:
            violations = check_officer(
                items, self._params, officer=officer, night_exempt=self._officer.night_exempt
            )
        else:
            barred = {
                str(s.pk)
                for s in shifts
                if s.is_night and ({_local_date(s.start), _local_date(s.end)} & self._exempt)
            }
            violations = [
                *check_officer(items, self._params, officer=officer),
                *check_night_exempt(
                    [i for i in items if i.shift_id in barred], True, officer=officer
                ),
            ]
        return not any(sid in v.shift_ids for v in violations)


def _local_date(instant: dt.datetime) -> dt.date:
    return timezone.localtime(instant).date()


def exempt_day_range(shifts: Iterable[Shift]) -> tuple[dt.date, dt.date]:
    """The local days `[first, after)` that the night-exemption check of `shifts` needs."""
    ordered = list(shifts)
    if not ordered:
        today = timezone.localdate()
        return today, today
    first = min(_local_date(s.start) for s in ordered)
    last = max(_local_date(s.end) for s in ordered)
    return first, last + dt.timedelta(days=1)
