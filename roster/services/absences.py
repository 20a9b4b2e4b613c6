"""The absence lifecycle: record, extend, end and cancel an officer's absence.

Every source goes through here (the desk's sick report, sick extension, recovery report,
approved leave or training; a manager's entry through the API; the officer's own
unavailability) and every change is applied to the roster by the one function
`roster.services.absence_effects.absence_effects_apply` (free the places inside, flag the later
ones of an open-ended absence, suggest a repair, announce the places).

An absence is `planned` before its start, `active` until its end, `ended` from its end on,
and `cancelled` once cancelled (`Absence.status`; only the cancellation is stored). Two
absences of one officer that are in force (not cancelled) never overlap: a new one that would
is refused (400 naming `start`), as is one that ends at or before its start (`end`). An
open-ended sick absence counts for this only up to its expected end (`AbsenceQuerySet.blocking`):
a sick report is never refused because of leave booked later, and leave may be approved for
days after the expected end of a sickness.

Permissions (every service):
- the officer himself, for kind ``sick`` (the request desk files a sick report with the
  requester as actor, and the officer reports his own recovery through `absence_end`) and
  ``unavailable`` (only through `roster.services.unavailability`, which checks the sign-up
  window and the team's limit first);
- an administrator; a planner, team lead or unit manager of one of the officer's teams;
- staff of a desk in a unit the officer belongs to (desks fulfil leave/training outcomes).
Anyone else gets Forbidden. Callers resolve visibility (404) before calling.

Lock order: the periods of the officer's coming places (`lock_coming_periods`), then the
officer row (so that two overlapping absences cannot be recorded at once) or the absence row,
then the flags (`absence_effects_apply`).

A sick absence never records a diagnosis: the model has no field for it (AVG).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.errors import Forbidden
from organisation.models import Absence, AbsenceKind, Officer
from roster.errors import AbsenceAlreadyEnded, AbsenceCancelled
from roster.services.absence_effects import (
    AbsenceEffects,
    absence_effects_apply,
    lock_coming_periods,
)
from roster.services.locking import lock_row
from roster.services.permissions import manages_officer


@dataclass(frozen=True)
class AbsenceChange:
    """An absence after a change, and what the change did to the roster."""

    absence: Absence
    effects: AbsenceEffects


def _require_absence_actor(actor: Officer, officer: Officer, kind: str) -> None:
    if actor.pk == officer.pk and kind in (AbsenceKind.SICK, AbsenceKind.UNAVAILABLE):
        return
    if not manages_officer(actor, officer):
        raise Forbidden()


def _require_aware(**values: dt.datetime | None) -> None:
    for name, value in values.items():
        if value is not None and value.tzinfo is None:
            raise ValidationError({name: [_("A time zone is required.")]})


def _require_no_overlap(
    officer_id: int,
    start: dt.datetime,
    end: dt.datetime | None,
    expected_end: dt.datetime | None = None,
    *,
    exclude: int | None = None,
) -> None:
    clash = (
        Absence.objects.in_force().filter(officer_id=officer_id).blocking(start, end, expected_end)
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"start": [_("The officer is already absent in this time (another absence).")]}
        )


def absence_record(
    *,
    actor: Officer,
    officer: Officer,
    kind: str,
    start: dt.datetime,
    end: dt.datetime | None = None,
    expected_end: dt.datetime | None = None,
    source: str = "",
    now: dt.datetime | None = None,
) -> AbsenceChange:
    """Record that `officer` is unavailable from `start` to `end` (None: open-ended sick,
    `expected_end` the planning estimate) and apply it to the roster.

    `source` says where it came from (e.g. ``request:42``). Only ``sick`` may be open-ended.
    """
    _require_absence_actor(actor, officer, kind)
    _require_aware(start=start, end=end, expected_end=expected_end)
    if end is None and kind != AbsenceKind.SICK:
        raise ValidationError({"end": [_("Only a sick report may be open-ended.")]})
    if end is not None and end <= start:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    if expected_end is not None and expected_end <= start:
        raise ValidationError({"expected_end": [_("The expected end must be after the start.")]})
    now = now or timezone.now()
    with transaction.atomic():
        lock_coming_periods(officer.pk, now)
        lock_row(Officer.objects, pk=officer.pk)
        _require_no_overlap(officer.pk, start, end, expected_end)
        absence = Absence(
            officer=officer,
            kind=kind,
            start=start,
            end=end,
            expected_end=expected_end,
            source=source,
            created_by=actor,
        )
        absence.full_clean()
        absence.save()
        effects = absence_effects_apply(actor=actor, absence=absence, now=now)
    return AbsenceChange(absence, effects)


def absence_create(
    *,
    actor: Officer,
    officer: Officer,
    kind: str,
    start: dt.datetime,
    end: dt.datetime | None = None,
    expected_end: dt.datetime | None = None,
    source: str = "",
    now: dt.datetime | None = None,
) -> Absence:
    """`absence_record`, for callers that need only the absence."""
    return absence_record(
        actor=actor,
        officer=officer,
        kind=kind,
        start=start,
        end=end,
        expected_end=expected_end,
        source=source,
        now=now,
    ).absence


def _lock_open(absence: Absence, now: dt.datetime) -> Absence:
    lock_coming_periods(absence.officer_id, now)
    locked = lock_row(Absence.objects, pk=absence.pk)
    if locked.cancelled_at is not None:
        raise AbsenceCancelled()
    return locked


def absence_extend(
    *, actor: Officer, absence: Absence, expected_end: dt.datetime, now: dt.datetime | None = None
) -> AbsenceChange:
    """Move the expected end of an open-ended absence (a sick extension): the next stretch of
    places is freed and the at-risk flags move with it. An absence with an end is a Conflict."""
    _require_absence_actor(actor, absence.officer, absence.kind)
    _require_aware(expected_end=expected_end)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_open(absence, now)
        if locked.end is not None:
            raise AbsenceAlreadyEnded()
        if expected_end <= locked.start:
            raise ValidationError(
                {"expected_end": [_("The expected end must be after the start.")]}
            )
        locked.expected_end = expected_end
        locked.full_clean()
        locked.save(update_fields=["expected_end"])
        effects = absence_effects_apply(actor=actor, absence=locked, now=now)
    return AbsenceChange(locked, effects)


def absence_end(
    *, actor: Officer, absence: Absence, end: dt.datetime, now: dt.datetime | None = None
) -> Absence:
    """Close an open-ended absence (recovery from a sick report) at `end`.

    Locks the absence row; an absence that already has an end is a Conflict. Places inside
    the absence that are still assigned (flagged at risk) and lie before `end` are freed; the
    flags are cleared; places from `end` on stay assigned.
    """
    _require_absence_actor(actor, absence.officer, absence.kind)
    _require_aware(end=end)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_open(absence, now)
        if locked.end is not None:
            raise AbsenceAlreadyEnded()
        if end <= locked.start:
            raise ValidationError({"end": [_("The end must be after the start.")]})
        locked.end = end
        locked.full_clean()
        locked.save(update_fields=["end"])
        absence_effects_apply(actor=actor, absence=locked, now=now)
    return locked


def absence_cancel(*, actor: Officer, absence: Absence, now: dt.datetime | None = None) -> Absence:
    """Cancel an absence recorded in error or withdrawn: it no longer counts (roster, solver,
    routing, overlap) and its at-risk flags go. Places it freed stay open (the repair solve
    or a claim refills them). Cancelling twice is a Conflict."""
    _require_absence_actor(actor, absence.officer, absence.kind)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_open(absence, now)
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        absence_effects_apply(actor=actor, absence=locked, now=now)
    return locked


def absence_cut(
    *, actor: Officer, absence: Absence, at: dt.datetime, now: dt.datetime | None = None
) -> Absence:
    """End a fixed absence early at `at` (the officer fell sick during his leave: from the
    first sick day on it is sick leave, reported by the officer himself or recorded by a
    manager); cut at or before its start, it is cancelled. Places it freed stay open."""
    if actor.pk != absence.officer_id:
        _require_absence_actor(actor, absence.officer, absence.kind)
    _require_aware(at=at)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_open(absence, now)
        if locked.end is None or at >= locked.end:
            return locked
        if at <= locked.start:
            locked.cancelled_at = now
            locked.save(update_fields=["cancelled_at"])
        else:
            locked.end = at
            locked.full_clean()
            locked.save(update_fields=["end"])
        absence_effects_apply(actor=actor, absence=locked, now=now)
    return locked
