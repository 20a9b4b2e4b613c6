"""Fatigue score per officer and local day: a points model derived from the HSE FRI.

Pure Python (no Django). The definition, its source (HSE Research Report RR446, the
Fatigue and Risk Index) and what was simplified are in ``docs/fatigue.md``; the solver
encodes exactly this definition (``roster.solver.fatigue``) and ``roster.solver.verify``
re-checks a solve with it.

The score of day ``d`` sums the *events* of the seven local days ``d - 6 .. d``:

- **hours**: the real minutes of every shift starting on one of those days (from UTC, so a
  DST night of 10 h counts 600 minutes), one point per full hour of the total;
- **nights**: ``night_points`` per night shift (ATW night flag) starting on one of them;
- **night series**: ``night_series_points`` per night day (``roster.rules.night_days``)
  whose previous local day is a night day too (the 2nd, 3rd, ... night of a series);
- **quick returns**: ``quick_return_points`` per pair of shifts ``a``, ``b`` (``b``
  starting on one of the days) with ``0 <= b.start - a.end < quick_return_minutes``;
- **short rests**: ``short_rest_points`` per such pair with a rest of at least
  ``quick_return_minutes`` and less than ``short_rest_minutes``;
- **consecutive days**: ``consecutive_day_points`` per working day (a local day on which a
  shift starts) that is at least the ``consecutive_days_from``-th working day in a row.

Every event belongs to the day of the (later) shift that causes it. Shifts before the
checked days (history, pinned time) count: pass them as items with lower day indices.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from roster.rules.checks import night_days, sort_items
from roster.rules.model import WorkItem
from roster.rules.timeutil import DEFAULT_TZ, is_night_shift, local_day_index, to_minutes

#: Days a score looks back over (the day itself and six before it: "the last 7 days").
WINDOW_DAYS = 7


@dataclass(frozen=True)
class FatigueParams:
    """The points of the model (``docs/fatigue.md``); defaults are the project's values."""

    night_points: int = 3
    night_series_points: int = 2
    quick_return_minutes: int = 11 * 60
    quick_return_points: int = 4
    short_rest_minutes: int = 16 * 60
    short_rest_points: int = 2
    consecutive_days_from: int = 5
    consecutive_day_points: int = 2

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> FatigueParams:
        """Build from a mapping; a missing key takes its default. ``ValueError`` naming the
        key for an unknown key or a value that is not a non-negative integer."""
        if not isinstance(data, Mapping):
            raise ValueError("fatigue: must be an object")
        known = {f.name for f in dataclasses.fields(cls)}
        values: dict[str, int] = {}
        for key, value in data.items():
            if key not in known:
                raise ValueError(f"{key}: unknown fatigue parameter")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{key}: must be a non-negative integer")
            values[key] = value
        params = cls(**values)
        if params.consecutive_days_from < 1:
            raise ValueError("consecutive_days_from: must be at least 1")
        return params


DEFAULT_FATIGUE = FatigueParams()


@dataclass(frozen=True)
class FatigueScore:
    """One officer's score on one local day and its parts (points, except ``minutes``)."""

    day: int
    minutes: int
    hours: int
    nights: int
    night_series: int
    quick_returns: int
    short_rests: int
    consecutive_days: int

    @property
    def total(self) -> int:
        return (
            self.hours
            + self.nights
            + self.night_series
            + self.quick_returns
            + self.short_rests
            + self.consecutive_days
        )

    def as_dict(self) -> dict[str, int]:
        return {**dataclasses.asdict(self), "total": self.total}


@dataclass(frozen=True)
class DayEvents:
    """The events of one local day (before the 7-day sum)."""

    minutes: int = 0
    nights: int = 0
    night_series: int = 0
    quick_returns: int = 0
    short_rests: int = 0
    consecutive_days: int = 0


def rest_kind(rest: int, params: FatigueParams) -> str | None:
    """``"quick"``, ``"short"`` or ``None`` for a rest of ``rest`` minutes between shifts."""
    if rest < 0:
        return None
    if rest < params.quick_return_minutes:
        return "quick"
    if rest < params.short_rest_minutes:
        return "short"
    return None


