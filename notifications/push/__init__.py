"""Push: the per-notification channel (`console` or `webhook`, `webhook.py`) and, to officers'
registered phones, Firebase Cloud Messaging and the Apple Push Notification service."""

from __future__ import annotations

from notifications.push.webhook import (
    ConsolePushBackend,
    PushBackend,
    WebhookPushBackend,
    get_push_backend,
    signature,
    webhook_url_problem,
)

__all__ = [
    "ConsolePushBackend",
    "PushBackend",
    "WebhookPushBackend",
    "get_push_backend",
    "signature",
    "webhook_url_problem",
]
