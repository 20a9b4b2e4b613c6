"""Applying a finished repair's change set to the published roster.

The published roster was the solve's `previous`; the job's report holds the change set.
`repair_apply` refuses if the roster changed since the solve read it, asks for the consent of
officers changed inside the fixed 7-day window and notifies every changed officer on commit
(the fairness ledger is derived from the assignments, `roster.ledger`: nothing to rewrite).

Lock order: period, then solve job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.i18n import msg
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Officer
from roster.burdens import local_wall_clock
from roster.errors import ConsentRequired, RepairNotApplicable
from roster.models import (
    Assignment,
    Phase,
    RosterPeriod,
    Shift,
    SolveJob,
    SolveMode,
    SolveStatus,
)
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_row
from roster.services.permissions import require_planner
from roster.services.phases import require_phase
from roster.services.solving.commit import roster_replace
from roster.services.solving.elsewhere import (
    elsewhere_conflicts,
    lock_officers,
    team_placements,
)
from roster.solve_refs import officer_ref, ref_pk, shift_ref
from roster.subjects import my_roster_subject

FIXED_WINDOW = dt.timedelta(days=7)  # Barp art. 12: the day roster is fixed 7 days ahead


def repair_apply(*, actor: Officer, job: SolveJob, consented: Collection[int] = ()) -> SolveJob:
    """Apply a finished repair's change set to the published roster (planner of the team),
    in one transaction. Refused (409) if the job is not a finished, unapplied repair or the
    published roster changed since it was read.

    A change to a shift starting within the fixed 7-day window needs the consent of the
    officer it changes: the planner lists the officers who consented in `consented` (409
    `consent_required` naming the others); the consent is recorded in the audit event.
    Every officer whose roster changes is notified once the change commits."""
    require_planner(actor, job.period.team_id)
    with transaction.atomic():
        period = lock_period(job.period)
        locked = lock_row(SolveJob.objects, pk=job.pk)
        if (
            locked.mode != SolveMode.REPAIR
            or locked.status != SolveStatus.DONE
            or locked.applied_at is not None
            or locked.report is None
            or locked.result is None
        ):
            raise RepairNotApplicable(extra={"status": locked.status, "mode": locked.mode})
        require_phase(period, Phase.PUBLISHED)
        now_roster = {
            (officer_ref(a.officer_id), shift_ref(a.shift_id), a.skill.code)
            for a in Assignment.objects.filter(shift__period=period).select_related("skill")
        }
        before = {
            (p["officer"], p["shift"], p["skill"]) for p in locked.report["change_set"]["previous"]
        }
        if now_roster != before:
            raise RepairNotApplicable(extra={"reason": "roster_changed"})
        _require_no_clash_elsewhere(period, locked.result["assignments"])
        changes = locked.report["change_set"]
        changed = [*changes.get("added", []), *changes.get("removed", [])]
        now = timezone.now()
        starts = dict(
            Shift.objects.filter(pk__in={ref_pk(c["shift"]) for c in changed}).values_list(
                "pk", "start"
            )
        )
        in_window = sorted(
            {
                ref_pk(c["officer"])
                for c in changed
                if now <= starts[ref_pk(c["shift"])] < now + FIXED_WINDOW
            }
        )
        missing = [pk for pk in in_window if pk not in set(consented)]
        if missing:
            raise ConsentRequired(extra={"officers": missing})
        written = roster_replace(period, team_placements(locked.result["assignments"]), actor=actor)
        audit_record(
            actor=actor,
            period=period,
            action="repair_apply",
            payload={"job": job.pk, **written, "consent": in_window},
        )
        _notify_changed(period, sorted({ref_pk(c["officer"]) for c in changed}))
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at"])
    return locked


def _notify_changed(period: RosterPeriod, officer_ids: list[int]) -> None:
    notify_on_commit(
        recipient_ids=officer_ids,
        kind=NotificationKind.ROSTER_CHANGED,
        title=msg(gettext_noop("Your roster has changed")),
        body=msg(gettext_noop("Open My roster to see your shifts.")),
        subject=my_roster_subject(period),
    )


def _require_no_clash_elsewhere(period: RosterPeriod, placements: list[dict[str, str]]) -> None:
    """The repaired roster against each officer's work in other teams as committed now
    (another team's solve, claim or assignment since the repair solve): 409
    `repair_not_applicable` with `reason` `other_team_changed`. Locks the officers (level
    3, after the job)."""
    mine = team_placements(placements)
    lock_officers(sorted({ref_pk(p["officer"]) for p in mine}))
    h0 = local_wall_clock(period.start_date, dt.time(0))
    h1 = local_wall_clock(period.end_date, dt.time(0))
    clashes = elsewhere_conflicts([period], mine, h0=h0, h1=h1)
    if clashes:
        raise RepairNotApplicable(
            extra={"reason": "other_team_changed", "rules": sorted({str(v.rule) for v in clashes})}
        )
