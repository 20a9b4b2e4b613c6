"""Shift templates and shifts.

Planners of the team (and administrators) only. Shifts are generated while the period is a
draft or sign-up is open; single shifts may be added, edited or cancelled until publication.
Lock order: period, then shift.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Officer, Skill, Team
from roster.burdens import compute_burdens, local_wall_clock
from roster.errors import ShiftCancelled
from roster.models import Phase, RosterPeriod, Shift, ShiftTemplate
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_shift
from roster.services.open_fit_changes import open_fits_changed
from roster.services.permissions import require_planner
from roster.services.phases import require_phase

GENERATE_PHASES = (Phase.DRAFT, Phase.SIGNUP_OPEN)
EDIT_PHASES = (Phase.DRAFT, Phase.SIGNUP_OPEN, Phase.SIGNUP_CLOSED, Phase.PROPOSED)


def validate_demand(demand: Any, field: str = "demand") -> dict[str, int]:
    """`{skill_code: count}` with known skill codes and positive counts."""
    if not isinstance(demand, dict) or not demand:
        raise ValidationError({field: [_("Give at least one skill with a count.")]})
    known = set(Skill.objects.filter(code__in=list(demand)).values_list("code", flat=True))
    for code, count in demand.items():
        if code not in known:
            raise ValidationError({field: [_("Unknown skill: %(code)s") % {"code": code}]})
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValidationError({field: [_("Each count must be a positive integer.")]})
    return {str(k): int(v) for k, v in demand.items()}


def template_create(
    *,
    actor: Officer,
    team: Team,
    name: str,
    kind: str,
    start_time: dt.time,
    end_time: dt.time,
    weekdays: list[int],
    demand: dict[str, int],
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> ShiftTemplate:
    """Create a shift template for `team` (planner of the team)."""
    require_planner(actor, team)
    if not weekdays or any(d not in range(7) for d in weekdays):
        raise ValidationError({"weekdays": [_("Weekdays are 0 (Monday) to 6 (Sunday).")]})
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": [_("The end must not be before the start.")]})
    with transaction.atomic():
        template = ShiftTemplate(
            team=team,
            name=name,
            kind=kind,
            start_time=start_time,
            end_time=end_time,
            weekdays=sorted(set(weekdays)),
            demand=validate_demand(demand),
            valid_from=valid_from,
            valid_until=valid_until,
        )
        template.full_clean()
        template.save()
    return template


def template_times(template: ShiftTemplate, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware start and end of the template on local `day` (end on the next day when the end
    time is at or before the start time)."""
    start = local_wall_clock(day, template.start_time)
    end_day = day + dt.timedelta(days=1) if template.end_time <= template.start_time else day
    return start, local_wall_clock(end_day, template.end_time)


def _applies(template: ShiftTemplate, day: dt.date) -> bool:
    if day.weekday() not in template.weekdays:
        return False
    if template.valid_from and day < template.valid_from:
        return False
    return not (template.valid_until and day > template.valid_until)


def shifts_generate(*, actor: Officer, period: RosterPeriod) -> list[Shift]:
    """Create the period's shifts from the team's active templates. Idempotent: a template's
    shift that already exists for a day is not created again. Returns the new shifts."""
    require_planner(actor, period.team_id)
    with transaction.atomic():
        locked = lock_period(period)
        require_phase(locked, *GENERATE_PHASES)
        templates = list(ShiftTemplate.objects.filter(team_id=locked.team_id, active=True))
        existing = set(
            Shift.objects.filter(period=locked, template__isnull=False).values_list(
                "template_id", "start"
            )
        )
        new: list[Shift] = []
        day = locked.start_date
        while day < locked.end_date:
            for template in templates:
                if not _applies(template, day):
                    continue
                start, end = template_times(template, day)
                if (template.pk, start) in existing:
                    continue
                burdens = compute_burdens(start, end)
                new.append(
                    Shift(
                        team_id=locked.team_id,
                        period=locked,
                        template=template,
                        kind=template.kind,
                        start=start,
                        end=end,
                        demand=dict(template.demand),
                        is_night=burdens.night,
                        is_weekend=burdens.weekend,
                        is_holiday=burdens.holiday,
                    )
                )
            day += dt.timedelta(days=1)
        Shift.objects.bulk_create(new)
        open_fits_changed(team_ids=[locked.team_id])  # bulk_create sends no signal
        audit_record(
            actor=actor, period=locked, action="shifts_generate", payload={"created": len(new)}
        )
    return new


