"""Permission matrix: every operation of the URL conf, called as every role, against the
declared table in `tests/hardening/permission_matrix.py`.

An operation served by the URL conf but missing from the table fails the test: a new endpoint
must be declared with the status each role gets. Each call sends a valid request (so a refusal
is about who asks) and is rolled back (so the cells do not depend on each other).

Set PERMISSION_MATRIX_RECORD=<file> to write the observed table there (for review, never to
copy blindly)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.hardening.matrix_support import Caller, build_graph, url_conf_operations
from tests.hardening.permission_matrix import MATRIX, ROLES, matches


@pytest.fixture
def matrix_caller(
    settings: Any,
    tmp_path: Any,
    unit: Any,
    team: Any,
    basis: Any,
    officer: Any,
    colleague: Any,
    other_officer: Any,
    team_lead: Any,
    other_team_lead: Any,
    planner: Any,
    desk_staff: Any,
    unit_manager: Any,
    administrator: Any,
) -> Caller:
    settings.MEDIA_ROOT = tmp_path
    roles = {
        "anonymous": None,
        "officer": officer,
        "colleague": colleague,
        "other_officer": other_officer,
        "team_lead": team_lead,
        "other_team_lead": other_team_lead,
        "planner": planner,
        "desk_staff": desk_staff,
        "unit_manager": unit_manager,
        "admin": administrator,
    }
    assert tuple(roles) == ROLES
    return Caller(build_graph(roles=roles, team=team, unit=unit, basis=basis))


def test_every_operation_of_the_url_conf_is_declared() -> None:
    ops = url_conf_operations()
    missing = [op for op in ops if op not in MATRIX]
    assert not missing, "declare these operations in tests/hardening/permission_matrix.py:\n" + (
        "\n".join(missing)
    )
    stale = [op for op in MATRIX if op not in ops]
    assert not stale, f"the table declares operations the URL conf no longer has: {stale}"


@pytest.mark.django_db
def test_every_role_gets_the_declared_status_on_every_operation(
    matrix_caller: Caller, capsys: Any
) -> None:
    # given: every operation in the URL conf that the table declares
    ops = [op for op in url_conf_operations() if op in MATRIX]
    observed: dict[str, list[int]] = {}
    unexpected: list[str] = []

    # when: each is called once as each role
    for op in ops:
        expected = MATRIX[op].split()
        assert len(expected) == len(ROLES), f"{op}: {len(expected)} cells for {len(ROLES)} roles"
        row = []
        for role, want in zip(ROLES, expected, strict=True):
            status = matrix_caller.call(op, role).status_code
            row.append(status)
            if not matches(want, status):
                unexpected.append(f"{op} as {role}: expected {want}, got {status}")
        observed[op] = row

    if target := os.environ.get("PERMISSION_MATRIX_RECORD"):
        with open(target, "w", encoding="utf-8") as out:
            for op, row in observed.items():
                out.write(f'    "{op}": "{" ".join(str(s) for s in row)}",\n')

    # then: no cell differs from the table; no 5xx anywhere
    with capsys.disabled():
        print(
            f"\npermission matrix: {len(ops)} operations x {len(ROLES)} roles = "
            f"{len(ops) * len(ROLES)} cells, {len(unexpected)} unexpected"
        )
    assert not unexpected, "\n".join(unexpected)
