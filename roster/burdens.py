"""Burden flags of a shift, computed once from its aware start and end (Europe/Amsterdam).

`night` uses the one definition in `roster.rules` (ATW art. 1:7). `weekend` and `holiday`
follow the same threshold: more than 60 real minutes on a local Saturday/Sunday or on a Dutch
public holiday (`holidays.country_holidays("NL")`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays

from roster.rules import DEFAULT_TZ, is_night_shift

BURDEN_THRESHOLD_MINUTES = 60
ZONE = ZoneInfo(DEFAULT_TZ)


@dataclass(frozen=True)
class Burdens:
    night: bool
    weekend: bool
    holiday: bool


def minutes_per_local_day(start: dt.datetime, end: dt.datetime) -> dict[dt.date, int]:
    """Real minutes of [start, end) on each local calendar day (DST-correct)."""
    result: dict[dt.date, int] = {}
    start_utc, end_utc = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    day = start.astimezone(ZONE).date()
    last = end.astimezone(ZONE).date()
    while day <= last:
        lo = dt.datetime.combine(day, dt.time(0), tzinfo=ZONE).astimezone(dt.UTC)
        hi = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=ZONE).astimezone(
            dt.UTC
        )
        overlap = (min(end_utc, hi) - max(start_utc, lo)).total_seconds()
        if overlap > 0:
            result[day] = int(overlap // 60)
        day += dt.timedelta(days=1)
    return result


def compute_burdens(start: dt.datetime, end: dt.datetime) -> Burdens:
    per_day = minutes_per_local_day(start, end)
    nl = holidays.country_holidays("NL", years=sorted({d.year for d in per_day}))
    weekend = sum(m for d, m in per_day.items() if d.weekday() >= 5)
    holiday = sum(m for d, m in per_day.items() if d in nl)
    return Burdens(
        night=is_night_shift(start, end, ZONE),
        weekend=weekend > BURDEN_THRESHOLD_MINUTES,
        holiday=holiday > BURDEN_THRESHOLD_MINUTES,
    )


def local_wall_clock(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware instant of a local wall-clock time. In the spring-forward gap the time is
    taken as the instant after the gap (02:30 -> 03:30 CEST); in the autumn overlap the
    first occurrence (fold=0)."""
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=ZONE)
    round_trip = aware.astimezone(dt.UTC).astimezone(ZONE).replace(tzinfo=None)
    if round_trip != naive:  # non-existent local time: zoneinfo used the pre-gap offset
        return aware.astimezone(dt.UTC).astimezone(ZONE)
    return aware
