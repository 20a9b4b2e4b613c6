"""Creating notifications: `notify_on_commit` stores them once the caller's transaction
commits (nothing if it rolls back) and queues their delivery (`services/delivery.py`).

Texts are written for the recipient, not the actor: pass `title` and `body` as
`common.i18n.Msg` (message id marked with `gettext_noop`, parameters apart). Each
notification's `title`/`body` are then rendered in its recipient's language
(`organisation.languages`) for e-mail and push, and the message is kept so the in-app list
renders it in whatever language he reads in later. A plain `str` is stored as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise

from common.i18n import Joined, Msg, as_msg, render
from notifications.models import Notification, NotificationKind
from notifications.tasks import deliver_notification
from organisation.languages import languages_of

Text = str | Msg | Joined | Promise


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
    title: Text,
    body: Text = "",
    subject: Subject | None = None,
    urgent: bool = False,
) -> list[Notification]:
    """Store one notification per recipient, in his language, and queue its delivery."""
    ids = sorted(set(recipient_ids))
    language = languages_of(ids)
    title, body = as_msg(title), as_msg(body)
    text = {
        part: value.to_json()
        for part, value in (("title", title), ("body", body))
        if isinstance(value, (Msg, Joined))
    }
    rows = [
        Notification(
            recipient_id=rid,
            kind=kind,
            title=render(title, language[rid])[:200],
            body=render(body, language[rid]),
            text=text,
            subject_kind=subject.kind if subject else "",
            subject_id=subject.id if subject else None,
            subject_url=subject.url if subject else "",
            urgent=urgent,
        )
        for rid in ids
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
    title: Text,
    body: Text = "",
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
