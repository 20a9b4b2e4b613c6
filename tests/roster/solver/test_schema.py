"""roster/solver/solve-input.schema.json is the input contract, and parse_input enforces it."""

import json
import re
from pathlib import Path

import jsonschema
import pytest

from bench.scenario import generate
from roster.solver.io import InputError, input_schema, parse_input, result_to_dict
from roster.solver.notes import repair_nothing_lost
from roster.solver.types import (
    ChangeReason,
    OfficerChange,
    SolveResult,
    StageName,
    StageResult,
    StageStatus,
    Status,
)

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = (ROOT / "docs" / "solver_io.md").read_text(encoding="utf-8")
#: The ```json examples of docs/solver_io.md: the input first, then the result.
EXAMPLE, RESULT_EXAMPLE = (
    json.loads(block) for block in re.findall(r"```json\n(.*?)```", CONTRACT, re.S)
)


@pytest.fixture(scope="module")
def validator():
    schema = input_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_contract_example_is_valid_and_parses(validator):
    validator.validate(EXAMPLE)
    parse_input(EXAMPLE)


def test_the_result_example_has_the_fields_the_solver_writes():
    stage = StageResult(StageName.SHORTFALL, "min", 0, 0, StageStatus.OPTIMAL, 0.1)
    change = OfficerChange("o1", ChangeReason.KNOCK_ON, ("s1",), ())
    result = SolveResult(
        Status.FEASIBLE,
        0,
        0,
        0.0,
        stats={"x": 1},
        stages=(stage,),
        changed_officers=(change,),
        notes=(repair_nothing_lost(),),
    )
    written = result_to_dict(result)
    assert set(RESULT_EXAMPLE) == set(written)
    assert set(RESULT_EXAMPLE["notes"][0]) == set(written["notes"][0])
    assert set(RESULT_EXAMPLE["stages"][0]) == set(written["stages"][0])
    assert set(RESULT_EXAMPLE["changed_officers"][0]) == set(written["changed_officers"][0])


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
    path = "roster/solver/solve-input.schema.json"
    assert f"`{path}`" in CONTRACT
    assert input_schema() == json.loads((ROOT / path).read_text(encoding="utf-8"))
    assert not list((ROOT / "docs").glob("*.schema.json"))
