"""Creating notifications: `notify_on_commit` stores them once the caller's transaction
commits (nothing if it rolls back) and queues their delivery (`services/delivery.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from notifications.models import Notification, NotificationKind
from notifications.tasks import deliver_notification


@dataclass(frozen=True)
class Subject:
    """What a notification is about, by reference: a kind (e.g. "request"), an id and the URL
    where the app opens it. Any app may be a subject; no foreign key ties them."""

    kind: str
    id: int
    url: str = ""


def notifications_create(
    *,
    recipient_ids: Iterable[int],
    kind: NotificationKind,
    title: str,
    body: str = "",
    subject: Subject | None = None,
    urgent: bool = False,
) -> list[Notification]:
    """Store one notification per recipient and queue its delivery."""
    rows = [
        Notification(
            recipient_id=rid,
            kind=kind,
            title=title[:200],
            body=body,
            subject_kind=subject.kind if subject else "",
            subject_id=subject.id if subject else None,
            subject_url=subject.url if subject else "",
            urgent=urgent,
        )
        for rid in sorted(set(recipient_ids))
    ]
    created = Notification.objects.bulk_create(rows)
    for n in created:
        if n.pk is None:  # backends without RETURNING
            continue
        pk = n.pk
        transaction.on_commit(lambda pk=pk: deliver_notification.delay(pk))  # type: ignore[misc]
    return created


def notify_on_commit(
    *,
    recipient_ids: Iterable[int],
    kind: NotificationKind,
    title: str,
    body: str = "",
    subject: Subject | None = None,
    urgent: bool = False,
) -> None:
    """Notify these officers once the current transaction commits (nothing if it rolls back)."""
    ids = list(recipient_ids)
    if not ids:
        return
    transaction.on_commit(
        lambda: notifications_create(
            recipient_ids=ids,
            kind=kind,
            title=title,
            body=body,
            subject=subject,
            urgent=urgent,
        )
    )
