"""A fatigue-cap violation in a solve report reads as the rule's name, in the reader's
language."""

from django.utils import translation

from roster.report_text import RULE_LABELS
from roster.rules import RuleId


def test_the_fatigue_cap_has_a_name_in_both_languages():
    with translation.override("en"):
        assert str(RULE_LABELS[RuleId.FATIGUE_CAP]) == "the team's fatigue cap"
    with translation.override("nl"):
        assert str(RULE_LABELS[RuleId.FATIGUE_CAP]) == "de vermoeidheidsgrens van het team"
