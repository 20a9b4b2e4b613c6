"""Absences (leave, training, sick, other): an officer is unavailable for a time range.

Permissions (both services):
- the officer himself, for kind ``sick`` (the request desk files a sick report with the
  requester as actor, and the officer reports his own recovery through `absence_end`) and
  ``unavailable`` (only through `roster.services.unavailability`, which checks the sign-up
  window and the team's limit first);
- an administrator; a planner, team lead or unit manager of one of the officer's teams;
- staff of a desk in a unit the officer belongs to (desks fulfil leave/training outcomes).
Anyone else gets Forbidden. Callers resolve visibility (404) before calling.

A sick absence never records a diagnosis: the model has no field for it (AVG).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.errors import Forbidden
from organisation.models import Absence, AbsenceKind, Officer
from roster.errors import AbsenceAlreadyEnded
from roster.services.locking import lock_row
from roster.services.permissions import manages_officer


def _require_absence_actor(actor: Officer, officer: Officer, kind: str) -> None:
    if actor.pk == officer.pk and kind in (AbsenceKind.SICK, AbsenceKind.UNAVAILABLE):
        return
    if not manages_officer(actor, officer):
        raise Forbidden()


def _require_aware(**values: dt.datetime | None) -> None:
    for name, value in values.items():
        if value is not None and value.tzinfo is None:
            raise ValidationError({name: [_("A time zone is required.")]})


def absence_create(
    *,
    actor: Officer,
    officer: Officer,
    kind: str,
    start: dt.datetime,
    end: dt.datetime | None = None,
    expected_end: dt.datetime | None = None,
    source: str = "",
) -> Absence:
    """Record that `officer` is unavailable from `start` to `end` (None: open-ended sick).

    `source` says where it came from (e.g. ``request:42``). Only ``sick`` may be open-ended.
    """
    _require_absence_actor(actor, officer, kind)
    _require_aware(start=start, end=end, expected_end=expected_end)
    if end is None and kind != AbsenceKind.SICK:
        raise ValidationError({"end": [_("Only a sick report may be open-ended.")]})
    with transaction.atomic():
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
    return absence


def absence_end(*, actor: Officer, absence: Absence, end: dt.datetime) -> Absence:
    """Close an open-ended absence (recovery from a sick report) at `end`.

    Locks the absence row; an absence that already has an end is a Conflict.
    """
    _require_absence_actor(actor, absence.officer, absence.kind)
    _require_aware(end=end)
    with transaction.atomic():
        locked = lock_row(Absence.objects, pk=absence.pk)
        if locked.end is not None:
            raise AbsenceAlreadyEnded()
        if end <= locked.start:
            raise ValidationError({"end": [_("The end must be after the start.")]})
        locked.end = end
        locked.full_clean()
        locked.save(update_fields=["end"])
    return locked
