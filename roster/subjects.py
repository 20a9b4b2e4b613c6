"""What a roster notification is about, and where the app opens it (issue #17).

A notification names its subject by reference (`notifications.services.notify.Subject`: a
kind, an id and the API URL the app opens when the officer taps it). The URL is one the
recipient may read: an officer is sent to his own views (his roster, the open shifts, the
swap he is a party to), whatever team the shift belongs to (a lent place is not his team's);
team leads and planners to the period or shift they manage.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from notifications.services.notify import Subject
from roster.models import RosterPeriod, Shift, Swap


def _my_roster_url(start: dt.date, end: dt.date) -> str:
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return f"{reverse('my-roster')}?{query}"


def my_roster_subject(period: RosterPeriod) -> Subject:
    """A period's roster as the officer reads it: his own roster over the period's days."""
    return Subject("period", period.pk, _my_roster_url(period.start_date, period.end_date))


def period_subject(period: RosterPeriod) -> Subject:
    """A period as its team's leads and planners read it."""
    return Subject("period", period.pk, reverse("period-detail", args=[period.pk]))


def my_shift_subject(shift: Shift) -> Subject:
    """A shift the officer now works: his own roster on the shift's (local) day."""
    day = timezone.localdate(shift.start)
    return Subject("shift", shift.pk, _my_roster_url(day, day))


def open_shift_subject(shift: Shift) -> Subject:
    """A shift with open places, as an officer who may claim it reads it."""
    return Subject("shift", shift.pk, reverse("open-shift-list"))


def shift_subject(shift: Shift) -> Subject:
    """A shift as its team's leads and planners read it."""
    return Subject("shift", shift.pk, reverse("shift-detail", args=[shift.pk]))


def swap_subject(swap: Swap) -> Subject:
    """A swap, as its parties and the team leads who approve it read it."""
    return Subject("swap", swap.pk, reverse("swap-detail", args=[swap.pk]))
