"""Value types of the working-time rules: parameters, work items, history, violations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from roster.rules.ids import RuleId

#: Length of the rolling windows of ``atw.max_week`` and ``atw.weekly_rest`` (7 x 24 h).
WEEK_MINUTES = 7 * 24 * 60

#: How far around a shift the rules look at the officer's other shifts. A violation that a
#: shift adds to an otherwise lawful roster involves only shifts within 8 days of it with the
#: default parameters (a rolling 7 x 24 h window on either side, runs of up to 6 working days
#: and of up to 5 nights with the 46 h of rest after them); 14 days leaves room for other
#: settings. Every reader of "the shifts around this one" uses it: the services that check a
#: change, the solver input's boundary history, the greedy roster (as local day indices).
LOOKAROUND_DAYS = 14
LOOKAROUND = dt.timedelta(days=LOOKAROUND_DAYS)


@dataclass(frozen=True)
class RuleParams:
    """Rule parameters; names and defaults as in the solver input's ``rules`` object."""

    min_rest_minutes: int = 660
    min_rest_after_night_minutes: int = 840
    max_shift_minutes: int = 720
    max_night_shift_minutes: int = 600
    max_minutes_per_7_days: int = 3600
    max_consecutive_nights: int = 5
    rest_after_night_series_minutes: int = 2760
    night_series_length: int = 3
    max_consecutive_working_days: int = 6
    min_weekly_rest_minutes: int = 2160
    unsigned_allowed: bool = True

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RuleParams:
        """Build from a mapping: a missing key takes its default.

        Raises ``ValueError`` naming the key for an unknown key, a wrong type (``bool`` for
        ``unsigned_allowed``, a non-negative ``int`` for the others; ``True`` is not an int
        here) or a negative number.
        """
        if not isinstance(data, Mapping):
            raise ValueError("rules: must be an object")
        known = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ValueError(f"{key}: unknown rule parameter")
            if key == "unsigned_allowed":
                if not isinstance(value, bool):
                    raise ValueError(f"{key}: must be a boolean")
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{key}: must be a non-negative integer")
            values[key] = value
        return cls(**values)

    @property
    def max_rest_minutes(self) -> int:
        """Longest rest any single shift can demand after it (for sweeps)."""
        return max(self.min_rest_minutes, self.min_rest_after_night_minutes)


@dataclass(frozen=True)
class WorkItem:
    """One shift worked by one officer.

    ``start``/``end``: integer minutes from a reference instant, computed from UTC so that DST
    is already in the numbers. ``night``: the ATW night flag (see ``is_night_shift``).
    ``day``: local (Europe/Amsterdam) calendar-day index of the START.
    """

    shift_id: str
    start: int
    end: int
    night: bool
    day: int

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class History:
    """State of an officer at the start of the checked period (same minute/day scale).

    - ``last_shift_end``: end of the officer's last shift before the period (may be
      negative, or positive when that shift straddles the period start).
    - ``last_shift_night``: that shift was a night shift.
    - ``consecutive_nights_at_start``: length of the night series (night days, see
      ``check_night_series_len``) ending on ``last_shift_day``; used only when
      ``last_shift_night``.
    - ``consecutive_days_at_start``: length of the run of working days ending on
      ``last_shift_day``.
    - ``last_shift_day``: local day index of the START of that last shift. ``None``: assumed
      to be the day before the period (``horizon_start_day - 1``).
    - ``last_weekly_rest_end``: end of the last rest of at least ``min_weekly_rest_minutes``
      before ``last_shift_end``, i.e. the start of the working stretch that ends there.
      ``None``: unknown, the time before the period is treated as rest for
      ``atw.weekly_rest``.
    """

    last_shift_end: int | None = None
    last_shift_night: bool = False
    consecutive_nights_at_start: int = 0
    consecutive_days_at_start: int = 0
    last_shift_day: int | None = None
    last_weekly_rest_end: int | None = None


@dataclass(frozen=True)
class Violation:
    """A broken rule. ``value``/``limit`` carry the measured figure and the bound, in minutes
    (or in days/nights for the run rules), when the rule has them."""

    rule: RuleId
    officer: str | None
    shift_ids: tuple[str, ...]
    message: str
    value: int | None = None
    limit: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": str(self.rule),
            "officer": self.officer,
            "shifts": list(self.shift_ids),
            "message": self.message,
            "value": self.value,
            "limit": self.limit,
        }
