from roster.rules import History, RuleId, RuleParams, check_consecutive_days
from tests.roster.rules.helpers import H, early, late, night, rules_of

P = RuleParams()


def test_six_working_days_are_allowed_and_seven_are_not():
    assert check_consecutive_days([early(f"e{d}", d) for d in range(6)], P) == []
    violations = check_consecutive_days([early(f"e{d}", d) for d in range(7)], P, officer="o")
    assert rules_of(violations) == [RuleId.MAX_CONSECUTIVE_DAYS]
    assert violations[0].value == 7


def test_a_night_counts_for_the_day_it_starts():
    # night on day 5 ends on day 6; early shifts on days 0-4 and day 7: a free day 6
    items = [*(early(f"e{d}", d) for d in range(5)), night("n5", 5), late("l7", 7)]
    assert check_consecutive_days(items, P) == []


def test_run_from_before_the_period_counts():
    history = History(last_shift_end=-9 * H, consecutive_days_at_start=4, last_shift_day=-1)
    assert check_consecutive_days([early("e0", 0), early("e1", 1)], P, history) == []
    three = [early("e0", 0), early("e1", 1), early("e2", 2)]
    violations = check_consecutive_days(three, P, history)
    assert rules_of(violations) == [RuleId.MAX_CONSECUTIVE_DAYS]
    assert violations[0].shift_ids == ("e0", "e1", "e2")


def test_run_from_before_the_period_ends_with_a_free_day():
    history = History(last_shift_end=-9 * H, consecutive_days_at_start=6, last_shift_day=-2)
    assert check_consecutive_days([early(f"e{d}", d) for d in range(6)], P, history) == []
