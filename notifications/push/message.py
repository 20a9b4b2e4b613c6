"""The content of a push to a phone. A push passes through Google's or Apple's servers, so it
carries no personal or health data: a neutral title in the reader's language and the
notification's id; the app fetches the notification itself over the API. Only for the kinds
that a force lists in `PUSH_BODY_KINDS` (and only among the kinds that name nobody,
`BODY_ELIGIBLE_KINDS`) does the push carry a short text: the notification's title.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from notifications.models import Notification, NotificationKind

#: The kinds whose title names no person and nothing about anyone's health or absence (roster
#: and open-shift news to the reader himself). Only these may be listed in PUSH_BODY_KINDS;
#: the system check `notifications.E001` refuses any other.
BODY_ELIGIBLE_KINDS: frozenset[str] = frozenset(
    {
        NotificationKind.ROSTER_PUBLISHED,
        NotificationKind.ROSTER_CHANGED,
        NotificationKind.OPEN_SHIFT_AVAILABLE,
        NotificationKind.OPEN_SHIFT_WON,
        NotificationKind.OPEN_SHIFT_LOST,
    }
)

#: At most this many characters of text in a push body.
BODY_MAX_CHARS = 120


@dataclass(frozen=True)
class PushMessage:
    """What every provider sends: nothing else leaves the building."""

    notification_id: int
    title: str
    body: str
    urgent: bool


def body_kinds() -> frozenset[str]:
    """The kinds whose push carries the short text (setting, limited to the eligible ones)."""
    listed = set(getattr(settings, "PUSH_BODY_KINDS", ()))
    return frozenset(listed & BODY_ELIGIBLE_KINDS)


def reader_language(notification: Notification) -> str:
    """The language the recipient reads (his preference when he has one, else the default)."""
    chosen = getattr(notification.recipient, "language", "") or ""
    return chosen or settings.LANGUAGE_CODE


def push_message(notification: Notification) -> PushMessage:
    """The neutral push for a notification, in its recipient's language."""
    with translation.override(reader_language(notification)):
        if notification.urgent:
            title = gettext("Urgent message in Samenroosteren")
        else:
            title = gettext("New message in Samenroosteren")
    body = ""
    if notification.kind in body_kinds():
        body = notification.title[:BODY_MAX_CHARS]
    return PushMessage(
        notification_id=notification.pk, title=title, body=body, urgent=notification.urgent
    )
