"""The roster's side of the desk's outcome kinds (registered in `RosterConfig.ready()`).

Every handler goes through the absence lifecycle (`roster.services.absences`), which applies
each change to the roster in one way (`absence_effects_apply`: free the places inside the
absence, flag the later ones of an open-ended one, suggest a repair, announce the places).

- `absence`: on approval, an Absence for the roster over the form's dates (leave, training).
- `sick`: one step: at submission an open-ended sick Absence from the form's first day
  (midnight, Europe/Amsterdam; at most `SICK_FIRST_DAY_PAST_DAYS` days back, at the latest
  tomorrow), expected to end `exp_duration` days later (`longer`/`unknown`: no expected end).
  A sick report during leave (`leave` on the form) cuts the leave at the first sick day and
  expects the sickness to last as long as the leave would have. Team lead and planner are
  told only "absent from ..., expected until ..." (never the form's content).
- `sick_extension`: at submission, moves the expected end of the referenced open sick report
  to the end of the form's `last_day`: the next stretch is freed, the flags move.
- `leave_change`: checked at submission, applied at approval (`roster.leave_changes`).
- `recovery`: at submission, ends the open sick Absence of the referenced sick report at the
  start of the form's `date` (the first day back; at most `SICK_FIRST_DAY_PAST_DAYS` back).

The desk calls these through `requests_desk.outcomes` and knows nothing of the roster
(ADR 0005). A form value the roster cannot use is a 400 naming `form_data.<field>`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.i18n import Day, Msg, msg
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Absence, AbsenceKind, Officer, Role, RoleAssignment
from requests_desk.errors import FormInvalid
from requests_desk.models import OutcomeKind, Request
from requests_desk.outcomes import Outcome, register_outcome
from roster.leave_changes import leave_change_on_approval, leave_change_on_submit
from roster.services.absences import (
    absence_create,
    absence_cut,
    absence_end,
    absence_extend,
    absence_record,
)

AMS = ZoneInfo("Europe/Amsterdam")
EXPECTED_DAYS = {"1_day": 1, "2_3_days": 3, "1_week": 7}
#: How far back a sick report's first day (or a recovery's date) may lie: a report filed late
#: after a weekend is normal; anything older goes through the occupational-health desk.
SICK_FIRST_DAY_PAST_DAYS = 7
#: How far ahead a sick extension may expect the end (beyond: `unknown` by a new extension).
SICK_EXTENSION_MAX_DAYS = 366


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=AMS)


def _form_error(name: str, message: str) -> FormInvalid:
    return FormInvalid(extra={"fields": {"form_data": {name: [message]}}})


def _form_date(form: dict[str, Any], name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(form.get(name)))
    except ValueError:
        raise _form_error(name, _("A date is required.")) from None


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


def _day_msg(moment: dt.datetime | None) -> Msg | Day:
    """A day as a notification parameter, written in the reader's language when read."""
    if moment is None:
        return msg(gettext_noop("unknown"))
    return Day(timezone.localtime(moment).date(), "DATE_FORMAT")


def _first_sick_day(form: dict[str, Any]) -> dt.date:
    first_day = _form_date(form, "first_day")
    today = timezone.localdate()
    if first_day < today - dt.timedelta(days=SICK_FIRST_DAY_PAST_DAYS):
        raise _form_error(
            "first_day",
            _("The first day may lie at most %(days)d days back.")
            % {"days": SICK_FIRST_DAY_PAST_DAYS},
        )
    if first_day > today + dt.timedelta(days=1):
        raise _form_error("first_day", _("The first day may be tomorrow at the latest."))
    return first_day


def _leave_during(request: Request, start: dt.datetime) -> tuple[Absence, dt.datetime] | None:
    """For a sick report during leave: the officer's leave absence it refers to (and its end
    before the cut); None for a plain sick report."""
    if "leave" not in request.form_data:
        return None
    leave = (
        Request.objects.filter(
            pk=request.form_data.get("leave"),
            requester_id=request.requester_id,
            absence__cancelled_at__isnull=True,
            absence__end__gt=start,
        )
        .select_related("absence")
        .first()
    )
    if leave is None or leave.absence is None or leave.absence.end is None:
        raise _form_error("leave", _("No leave of yours that lasts past the first sick day."))
    return leave.absence, leave.absence.end


