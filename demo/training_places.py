"""Demo of a training place in a trainee's open-shift list (issue 18).

`collega` trains for ovd with `agent` as his mentor (`demo.training`). Here one coming shift of
Centrum's published period that `agent` works gets an ovd place nobody fills, so
`GET /api/v1/open-shifts/` as `collega` lists it with `"training": true` and `agent` under
`mentors`; he claims it with `POST /api/v1/open-shifts/claim/` `{"shift": <id>, "skill":
"ovd"}`. The shift is chosen by the list itself (the first one lawful for him), so the scene
holds whatever the roster around it. Idempotent: a second run finds the place and adds none.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from organisation.models import Officer
from roster.models import Phase, Shift
from roster.services.open_shifts import open_places_for


@transaction.atomic
def seed_training_place() -> dict[str, int]:
    """An ovd place beside `agent` that `collega` may claim as a training place (once)."""
    agent = Officer.objects.get(username="agent")
    collega = Officer.objects.get(username="collega")
    coming = Shift.objects.filter(
        team__code="centrum",
        period__phase=Phase.PUBLISHED,
        cancelled_at__isnull=True,
        start__gt=timezone.now() + dt.timedelta(days=1),
        assignments__officer=agent,
    ).order_by("start", "pk")
    if not coming.filter(demand__has_key="ovd").exists():
        for shift in coming.exclude(assignments__officer=collega):
            shift.demand = {**shift.demand, "ovd": 1}
            shift.save(update_fields=["demand"])
            if _listed(collega, shift):
                break
            shift.demand = {k: v for k, v in shift.demand.items() if k != "ovd"}
            shift.save(update_fields=["demand"])
    return {
        "training_places_for_collega": sum(
            1 for p in open_places_for(actor=collega) if p.training and agent.pk in p.mentors
        )
    }


def _listed(trainee: Officer, shift: Shift) -> bool:
    return any(p.training and p.shift.pk == shift.pk for p in open_places_for(actor=trainee))
