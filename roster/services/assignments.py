"""Assignments: an officer works a shift in one skill's place.

Manual assignments are made by planners of the team while the roster is proposed, and every
one is checked by the ONE working-time rules module (`roster.rules.check_officer`) against
the officer's other assignments in a window around the shift, so rest and series rules look
across the period boundary. A violation is a 422 `rule_violation` with `extra.rule`.
Lock order: period, shift, officer row (serialises all changes to one officer's roster).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.errors import RuleViolation
from organisation.employment_selectors import in_team_on, night_exempt_days
from organisation.models import Absence, Officer, Skill
from roster.compliance import change_violations, exempt_day_range
from roster.errors import (
    AlreadyAssigned,
    NotATeamMember,
    NotQualified,
    OfficerAbsent,
    ShiftCancelled,
    ShiftFull,
)
from roster.models import Assignment, AssignmentSource, Phase, Shift
from roster.report_text import violation_text
from roster.rules import LOOKAROUND
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_row, lock_shift
from roster.services.permissions import require_planner
from roster.services.phases import require_phase
from roster.services.signups import qualified_skill_codes
from roster.trainees import check_mentored, trainee_skill_codes

EDIT_PHASES = (Phase.PROPOSED,)


def check_assignable(officer: Officer, shift: Shift, *, exclude: int | None = None) -> None:
    """Raise RuleViolation if giving `shift` to `officer` breaks a working-time rule that the
    officer's other assignments around it did not already break, or puts a day of his above
    the team's fatigue cap (`roster.compliance.change_violations`). `exclude`: the assignment
    he gives up in the same change (a swap)."""
    places = (
        Assignment.objects.filter(
            officer=officer,
            shift__cancelled_at__isnull=True,
            shift__start__lt=shift.end + LOOKAROUND,
            shift__end__gt=shift.start - LOOKAROUND,
        )
        .exclude(shift=shift)
        .select_related("shift")
    )
    around: dict[int, Shift] = {}
    gives: dict[int, Shift] = {}
    for place in places:
        (gives if place.pk == exclude else around)[place.shift_id] = place.shift
    gives = {k: v for k, v in gives.items() if k not in around}
    shifts = [*around.values(), shift]
    exempt = night_exempt_days([officer], *exempt_day_range(shifts))[officer.pk]
    mine = change_violations(
        officer,
        takes=[shift],
        around=list(around.values()),
        gives=list(gives.values()),
        exempt_days=exempt,
    )
    if mine:
        first = mine[0]
        raise RuleViolation(
            violation_text(first, {str(s.pk): s for s in shifts}),
            extra={"rule": first.rule, "violations": [v.as_dict() for v in mine]},
        )


def assignment_create(
    *,
    actor: Officer,
    shift: Shift,
    officer: Officer,
    skill: Skill,
    source: str = AssignmentSource.MANUAL,
) -> Assignment:
    """Assign `officer` to `shift` in `skill`'s place (planner; roster proposed).

    Checks team membership, a qualification valid on the shift's date (or a training for the
    skill, with a mentor on the shift: `roster.trainees`), the shift's demand for the skill,
    absences, and every working-time rule."""
    require_planner(actor, shift.team_id)
    with transaction.atomic():
        period = lock_period(shift.period)
        require_phase(period, *EDIT_PHASES)
        locked = lock_shift(shift)
        lock_row(Officer.objects, pk=officer.pk)
        if locked.cancelled_at is not None:
            raise ShiftCancelled()
        if not in_team_on(officer, locked.team_id, timezone.localtime(locked.start).date()):
            raise NotATeamMember()
        trainee = skill.code in trainee_skill_codes(officer.pk, locked)
        if not trainee and skill.code not in qualified_skill_codes(officer, locked):
            raise NotQualified(extra={"skill": skill.code})
        if Assignment.objects.filter(shift=locked, officer=officer).exists():
            raise AlreadyAssigned()
        filled = Assignment.objects.filter(shift=locked, skill=skill).count()
        if filled >= int(locked.demand.get(skill.code, 0)):
            raise ShiftFull(extra={"skill": skill.code})
        absent = (
            Absence.objects.in_force()
            .filter(officer=officer, start__lt=locked.end)
            .filter(Q(end__isnull=True) | Q(end__gt=locked.start))
        )
        if absent.exists():
            raise OfficerAbsent()
        check_assignable(officer, locked)
        if trainee:  # his training skill: only with a mentor on the shift (issue 18)
            check_mentored(locked, add=(officer.pk, skill.code))
        assignment = Assignment.objects.create(
            officer=officer, shift=locked, skill=skill, source=source, created_by=actor
        )
        audit_record(
            actor=actor,
            period=period,
            action="assignment_create",
            payload=_payload(assignment),
        )
    return assignment


def assignment_delete(*, actor: Officer, assignment: Assignment) -> None:
    """Remove an assignment (planner; roster proposed)."""
    require_planner(actor, assignment.shift.team_id)
    with transaction.atomic():
        period = lock_period(assignment.shift.period)
        require_phase(period, *EDIT_PHASES)
        payload = _payload(assignment)
        # a mentor cannot be taken off while his trainee stays alone on the shift (issue 18)
        check_mentored(lock_shift(assignment.shift), remove=[assignment.officer_id])
        Assignment.objects.filter(pk=assignment.pk).delete()
        audit_record(actor=actor, period=period, action="assignment_delete", payload=payload)


def _payload(assignment: Assignment) -> dict[str, Any]:
    return {
        "assignment": assignment.pk,
        "officer": assignment.officer_id,
        "shift": assignment.shift_id,
        "skill": assignment.skill_id,
        "source": assignment.source,
    }
