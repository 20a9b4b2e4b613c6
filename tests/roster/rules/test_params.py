import pytest

from roster.rules import RuleParams


def test_missing_keys_take_defaults():
    params = RuleParams.from_mapping({"min_rest_minutes": 700})
    assert params.min_rest_minutes == 700
    assert params.min_rest_after_night_minutes == 840
    assert params.unsigned_allowed is True


def test_defaults_match_the_solver_contract():
    assert RuleParams() == RuleParams.from_mapping(
        {
            "min_rest_minutes": 660,
            "min_rest_after_night_minutes": 840,
            "max_shift_minutes": 720,
            "max_night_shift_minutes": 600,
            "max_minutes_per_7_days": 3600,
            "max_consecutive_nights": 5,
            "rest_after_night_series_minutes": 2760,
            "night_series_length": 3,
            "max_consecutive_working_days": 6,
            "min_weekly_rest_minutes": 2160,
            "unsigned_allowed": True,
        }
    )


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"min_rest": 660}, "min_rest"),
        ({"min_rest_minutes": "660"}, "min_rest_minutes"),
        ({"min_rest_minutes": 660.0}, "min_rest_minutes"),
        ({"min_rest_minutes": True}, "min_rest_minutes"),
        ({"max_shift_minutes": -1}, "max_shift_minutes"),
        ({"unsigned_allowed": 1}, "unsigned_allowed"),
    ],
)
def test_unknown_key_or_wrong_type_names_the_key(data, key):
    with pytest.raises(ValueError, match=key):
        RuleParams.from_mapping(data)