def _sick_on_submit(request: Request, actor: Officer) -> None:
    first_day = _first_sick_day(request.form_data)
    start = _midnight(first_day)
    days = EXPECTED_DAYS.get(str(request.form_data.get("exp_duration")))
    expected = _midnight(first_day + dt.timedelta(days=days)) if days else None
    during = _leave_during(request, start)
    if during is not None:
        # The leave days from the first sick day on are sick days (Dutch law: they do not
        # count as leave); the sickness is expected to last as long as the leave would have.
        leave, leave_end = during
        absence_cut(actor=actor, absence=leave, at=start)
        expected = leave_end
    try:
        change = absence_record(
            actor=actor,
            officer=request.requester,
            kind=AbsenceKind.SICK,
            start=start,
            expected_end=expected,
            source=f"request:{request.pk}",
        )
    except ValidationError as exc:  # e.g. already absent then (another sick report, leave)
        messages = exc.message_dict.get("start") or exc.messages
        raise _form_error("first_day", " ".join(str(m) for m in messages)) from None
    request.absence = change.absence
    request.save(update_fields=["absence"])
    notify_on_commit(
        recipient_ids=_leads_and_planners(request),
        kind=NotificationKind.OFFICER_ABSENT,
        title=msg(gettext_noop("%(name)s is absent"), name=str(request.requester)),
        body=msg(
            gettext_noop(
                "Absent from %(from)s, expected until: %(until)s. Places kept but at risk: "
                "%(risk)d. Shifts freed: %(count)d."
            ),
            **{"from": _day_msg(start)},
            until=_day_msg(expected),
            risk=len(change.effects.at_risk),
            count=len(change.effects.freed),
        ),
        urgent=True,
    )


def _open_sick_absence(request: Request) -> Absence:
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
    if absence is None or absence.end is not None or absence.cancelled_at is not None:
        raise _form_error("sick", _("No open sick report."))
    return absence


def _sick_extension_on_submit(request: Request, actor: Officer) -> None:
    absence = _open_sick_absence(request)
    last_day = _form_date(request.form_data, "last_day")
    today = timezone.localdate()
    if last_day < today or last_day > today + dt.timedelta(days=SICK_EXTENSION_MAX_DAYS):
        raise _form_error(
            "last_day",
            _("The last day lies from today to at most %(days)d days ahead.")
            % {"days": SICK_EXTENSION_MAX_DAYS},
        )
    expected = _midnight(last_day + dt.timedelta(days=1))
    try:
        change = absence_extend(actor=actor, absence=absence, expected_end=expected)
    except ValidationError:
        raise _form_error("last_day", _("The last day may not lie before the first.")) from None
    request.absence = change.absence
    request.save(update_fields=["absence"])
    notify_on_commit(
        recipient_ids=_leads_and_planners(request),
        kind=NotificationKind.OFFICER_ABSENT,
        title=msg(gettext_noop("%(name)s is absent"), name=str(request.requester)),
        body=msg(
            gettext_noop(
                "Absent longer, expected until: %(until)s. Places kept but at risk: %(risk)d. "
                "Shifts freed: %(count)d."
            ),
            until=_day_msg(expected),
            risk=len(change.effects.at_risk),
            count=len(change.effects.freed),
        ),
        urgent=True,
    )


def _recovery_on_submit(request: Request, actor: Officer) -> None:
    absence = _open_sick_absence(request)
    back = _form_date(request.form_data, "date")
    today = timezone.localdate()
    if back < today - dt.timedelta(days=SICK_FIRST_DAY_PAST_DAYS) or back > today + dt.timedelta(
        days=SICK_EXTENSION_MAX_DAYS
    ):
        raise _form_error(
            "date",
            _("The date lies at most %(back)d days back and %(ahead)d days ahead.")
            % {"back": SICK_FIRST_DAY_PAST_DAYS, "ahead": SICK_EXTENSION_MAX_DAYS},
        )
    end = _midnight(back)
    if end <= absence.start:
        raise _form_error("date", _("The date of recovery must follow the first sick day."))
    absence_end(actor=actor, absence=absence, end=end)
    request.absence = absence
    request.save(update_fields=["absence"])
    notify_on_commit(
        recipient_ids=_leads_and_planners(request),
        kind=NotificationKind.OFFICER_BACK,
        title=msg(gettext_noop("%(name)s is back at work"), name=str(request.requester)),
        body=msg(gettext_noop("Back from: %(date)s."), date=_day_msg(end)),
    )


def register() -> None:
    """Hand the roster's outcome handlers to the desk (called once from `AppConfig.ready()`)."""
    register_outcome(OutcomeKind.ABSENCE, Outcome(on_approved=_absence_on_approval))
    register_outcome(OutcomeKind.SICK, Outcome(on_submitted=_sick_on_submit))
    register_outcome(OutcomeKind.SICK_EXTENSION, Outcome(on_submitted=_sick_extension_on_submit))
    register_outcome(OutcomeKind.RECOVERY, Outcome(on_submitted=_recovery_on_submit))
    register_outcome(
        OutcomeKind.LEAVE_CHANGE,
        Outcome(on_submitted=leave_change_on_submit, on_approved=leave_change_on_approval),
    )
