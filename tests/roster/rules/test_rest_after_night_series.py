from roster.rules import (
    History,
    RuleId,
    RuleParams,
    check_rest_after_night_series,
)
from tests.roster.rules.helpers import DAY, H, early, item, night, rules_of

P = RuleParams()
# nights 23:00-07:00 on days 0, 1, 2: the last one ends on day 3 at 07:00
SERIES_END = 3 * DAY + 7 * H


def _series() -> list:  # type: ignore[type-arg]
    return [night(f"n{d}", d) for d in range(3)]


def test_46_hours_after_three_nights_is_allowed():
    nxt = item("x", SERIES_END + 2760, SERIES_END + 2760 + 8 * H)
    assert check_rest_after_night_series([*_series(), nxt], P) == []


def test_one_minute_less_is_reported():
    nxt = item("x", SERIES_END + 2759, SERIES_END + 2759 + 8 * H)
    violations = check_rest_after_night_series([*_series(), nxt], P, officer="o")
    assert rules_of(violations) == [RuleId.REST_AFTER_NIGHT_SERIES]
    assert violations[0].shift_ids == ("n2", "x")
    assert (violations[0].value, violations[0].limit) == (2759, 2760)


def test_two_nights_are_not_a_series():
    two = [night("n0", 0), night("n1", 1)]
    assert check_rest_after_night_series([*two, early("e", 3)], P) == []


def test_another_night_the_next_day_continues_the_series():
    four = [night(f"n{d}", d) for d in range(4)]
    assert check_rest_after_night_series(four, P) == []


def test_night_next_day_with_another_shift_breaks_the_series_and_needs_the_rest():
    # day 3 holds a night and an early shift: the series ended on day 2
    items = [*_series(), night("n3", 3), item("e3", 3 * DAY + 1 * H, 3 * DAY + 2 * H)]
    assert rules_of(check_rest_after_night_series(items, P)) == [RuleId.REST_AFTER_NIGHT_SERIES]


def test_series_that_started_before_the_period_needs_the_rest_in_the_period():
    # given 3 nights before the period, the last ended at 07:00 on the first day
    history = History(
        last_shift_end=7 * H,
        last_shift_night=True,
        consecutive_nights_at_start=3,
        last_shift_day=-1,
    )
    # then the first shift may start at 07:00 + 46 h = day 2 05:00 at the earliest
    ok = item("x", 7 * H + 2760, 7 * H + 2760 + 8 * H)
    assert check_rest_after_night_series([ok], P, history) == []
    early_start = item("x", 7 * H + 2759, 7 * H + 2759 + 8 * H)
    violations = check_rest_after_night_series([early_start], P, history)
    assert rules_of(violations) == [RuleId.REST_AFTER_NIGHT_SERIES]
    assert violations[0].shift_ids == ("x",)
    # and a night on day 0 continues that series instead
    assert check_rest_after_night_series([night("n0", 0)], P, history) == []
