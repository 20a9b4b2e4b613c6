"""Notifications: in-app rows, e-mail through Django's mail backend, push through a backend.

Created only after the transaction that caused them commits (callers use on_commit).
Quiet hours (default 23:00-07:00 local) hold back push unless the notification is urgent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from common.errors import NotFound
from notifications.models import Notification, NotificationPreference
from organisation.models import Officer
from requests_desk.push import get_push_backend


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
    kind: str,
    title: str,
    body: str = "",
    subject: Subject | None = None,
    urgent: bool = False,
) -> list[Notification]:
    """Store one notification per recipient and queue its delivery."""
    from requests_desk.tasks import deliver_notification

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
    kind: str,
    title: str,
    body: str = "",
    subject: Subject | None = None,
    urgent: bool = False,
) -> None:
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


def in_quiet_hours(pref: NotificationPreference, hour: int) -> bool:
    start, end = pref.quiet_start_hour, pref.quiet_end_hour
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


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


def preference_update(
    *, actor: Officer, email: bool, push: bool, quiet_start_hour: int, quiet_end_hour: int
) -> NotificationPreference:
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