def _check_in_period(period: RosterPeriod, start: dt.datetime, end: dt.datetime) -> None:
    if end <= start:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    local_day = timezone.localtime(start).date()
    if not period.start_date <= local_day < period.end_date:
        raise ValidationError({"start": [_("The shift must start within the period.")]})


def shift_create(
    *,
    actor: Officer,
    period: RosterPeriod,
    kind: str,
    start: dt.datetime,
    end: dt.datetime,
    demand: dict[str, int],
) -> Shift:
    """Add a single shift to the period (planner; until publication)."""
    require_planner(actor, period.team_id)
    _check_in_period(period, start, end)
    clean_demand = validate_demand(demand)
    with transaction.atomic():
        locked = lock_period(period)
        require_phase(locked, *EDIT_PHASES)
        burdens = compute_burdens(start, end)
        shift = Shift(
            team_id=locked.team_id,
            period=locked,
            kind=kind,
            start=start,
            end=end,
            demand=clean_demand,
            is_night=burdens.night,
            is_weekend=burdens.weekend,
            is_holiday=burdens.holiday,
        )
        shift.full_clean()
        shift.save()
        audit_record(actor=actor, period=locked, action="shift_create", payload={"shift": shift.pk})
    return shift


def shift_update(
    *,
    actor: Officer,
    shift: Shift,
    kind: str | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    demand: dict[str, int] | None = None,
) -> Shift:
    """Edit a shift's kind, times or demand (planner; until publication). Burden flags are
    recomputed when the times change."""
    require_planner(actor, shift.team_id)
    clean_demand = validate_demand(demand) if demand is not None else None
    with transaction.atomic():
        locked_period = lock_period(shift.period)
        require_phase(locked_period, *EDIT_PHASES)
        locked = lock_shift(shift)
        if locked.cancelled_at is not None:
            raise ShiftCancelled()
        new_start, new_end = start or locked.start, end or locked.end
        _check_in_period(locked_period, new_start, new_end)
        changes: dict[str, Any] = {}
        if kind is not None:
            locked.kind = kind
            changes["kind"] = kind
        if clean_demand is not None:
            locked.demand = clean_demand
            changes["demand"] = clean_demand
        if (new_start, new_end) != (locked.start, locked.end):
            burdens = compute_burdens(new_start, new_end)
            locked.start, locked.end = new_start, new_end
            locked.is_night, locked.is_weekend = burdens.night, burdens.weekend
            locked.is_holiday = burdens.holiday
            changes["start"], changes["end"] = new_start.isoformat(), new_end.isoformat()
        locked.full_clean()
        locked.save()
        audit_record(
            actor=actor,
            period=locked_period,
            action="shift_update",
            payload={"shift": locked.pk, **changes},
        )
    return locked


def shift_cancel(*, actor: Officer, shift: Shift) -> Shift:
    """Cancel a shift (planner; until publication); its assignments are removed."""
    require_planner(actor, shift.team_id)
    with transaction.atomic():
        locked_period = lock_period(shift.period)
        require_phase(locked_period, *EDIT_PHASES)
        locked = lock_shift(shift)
        if locked.cancelled_at is not None:
            raise ShiftCancelled()
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["cancelled_at"])
        removed = [a for (a,) in locked.assignments.values_list("officer_id")]
        locked.assignments.all().delete()
        audit_record(
            actor=actor,
            period=locked_period,
            action="shift_cancel",
            payload={"shift": locked.pk, "removed_officers": removed},
        )
    return locked
