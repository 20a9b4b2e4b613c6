from roster.rules import RuleId, RuleParams, check_night_exempt, check_officer
from tests.roster.rules.helpers import early, night, rules_of


def test_exempt_officer_may_not_work_a_night():
    violations = check_night_exempt([early("e", 0), night("n", 1)], True, officer="o1")
    assert rules_of(violations) == [RuleId.NIGHT_EXEMPT]
    assert violations[0].shift_ids == ("n",)


def test_exempt_officer_may_work_days_and_others_nights():
    assert check_night_exempt([early("e", 0)], True) == []
    assert check_night_exempt([night("n", 1)], False) == []


def test_check_officer_passes_the_exemption_flag():
    assert rules_of(check_officer([night("n", 1)], RuleParams(), night_exempt=True)) == [
        RuleId.NIGHT_EXEMPT
    ]
