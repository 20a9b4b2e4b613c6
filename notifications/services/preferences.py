"""Each officer's channel choices (e-mail, push) and quiet hours."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from notifications.models import NotificationPreference
from organisation.models import Officer


def in_quiet_hours(pref: NotificationPreference, hour: int) -> bool:
    """Whether local `hour` falls in the officer's quiet hours (which may span midnight)."""
    start, end = pref.quiet_start_hour, pref.quiet_end_hour
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def quiet_hours_end(pref: NotificationPreference, moment: dt.datetime) -> dt.datetime | None:
    """When the quiet hours that hold `moment` end (the first local `quiet_end_hour`:00 after
    it), or None if `moment` is not in quiet hours. Counted in local wall-clock time, so a DST
    night ends at 07:00 local like any other; an end hour that a spring-forward night skips
    becomes the first moment after the gap."""
    local = timezone.localtime(moment)
    if not in_quiet_hours(pref, local.hour):
        return None
    day = local.date()
    if local.hour >= pref.quiet_end_hour:  # past the end hour today: it ends tomorrow
        day += dt.timedelta(days=1)
    wall = dt.datetime.combine(day, dt.time(pref.quiet_end_hour))
    # zoneinfo (fold=0) reads a skipped wall time with the offset before the gap: 02:00 on the
    # spring-forward night is 03:00 summer time, the moment the quiet hours are over
    return timezone.make_aware(wall).astimezone(dt.UTC)


def preference_update(
    *, actor: Officer, email: bool, push: bool, quiet_start_hour: int, quiet_end_hour: int
) -> NotificationPreference:
    """Store the actor's own channel choices and quiet hours."""
    pref, _ = NotificationPreference.objects.update_or_create(
        officer=actor,
        defaults={
            "email": email,
            "push": push,
            "quiet_start_hour": quiet_start_hour,
            "quiet_end_hour": quiet_end_hour,
        },
    )
    return pref
