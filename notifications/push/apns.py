"""Apple Push Notification service over HTTP/2 (`httpx` with `h2`), token-based: a provider
JWT signed ES256 with the team's `.p8` key (`kid` key id, `iss` team id, `iat`), reused for 50
minutes (Apple refuses one older than an hour and one renewed more often than every 20).

`POST {base}/3/device/{token}` with `apns-topic` (the app's bundle id), `apns-push-type: alert`,
`apns-priority` 10 for an urgent message and 5 otherwise, `apns-expiration` one day ahead.
Answers (Apple's "Handling notification responses from APNs"):
- 200: delivered to APNs;
- 410 (`Unregistered`, `ExpiredToken`) and 400 `BadDeviceToken`: the token is dead →
  `TokenInvalid` (pruned);
- 403 `ExpiredProviderToken`: a fresh JWT and one more try;
- 429 `TooManyRequests`, 500, 503 (`ServiceUnavailable`, `Shutdown`), no answer →
  `PushRetryable`;
- any other 4xx (`DeviceTokenNotForTopic`, `TopicDisallowed`, `InvalidProviderToken`, ...) →
  `PushRejected`: never pruned for what may be our own configuration.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt

from notifications.push.errors import (
    PushRejected,
    PushRetryable,
    TokenInvalid,
    retry_after_seconds,
)
from notifications.push.message import PushMessage

#: A provider token is reused this long (Apple: at most once per 20 minutes, at least hourly).
PROVIDER_TOKEN_SECONDS = 50 * 60
#: How long APNs keeps trying to reach a phone that is off.
EXPIRATION_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ApnsConfig:
    key_file: str
    key_id: str
    team_id: str
    topic: str
    base_url: str
    ca_file: str  # empty: the system's trusted roots
    timeout: float


def apns_payload(message: PushMessage) -> dict[str, Any]:
    """The JSON payload: the neutral alert and the notification's id."""
    alert = {"title": message.title}
    if message.body:
        alert["body"] = message.body
    return {"aps": {"alert": alert, "sound": "default"}, "notification_id": message.notification_id}


class ApnsSender:
    """Sends to APNs device tokens over one HTTP/2 connection per worker process."""

    def __init__(self, config: ApnsConfig) -> None:
        self.config = config
        self._key = Path(config.key_file).read_text()
        verify: ssl.SSLContext | bool = True
        if config.ca_file:
            verify = ssl.create_default_context(cafile=config.ca_file)
        self._http = httpx.Client(http2=True, timeout=config.timeout, verify=verify)
        self._lock = threading.Lock()
        self._jwt = ""
        self._jwt_at = 0.0

    def close(self) -> None:
        self._http.close()

    def provider_token(self, *, fresh: bool = False) -> str:
        with self._lock:
            now = time.time()
            if fresh or not self._jwt or now - self._jwt_at >= PROVIDER_TOKEN_SECONDS:
                self._jwt = jwt.encode(
                    {"iss": self.config.team_id, "iat": int(now)},
                    self._key,
                    algorithm="ES256",
                    headers={"kid": self.config.key_id},
                )
                self._jwt_at = now
            return self._jwt

    def send(self, token: str, message: PushMessage) -> None:
        """Hand one message to APNs; raises `TokenInvalid`, `PushRetryable`, `PushRejected`."""
        url = f"{self.config.base_url.rstrip('/')}/3/device/{token}"
        body = json.dumps(apns_payload(message), separators=(",", ":")).encode()
        response = self._post(url, body, message, self.provider_token())
        reason = _reason(response)
        if response.status_code == 403 and reason == "ExpiredProviderToken":
            response = self._post(url, body, message, self.provider_token(fresh=True))
            reason = _reason(response)
        status = response.status_code
        if status == 200:
            return
        if status == 410 or (status == 400 and reason == "BadDeviceToken"):
            raise TokenInvalid(f"APNs: {status} {reason}")
        if status == 429 or status >= 500:
            raise PushRetryable(
                f"APNs: {status} {reason}",
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        raise PushRejected(f"APNs: {status} {reason}")

    def _post(
        self, url: str, body: bytes, message: PushMessage, provider_token: str
    ) -> httpx.Response:
        headers = {
            "authorization": f"bearer {provider_token}",
            "apns-topic": self.config.topic,
            "apns-push-type": "alert",
            "apns-priority": "10" if message.urgent else "5",
            "apns-expiration": str(int(time.time()) + EXPIRATION_SECONDS),
            "content-type": "application/json",
        }
        try:
            return self._http.post(url, content=body, headers=headers)
        except httpx.TransportError as exc:
            raise PushRetryable(f"APNs: {type(exc).__name__}") from exc


def _reason(response: httpx.Response) -> str:
    if response.status_code == 200 or not response.content:
        return ""
    try:
        data = response.json()
    except ValueError:
        return ""
    return str(data.get("reason", "")) if isinstance(data, dict) else ""
