"""What a push provider's answer means for us: prune the token, try again later, or give up."""

from __future__ import annotations


class PushError(Exception):
    """A push to one device did not go through."""


class TokenInvalid(PushError):
    """The provider says the device token is dead (app removed, token rotated): delete it."""


class PushRetryable(PushError):
    """The provider is busy or failing (429, 5xx, no connection): try again later, after
    `retry_after` seconds when the provider said so."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PushRejected(PushError):
    """Any other refusal (a 4xx about the request or our credentials): trying again would get
    the same answer, so the push is given up and logged."""


def retry_after_seconds(value: str | None) -> float | None:
    """The seconds of a `Retry-After` header (its HTTP-date form is not used by either
    provider and is ignored)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
