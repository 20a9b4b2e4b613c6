"""Changing or withdrawing approved leave (`leave_change`, "Wijziging/intrekking verlof").

The form names the officer's own approved leave request (`leave`) and either a new range
(`new_range`: move, shorten or lengthen it) or none (withdraw it). At submission the form is
checked against the leave as it is then (a 400 naming `form_data.<field>`, nothing filed);
at approval it is checked again and applied to the leave's absence through the absence
lifecycle (`roster.services.absences`), so the roster follows as for any absence:

- leave that has not started: withdrawn, it is cancelled; moved, it is cancelled and the new
  range recorded as a new absence of the same kind (refused if it overlaps another absence);
- leave that has started keeps its first day and may only end earlier (the last day today at
  the earliest); it can no longer be withdrawn, and more days are new leave;
- leave that is over cannot be changed.

The change request holds the absence it leaves in force (`Request.absence`). Places the leave
freed stay open when it is withdrawn or shortened (the officer or a repair may take them
again); the days a move adds free his places there. The leave balance (`roster.balances`)
counts the range of the latest approved change whose absence is still in force (at a fifth of
the weekly contract per working day: the original form's hours were for the old range), or
nothing once the leave is withdrawn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Absence, Officer
from requests_desk.errors import FormInvalid
from requests_desk.models import OutcomeKind, Request, State
from roster.services.absences import absence_create, absence_cut

AMS = ZoneInfo("Europe/Amsterdam")
#: States of a leave request whose leave is granted.
APPROVED_STATES = (State.APPROVED, State.IN_FULFILMENT, State.FULFILLED, State.CLOSED)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=AMS)


def _error(name: str, message: str) -> FormInvalid:
    return FormInvalid(extra={"fields": {"form_data": {name: [message]}}})


def _new_range(form: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    rng = form.get("new_range")
    if rng is None:
        return None
    try:
        first = dt.date.fromisoformat(str(rng["from"]))
        last = dt.date.fromisoformat(str(rng["to"]))
    except (TypeError, KeyError, ValueError):
        raise _error("new_range", _("A range of two dates is required.")) from None
    if last < first:
        raise _error("new_range", _("The last day may not lie before the first."))
    return first, last


def in_force(leave: Request) -> Absence | None:
    """The absence that carries `leave` now: the latest approved change's, else its own;
    None when it was withdrawn (or never reached the roster)."""
    changes = (
        Request.objects.filter(
            requester_id=leave.requester_id,
            version__outcome_kind=OutcomeKind.LEAVE_CHANGE,
            state__in=APPROVED_STATES,
            form_data__leave=leave.pk,
        )
        .exclude(absence__isnull=True)
        .select_related("absence")
        .order_by("-id")
    )
    for change in changes:
        if change.absence is not None and change.absence.cancelled_at is None:
            return change.absence
    own = leave.absence
    return own if own is not None and own.cancelled_at is None else None


def effective_forms(leaves: list[Request]) -> dict[int, dict[str, Any] | None]:
    """For each approved leave request, the form whose range counts now: its own while no
    change was approved; else the latest approved change whose absence is in force (as
    `{"range": new_range}`), its own when that absence is its own, or None when withdrawn.
    One query for all of them."""
    by_leave: dict[int, list[Request]] = {}
    if leaves:
        changes = (
            Request.objects.filter(
                requester_id__in={r.requester_id for r in leaves},
                version__outcome_kind=OutcomeKind.LEAVE_CHANGE,
                state__in=APPROVED_STATES,
            )
            .select_related("absence")
            .order_by("-id")
        )
        for change in changes:
            by_leave.setdefault(int(change.form_data.get("leave") or 0), []).append(change)
    out: dict[int, dict[str, Any] | None] = {}
    for leave in leaves:
        changes_of = by_leave.get(leave.pk)
        if not changes_of:
            out[leave.pk] = leave.form_data
            continue
        current = next(
            (c for c in changes_of if c.absence is not None and c.absence.cancelled_at is None),
            None,
        )
        if current is not None:
            out[leave.pk] = {"range": current.form_data.get("new_range")}
        elif leave.absence is not None and leave.absence.cancelled_at is None:
            out[leave.pk] = leave.form_data
        else:
            out[leave.pk] = None
    return out


def _leave(request: Request) -> Request:
    leave = (
        Request.objects.filter(
            pk=request.form_data.get("leave"),
            requester_id=request.requester_id,
            request_type__category="leave",
            version__outcome_kind=OutcomeKind.ABSENCE,
            state__in=APPROVED_STATES,
        )
        .select_related("absence")
        .first()
    )
    if leave is None:
        raise _error("leave", _("No approved leave of yours with this number."))
    return leave


def _plan(request: Request, now: dt.datetime) -> tuple[Absence, tuple[dt.date, dt.date] | None]:
    """The absence to change and the new range; FormInvalid when the change is not possible."""
    absence = in_force(_leave(request))
    if absence is None or absence.end is None:
        raise _error("leave", _("This leave is withdrawn or not on the roster."))
    new = _new_range(request.form_data)
    if absence.end <= now:
        raise _error("leave", _("This leave is over and can no longer be changed."))
    today = timezone.localtime(now).date()
    if absence.start > now:
        if new is not None and new[0] < today:
            raise _error("new_range", _("The new leave may not start in the past."))
        return absence, new
    first_day = timezone.localtime(absence.start).date()
    if new is None:
        raise _error("leave", _("Leave that has started cannot be withdrawn; shorten it instead."))
    if new[0] != first_day:
        raise _error("new_range", _("Leave that has started keeps its first day."))
    if new[1] < today:
        raise _error("new_range", _("The last day may be today at the earliest."))
    if _midnight(new[1] + dt.timedelta(days=1)) > absence.end:
        raise _error(
            "new_range",
            _("Leave that has started can only end earlier; ask for more as new leave."),
        )
    return absence, new


def leave_change_on_submit(request: Request, actor: Officer) -> None:
    """Refuse a change that is not possible now (nothing is filed)."""
    _plan(request, timezone.now())


def leave_change_on_approval(request: Request, actor: Officer) -> None:
    """Apply the change to the leave's absence (module docstring)."""
    now = timezone.now()
    absence, new = _plan(request, now)
    if new is None:
        absence_cut(actor=actor, absence=absence, at=absence.start, now=now)
        return
    start, end = _midnight(new[0]), _midnight(new[1] + dt.timedelta(days=1))
    if absence.start > now:  # not started: the new range replaces it
        absence_cut(actor=actor, absence=absence, at=absence.start, now=now)
        request.absence = _record(actor, absence, start, end, request, now)
    else:  # started: it ends earlier (or as planned)
        request.absence = absence_cut(actor=actor, absence=absence, at=end, now=now)
    request.save(update_fields=["absence"])


def _record(
    actor: Officer,
    absence: Absence,
    start: dt.datetime,
    end: dt.datetime,
    request: Request,
    now: dt.datetime,
) -> Absence:
    try:
        return absence_create(
            actor=actor,
            officer=absence.officer,
            kind=absence.kind,
            start=start,
            end=end,
            source=f"request:{request.pk}",
            now=now,
        )
    except ValidationError as exc:  # e.g. it overlaps another absence
        messages = exc.message_dict.get("start") or exc.messages
        raise _error("new_range", " ".join(str(m) for m in messages)) from None
