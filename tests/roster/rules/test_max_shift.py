from roster.rules import RuleId, RuleParams, check_max_shift, check_officer
from tests.roster.rules.helpers import item, rules_of

P = RuleParams()


def test_shift_of_exactly_twelve_hours_is_allowed():
    # given a 720-minute shift
    items = [item("s1", 480, 480 + 720)]
    # then no violation
    assert check_max_shift(items, P) == []


def test_shift_one_minute_over_twelve_hours_is_reported():
    items = [item("s1", 480, 480 + 721)]
    violations = check_max_shift(items, P, officer="o1")
    assert rules_of(violations) == [RuleId.MAX_SHIFT]
    assert violations[0].shift_ids == ("s1",)
    assert violations[0].officer == "o1"
    assert (violations[0].value, violations[0].limit) == (721, 720)


def test_check_officer_includes_max_shift():
    assert RuleId.MAX_SHIFT in rules_of(check_officer([item("s1", 0, 800)], P))
