"""roster/solver/solve-input.schema.json is the input contract, and parse_input enforces it."""

import json

import jsonschema
import pytest

from bench.scenario import generate
from roster.solver.io import InputError, input_schema, parse_input

EXAMPLE = {  # the example of docs/solver_io.md, with its "..." filled in
    "format": "samenroosteren.solve-input/1",
    "timezone": "Europe/Amsterdam",
    "horizon": {"start": "2026-10-19T00:00:00+02:00", "end": "2026-11-16T00:00:00+01:00"},
    "officers": [
        {
            "id": "o17",
            "skills": ["basis", "ovd"],
            "contract_minutes_per_week": 2160,
            "night_exempt": False,
            "history": {
                "nights": 14,
                "weekends": 6,
                "holidays": 1,
                "minutes_delta": -180,
                "last_shift_end": "2026-10-18T07:00:00+02:00",
                "last_shift_night": True,
                "consecutive_nights_at_start": 2,
                "consecutive_days_at_start": 2,
            },
        }
    ],
    "shifts": [
        {
            "id": "s1",
            "start": "2026-10-24T22:00:00+02:00",
            "end": "2026-10-25T07:00:00+01:00",
            "kind": "night",
            "burdens": ["night", "weekend"],
            "demand": {"basis": 4, "ovd": 1},
        }
    ],
    "signups": [{"officer": "o17", "shift": "s1", "wish": "want"}],
    "unavailable": [
        {
            "officer": "o17",
            "start": "2026-11-02T00:00:00+01:00",
            "end": "2026-11-06T00:00:00+01:00",
            "reason": "leave",
        }
    ],
    "pinned": [{"officer": "o17", "shift": "s1", "skill": "ovd"}],
    "previous": [{"officer": "o17", "shift": "s1", "skill": "basis"}],
    "rules": {
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
    },
    "weights": {
        "shortfall": 10000,
        "fairness": 100,
        "wish": 10,
        "rather_not": 20,
        "unsigned": 5,
        "stability": 50,
    },
}


@pytest.fixture(scope="module")
def validator():
    schema = input_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_contract_example_is_valid_and_parses(validator):
    validator.validate(EXAMPLE)
    parse_input(EXAMPLE)


def test_a_generated_scenario_is_valid(validator):
    validator.validate(generate(8, 7, seed=2))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["shifts"][0]["demand"].update(basis=-1),
        lambda d: d["shifts"][0].update(start="2026-10-24 22:00"),
        lambda d: d["signups"][0].update(wish="maybe"),
        lambda d: d["rules"].update(min_rest=600),
        lambda d: d.pop("officers"),
    ],
)
def test_malformed_inputs_are_rejected(validator, mutate):
    data = json.loads(json.dumps(EXAMPLE))
    mutate(data)
    assert not validator.is_valid(data)
    with pytest.raises(InputError):
        parse_input(data)


def test_the_schema_is_one_file_in_the_solver_package():
    # the package data the solver reads is the file docs/solver_io.md points to
    from pathlib import Path

    package_copy = Path(__file__).resolve().parents[3] / "roster" / "solver"
    on_disk = json.loads((package_copy / "solve-input.schema.json").read_text(encoding="utf-8"))
    assert input_schema() == on_disk
    assert not list((package_copy.parents[1] / "docs").glob("*.schema.json"))
