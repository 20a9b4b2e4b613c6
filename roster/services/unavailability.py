"""An officer's own unavailability: "I cannot work then", filed from the app (issue 14).

It is an `organisation.models.Absence` of kind `unavailable` (source `officer`), so the solver,
the console grid and every other reader of absences plan around it like any absence. The
officer files it himself, for whole days or a time range:

- only for a period of one of his own teams, while its sign-up window is open (else 409
  `signup_window_closed`), and only within the period's days (else 400 on `start`/`end`);
- not overlapping an absence of his own (any kind) or a shift he is already assigned to (a
  published roster of another team): both 400 on the field that overlaps;
- within his team's limit `TeamAbsencePolicy.unavailability_max_days_per_period`: the local
  (Europe/Amsterdam) days his unavailability touches in the period, counted once each; a time
  range counts as the whole day it touches, a range past midnight as both days. 0: the team
  allows none. Exceeding it (0 included) is a 400 on `end`, the field that makes it exceed;
- with a reason if he likes (never required, at most `UNAVAILABILITY_REASON_MAX_LENGTH`
  characters), kept apart in `UnavailabilityReason`; only he reads it
  (`organisation.need_to_know.may_read_reason`).

He withdraws it while the window is open; the row is deleted (nothing was freed or planned
around it yet: the period is not solved before the window closes). Both writes are audited on
the period without the reason.

Lock order (`roster.services.locking`): the period, then the officer's row (so that two
requests of one officer cannot both pass the limit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from common.errors import Forbidden, NotFound
from organisation.models import Absence, AbsenceKind, Officer
from roster.burdens import local_wall_clock
from roster.errors import NotATeamMember, SignupWindowClosed
from roster.models import Assignment, RosterPeriod, UnavailabilityReason
from roster.services.absence_policy import team_absence_policy
from roster.services.absences import absence_create
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_row
from roster.services.phases import signup_window_open

#: `Absence.source` of what the officer filed himself.
SOURCE = "officer"


def period_bounds(period: RosterPeriod) -> tuple[dt.datetime, dt.datetime]:
    """The period's first and end instants: local midnight of its first day and of the day
    after its last (a DST day is 23 or 25 hours long)."""
    return (
        local_wall_clock(period.start_date, dt.time(0)),
        local_wall_clock(period.end_date, dt.time(0)),
    )


def whole_days(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local days `first`..`last` (inclusive) as an instant range."""
    return (
        local_wall_clock(first, dt.time(0)),
        local_wall_clock(last + dt.timedelta(days=1), dt.time(0)),
    )


def days_touched(start: dt.datetime, end: dt.datetime) -> set[dt.date]:
    """The local days that the range [start, end) touches."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end - dt.timedelta(microseconds=1)).date()
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


def days_used(ranges: Iterable[tuple[dt.datetime, dt.datetime]], period: RosterPeriod) -> int:
    """How many of the period's local days the ranges touch (each day once)."""
    days: set[dt.date] = set()
    for start, end in ranges:
        days |= days_touched(start, end)
    return sum(1 for d in days if period.start_date <= d < period.end_date)


def _overlap_field(start: dt.datetime, other_start: dt.datetime) -> str:
    """The input field an overlap is told on: `start` if it lies inside the other range."""
    return "start" if other_start <= start else "end"


