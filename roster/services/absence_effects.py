"""What an absence does to the roster, whatever its source: the one function every source uses.

`absence_effects_apply` runs after every change of an absence (sick report, extension,
recovery, approved leave or training, a manager's entry or end, a cancellation):

- the officer's places on shifts **inside** the absence that have not started yet are freed
  (the assignment is removed, so the place is open again: open shifts, swaps and the repair
  solve refill it; each freed place leaves an audit event in its period);
- for an open-ended (sick) absence "inside" ends at `absence_free_until`: the expected end
  plus the team's margin (`TeamAbsencePolicy.sick_margin_days`, counted in local days), or,
  with no expected end (`longer`/`unknown` on the form), the end of the day it is reported on
  plus the margin. The officer's later places stay assigned and are flagged at risk
  (`AtRiskAssignment`) for the planner; each change recomputes the flags, so an extension
  moves them and a recovery (the absence gets an end) clears them;
- a trainee's place of his training skill that a freed place leaves without a mentor is
  freed as well (issue 18, `roster.trainees`; audited with reason `no_mentor`);
- every freeing offers the planners one repair suggestion per published period (approvals
  inbox, `repair_suggest`) and, after the commit, tells the colleagues who may lawfully take a
  place (`roster.tasks.announce_open_shifts`).

Shifts already started are left alone: the planner handles a shift in progress by hand.
Nothing is ever put back: a place freed stays open (a recovery keeps the later places).

Lock order (as every roster write, `roster.services.locking`): the periods of the officer's
coming places (`lock_coming_periods`, taken by `roster.services.absences` before it locks the
officer or absence row), then that row; here the same periods again (already held), then the
flag rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Absence, Officer
from organisation.need_to_know import ABSENT
from roster.absence_window import absence_free_until, sick_margins
from roster.models import Assignment, AtRiskAssignment
from roster.place_changes import places_changed
from roster.services.audit import audit_record
from roster.services.locking import lock_periods
from roster.services.repair import repair_suggest
from roster.tasks import announce_open_shifts
from roster.trainees import trainee_places_left_alone


@dataclass(frozen=True)
class FreedPlace:
    shift_id: int
    period_id: int
    skill_id: int
    start: dt.datetime


@dataclass(frozen=True)
class AbsenceEffects:
    """What one application of an absence did: places freed, places flagged at risk."""

    freed: list[FreedPlace] = field(default_factory=list)
    at_risk: list[int] = field(default_factory=list)  # assignment ids


def lock_coming_periods(officer_id: int, now: dt.datetime) -> None:
    """Level 1 for an absence change: lock the periods of the officer's coming places (the
    ones an absence may free or flag) before the officer or absence row is locked."""
    lock_periods(
        Assignment.objects.filter(officer_id=officer_id, shift__start__gte=now).values_list(
            "shift__period_id", flat=True
        )
    )


def _free(
    *, actor: Officer | None, absence: Absence, assignments: list[Assignment]
) -> list[FreedPlace]:
    """Delete these assignments of the absent officer with an audit event each; locks their
    periods (in id order)."""
    periods = lock_periods({a.shift.period_id for a in assignments})
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


def _free_trainees_left_alone(
    *, actor: Officer | None, freed: list[Assignment]
) -> list[FreedPlace]:
    """Issue 18: a trainee never works his training skill's place without a mentor, so the
    trainee places that the freed (mentor's) places leave alone are freed too, each with an
    audit event that names no absence (the trainee is not absent)."""
    out: list[FreedPlace] = []
    gone: dict[int, set[int]] = {}
    for a in freed:
        gone.setdefault(a.shift_id, set()).add(a.officer_id)
    shifts = {a.shift_id: a.shift for a in freed}
    for shift_id, officers in sorted(gone.items()):
        alone = trainee_places_left_alone(shifts[shift_id], remove=officers)
        if not alone:
            continue
        periods = lock_periods({a.shift.period_id for a in alone})
        for a in alone:
            out.append(FreedPlace(a.shift_id, a.shift.period_id, a.skill_id, a.shift.start))
            audit_record(
                actor=actor,
                period=periods[a.shift.period_id],
                action="assignment_freed",
                payload={**_assignment_payload(a), "reason": "no_mentor"},
            )
        Assignment.objects.filter(pk__in=[a.pk for a in alone]).delete()
    return out


def _assignment_payload(a: Assignment) -> dict[str, object]:
    return {
        "assignment": a.pk,
        "officer": a.officer_id,
        "shift": a.shift_id,
        "skill": a.skill_id,
        "source": a.source,
    }


def absence_effects_apply(
    *, actor: Officer | None, absence: Absence, now: dt.datetime | None = None
) -> AbsenceEffects:
    """Bring the roster in line with `absence` as it is now (see the module docstring): free
    the coming places inside it, flag the later ones of an open-ended absence, suggest a
    repair and announce the freed places. Runs inside the caller's transaction (or its own);
    safe to repeat (a repeat frees and flags only what changed)."""
    now = now or timezone.now()
    with transaction.atomic():
        coming: list[Assignment] = []
        if absence.cancelled_at is None:
            inside = Q(
                shift__end__gt=absence.start,
                shift__start__gte=now,
                shift__cancelled_at__isnull=True,
            )
            if absence.end is not None:
                inside &= Q(shift__start__lt=absence.end)
            coming = list(
                Assignment.objects.filter(inside, officer_id=absence.officer_id)
                .select_related("shift")
                .order_by("shift__start", "id")
            )
        margins = sick_margins({a.shift.team_id for a in coming})
        to_free: list[Assignment] = []
        to_flag: list[Assignment] = []
        for assignment in coming:
            until = absence_free_until(
                absence, margin_days=margins[assignment.shift.team_id], now=now
            )
            if until is not None and assignment.shift.start < until:
                to_free.append(assignment)
            else:
                to_flag.append(assignment)
        freed = _free(actor=actor, absence=absence, assignments=to_free) if to_free else []
        freed += _free_trainees_left_alone(actor=actor, freed=to_free)
        places_changed(
            shift_ids=[place.shift_id for place in freed], officer_ids=[absence.officer_id]
        )
        flagged = sorted(a.pk for a in to_flag)
        AtRiskAssignment.objects.filter(absence=absence).exclude(assignment_id__in=flagged).delete()
        AtRiskAssignment.objects.bulk_create(
            [AtRiskAssignment(assignment_id=pk, absence=absence) for pk in flagged],
            ignore_conflicts=True,
        )
        if freed:
            repair_suggest(
                actor=actor,
                freed_per_period=Counter(place.period_id for place in freed),
                reason=_("Places freed by an absence"),
            )
            shift_ids = sorted({place.shift_id for place in freed})
            transaction.on_commit(lambda: announce_open_shifts.delay(shift_ids))
    return AbsenceEffects(freed=freed, at_risk=flagged)
