"""Writes to the organisation. Administrators manage everything; a unit manager his unit."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from common.errors import Forbidden
from organisation.models import Officer, Qualification, Skill, Team, Unit
from organisation.selectors import actor_scope


def _require_unit_admin(actor: Officer, unit: Unit) -> None:
    scope = actor_scope(actor)
    if not (scope.is_admin or unit.pk in scope.managed_unit_ids):
        raise Forbidden()


def team_create(*, actor: Officer, unit: Unit, code: str, name: str) -> Team:
    """Create a team in a unit (administrator or that unit's manager)."""
    _require_unit_admin(actor, unit)
    with transaction.atomic():
        team = Team(unit=unit, code=code, name=name)
        team.full_clean()
        team.save()
    return team


def qualification_create(
    *,
    actor: Officer,
    officer: Officer,
    skill: Skill,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
) -> Qualification:
    """Record that `officer` holds `skill` (a certificate) for a date range.

    Allowed for administrators and the manager of a unit the officer belongs to.
    """
    scope = actor_scope(actor)
    unit_ids = {t.unit_id for t in officer.teams.all()}
    if not (scope.is_admin or unit_ids & scope.managed_unit_ids):
        raise Forbidden()
    with transaction.atomic():
        qualification = Qualification(
            officer=officer, skill=skill, valid_from=valid_from, valid_until=valid_until
        )
        qualification.full_clean()
        qualification.save()
    return qualification
