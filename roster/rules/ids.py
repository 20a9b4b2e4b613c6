"""The one list of rule ids: every rule that ``roster.rules`` and ``roster.solver`` report.

The values are part of the API (violations, ``rule_violation`` errors, shortfall reasons,
``docs/solver_io.md``): never change one. ``atw.*`` rules come from the Arbeidstijdenwet,
``project.*`` rules from this project.
"""

from __future__ import annotations

from enum import StrEnum


class RuleId(StrEnum):
    # The working-time rules, checked per officer by ``roster.rules.check_officer``.
    MAX_SHIFT = "atw.max_shift"
    NIGHT_MAX_LEN = "atw.night_max_len"
    DAILY_REST = "atw.daily_rest"
    REST_AFTER_NIGHT = "atw.rest_after_night"
    REST_AFTER_NIGHT_SERIES = "atw.rest_after_night_series"
    MAX_WEEK = "atw.max_week"
    NIGHT_SERIES_LEN = "atw.night_series_len"
    WEEKLY_REST = "atw.weekly_rest"
    MAX_CONSECUTIVE_DAYS = "project.max_consecutive_days"
    NIGHT_EXEMPT = "project.night_exempt"
    OVERLAP = "project.overlap"
    # The rules on places, checked by the solver (``roster.solver.hard_rules``).
    QUALIFICATION = "project.qualification"
    AVAILABILITY = "project.availability"
    OVER_STAFFING = "project.over_staffing"
    ONE_PLACE = "project.one_place_per_shift"
    PINNED_KEPT = "project.pinned_kept"
    SIGNUPS_ONLY = "project.signups_only"
    UNKNOWN_ID = "project.unknown_id"
    TRAINING_MENTOR = "project.training_mentor"  # a trainee's place needs a mentor (issue 18)
    FATIGUE_CAP = "project.fatigue_cap"


#: The rules ``check_officer`` checks, in its order.
WORKING_TIME_RULES: tuple[RuleId, ...] = (
    RuleId.MAX_SHIFT,
    RuleId.NIGHT_MAX_LEN,
    RuleId.OVERLAP,
    RuleId.DAILY_REST,
    RuleId.REST_AFTER_NIGHT,
    RuleId.REST_AFTER_NIGHT_SERIES,
    RuleId.MAX_WEEK,
    RuleId.NIGHT_SERIES_LEN,
    RuleId.MAX_CONSECUTIVE_DAYS,
    RuleId.WEEKLY_REST,
    RuleId.NIGHT_EXEMPT,
)
