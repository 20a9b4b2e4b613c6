"""RuleId: one id per rule, API values unchanged, and every id documented."""

import re
from pathlib import Path

from roster.rules import WORKING_TIME_RULES, RuleId

DOC = Path(__file__).resolve().parents[3] / "docs" / "solver_io.md"


def test_the_solver_rule_ids_keep_their_api_values():
    placement_rules = set(RuleId) - set(WORKING_TIME_RULES)
    assert placement_rules == {
        "project.qualification",
        "project.availability",
        "project.over_staffing",
        "project.one_place_per_shift",
        "project.pinned_kept",
        "project.signups_only",
        "project.unknown_id",
        "project.training_mentor",
        "project.fatigue_cap",
    }


def test_every_rule_id_is_in_the_contract_and_nothing_else():
    documented = set(re.findall(r"^\| `((?:atw|project)\.[a-z_]+)` \|", DOC.read_text(), re.M))
    assert documented == {str(rule) for rule in RuleId}
