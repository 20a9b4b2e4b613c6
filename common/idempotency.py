"""`Idempotency-Key` on every POST: same key + same user + same body -> the stored response.

How it works (ADR 0003): before the view runs, a record (user, key, fingerprint) is inserted
in its own transaction; the unique constraint makes exactly one request the owner. The owner
stores its 2xx response on the record; an error response releases the key so the client can
retry. A second request with the same key and body replays the stored response (waiting up to
IDEMPOTENCY_WAIT_SECONDS while the first is still running); with another body -> 422.
Anonymous POSTs (login) are not keyed.

The stored copy is sealed (issue #16): the record holds an HMAC of the key, never the key, and
the response body encrypted (Fernet) under a key derived from the client's Idempotency-Key, the
user and SECRET_KEY. Only a client that presents the same key again can read it back; a copy
of the database (with or without SECRET_KEY) shows nothing of a sick report's answer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from common.errors import IdempotencyInProgress, IdempotencyKeyReused
from common.models import IdempotencyRecord

HEADER = "Idempotency-Key"
_STORED_HEADERS = ("Location",)


class IdempotentReplay(Exception):
    """Raised in `initial` to short-circuit the view with a stored response."""

    def __init__(self, response: Response) -> None:
        self.response = response
        super().__init__("replay")


def _canonical(data: Any) -> Any:
    if isinstance(data, QueryDict):
        return {k: data.getlist(k) for k in sorted(data.keys())}
    return data


def fingerprint(request: Any) -> str:
    try:
        body = json.dumps(_canonical(request.data), sort_keys=True, cls=JSONEncoder, default=str)
    except (TypeError, ValueError):
        body = repr(request.data)
    raw = f"{request.method} {request.path}\n{body}".encode()
    return hashlib.sha256(raw).hexdigest()


def key_digest(key: str) -> str:
    """What the record keeps instead of the key: HMAC-SHA256 under SECRET_KEY."""
    mac = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256)
    return mac.hexdigest()


def _sealer(user_id: int, key: str) -> Fernet:
    """A Fernet key derived from the client's Idempotency-Key (which is not stored)."""
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=settings.SECRET_KEY.encode(),
        info=f"idempotency-response:{user_id}".encode(),
    ).derive(key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _replay(record: IdempotencyRecord, key: str) -> Response:
    headers = {**(record.response_headers or {}), "Idempotent-Replayed": "true"}
    try:
        plain = _sealer(record.user_id, key).decrypt(record.sealed_body.encode())
    except InvalidToken:
        # sealed under another SECRET_KEY (rotated since): the outcome is known, not its body
        raise IdempotencyKeyReused() from None
    return Response(json.loads(plain), status=record.status_code, headers=headers)


def idempotency_begin(view: Any, request: Any) -> None:
    if request.method != "POST":
        return
    key = request.headers.get(HEADER)
    if not key or not request.user.is_authenticated:
        return
    if len(key) > 255:
        raise exceptions.ValidationError({HEADER: [_("At most 255 characters.")]})
    fp = fingerprint(request)
    digest = key_digest(key)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(user=request.user, key=digest, fingerprint=fp)
    except IntegrityError:
        record = _wait_for_owner(request.user, digest)
        if record.fingerprint != fp:
            raise IdempotencyKeyReused() from None
        if record.completed_at is None:
            raise IdempotencyInProgress() from None
        raise IdempotentReplay(_replay(record, key)) from None
    request._idempotency_record = record
    request._idempotency_key = key


def _wait_for_owner(user: Any, key: str) -> IdempotencyRecord:
    deadline = time.monotonic() + settings.IDEMPOTENCY_WAIT_SECONDS
    while True:
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is None:
            # The owner failed and released the key between our insert and this read.
            raise IdempotencyInProgress()
        if record.completed_at is not None or time.monotonic() >= deadline:
            return record
        time.sleep(0.05)


def idempotency_finish(view: Any, request: Any, response: Any) -> Any:
    record: IdempotencyRecord | None = getattr(request, "_idempotency_record", None)
    if record is None:
        return response
    request._idempotency_record = None
    if 200 <= response.status_code < 300 and isinstance(response, Response):
        plain = json.dumps(response.data, cls=JSONEncoder).encode()
        record.status_code = response.status_code
        record.sealed_body = (
            _sealer(record.user_id, request._idempotency_key).encrypt(plain).decode()
        )
        record.response_headers = {h: response[h] for h in _STORED_HEADERS if h in response}
        record.completed_at = timezone.now()
        record.save(
            update_fields=["status_code", "sealed_body", "response_headers", "completed_at"]
        )
    else:
        record.delete()
    return response


def purge_expired(now: Any = None) -> int:
    """Delete records older than IDEMPOTENCY_KEY_TTL_HOURS; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
