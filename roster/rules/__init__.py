"""Working-time rules (Arbeidstijdenwet plus project rules): the ONE definition.

Pure Python (stdlib only, no Django). Used by the solver's ``verify``, by the Django side for
every manual change, swap and claim, and encoded exactly by the CP-SAT model. The precise
definition of every rule, including the rolling 7 x 24 h windows, is in
``roster.rules.checks``.
"""

from roster.rules.checks import (
    check_consecutive_days,
    check_daily_rest,
    check_max_shift,
    check_max_week,
    check_night_exempt,
    check_night_max_len,
    check_night_series_len,
    check_officer,
    check_overlap,
    check_rest_after_night,
    check_rest_after_night_series,
    check_weekly_rest,
    fmt_minutes,
    night_days,
    required_rest_after,
    sort_items,
    work_blocks,
    worked_minutes_in_window,
)
from roster.rules.ids import WORKING_TIME_RULES, RuleId
from roster.rules.model import (
    LOOKAROUND,
    LOOKAROUND_DAYS,
    WEEK_MINUTES,
    History,
    RuleParams,
    Violation,
    WorkItem,
)
from roster.rules.timeutil import (
    DEFAULT_TZ,
    is_night_shift,
    local_day_index,
    night_window_minutes,
    to_minutes,
)

__all__ = [
    "DEFAULT_TZ",
    "LOOKAROUND",
    "LOOKAROUND_DAYS",
    "WEEK_MINUTES",
    "WORKING_TIME_RULES",
    "History",
    "RuleId",
    "RuleParams",
    "Violation",
    "WorkItem",
    "check_consecutive_days",
    "check_daily_rest",
    "check_max_shift",
    "check_max_week",
    "check_night_exempt",
    "check_night_max_len",
    "check_night_series_len",
    "check_officer",
    "check_overlap",
    "check_rest_after_night",
    "check_rest_after_night_series",
    "check_weekly_rest",
    "fmt_minutes",
    "is_night_shift",
    "local_day_index",
    "night_days",
    "night_window_minutes",
    "required_rest_after",
    "sort_items",
    "to_minutes",
    "work_blocks",
    "worked_minutes_in_window",
]