def day_events(
    items: Iterable[WorkItem], params: FatigueParams = DEFAULT_FATIGUE
) -> dict[int, DayEvents]:
    """Per local day, the events that belong to it (see the module docstring)."""
    ordered = sort_items(items)
    minutes: dict[int, int] = {}
    nights: dict[int, int] = {}
    for item in ordered:
        minutes[item.day] = minutes.get(item.day, 0) + item.minutes
        if item.night:
            nights[item.day] = nights.get(item.day, 0) + 1
    quick: dict[int, int] = {}
    short: dict[int, int] = {}
    for i, later in enumerate(ordered):
        for earlier in ordered[:i]:
            kind = rest_kind(later.start - earlier.end, params)
            if kind == "quick":
                quick[later.day] = quick.get(later.day, 0) + 1
            elif kind == "short":
                short[later.day] = short.get(later.day, 0) + 1
    night_set = set(night_days(ordered))
    series = {d for d in night_set if d - 1 in night_set}
    working = sorted(minutes)
    working_set = set(working)
    run_days = {
        d for d in working if all(d - k in working_set for k in range(params.consecutive_days_from))
    }
    days = set(minutes) | set(quick) | set(short)
    return {
        d: DayEvents(
            minutes=minutes.get(d, 0),
            nights=nights.get(d, 0) * params.night_points,
            night_series=params.night_series_points if d in series else 0,
            quick_returns=quick.get(d, 0) * params.quick_return_points,
            short_rests=short.get(d, 0) * params.short_rest_points,
            consecutive_days=params.consecutive_day_points if d in run_days else 0,
        )
        for d in sorted(days)
    }


def fatigue_scores(
    items: Iterable[WorkItem],
    days: Sequence[int],
    params: FatigueParams = DEFAULT_FATIGUE,
) -> list[FatigueScore]:
    """The score of each local day in ``days`` from all of the officer's ``items`` (include
    the shifts of the ``WINDOW_DAYS + consecutive_days_from`` days before the first one)."""
    events = day_events(items, params)
    scores = []
    for day in days:
        window = [events[d] for d in range(day - WINDOW_DAYS + 1, day + 1) if d in events]
        total_minutes = sum(e.minutes for e in window)
        scores.append(
            FatigueScore(
                day=day,
                minutes=total_minutes,
                hours=total_minutes // 60,
                nights=sum(e.nights for e in window),
                night_series=sum(e.night_series for e in window),
                quick_returns=sum(e.quick_returns for e in window),
                short_rests=sum(e.short_rests for e in window),
                consecutive_days=sum(e.consecutive_days for e in window),
            )
        )
    return scores


def lookback_days(params: FatigueParams = DEFAULT_FATIGUE) -> int:
    """Days before the first scored day whose shifts can change its score: the window, the
    run of working days behind its first day, and the night before it."""
    return WINDOW_DAYS + params.consecutive_days_from


def cap_excess(scores: Iterable[FatigueScore], cap: int) -> list[FatigueScore]:
    """The scores above ``cap``."""
    return [s for s in scores if s.total > cap]


def timed_items(
    spans: Iterable[tuple[str, dt.datetime, dt.datetime]],
    ref_date: dt.date,
    tz: str = DEFAULT_TZ,
) -> list[WorkItem]:
    """Work items from ``(id, start, end)`` aware instants: minutes from local midnight of
    ``ref_date`` counted in real (UTC) time, local day index of the start from ``ref_date``,
    the ATW night flag from the instants. So a DST night holds its real hours."""
    ref = dt.datetime.combine(ref_date, dt.time(0), tzinfo=ZoneInfo(tz))
    return [
        WorkItem(
            shift_id=sid,
            start=to_minutes(start, ref),
            end=to_minutes(end, ref),
            night=is_night_shift(start, end, tz),
            day=local_day_index(start, tz, ref_date),
        )
        for sid, start, end in spans
    ]


def affected_days(day: int, params: FatigueParams = DEFAULT_FATIGUE) -> range:
    """The local days whose score a shift starting on ``day`` can change (added or taken
    away): the night-day status of the day before, its own events, the rest to the next shift
    (up to two days on), the run of working days it extends, each counted for seven days."""
    reach = max(2, params.consecutive_days_from - 1) + WINDOW_DAYS
    return range(day - 1, day + reach)


def cap_breaches(
    before: Iterable[WorkItem],
    after: Iterable[WorkItem],
    changed_days: Iterable[int],
    cap: int,
    params: FatigueParams = DEFAULT_FATIGUE,
) -> list[tuple[FatigueScore, int]]:
    """The days a change of the roster (``before`` -> ``after``, shifts starting on
    ``changed_days`` added or taken away) puts above the cap: ``(score after, limit)`` where
    the limit is ``max(cap, score before)``, the solver's limit (``roster.solver.fatigue``): a
    day already above the cap may not get worse, a change elsewhere never fails because of it.
    The scores before are computed only when a day after is above ``cap`` (the usual case
    costs one scoring)."""
    days = sorted({d for day in set(changed_days) for d in affected_days(day, params)})
    over = cap_excess(fatigue_scores(after, days, params), cap)
    if not over:
        return []
    was = {s.day: s.total for s in fatigue_scores(before, [s.day for s in over], params)}
    return [(s, max(cap, was[s.day])) for s in over if s.total > max(cap, was[s.day])]
