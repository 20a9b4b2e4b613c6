"""Reports solved before the need-to-know rule lose the absence kind in their reasons."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from roster.models import SolveJob, SolveStatus
from tests.factories.roster import PeriodFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("roster.migrations.0008_reports_without_absence_kind")


def test_old_reports_say_unavailable_absent(team: Any, planner: Any) -> None:
    # given: a job solved before the rule, and one without any absence
    reason = "o7: unavailable (sick)"
    period = PeriodFactory(team=team)
    old = SolveJob.objects.create(
        period=period,
        requested_by=planner,
        status=SolveStatus.DONE,
        result={"shortfalls": [{"reasons": ["1 of 2 place(s) empty", reason]}]},
        report={"shortfalls": [{"reasons": [reason, "o8: unavailable (leave)"]}]},
    )
    plain = SolveJob.objects.create(period=period, requested_by=planner, report={"summary": {}})

    # when
    migration.reports_neutralise(apps, None)

    # then
    old.refresh_from_db()
    assert old.result == {
        "shortfalls": [{"reasons": ["1 of 2 place(s) empty", "o7: unavailable (absent)"]}]
    }
    assert old.report == {
        "shortfalls": [{"reasons": ["o7: unavailable (absent)", "o8: unavailable (absent)"]}]
    }
    plain.refresh_from_db()
    assert plain.report == {"summary": {}}
