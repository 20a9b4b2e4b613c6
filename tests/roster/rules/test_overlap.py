from roster.rules import History, RuleId, RuleParams, check_officer, check_overlap
from tests.roster.rules.helpers import H, item, rules_of


def test_back_to_back_shifts_do_not_overlap():
    assert check_overlap([item("a", 0, 8 * H), item("b", 8 * H, 16 * H)]) == []


def test_one_minute_overlap_is_reported():
    violations = check_overlap([item("a", 0, 8 * H), item("b", 8 * H - 1, 16 * H)])
    assert rules_of(violations) == [RuleId.OVERLAP]
    assert violations[0].shift_ids == ("a", "b")


def test_shift_inside_a_longer_one_is_reported_against_the_longer_one():
    items = [item("long", 0, 12 * H), item("x", 1 * H, 2 * H), item("y", 3 * H, 4 * H)]
    violations = check_overlap(items)
    assert [v.shift_ids for v in violations] == [("long", "x"), ("long", "y")]


def test_shift_starting_before_the_previous_periods_last_shift_ends_is_reported():
    history = History(last_shift_end=2 * H)
    violations = check_overlap([item("a", 1 * H, 9 * H)], history)
    assert rules_of(violations) == [RuleId.OVERLAP]
    assert RuleId.OVERLAP in rules_of(
        check_officer([item("a", 1 * H, 9 * H)], RuleParams(), history)
    )
