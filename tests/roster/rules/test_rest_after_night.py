from roster.rules import History, RuleId, RuleParams, check_rest_after_night
from tests.roster.rules.helpers import DAY, H, item, rules_of

P = RuleParams()


def test_fourteen_hours_after_a_night_is_allowed():
    # night 23:00-07:00, next shift 21:00 the same day: 840 min
    items = [item("n", 23 * H, DAY + 7 * H), item("b", DAY + 21 * H, DAY + 29 * H)]
    assert check_rest_after_night(items, P) == []


def test_839_minutes_after_a_night_is_reported():
    items = [item("n", 23 * H, DAY + 7 * H), item("b", DAY + 21 * H - 1, DAY + 29 * H)]
    violations = check_rest_after_night(items, P)
    assert rules_of(violations) == [RuleId.REST_AFTER_NIGHT]
    assert violations[0].shift_ids == ("n", "b")
    assert (violations[0].value, violations[0].limit) == (839, 840)


def test_night_in_history_requires_fourteen_hours_into_the_period():
    # given a night that ended at 07:00 on the first day of the period
    history = History(last_shift_end=7 * H, last_shift_night=True)
    assert check_rest_after_night([item("a", 21 * H, 29 * H)], P, history) == []
    late_start = [item("a", 21 * H - 1, 29 * H)]
    assert rules_of(check_rest_after_night(late_start, P, history)) == [RuleId.REST_AFTER_NIGHT]


def test_non_night_predecessor_is_not_this_rules_matter():
    items = [item("a", 7 * H, 15 * H), item("b", DAY + 2 * H, DAY + 10 * H)]
    assert check_rest_after_night(items, P) == []


def test_night_rest_is_never_below_the_daily_minimum():
    params = RuleParams(min_rest_minutes=900, min_rest_after_night_minutes=840)
    items = [item("n", 23 * H, DAY + 7 * H), item("b", DAY + 21 * H, DAY + 29 * H)]
    assert check_rest_after_night(items, params)[0].limit == 900
