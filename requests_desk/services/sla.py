"""SLA in working days: Monday to Friday except Dutch public holidays (`holidays` package)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _dutch_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (0: `start` itself, or the next working day)."""
    day = start
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in [start, end): how long a pause lasted."""
    count = 0
    day = start
    while day < end:
        if is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return count
