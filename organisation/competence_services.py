"""Writes of the competence profile (issue 18).

- Ambitions: the officer alone writes his own (``/me/ambitions/``).
- Trainings: the team lead or planner of one of his teams, their unit manager or an
  administrator starts and ends them; the officer himself does not.
Lock order: the officer's row (``select_for_update``), then his profile rows.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.errors import Forbidden
from organisation.competence_models import Ambition, Training
from organisation.models import Officer, Qualification, Skill
from organisation.selectors import can_see_personal


def _lock(officer: Officer) -> Officer:
    return Officer.objects.select_for_update().get(pk=officer.pk)


def ambition_create(
    *, actor: Officer, text: str, skill: Skill | None = None, shift_kind: str = ""
) -> Ambition:
    """Record one of the actor's own ambitions."""
    with transaction.atomic():
        ambition = Ambition(officer=actor, text=text, skill=skill, shift_kind=shift_kind)
        ambition.full_clean()
        ambition.save()
    return ambition


def ambition_update(*, actor: Officer, ambition: Ambition, **changes: object) -> Ambition:
    """Change one of the actor's own ambitions (``text``, ``skill``, ``shift_kind``)."""
    if ambition.officer_id != actor.pk:
        raise Forbidden()
    with transaction.atomic():
        for name, value in changes.items():
            setattr(ambition, name, value)
        ambition.full_clean()
        ambition.save()
    return ambition


def ambition_delete(*, actor: Officer, ambition: Ambition) -> None:
    if ambition.officer_id != actor.pk:
        raise Forbidden()
    with transaction.atomic():
        ambition.delete()


def _require_manager(actor: Officer, officer: Officer) -> None:
    """A manager of one of his teams (lead, planner, unit manager) or an administrator;
    the officer himself may read his profile but not start or end his own training."""
    if actor.pk == officer.pk or not can_see_personal(actor, officer):
        raise Forbidden()


def training_start(
    *,
    actor: Officer,
    officer: Officer,
    skill: Skill,
    started_on: dt.date,
    expected_end_on: dt.date | None = None,
    mentor: Officer | None = None,
) -> Training:
    """Put ``officer`` in training for ``skill``.

    Refused (400 naming the field, nothing saved): he already holds the skill on
    ``started_on`` (``skill``); a training of his for it is already running (``skill``); the
    mentor is himself, is in none of his teams or does not hold the skill on ``started_on``
    (``mentor``); the expected end is not after the start (``expected_end_on``).
    """
    _require_manager(actor, officer)
    with transaction.atomic():
        locked = _lock(officer)
        held = Qualification.objects.valid_on(started_on).filter(officer=locked, skill=skill)
        if held.exists():
            raise ValidationError({"skill": [_("The officer already holds this skill.")]})
        running = Training.objects.filter(officer=locked, skill=skill, ended_on__isnull=True)
        if running.exists():
            raise ValidationError({"skill": [_("A training for this skill is already running.")]})
        if mentor is not None:
            shares_team = mentor.teams.filter(pk__in=locked.teams.values("pk")).exists()
            qualified = (
                Qualification.objects.valid_on(started_on)
                .filter(officer=mentor, skill=skill)
                .exists()
            )
            if mentor.pk == locked.pk or not shares_team or not qualified:
                raise ValidationError(
                    {"mentor": [_("The mentor must be a team colleague who holds the skill.")]}
                )
        training = Training(
            officer=locked,
            skill=skill,
            mentor=mentor,
            started_on=started_on,
            expected_end_on=expected_end_on,
        )
        training.full_clean()
        training.save()
    return training


def training_end(
    *, actor: Officer, training: Training, ended_on: dt.date | None = None
) -> Training:
    """End a running training (completed or stopped) on ``ended_on`` (default today); from
    that day on the officer takes places of the skill only once he holds it."""
    _require_manager(actor, training.officer)
    day = ended_on or timezone.localdate()
    with transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        if locked.ended_on is not None:
            raise ValidationError({"ended_on": [_("The training has already ended.")]})
        if day < locked.started_on:
            raise ValidationError({"ended_on": [_("Must not be before the start.")]})
        locked.ended_on = day
        locked.save(update_fields=["ended_on"])
    return locked
