"""Reading an officer's competence profile (issue 18): his qualifications with level and
expiry, his ambitions and his trainings.

Who reads it: the officer himself, the team lead and planner of any of his teams, the
manager of their unit and administrators (``can_see_personal``). A colleague of the same
team sees the officer (and the skills he holds today, through ``/officers/``) but not his
ambitions or trainings: 403. Anyone else does not see the officer at all: 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from common.errors import Forbidden, NotFound
from organisation.competence_models import Ambition, Training
from organisation.models import Officer, Qualification
from organisation.selectors import can_see_personal, officer_get


@dataclass(frozen=True)
class CompetenceProfile:
    officer: Officer
    qualifications: list[Qualification]
    ambitions: list[Ambition]
    trainings: list[Training]


def _profile(officer_id: int) -> CompetenceProfile:
    officer = (
        Officer.objects.filter(pk=officer_id)
        .prefetch_related(
            Prefetch("qualifications", queryset=Qualification.objects.select_related("skill")),
            Prefetch("ambitions", queryset=Ambition.objects.select_related("skill")),
            Prefetch("trainings", queryset=Training.objects.select_related("skill", "mentor")),
        )
        .get()
    )
    return CompetenceProfile(
        officer=officer,
        qualifications=list(officer.qualifications.all()),
        ambitions=list(officer.ambitions.all()),
        trainings=list(officer.trainings.all()),
    )


def competence_profile_get(*, actor: Officer, officer_id: int) -> CompetenceProfile:
    """The profile of ``officer_id`` for the roles named in the module docstring."""
    officer = officer_get(actor=actor, officer_id=officer_id)  # 404 when not visible
    if not can_see_personal(actor, officer):
        raise Forbidden()
    return _profile(officer.pk)


def my_competence_profile(*, actor: Officer) -> CompetenceProfile:
    return _profile(actor.pk)


def ambition_get(*, actor: Officer, ambition_id: int) -> Ambition:
    """One of the actor's own ambitions; anyone else's is not found."""
    try:
        return Ambition.objects.select_related("skill").get(pk=ambition_id, officer=actor)
    except Ambition.DoesNotExist:
        raise NotFound() from None


def trainings_in_progress(officer_ids: list[int], day: dt.date) -> list[Training]:
    """The trainings of these officers that run on ``day``, with skill and mentor."""
    return list(
        Training.objects.in_progress(day)
        .filter(officer_id__in=officer_ids)
        .select_related("skill", "mentor")
        .order_by("officer_id", "skill__code", "id")
    )


def competence_export(*, actor: Officer) -> dict[str, Any]:
    """Everything of the profile stored about the actor, for his data export (AVG right of
    access): qualifications with level, expiry and whether its expiry was announced; his
    ambitions; his trainings (with the mentor's name)."""
    p = _profile(actor.pk)
    return {
        "qualifications": [
            {
                "skill": q.skill.code,
                "level": q.level,
                "valid_from": q.valid_from.isoformat(),
                "valid_until": q.valid_until.isoformat() if q.valid_until else None,
                "expiry_announced_for": (
                    q.expiry_announced_for.isoformat() if q.expiry_announced_for else None
                ),
            }
            for q in p.qualifications
        ],
        "ambitions": [
            {
                "text": a.text,
                "skill": a.skill.code if a.skill else None,
                "shift_kind": a.shift_kind,
                "created_at": a.created_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
            }
            for a in p.ambitions
        ],
        "trainings": [
            {
                "skill": t.skill.code,
                "mentor": str(t.mentor) if t.mentor else None,
                "started_on": t.started_on.isoformat(),
                "expected_end_on": t.expected_end_on.isoformat() if t.expected_end_on else None,
                "ended_on": t.ended_on.isoformat() if t.ended_on else None,
            }
            for t in p.trainings
        ],
    }


def training_get(*, actor: Officer, training_id: int) -> Training:
    """A training of an officer whose profile the actor may read; else not found."""
    try:
        training = Training.objects.select_related("officer", "skill", "mentor").get(pk=training_id)
    except Training.DoesNotExist:
        raise NotFound() from None
    if not can_see_personal(actor, training.officer):
        raise NotFound()
    return training
