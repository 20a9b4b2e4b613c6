"""Permission matrix: every operation of the URL conf, called as every role, against the
declared table in `tests/hardening/permission_matrix.py`.

An operation served by the URL conf but missing from the table fails the test: a new endpoint
must be declared with the status each role gets. Each call sends a valid request (so a refusal
is about who asks) and is rolled back (so the cells do not depend on each other).

Set PERMISSION_MATRIX_RECORD=<file> to write the observed table there (for review, never to
copy blindly)."""

from __future__ import annotations

import os
import re
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


#: The absence operations and the roles that may learn why the officer is absent (the officer
#: himself; the matrix's desk staff works another desk than the occupational-health desk).
ABSENCE_OPS = (
    "GET /api/v1/absences/",
    "POST /api/v1/absences/",
    "POST /api/v1/absences/{absence_id}/cancel/",
    "POST /api/v1/absences/{absence_id}/end/",
)
KIND_READERS = ("officer",)
#: A real kind in a body, a word for sick in either language, or a desk request reference.
KIND_LEAK = re.compile(r'"kind"\s*:\s*"(leave|training|sick|other)"|sick|ziek|request:', re.I)


def test_every_absence_operation_is_in_the_body_check() -> None:
    ops = {op for op in url_conf_operations() if "/absences/" in op}
    assert ops == set(ABSENCE_OPS)


@pytest.mark.django_db
def test_absence_bodies_tell_the_kind_only_to_who_may_learn_it(matrix_caller: Caller) -> None:
    # given: the officer's sick absence from a sick report (matrix graph)
    leaks: list[str] = []
    told: list[str] = []

    # when: each absence operation is called as each role
    for op in ABSENCE_OPS:
        for role in ROLES:
            response = matrix_caller.call(op, role)
            found = KIND_LEAK.search(response.content.decode())
            if role in KIND_READERS:
                if found:
                    told.append(op)
            elif found:
                leaks.append(f"{op} as {role} ({response.status_code}): {found.group(0)!r}")

    # then: nobody else reads the kind; the officer does read his own
    assert not leaks, "\n".join(leaks)
    # (he may not create an absence; he may cancel or end his own sick absence: 403 on the
    # create)
    assert told == [
        "GET /api/v1/absences/",
        "POST /api/v1/absences/{absence_id}/cancel/",
        "POST /api/v1/absences/{absence_id}/end/",
    ]
