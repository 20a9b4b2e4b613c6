"""The roster's side of the desk's outcome kinds (registered in `RosterConfig.ready()`).

- `absence`: on approval, an Absence for the roster over the form's dates.
- `sick`: one step: at submission an open-ended sick Absence from now; the officer's coming
  places are freed, the planners get a repair suggestion and colleagues who may take a place
  hear of it; team lead and planner are told only "absent, expected until ..." (never the
  form's content).
- `recovery`: at submission, ends the open sick Absence of the referenced sick report.

The desk calls these through `requests_desk.outcomes` and knows nothing of the roster
(ADR 0005).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Absence, AbsenceKind, Officer, Role, RoleAssignment
from requests_desk.errors import FormInvalid
from requests_desk.models import OutcomeKind, Request
from requests_desk.outcomes import Outcome, register_outcome
from roster.services.absence_effects import shifts_free_for_absence
from roster.services.absences import absence_create, absence_end
from roster.services.repair import repair_suggest
from roster.tasks import announce_open_shifts

AMS = ZoneInfo("Europe/Amsterdam")
EXPECTED_DAYS = {"1_day": 1, "2_3_days": 3, "1_week": 7}


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=AMS)


def _window(form: dict[str, Any]) -> tuple[dt.datetime, dt.datetime] | None:
    rng = form.get("range")
    if isinstance(rng, dict) and rng.get("from") and rng.get("to"):
        first = dt.date.fromisoformat(rng["from"])
        last = dt.date.fromisoformat(rng["to"])
        return _midnight(first), _midnight(last + dt.timedelta(days=1))
    for key in ("date", "exam", "start"):
        value = form.get(key)
        if isinstance(value, str) and len(value) == 10:
            day = dt.date.fromisoformat(value)
            return _midnight(day), _midnight(day + dt.timedelta(days=1))
    return None


def _absence_on_approval(request: Request, actor: Officer) -> None:
    if request.absence_id is not None:
        return
    window = _window(request.form_data)
    if window is None:  # e.g. a session reference: the training office schedules it
        return
    kind = AbsenceKind.TRAINING if request.request_type.category == "training" else "leave"
    request.absence = absence_create(
        actor=actor,
        officer=request.requester,
        kind=kind,
        start=window[0],
        end=window[1],
        source=f"request:{request.pk}",
    )
    request.save(update_fields=["absence"])


def _leads_and_planners(request: Request) -> list[int]:
    if request.team_id is None:
        return []
    return list(
        RoleAssignment.objects.filter(
            team_id=request.team_id, role__in=[Role.TEAM_LEAD, Role.PLANNER]
        )
        .exclude(officer_id=request.requester_id)
        .values_list("officer_id", flat=True)
    )


def _sick_on_submit(request: Request, actor: Officer) -> None:
    now = timezone.now()
    days = EXPECTED_DAYS.get(str(request.form_data.get("exp_duration")))
    expected = now + dt.timedelta(days=days) if days else None
    request.absence = absence_create(
        actor=actor,
        officer=request.requester,
        kind=AbsenceKind.SICK,
        start=now,
        expected_end=expected,
        source=f"request:{request.pk}",
    )
    request.save(update_fields=["absence"])
    # The officer's coming shifts become open places for the roster to refill.
    freed = shifts_free_for_absence(actor=actor, absence=request.absence, now=now)
    if freed:
        # One-click repair for the planners; colleagues who may take a place hear of it.
        per_period = Counter(place.period_id for place in freed)
        repair_suggest(
            actor=actor, freed_per_period=per_period, reason=_("Places freed by an absence")
        )
        shift_ids = sorted({place.shift_id for place in freed})
        transaction.on_commit(lambda: announce_open_shifts.delay(shift_ids))
    until = date_format(timezone.localtime(expected), "DATE_FORMAT") if expected else _("unknown")
    notify_on_commit(
        recipient_ids=_leads_and_planners(request),
        kind=NotificationKind.OFFICER_ABSENT,
        title=_("%(name)s is absent") % {"name": str(request.requester)},
        body=_("Absent from now, expected until: %(until)s. Shifts freed: %(count)d.")
        % {"until": until, "count": len(freed)},
        urgent=True,
    )


def _recovery_on_submit(request: Request, actor: Officer) -> None:
    sick = (
        Request.objects.filter(
            pk=request.form_data.get("sick"),
            requester_id=request.requester_id,
            absence__isnull=False,
        )
        .select_related("absence")
        .first()
    )
    absence: Absence | None = sick.absence if sick else None
    if absence is None or absence.end is not None:
        raise FormInvalid(extra={"fields": {"form_data": {"sick": [_("No open sick report.")]}}})
    absence_end(actor=actor, absence=absence, end=timezone.now())
    request.absence = absence
    request.save(update_fields=["absence"])
    notify_on_commit(
        recipient_ids=_leads_and_planners(request),
        kind=NotificationKind.OFFICER_BACK,
        title=_("%(name)s is back at work") % {"name": str(request.requester)},
    )


def register() -> None:
    """Hand the roster's outcome handlers to the desk (called once from `AppConfig.ready()`)."""
    register_outcome(OutcomeKind.ABSENCE, Outcome(on_approved=_absence_on_approval))
    register_outcome(OutcomeKind.SICK, Outcome(on_submitted=_sick_on_submit))
    register_outcome(OutcomeKind.RECOVERY, Outcome(on_submitted=_recovery_on_submit))
