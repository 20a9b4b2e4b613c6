"""Asserting that a roster notification opens something its recipient may read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from notifications.models import Notification


def assert_opens(
    notifications: Iterable[Notification],
    api_client_for: Callable[[Any], Any],
    *,
    kind: str,
    subject_id: int,
) -> None:
    """Each notification names its subject (`kind`, `subject_id`) and its recipient reads its
    URL (200), in the API and in the notification list."""
    rows = list(notifications)
    assert rows, "no notification to check"
    for n in rows:
        assert (n.subject_kind, n.subject_id) == (kind, subject_id), n
        assert n.subject_url.startswith("/api/v1/"), n.subject_url
        client = api_client_for(n.recipient)
        opened = client.get(n.subject_url)
        assert opened.status_code == 200, (n.recipient_id, n.subject_url, opened.status_code)
        listed = client.get("/api/v1/notifications/").data["results"]
        mine = next(row for row in listed if row["id"] == n.pk)
        assert (mine["subject_kind"], mine["subject_id"], mine["subject_url"]) == (
            kind,
            subject_id,
            n.subject_url,
        )
