"""The in-app list of notifications: marking them read, removing them with their subject."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from common.errors import NotFound
from notifications.models import Notification
from organisation.models import Officer


def notification_mark_read(*, actor: Officer, notification_id: int | None = None) -> int:
    """Mark one (or, with None, all) of the actor's notifications read; returns how many."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_id is not None:
        if not Notification.objects.filter(recipient=actor, pk=notification_id).exists():
            raise NotFound()
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def notifications_delete_for(*, subject_kind: str, subject_ids: Iterable[int]) -> int:
    """Delete the notifications about these subjects (e.g. purged requests); returns how many."""
    deleted, _ = Notification.objects.filter(
        subject_kind=subject_kind, subject_id__in=list(subject_ids)
    ).delete()
    return deleted
