"""Each officer's channel choices (e-mail, push) and quiet hours."""

from __future__ import annotations

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
