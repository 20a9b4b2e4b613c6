"""Pluggable push channel: `console` (development) or `webhook` (HTTP POST of JSON to a URL).

Settings: REQUESTS_PUSH_BACKEND ("console" | "webhook"), REQUESTS_PUSH_WEBHOOK_URL,
REQUESTS_PUSH_TIMEOUT_S, REQUESTS_PUSH_WEBHOOK_SECRET (named when the desk owned
notifications; kept so deployments need no change). The webhook receives
{"recipient", "title", "body", "urgent", "id"} over HTTPS (plain http only to this machine's
loopback), signed: `X-Samen-Timestamp: <unix seconds>` and
`X-Samen-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the secret>`, so the
receiver can refuse forged and replayed messages. The console backend logs only which
notification would be pushed, never its text.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import time
import urllib.parse
import urllib.request
from typing import Any, Protocol

from django.conf import settings

logger = logging.getLogger(__name__)


class PushBackend(Protocol):
    def send(self, payload: dict[str, Any]) -> None: ...


class ConsolePushBackend:
    def send(self, payload: dict[str, Any]) -> None:
        # ids only: a log is read by more people than the notification's recipient
        logger.info(
            "push notification %s to officer %s", payload.get("id"), payload.get("recipient")
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhook_url_problem(url: str) -> str | None:
    """Why a webhook URL may not be used, or None: HTTPS, or http to the loopback only."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return None
    return "REQUESTS_PUSH_WEBHOOK_URL must be an https:// URL (http:// only to the loopback)"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class WebhookPushBackend:
    def __init__(self, url: str, timeout: float, secret: str) -> None:
        problem = webhook_url_problem(url)
        if problem:
            raise ValueError(problem)
        if not secret:
            raise ValueError("REQUESTS_PUSH_WEBHOOK_SECRET must be set to sign webhook pushes")
        self.url = url
        self.timeout = timeout
        self.secret = secret

    def send(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Samen-Timestamp": timestamp,
            "X-Samen-Signature": signature(self.secret, timestamp, body),
        }
        req = urllib.request.Request(  # noqa: S310 - scheme checked above
            self.url, data=body, headers=headers, method="POST"
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as response:  # noqa: S310
            response.read()


def get_push_backend() -> PushBackend:
    name = getattr(settings, "REQUESTS_PUSH_BACKEND", "console")
    if name == "webhook":
        return WebhookPushBackend(
            getattr(settings, "REQUESTS_PUSH_WEBHOOK_URL", ""),
            float(getattr(settings, "REQUESTS_PUSH_TIMEOUT_S", 5.0)),
            getattr(settings, "REQUESTS_PUSH_WEBHOOK_SECRET", ""),
        )
    return ConsolePushBackend()
