"""Pluggable push channel: `console` (development) or `webhook` (HTTP POST of JSON to a URL).

Settings: REQUESTS_PUSH_BACKEND ("console" | "webhook"), REQUESTS_PUSH_WEBHOOK_URL,
REQUESTS_PUSH_TIMEOUT_S (named when the desk owned notifications; kept so deployments need
no change). The webhook receives {"recipient", "title", "body", "urgent", "id"}.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import Any, Protocol

from django.conf import settings

logger = logging.getLogger(__name__)


class PushBackend(Protocol):
    def send(self, payload: dict[str, Any]) -> None: ...


class ConsolePushBackend:
    def send(self, payload: dict[str, Any]) -> None:
        logger.info("push %s", json.dumps(payload, ensure_ascii=False))


class WebhookPushBackend:
    def __init__(self, url: str, timeout: float) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("REQUESTS_PUSH_WEBHOOK_URL must be an http(s) URL")
        self.url = url
        self.timeout = timeout

    def send(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        req = urllib.request.Request(  # noqa: S310 - scheme checked above
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as response:  # noqa: S310
            response.read()


def get_push_backend() -> PushBackend:
    name = getattr(settings, "REQUESTS_PUSH_BACKEND", "console")
    if name == "webhook":
        return WebhookPushBackend(
            getattr(settings, "REQUESTS_PUSH_WEBHOOK_URL", ""),
            float(getattr(settings, "REQUESTS_PUSH_TIMEOUT_S", 5.0)),
        )
    return ConsolePushBackend()
