"""Weights.from_mapping: the objective weights from a setting, with errors naming the key."""

import pytest

from roster.solver.types import Weights


def test_missing_weights_take_their_defaults():
    assert Weights.from_mapping({"fairness": 7}) == Weights(fairness=7)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fairnes": 1}, "fairnes: unknown weight"),
        ({"wish": -1}, "wish: must be a non-negative integer"),
        ({"wish": True}, "wish: must be a non-negative integer"),
        ({"wish": 1.0}, "wish: must be a non-negative integer"),
    ],
)
def test_a_bad_weight_is_named(data, message):
    with pytest.raises(ValueError, match=message):
        Weights.from_mapping(data)
