"""The officer's secret iCalendar feed URL: create/rotate and revoke.

Only the officer himself. The token is shown once; only its SHA-256 is stored.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from organisation.models import Officer
from roster.calendar import token_hash
from roster.models import CalendarFeed


def calendar_feed_rotate(*, actor: Officer) -> str:
    """Create or replace the actor's feed token; the old URL stops working. Returns the token."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            officer=actor, defaults={"token_hash": token_hash(token)}
        )
    return token


def calendar_feed_revoke(*, actor: Officer) -> None:
    """Delete the actor's feed: its URL answers 404 from now on."""
    CalendarFeed.objects.filter(officer=actor).delete()
