"""The working-time rules applied to an officer's shifts as the database holds them.

`roster.rules` is pure and knows minutes and day indexes; this module turns `Shift` rows into
its `WorkItem`s and runs `check_officer`. It reads nothing itself, so selectors (the
compliance report) and services (`check_assignable`, open shifts) share it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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
