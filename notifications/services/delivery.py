"""Delivering a notification: e-mail through Django's mail backend, push through a backend
(`notifications.push`), each at most once. Quiet hours (default 23:00-07:00 local) hold back
push unless the notification is urgent.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification, NotificationPreference
from notifications.push import get_push_backend
from notifications.services.preferences import in_quiet_hours


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send e-mail and push once each (idempotent: sent channels are stamped)."""
    with transaction.atomic():
        n = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if n is None:
            return None
        pref = NotificationPreference.objects.filter(officer_id=n.recipient_id).first()
        pref = pref or NotificationPreference(officer_id=n.recipient_id)
        now = timezone.now()
        if n.emailed_at is None and pref.email and n.recipient.email:
            send_mail(n.title, n.body or n.title, None, [n.recipient.email])
            n.emailed_at = now
        quiet = in_quiet_hours(pref, timezone.localtime(now).hour)
        if n.pushed_at is None and pref.push and (n.urgent or not quiet):
            get_push_backend().send(
                {
                    "id": n.pk,
                    "recipient": n.recipient_id,
                    "title": n.title,
                    "body": n.body,
                    "urgent": n.urgent,
                }
            )
            n.pushed_at = now
        n.save(update_fields=["emailed_at", "pushed_at"])
    return n
