"""Migration 0003: every officer's contract minutes become the base row of his history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("organisation", "0002_absence_delegation")]
AFTER = [("organisation", "0003_employment_terms")]


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema(transactional_db: None) -> Iterator[Apps]:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(latest)


def test_each_officer_gets_a_base_row_with_his_contract(old_schema: Apps) -> None:
    officer_model = old_schema.get_model("organisation", "Officer")
    full = officer_model.objects.create(username="a", employee_number="1")
    part = officer_model.objects.create(
        username="b", employee_number="2", contract_minutes_per_week=1440
    )

    apps = _migrate(AFTER)

    rows = apps.get_model("organisation", "ContractHours").objects.order_by("officer_id")
    assert [(r.officer_id, r.valid_from, r.minutes_per_week) for r in rows] == [
        (full.pk, dt.date(1, 1, 1), 2160),
        (part.pk, dt.date(1, 1, 1), 1440),
    ]
