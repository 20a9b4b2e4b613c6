"""Time helpers shared by the Django side and the solver: minutes, local days, night flag.

All durations are computed in real elapsed minutes (UTC), never from wall-clock strings, so
DST is handled: on the last Sunday of March 2026 a 22:00-07:00 shift lasts 8 h, on the last
Sunday of October 2026 it lasts 10 h.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Europe/Amsterdam"

#: ATW art. 1:7: a night shift has more than this many minutes between 00:00 and 06:00.
NIGHT_THRESHOLD_MINUTES = 60
NIGHT_WINDOW_START = dt.time(0, 0)
NIGHT_WINDOW_END = dt.time(6, 0)


def _zone(tz: str | dt.tzinfo) -> dt.tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _require_aware(value: dt.datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name}: datetime must be timezone-aware")


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def to_minutes(instant: dt.datetime, ref: dt.datetime) -> int:
    """Whole minutes from ``ref`` to ``instant`` (both aware), floored; negative before."""
    _require_aware(instant, "instant")
    _require_aware(ref, "ref")
    # Same-tzinfo subtraction in Python is wall-clock arithmetic: go through UTC.
    seconds = (_utc(instant) - _utc(ref)).total_seconds()
    return int(seconds // 60)


def local_day_index(instant: dt.datetime, tz: str | dt.tzinfo, ref_date: dt.date) -> int:
    """Index of the local calendar day of ``instant`` in ``tz``, counted from ``ref_date``."""
    _require_aware(instant, "instant")
    return (instant.astimezone(_zone(tz)).date() - ref_date).days


def night_window_minutes(start: dt.datetime, end: dt.datetime, tz: str | dt.tzinfo) -> int:
    """Real minutes of [start, end) that fall between 00:00 and 06:00 local time, any day."""
    _require_aware(start, "start")
    _require_aware(end, "end")
    zone = _zone(tz)
    start, end = _utc(start), _utc(end)
    if end <= start:
        return 0
    first = start.astimezone(zone).date() - dt.timedelta(days=1)
    last = end.astimezone(zone).date()
    total = 0.0
    day = first
    while day <= last:
        w_start = _utc(dt.datetime.combine(day, NIGHT_WINDOW_START, tzinfo=zone))
        w_end = _utc(dt.datetime.combine(day, NIGHT_WINDOW_END, tzinfo=zone))
        lo = max(start, w_start)
        hi = min(end, w_end)
        if hi > lo:
            total += (hi - lo).total_seconds()
        day += dt.timedelta(days=1)
    return int(total // 60)


def is_night_shift(start: dt.datetime, end: dt.datetime, tz: str | dt.tzinfo = DEFAULT_TZ) -> bool:
    """ATW art. 1:7 night shift: more than 60 minutes of work between 00:00 and 06:00 local.

    Computed in real elapsed minutes, so on the last Sunday of March the local window
    00:00-06:00 holds only 5 h and on the last Sunday of October 7 h.
    """
    return night_window_minutes(start, end, tz) > NIGHT_THRESHOLD_MINUTES
