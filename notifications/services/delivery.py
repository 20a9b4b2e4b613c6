"""Delivering a notification: e-mail through Django's mail backend, push through the
per-notification backend (`console` or `webhook`) and to each of the recipient's registered
phones (FCM, APNs), each channel at most once.

Quiet hours (the officer's `NotificationPreference`, default 23:00-07:00 local) delay a push
until they end, an urgent notification goes at once: `notification_deliver` then stamps
`push_due_at` and the task schedules `push_notification` for that moment (a Celery ETA),
which pushes unless it was pushed, or push switched off, meanwhile. The services return what
to queue (`PushPlan`); the tasks queue it once the services' transactions have committed.

A push to one phone (`device_push`) sends the neutral message of `push.message`; a token the
provider calls dead is deleted; a busy provider raises `PushRetryable` for the task to retry
with backoff; any other refusal is logged and given up.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Device, Notification, NotificationPreference
from notifications.push import get_push_backend
from notifications.push.errors import PushRejected, TokenInvalid
from notifications.push.message import push_message
from notifications.push.senders import enabled_platforms, sender_for
from notifications.services.devices import device_prune
from notifications.services.preferences import quiet_hours_end

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PushPlan:
    """What the caller queues after the commit: a push to each of these devices now, and/or
    the delayed push at `due_at`."""

    notification_id: int
    device_ids: list[int] = field(default_factory=list)
    due_at: dt.datetime | None = None


def _preference(officer_id: int) -> NotificationPreference:
    pref = NotificationPreference.objects.filter(officer_id=officer_id).first()
    return pref or NotificationPreference(officer_id=officer_id)


def _locked(notification_id: int) -> Notification | None:
    return (
        Notification.objects.select_for_update(of=("self",))
        .select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )


def _push_now(n: Notification, now: dt.datetime) -> list[int]:
    """Push through the per-notification backend, stamp the notification and return the
    devices to push to (on the providers that are switched on)."""
    message = push_message(n)
    get_push_backend().send(
        {
            "id": n.pk,
            "recipient": n.recipient_id,
            "title": message.title,
            "body": message.body,
            "urgent": n.urgent,
        }
    )
    n.pushed_at = now
    return list(
        Device.objects.filter(officer_id=n.recipient_id, platform__in=enabled_platforms())
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notification_deliver(*, notification_id: int) -> PushPlan | None:
    """Send the e-mail once, and the push now or (quiet hours) later; idempotent: sent channels
    are stamped, and a push already delayed is not delayed twice. Locks the notification."""
    with transaction.atomic():
        n = _locked(notification_id)
        if n is None:
            return None
        pref = _preference(n.recipient_id)
        now = timezone.now()
        if n.emailed_at is None and pref.email and n.recipient.email:
            send_mail(n.title, n.body or n.title, None, [n.recipient.email])
            n.emailed_at = now
        plan = PushPlan(notification_id=n.pk)
        if n.pushed_at is None and pref.push:
            due = None if n.urgent else quiet_hours_end(pref, now)
            if due is None:
                plan = PushPlan(notification_id=n.pk, device_ids=_push_now(n, now))
            elif n.push_due_at is None or n.push_due_at <= now:
                n.push_due_at = due
                plan = PushPlan(notification_id=n.pk, due_at=due)
        n.save(update_fields=["emailed_at", "pushed_at", "push_due_at"])
    return plan


def notification_push_due(*, notification_id: int) -> PushPlan | None:
    """The push that quiet hours delayed, now that they are over; if it runs before its time
    (a worker's clock), the plan says when to run again. Locks the notification."""
    with transaction.atomic():
        n = _locked(notification_id)
        if n is None or n.pushed_at is not None or not _preference(n.recipient_id).push:
            return None
        now = timezone.now()
        if n.push_due_at is not None and now < n.push_due_at:
            return PushPlan(notification_id=n.pk, due_at=n.push_due_at)
        plan = PushPlan(notification_id=n.pk, device_ids=_push_now(n, now))
        n.save(update_fields=["pushed_at"])
    return plan


def device_push(*, notification_id: int, device_id: int) -> str:
    """Send a notification's push to one phone. Returns what happened: `delivered`,
    `pruned` (the provider called the token dead: deleted), `rejected` (logged), `skipped`
    (the notification or the device is gone, the phone now belongs to someone else, or its
    provider is off). Raises `PushRetryable` when the provider asks to try again later."""
    n = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    device = Device.objects.filter(pk=device_id).first()
    if n is None or device is None or device.officer_id != n.recipient_id:
        return "skipped"
    sender = sender_for(device.platform)
    if sender is None:
        return "skipped"
    try:
        sender.send(device.token, push_message(n))
    except TokenInvalid as exc:
        device_prune(device_id=device.pk, token=device.token)
        logger.info("push: device %s pruned (%s)", device.pk, exc)
        return "pruned"
    except PushRejected as exc:
        logger.warning("push: notification %s to device %s refused: %s", n.pk, device.pk, exc)
        return "rejected"
    return "delivered"
