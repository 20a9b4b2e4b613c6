"""The stored ledger gives way to the derived one (Issue #14, ADR 0007).

A database with `LedgerEntry` rows migrates forward to the members at publication (who keeps
counting each period's contract hours) and back to entries recounted from the assignments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

OLD = [("roster", "0008_reports_without_absence_kind")]
NEW = [("roster", "0009_ledger_derived_from_assignments")]

pytestmark = pytest.mark.slow


def _fill_old_schema(apps: Any) -> dict[str, int]:
    Unit = apps.get_model("organisation", "Unit")
    Team = apps.get_model("organisation", "Team")
    Officer = apps.get_model("organisation", "Officer")
    Skill = apps.get_model("organisation", "Skill")
    Period = apps.get_model("roster", "RosterPeriod")
    Shift = apps.get_model("roster", "Shift")
    Assignment = apps.get_model("roster", "Assignment")
    LedgerEntry = apps.get_model("roster", "LedgerEntry")

    team = Team.objects.create(unit=Unit.objects.create(code="u", name="U"), code="t", name="T")
    anna = Officer.objects.create(username="anna", employee_number="1")
    bram = Officer.objects.create(username="bram", employee_number="2")
    basis = Skill.objects.create(code="basis", name_nl="basis", name_en="basis")
    now = timezone.now()
    period = Period.objects.create(
        team=team,
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 30),
        phase="published",
        signup_opens_at=now - dt.timedelta(days=2),
        signup_closes_at=now - dt.timedelta(days=1),
        publish_on=dt.date(2026, 10, 19),
        published_at=now,
    )
    start = dt.datetime(2026, 11, 3, 22, 0, tzinfo=dt.UTC)  # 23:00 local
    night = Shift.objects.create(
        team=team,
        period=period,
        kind="night",
        start=start,
        end=start + dt.timedelta(hours=8),
        demand={"basis": 1},
        is_night=True,
    )
    Assignment.objects.create(officer=anna, shift=night, skill=basis, source="solver")
    # Anna's entry is stale (a second shift swapped away after publication); Bram had none
    LedgerEntry.objects.create(
        officer=anna, period=period, shifts=2, nights=2, worked_minutes=960, contract_minutes=1
    )
    LedgerEntry.objects.create(officer=bram, period=period, contract_minutes=8640)
    return {"anna": anna.pk, "bram": bram.pk, "period": period.pk}


def test_entries_become_members_at_publication_and_come_back_recounted(migrator: Any) -> None:
    # (one test: each run of the migrator rebuilds the whole database)
    # given a database with the stored ledger
    old = migrator.apply_initial_migration(OLD)
    ids = _fill_old_schema(old.apps)

    # when it migrates forward
    new = migrator.apply_tested_migration(NEW)

    # then both officers are members of the period at publication, and the table is gone
    Period = new.apps.get_model("roster", "RosterPeriod")
    members = Period.published_members.through.objects.values_list("rosterperiod_id", "officer_id")
    assert sorted(members) == [(ids["period"], ids["anna"]), (ids["period"], ids["bram"])]
    with pytest.raises(LookupError):
        new.apps.get_model("roster", "LedgerEntry")

    # when it migrates back again
    back = migrator.apply_tested_migration(OLD)

    # then the entries are recounted from the assignments: Anna's is true now
    LedgerEntry = back.apps.get_model("roster", "LedgerEntry")
    rows = {
        e.officer_id: (e.shifts, e.nights, e.worked_minutes, e.contract_minutes)
        for e in LedgerEntry.objects.filter(period_id=ids["period"])
    }
    assert rows == {ids["anna"]: (1, 1, 480, 8640), ids["bram"]: (0, 0, 0, 8640)}