def unavailability_create(
    *,
    actor: Officer,
    period: RosterPeriod,
    start: dt.datetime,
    end: dt.datetime,
    reason: str = "",
) -> Absence:
    """The actor marks himself unavailable from `start` to `end` in `period` (see module).

    Raises NotATeamMember (403) outside the period's team, SignupWindowClosed (409), and a
    ValidationError (400) naming `start`, `end` or `reason` for bad input; nothing is saved."""
    if not actor.teams.filter(pk=period.team_id).exists():
        raise NotATeamMember(extra={"period": period.pk})
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None:
            raise ValidationError({name: [_("A time zone is required.")]})
    if end <= start:
        raise ValidationError({"end": [_("The end must be after the start.")]})
    first, after = period_bounds(period)
    if start < first:
        raise ValidationError({"start": [_("This lies before the roster period.")]})
    if end > after:
        raise ValidationError({"end": [_("This lies after the roster period.")]})
    with transaction.atomic():
        locked = lock_period(period)
        if not signup_window_open(locked):
            raise SignupWindowClosed(extra={"period": period.pk})
        lock_row(Officer.objects, pk=actor.pk)
        own = Absence.objects.in_force().filter(officer=actor).blocking(start, end)
        clash = own.order_by("start").first()
        if clash is not None:
            raise ValidationError(
                {
                    _overlap_field(start, clash.start): [
                        _("You are already absent or unavailable at this time.")
                    ]
                }
            )
        rostered = (
            Assignment.objects.filter(
                officer=actor,
                shift__start__lt=end,
                shift__end__gt=start,
                shift__cancelled_at__isnull=True,
            )
            .select_related("shift")
            .order_by("shift__start")
            .first()
        )
        if rostered is not None:
            raise ValidationError(
                {
                    _overlap_field(start, rostered.shift.start): [
                        _("You are rostered at this time: ask for a swap or for leave.")
                    ]
                }
            )
        limit = team_absence_policy(period.team_id).unavailability_max_days_per_period
        if limit == 0:
            raise ValidationError(
                {"end": [_("Your team does not allow marking yourself unavailable.")]}
            )
        filed = Absence.objects.filter(
            officer=actor, kind=AbsenceKind.UNAVAILABLE, start__lt=after, end__gt=first
        ).values_list("start", "end")
        used = days_used([*((s, e) for s, e in filed if e is not None), (start, end)], period)
        if used > limit:
            raise ValidationError(
                {
                    "end": [
                        ngettext_lazy(
                            "Your team allows at most %(limit)d day of unavailability in "
                            "this period; this would make %(used)d.",
                            "Your team allows at most %(limit)d days of unavailability in "
                            "this period; this would make %(used)d.",
                            "limit",
                        )
                        % {"limit": limit, "used": used}
                    ]
                }
            )
        absence = absence_create(
            actor=actor,
            officer=actor,
            kind=AbsenceKind.UNAVAILABLE,
            start=start,
            end=end,
            source=SOURCE,
        )
        if reason:
            note = UnavailabilityReason(absence=absence, text=reason)
            note.full_clean(validate_unique=False)
            note.save()
        # never the reason: the audit trail is line management's to read
        audit_record(
            actor=actor,
            period=locked,
            action="unavailability_create",
            payload={
                "absence": absence.pk,
                "officer": actor.pk,
                "start": start.isoformat(),
                "end": end.isoformat(),
            },
        )
    return absence


def unavailability_withdraw(*, actor: Officer, period: RosterPeriod, absence: Absence) -> None:
    """The officer withdraws his own unavailability in `period` while its window is open.

    NotFound unless it is an unavailability of the period (the caller's selector scopes who
    sees it); Forbidden for anyone but the officer; SignupWindowClosed (409) after the window.
    """
    if absence.kind != AbsenceKind.UNAVAILABLE:
        raise NotFound()
    if absence.officer_id != actor.pk:
        raise Forbidden()
    with transaction.atomic():
        locked = lock_period(period)
        if not signup_window_open(locked):
            raise SignupWindowClosed(extra={"period": period.pk})
        row = lock_row(Absence.objects, pk=absence.pk)
        audit_record(
            actor=actor,
            period=locked,
            action="unavailability_withdraw",
            payload={
                "absence": row.pk,
                "officer": actor.pk,
                "start": row.start.isoformat(),
                "end": row.end.isoformat() if row.end else None,
            },
        )
        row.delete()  # and its reason (cascade): nothing of his words is kept
