"""Read the one approvals inbox: every registered source's items for the actor, and counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from approvals.registry import InboxItem, asks, sources
from organisation.models import Officer
from requests_desk.selectors import request_badge_counts


def inbox_items(*, actor: Officer, kind: str | None = None) -> list[InboxItem]:
    """ "Waiting for me" in one list: desk requests whose approval step is the actor's (or
    his desk's, or delegated to him), accepted swaps of the teams he leads or substitutes
    for, and repair suggestions of the periods he plans. Soonest due first, then oldest.
    One query per kind, whatever the number of items; none for a kind his roles cannot give
    him (the sources' `relevant` hook)."""
    now = timezone.now()
    items = [
        item
        for source in sources(kind)
        if asks(source, actor)
        for item in source.items(actor=actor, now=now)
    ]
    items.sort(key=inbox_sort_key)
    return items


_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)


def inbox_sort_key(item: InboxItem) -> tuple[dt.datetime, dt.datetime, str, int]:
    """The inbox's order, unique per item (kind and id): soonest due, then oldest."""
    return (item.due_at or _FAR, item.created_at, item.kind, item.id)


def inbox_counts(*, actor: Officer) -> dict[str, int]:
    """How many items of each kind wait for the actor (badge counts), and the total."""
    counts = {
        source.kind: source.count(actor=actor) if asks(source, actor) else 0 for source in sources()
    }
    return {"total": sum(counts.values()), **counts}


def badge_counts(*, actor: Officer) -> dict[str, Any]:
    """The app's badges: the desk's own counts with the approvals inbox per kind."""
    desk = request_badge_counts(actor=actor)
    return {
        "my_open": desk["my_open"],
        "waiting_for_me": desk["waiting_for_me"],
        "inbox": inbox_counts(actor=actor),
        "desk_queue": desk["desk_queue"],
        "unread_notifications": desk["unread_notifications"],
    }
