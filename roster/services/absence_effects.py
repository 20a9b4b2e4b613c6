"""What an absence does to the roster: the officer's coming shifts are freed.

A sick report (or any absence created after the roster was made) frees the officer's
assignments on shifts that overlap the absence and have not started yet. Freeing removes the
assignment, so the place is open again (demand minus assigned): open shifts, swaps and the
repair solve refill it. Each freed assignment leaves an audit event in its period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from organisation.models import Absence, Officer
from organisation.need_to_know import ABSENT
from roster.models import Assignment
from roster.services.audit import audit_record
from roster.services.locking import lock_periods


@dataclass(frozen=True)
class FreedPlace:
    shift_id: int
    period_id: int
    skill_id: int
    start: dt.datetime


def shifts_free_for_absence(
    *, actor: Officer | None, absence: Absence, now: dt.datetime | None = None
) -> list[FreedPlace]:
    """Free the absent officer's places on coming shifts that overlap the absence.

    Locks the affected periods (in id order) and deletes the assignments in one transaction.
    Shifts already started are left alone: the planner handles a shift in progress by hand.
    """
    now = now or timezone.now()
    start = max(absence.start, now)
    overlap = Q(shift__end__gt=start, shift__start__gte=now, shift__cancelled_at__isnull=True)
    if absence.end is not None:
        overlap &= Q(shift__start__lt=absence.end)
    with transaction.atomic():
        assignments = list(
            Assignment.objects.filter(overlap, officer_id=absence.officer_id)
            .select_related("shift")
            .order_by("shift__start")
        )
        period_ids = sorted({a.shift.period_id for a in assignments})
        periods = lock_periods(period_ids)
        freed: list[FreedPlace] = []
        for assignment in assignments:
            shift = assignment.shift
            freed.append(FreedPlace(shift.pk, shift.period_id, assignment.skill_id, shift.start))
            audit_record(
                actor=actor,
                period=periods[shift.period_id],
                action="assignment_freed",
                payload={
                    "assignment": assignment.pk,
                    "officer": assignment.officer_id,
                    "shift": shift.pk,
                    "skill": assignment.skill_id,
                    "source": assignment.source,
                    "reason": ABSENT,  # need-to-know: the absence id leads to the kind
                    "absence": absence.pk,
                },
            )
        Assignment.objects.filter(pk__in=[a.pk for a in assignments]).delete()
    return freed
