from roster.rules import History, RuleId, RuleParams, check_night_series_len
from tests.roster.rules.helpers import H, early, night, rules_of

P = RuleParams()


def test_five_nights_in_a_row_are_allowed():
    assert check_night_series_len([night(f"n{d}", d) for d in range(5)], P) == []


def test_six_nights_in_a_row_are_reported():
    violations = check_night_series_len([night(f"n{d}", d) for d in range(6)], P, officer="o")
    assert rules_of(violations) == [RuleId.NIGHT_SERIES_LEN]
    assert violations[0].value == 6
    assert len(violations[0].shift_ids) == 6


def test_a_free_day_ends_the_series():
    items = [night(f"n{d}", d) for d in (0, 1, 2, 4, 5, 6)]
    assert check_night_series_len(items, P) == []


def test_another_shift_on_a_night_day_ends_the_series():
    # day 2 holds an early shift as well as a night: it is not a night day
    items = [*(night(f"n{d}", d) for d in range(6)), early("e2", 2)]
    assert check_night_series_len(items, P) == []


def test_series_that_started_before_the_period_counts():
    # given 3 nights before the period, the last started the day before (day -1)
    history = History(
        last_shift_end=7 * H,
        last_shift_night=True,
        consecutive_nights_at_start=3,
        last_shift_day=-1,
    )
    assert check_night_series_len([night("n0", 0), night("n1", 1)], P, history) == []
    three = [night("n0", 0), night("n1", 1), night("n2", 2)]
    violations = check_night_series_len(three, P, history)
    assert rules_of(violations) == [RuleId.NIGHT_SERIES_LEN]
    assert violations[0].value == 6
    assert violations[0].shift_ids == ("n0", "n1", "n2")


def test_unknown_last_day_is_taken_as_the_day_before_the_period():
    history = History(last_shift_end=7 * H, last_shift_night=True, consecutive_nights_at_start=3)
    three = [night("n0", 0), night("n1", 1), night("n2", 2)]
    assert rules_of(check_night_series_len(three, P, history)) == [RuleId.NIGHT_SERIES_LEN]
    # with the period starting at day index 5 the same history lies on day 4
    shifted = [night("n5", 5), night("n6", 6), night("n7", 7)]
    hist = History(
        last_shift_end=5 * 1440 + 7 * H, last_shift_night=True, consecutive_nights_at_start=3
    )
    assert rules_of(check_night_series_len(shifted, P, hist, horizon_start_day=5)) == [
        RuleId.NIGHT_SERIES_LEN
    ]


def test_history_series_not_continued_is_not_reported():
    history = History(
        last_shift_end=7 * H,
        last_shift_night=True,
        consecutive_nights_at_start=6,
        last_shift_day=-1,
    )
    assert check_night_series_len([night("n1", 1)], P, history) == []
