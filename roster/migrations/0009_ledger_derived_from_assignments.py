"""The fairness ledger is derived from the assignments (Issue #14, ADR 0007).

The stored `LedgerEntry` rows were written at publication and went stale with every later
swap, claim, award, freeing or repair. The figures now come from the assignments
(`roster.ledger`); only who counted in a published period is kept, as the period's
`published_members`. Forward: every officer with an entry becomes a member of its period (the
entries were written for the members at publication and the officers assigned), so each
officer keeps the same periods and contract minutes. Backward: the entries are recounted from
the assignments of the published periods for those members and the officers assigned.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import migrations, models

LEDGER_PHASES = ("published", "archived")


def members_from_entries(apps: Any, schema_editor: Any) -> None:
    ledger_entry = apps.get_model("roster", "LedgerEntry")
    through = apps.get_model("roster", "RosterPeriod").published_members.through
    through.objects.bulk_create(
        [
            through(rosterperiod_id=period_id, officer_id=officer_id)
            for officer_id, period_id in ledger_entry.objects.values_list(
                "officer_id", "period_id"
            ).iterator()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def entries_from_assignments(apps: Any, schema_editor: Any) -> None:
    period_model = apps.get_model("roster", "RosterPeriod")
    assignment = apps.get_model("roster", "Assignment")
    officer = apps.get_model("organisation", "Officer")
    ledger_entry = apps.get_model("roster", "LedgerEntry")
    through = period_model.published_members.through
    for period in period_model.objects.filter(phase__in=LEDGER_PHASES).iterator():
        figures: dict[int, dict[str, int]] = defaultdict(
            lambda: {"shifts": 0, "nights": 0, "weekends": 0, "holidays": 0, "worked_minutes": 0}
        )
        for a in assignment.objects.filter(
            shift__period=period, shift__cancelled_at__isnull=True
        ).select_related("shift"):
            row = figures[a.officer_id]
            row["shifts"] += 1
            row["nights"] += int(a.shift.is_night)
            row["weekends"] += int(a.shift.is_weekend)
            row["holidays"] += int(a.shift.is_holiday)
            row["worked_minutes"] += int((a.shift.end - a.shift.start).total_seconds() // 60)
        ids = set(figures) | set(
            through.objects.filter(rosterperiod_id=period.pk).values_list("officer_id", flat=True)
        )
        days = (period.end_date - period.start_date).days
        ledger_entry.objects.bulk_create(
            [
                ledger_entry(
                    officer_id=o.pk,
                    period_id=period.pk,
                    contract_minutes=o.contract_minutes_per_week * days // 7,
                    **figures[o.pk],
                )
                for o in officer.objects.filter(pk__in=ids)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("roster", "0008_reports_without_absence_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="rosterperiod",
            name="published_members",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="members at publication",
            ),
        ),
        migrations.RunPython(members_from_entries, entries_from_assignments),
        migrations.DeleteModel(name="LedgerEntry"),
    ]
