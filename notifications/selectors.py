"""Read access to notifications: an officer only ever sees his own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from notifications.models import Device, Notification
from organisation.models import Officer


def notification_list(*, actor: Officer, unread: bool | None = None) -> QuerySet[Notification]:
    """The actor's notifications, newest first; `unread` filters on read state."""
    qs = Notification.objects.filter(recipient=actor)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs


def notification_unread_count(*, actor: Officer) -> int:
    return notification_list(actor=actor, unread=True).count()


def notification_export(*, actor: Officer) -> list[dict[str, Any]]:
    """The actor's notifications for his data export (AVG right of access)."""
    return [
        {"kind": n.kind, "title": n.title_text, "body": n.body_text, "at": n.created_at.isoformat()}
        for n in notification_list(actor=actor)
    ]


def device_export(*, actor: Officer) -> list[dict[str, Any]]:
    """The actor's registered phones for his data export (AVG right of access): everything
    stored about each, the token included, since it is his."""
    return [
        {
            "platform": d.platform,
            "token": d.token,
            "app_id": d.app_id,
            "name": d.name,
            "created_at": d.created_at.isoformat(),
            "last_registered_at": d.last_registered_at.isoformat(),
        }
        for d in device_list(actor=actor)
    ]


def device_list(*, actor: Officer) -> QuerySet[Device]:
    """The actor's own registered phones, most recently registered first."""
    return Device.objects.filter(officer=actor)
