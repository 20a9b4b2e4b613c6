"""Absence and Delegation moved to organisation (ADR 0005) without losing a row.

Given a database on the schema before the move, filled through the historical models, when
it migrates forward, then the same rows (same ids) are organisation's, a desk request still
points at its absence, and the content types (so permissions and admin history) moved along.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("organisation", "0001_initial"),
    ("roster", "0006_integrity"),
    ("requests_desk", "0001_initial"),
]
AFTER = [
    ("organisation", "0002_absence_delegation"),
    ("roster", "0007_absence_to_organisation"),
    ("requests_desk", "0002_absence_delegation_to_organisation"),
]
START = dt.datetime(2027, 1, 4, 7, 0, tzinfo=dt.UTC)


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema(transactional_db: None) -> Iterator[Apps]:
    """The database as it was before the move; back on the latest schema afterwards."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(latest)


def _fill(apps: Apps) -> dict[str, Any]:
    officer_model = apps.get_model("organisation", "Officer")
    lead = officer_model.objects.create(username="lead", employee_number="1")
    sub = officer_model.objects.create(username="sub", employee_number="2")
    absence = apps.get_model("roster", "Absence").objects.create(
        officer=sub, kind="sick", start=START, source="request:1", created_by=sub
    )
    delegation = apps.get_model("requests_desk", "Delegation").objects.create(
        approver=lead, substitute=sub, start_date=dt.date(2027, 1, 4), end_date=dt.date(2027, 1, 8)
    )
    request_type = apps.get_model("requests_desk", "RequestType").objects.create(
        code="sick", category="absence"
    )
    version = apps.get_model("requests_desk", "RequestTypeVersion").objects.create(
        request_type=request_type,
        number=1,
        name_nl="Ziekmelding",
        name_en="Sick report",
        form_schema={"type": "object"},
        outcome_kind="sick",
        retention_after_employment=False,
    )
    request = apps.get_model("requests_desk", "Request").objects.create(
        requester=sub, request_type=request_type, version=version, absence=absence
    )
    content_type = apps.get_model("contenttypes", "ContentType")
    absence_ct, _ = content_type.objects.get_or_create(app_label="roster", model="absence")
    return {
        "lead": lead.pk,
        "sub": sub.pk,
        "absence": absence.pk,
        "delegation": delegation.pk,
        "request": request.pk,
        "absence_ct": absence_ct.pk,
    }


def test_absence_and_delegation_rows_survive_the_move_to_organisation(old_schema: Apps) -> None:
    # given: the old schema with an absence, a delegation and a request that links the absence
    ids = _fill(old_schema)

    # when
    apps = _migrate(AFTER)

    # then
    absence = apps.get_model("organisation", "Absence").objects.get(pk=ids["absence"])
    assert (absence.officer_id, absence.kind, absence.start, absence.end) == (
        ids["sub"],
        "sick",
        START,
        None,
    )
    delegation = apps.get_model("organisation", "Delegation").objects.get(pk=ids["delegation"])
    assert (delegation.approver_id, delegation.substitute_id) == (ids["lead"], ids["sub"])
    request = apps.get_model("requests_desk", "Request").objects.get(pk=ids["request"])
    assert request.absence_id == ids["absence"]
    assert request.absence.source == "request:1"
    tables = connection.introspection.table_names()
    assert {"organisation_absence", "organisation_delegation"} <= set(tables)
    assert not {"roster_absence", "requests_desk_delegation"} & set(tables)
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(pk=ids["absence_ct"])
    assert (content_type.app_label, content_type.model) == ("organisation", "absence")


def test_new_absences_continue_the_old_id_sequence(old_schema: Apps) -> None:
    # given
    ids = _fill(old_schema)

    # when
    apps = _migrate(AFTER)
    later = apps.get_model("organisation", "Absence").objects.create(
        officer_id=ids["sub"],
        kind="leave",
        start=START,
        end=START + dt.timedelta(days=1),
        created_by_id=ids["lead"],
    )

    # then
    assert later.pk > ids["absence"]
