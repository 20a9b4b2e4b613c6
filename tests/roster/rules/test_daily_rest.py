from roster.rules import History, RuleId, RuleParams, check_daily_rest
from tests.roster.rules.helpers import DAY, H, item, rules_of

P = RuleParams()


def test_rest_of_exactly_eleven_hours_is_allowed():
    # given a late shift ending 23:00 and an early one starting 10:00 next day (660 min)
    items = [item("a", 15 * H, 23 * H), item("b", DAY + 10 * H, DAY + 18 * H)]
    assert check_daily_rest(items, P) == []


def test_rest_of_659_minutes_is_reported_with_both_shifts():
    items = [item("a", 15 * H, 23 * H), item("b", DAY + 10 * H - 1, DAY + 18 * H)]
    violations = check_daily_rest(items, P, officer="o1")
    assert rules_of(violations) == [RuleId.DAILY_REST]
    assert violations[0].shift_ids == ("a", "b")
    assert (violations[0].value, violations[0].limit) == (659, 660)


def test_order_of_input_does_not_matter():
    items = [item("b", DAY + 9 * H, DAY + 17 * H), item("a", 15 * H, 23 * H)]
    assert rules_of(check_daily_rest(items, P)) == [RuleId.DAILY_REST]


def test_rest_is_checked_against_the_last_shift_before_the_period():
    # given a history shift that ended 2 h before the period start (minute 0)
    history = History(last_shift_end=-2 * H)
    ok = [item("a", 9 * H, 17 * H)]  # 11 h after
    short = [item("a", 9 * H - 1, 17 * H)]
    assert check_daily_rest(ok, P, history) == []
    violations = check_daily_rest(short, P, history)
    assert rules_of(violations) == [RuleId.DAILY_REST]
    assert violations[0].shift_ids == ("a",)


def test_pair_after_a_night_is_left_to_the_night_rule():
    items = [item("n", 23 * H, DAY + 7 * H), item("b", DAY + 15 * H, DAY + 23 * H)]
    assert check_daily_rest(items, P) == []


def test_custom_minimum_rest_is_used():
    items = [item("a", 15 * H, 23 * H), item("b", DAY + 10 * H, DAY + 18 * H)]
    assert rules_of(check_daily_rest(items, RuleParams(min_rest_minutes=661))) == [
        RuleId.DAILY_REST
    ]
