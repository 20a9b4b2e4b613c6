"""The DomainError tree: what services raise, and every error code the API can return.

Services raise these, never DRF exceptions. `common.api.exception_handler` renders them as
`{"code", "detail", "fields"}` with the class's HTTP status. Every code is registered in
`ERROR_CODES` so the OpenAPI schema lists them all.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# code -> (HTTP status, description). Filled by DomainError subclasses and by `register_code`.
ERROR_CODES: dict[str, tuple[int, str]] = {}


def register_code(code: str, status: int, description: str) -> str:
    """Register an error code that is not a DomainError class (e.g. a framework error)."""
    ERROR_CODES[code] = (status, description)
    return code


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "domain_error"
    message: ClassVar[str | Promise] = _("The request cannot be carried out.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.detail = message if message is not None else self.message
        if code is not None:
            self.code = code  # type: ignore[misc]
        self.extra = extra or {}
        super().__init__(str(self.detail))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            ERROR_CODES[cls.code] = (cls.status, str(cls.__doc__ or "").strip())


class NotFound(DomainError):
    """The object does not exist or the actor may not see it."""

    status = 404
    code = "not_found"
    message = _("Not found.")


class Forbidden(DomainError):
    """The actor sees the object but may not perform this action on it."""

    status = 403
    code = "forbidden"
    message = _("You may not perform this action.")


class FourEyes(Forbidden):
    """Nobody decides on what he is part of (four-eyes principle): he approves no request
    of his own and decides on no swap he is in."""

    code = "four_eyes"
    message = _("You may not decide on something you are part of.")


class Conflict(DomainError):
    """The object's state does not allow this action now (window closed, already done, full)."""

    status = 409
    code = "conflict"
    message = _("This action conflicts with the current state.")


class RuleViolation(DomainError):
    """A working-time or business rule would be broken; `extra.rule` names it."""

    status = 422
    code = "rule_violation"
    message = _("A rule would be broken.")


class IdempotencyKeyReused(DomainError):
    """The Idempotency-Key was used before with a different request body or path."""

    status = 422
    code = "idempotency_key_reused"
    message = _("This Idempotency-Key was already used for a different request.")


class IdempotencyInProgress(DomainError):
    """A request with this Idempotency-Key is still being processed; retry shortly."""

    status = 409
    code = "idempotency_in_progress"
    message = _("A request with this Idempotency-Key is still being processed.")


register_code("invalid", 400, "The input failed validation; `fields` names each failing field.")
register_code("malformed_request", 400, "The body is not valid JSON or multipart.")
register_code("not_authenticated", 401, "No valid credentials were given.")
register_code("authentication_failed", 401, "The credentials or token are wrong or expired.")
register_code("token_not_valid", 401, "The token is invalid, expired or blacklisted.")
register_code("permission_denied", 403, "The actor's role does not allow this operation.")
register_code("method_not_allowed", 405, "The HTTP method is not allowed here.")
register_code("not_acceptable", 406, "The Accept header asks for a format we do not serve.")
register_code("unsupported_media_type", 415, "The Content-Type is not supported.")
register_code("request_too_large", 413, "The body exceeds the size limit.")
register_code("throttled", 429, "Too many requests; retry after the given seconds.")
register_code("account_locked", 429, "Too many failed logins; the account is locked for a while.")
register_code("server_error", 500, "An unexpected error; it has been logged.")
register_code("service_unavailable", 503, "A dependency (database, broker) is down.")
