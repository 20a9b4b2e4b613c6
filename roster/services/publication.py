"""Publication of a proposed roster and the fairness ledger it writes.

Planner of the team only; the period must be `proposed`. Publication refuses a roster that
breaks a working-time rule (422, `extra.rule` from the compliance check). Lock order: period.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.errors import RuleViolation
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Officer
from roster.models import Assignment, LedgerEntry, Phase, RosterPeriod
from roster.selectors import period_compliance
from roster.services.audit import audit_record
from roster.services.locking import lock_period
from roster.services.permissions import require_planner
from roster.services.phases import move_locked, require_phase


def ledger_write(period: RosterPeriod) -> int:
    """(Re)write the period's ledger entries: one per team member and per assigned officer.

    Idempotent: entries are replaced, so the officer's totals (the sum of his entries) count
    each period once. Returns the number of entries."""
    days = (period.end_date - period.start_date).days
    assignments = Assignment.objects.filter(
        shift__period=period, shift__cancelled_at__isnull=True
    ).select_related("shift")
    figures: dict[int, dict[str, int]] = defaultdict(
        lambda: {"shifts": 0, "nights": 0, "weekends": 0, "holidays": 0, "worked_minutes": 0}
    )
    for a in assignments:
        row = figures[a.officer_id]
        row["shifts"] += 1
        row["nights"] += int(a.shift.is_night)
        row["weekends"] += int(a.shift.is_weekend)
        row["holidays"] += int(a.shift.is_holiday)
        row["worked_minutes"] += a.shift.minutes
    officers = Officer.objects.filter(
        teams=period.team_id, is_active=True
    ) | Officer.objects.filter(pk__in=list(figures))
    count = 0
    for officer in officers.distinct():
        row = figures[officer.pk]
        LedgerEntry.objects.update_or_create(
            officer=officer,
            period=period,
            defaults={
                **row,
                "contract_minutes": officer.contract_minutes_per_week * days // 7,
            },
        )
        count += 1
    return count


def roster_publish(*, actor: Officer, period: RosterPeriod) -> RosterPeriod:
    """Publish a proposed roster: checks compliance, moves to `published`, writes the
    fairness ledger and audits, all in one transaction."""
    require_planner(actor, period.team_id)
    with transaction.atomic():
        locked = lock_period(period)
        require_phase(locked, Phase.PROPOSED)
        report = period_compliance(period=locked)
        if report.violations:
            first = report.violations[0]
            raise RuleViolation(
                first.message,
                extra={"rule": first.rule, "violations": [v.as_dict() for v in report.violations]},
            )
        move_locked(actor=actor, period=locked, to_phase=Phase.PUBLISHED)
        entries = ledger_write(locked)
        audit_record(
            actor=actor, period=locked, action="ledger_write", payload={"entries": entries}
        )
        _notify_published(locked)
    return locked


def _notify_published(period: RosterPeriod) -> None:
    """Tell every team member and every assigned officer, once the publication commits."""
    members = set(
        Officer.objects.filter(teams=period.team_id, is_active=True).values_list("pk", flat=True)
    )
    assigned = set(
        Assignment.objects.filter(shift__period=period).values_list("officer_id", flat=True)
    )
    notify_on_commit(
        recipient_ids=sorted(members | assigned),
        kind=NotificationKind.ROSTER_PUBLISHED,
        title=_("The roster from %(start)s to %(end)s is published")
        % {
            "start": date_format(period.start_date, "SHORT_DATE_FORMAT"),
            "end": date_format(period.end_date, "SHORT_DATE_FORMAT"),
        },
        body=_("Open My roster to see your shifts."),
    )
