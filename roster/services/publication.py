"""Publication of a proposed roster.

The fairness ledger is derived from the assignments (`roster.ledger`); publication only
records who was on the team, so a member without a shift still counts the contract hours.

Planner of the team only; the period must be `proposed`. Publication refuses a roster that
breaks a working-time rule (422, `extra.rule` from the compliance check). Lock order: period.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_noop

from common.errors import RuleViolation
from common.i18n import msg
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Officer
from roster.models import Assignment, Phase, RosterPeriod, Shift
from roster.report_text import violation_text
from roster.selectors import period_compliance
from roster.services.audit import audit_record
from roster.services.locking import lock_period
from roster.services.permissions import require_planner
from roster.services.phases import move_locked, require_phase
from roster.subjects import my_roster_subject


def published_members_record(period: RosterPeriod) -> list[int]:
    """Record the team's active members as the period's members at publication: the fairness
    ledger (`roster.ledger`, derived from the assignments) counts the period's contract hours
    for them even without a shift. Idempotent. Returns their ids."""
    members = sorted(
        Officer.objects.filter(teams=period.team_id, is_active=True).values_list("pk", flat=True)
    )
    period.published_members.set(members)
    return members


def roster_publish(*, actor: Officer, period: RosterPeriod) -> RosterPeriod:
    """Publish a proposed roster: checks compliance, moves to `published`, records the
    members at publication (whose contract hours the ledger counts) and audits, all in one
    transaction."""
    require_planner(actor, period.team_id)
    with transaction.atomic():
        locked = lock_period(period)
        require_phase(locked, Phase.PROPOSED)
        report = period_compliance(period=locked)
        if report.violations:
            first = report.violations[0]
            shifts = Shift.objects.filter(pk__in=[int(sid) for sid in first.shift_ids])
            officer = Officer.objects.filter(pk=first.officer).first() if first.officer else None
            text = violation_text(first, {str(s.pk): s for s in shifts})
            raise RuleViolation(
                f"{officer.get_full_name() or officer.username}: {text}" if officer else text,
                extra={"rule": first.rule, "violations": [v.as_dict() for v in report.violations]},
            )
        move_locked(actor=actor, period=locked, to_phase=Phase.PUBLISHED)
        members = published_members_record(locked)
        audit_record(
            actor=actor, period=locked, action="members_record", payload={"members": members}
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
        title=msg(
            gettext_noop("The roster from %(start)s to %(end)s is published"),
            start=period.start_date,  # dates: written in the reader's format
            end=period.end_date,
        ),
        body=msg(gettext_noop("Open My roster to see your shifts.")),
        subject=my_roster_subject(period),
    )
