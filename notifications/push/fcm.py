"""Firebase Cloud Messaging, HTTP v1 API: `POST {base}/v1/projects/{project}/messages:send`
with an OAuth2 bearer that `google-auth` obtains from the service account's key (a signed JWT
exchanged at the key file's `token_uri`) and refreshes before it expires.

Answers (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode):
- 200: delivered to FCM;
- 404 `UNREGISTERED`, and 400 `INVALID_ARGUMENT` about the token (`message.token`): the token
  is dead → `TokenInvalid` (pruned). Any other 400 is about our message → `PushRejected`;
- 401: our access token was refused → one fresh token and one more try, then `PushRejected`;
- 429 `QUOTA_EXCEEDED`, 500 `INTERNAL`, 503 `UNAVAILABLE`, no answer → `PushRetryable`
  (with the `Retry-After` the server sent);
- any other 4xx (403 `SENDER_ID_MISMATCH`, `THIRD_PARTY_AUTH_ERROR`) → `PushRejected`: a token
  is never pruned for what may be our own configuration.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import google.auth.exceptions
import httpx
from google.auth.transport.requests import Request as GoogleAuthRequest
from google.oauth2 import service_account

from notifications.push.errors import (
    PushRejected,
    PushRetryable,
    TokenInvalid,
    retry_after_seconds,
)
from notifications.push.message import PushMessage

FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging"


@dataclass(frozen=True)
class FcmConfig:
    credentials_file: str
    project_id: str  # empty: the key file's project_id
    base_url: str
    timeout: float


def fcm_request_body(token: str, message: PushMessage) -> dict[str, Any]:
    """The `messages:send` body: the neutral notification and the id as data."""
    notification = {"title": message.title}
    if message.body:
        notification["body"] = message.body
    return {
        "message": {
            "token": token,
            "notification": notification,
            "data": {"notification_id": str(message.notification_id)},
            "android": {"priority": "high" if message.urgent else "normal"},
        }
    }


def _error(response: httpx.Response) -> tuple[str, str, str, list[str]]:
    """(status, FCM errorCode, message, fields named by field violations) of an error body."""
    try:
        error = response.json().get("error", {})
    except ValueError:
        return "", "", "", []
    if not isinstance(error, dict):
        return "", "", "", []
    code, fields = "", []
    for detail in error.get("details") or []:
        if not isinstance(detail, dict):
            continue
        code = code or str(detail.get("errorCode", ""))
        for violation in detail.get("fieldViolations") or []:
            if isinstance(violation, dict):
                fields.append(str(violation.get("field", "")))
    return str(error.get("status", "")), code, str(error.get("message", "")), fields


def _about_the_token(message: str, fields: list[str]) -> bool:
    return "message.token" in fields or "registration token" in message.lower()


class FcmSender:
    """Sends to FCM tokens; one per worker process (the access token is reused until it
    nearly expires)."""

    def __init__(self, config: FcmConfig) -> None:
        self.config = config
        self._credentials = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
            config.credentials_file, scopes=[FCM_SCOPE]
        )
        self.project_id = config.project_id or self._credentials.project_id
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=config.timeout)

    def close(self) -> None:
        self._http.close()

    def _bearer(self, *, fresh: bool = False) -> str:
        with self._lock:
            if fresh or not self._credentials.valid:
                request = GoogleAuthRequest()

                def with_timeout(*args: Any, **kwargs: Any) -> Any:
                    kwargs.setdefault("timeout", self.config.timeout)
                    return request(*args, **kwargs)

                try:
                    self._credentials.refresh(with_timeout)
                except google.auth.exceptions.TransportError as exc:
                    raise PushRetryable("FCM: the token endpoint did not answer") from exc
                except google.auth.exceptions.RefreshError as exc:
                    if getattr(exc, "retryable", False):
                        raise PushRetryable("FCM: the token endpoint is busy") from exc
                    raise PushRejected("FCM: the service account key was refused") from exc
            return str(self._credentials.token)

    def send(self, token: str, message: PushMessage) -> None:
        """Hand one message to FCM; raises `TokenInvalid`, `PushRetryable`, `PushRejected`."""
        url = f"{self.config.base_url.rstrip('/')}/v1/projects/{self.project_id}/messages:send"
        body = fcm_request_body(token, message)
        response = self._post(url, body, self._bearer())
        if response.status_code == 401:
            response = self._post(url, body, self._bearer(fresh=True))
        status = response.status_code
        if status == 200:
            return
        error_status, code, text, fields = _error(response)
        if status == 404 and code == "UNREGISTERED":
            raise TokenInvalid("FCM: UNREGISTERED")
        token_error = "INVALID_ARGUMENT" in (code, error_status) and _about_the_token(text, fields)
        if status == 400 and token_error:
            raise TokenInvalid("FCM: INVALID_ARGUMENT (token)")
        if status == 429 or status >= 500:
            raise PushRetryable(
                f"FCM: {status} {code or error_status}",
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
            )
        raise PushRejected(f"FCM: {status} {code or error_status}")

    def _post(self, url: str, body: dict[str, Any], bearer: str) -> httpx.Response:
        try:
            return self._http.post(url, json=body, headers={"Authorization": f"Bearer {bearer}"})
        except httpx.TransportError as exc:
            raise PushRetryable(f"FCM: {type(exc).__name__}") from exc
