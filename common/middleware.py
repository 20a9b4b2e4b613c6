"""Small HTTP middlewares: request ids, body size limit, cache headers and the write audit
of the API."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.common import CommonMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework import exceptions

from common.api import error_body, exception_handler
from common.i18n import activate_user_language
from common.logging import request_id_var
from common.models import ApiAuditRecord

logger = logging.getLogger("samen.request")
audit_logger = logging.getLogger("samen.audit")
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def loggable_path(request: HttpRequest) -> str:
    """The request path with every path argument that is a credential masked.

    A view names such arguments in `secret_path_kwargs` (e.g. the calendar feed's `token`):
    the path itself is then a password and must not reach a log line.
    """
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    secret = getattr(view_class, "secret_path_kwargs", ())
    path = request.path
    for name in secret:
        value = str(match.kwargs.get(name, "")) if match else ""
        if value:
            path = path.replace(value, "***")
    return path


class RequestIdMiddleware:
    """Give every request an id: the caller's `X-Request-ID` when it is a sane token (a proxy
    or the app may set it), else a new UUID. It is echoed in the response, put on every log
    line written while handling the request (`common.logging`), and one line per request is
    logged with method, route, status, duration and user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id_var.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            path = loggable_path(request)
            logger.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user": getattr(user, "pk", None),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class ApiAuditMiddleware:
    """Record every write to the API (`common.models.ApiAuditRecord`): actor, method, route,
    path, status, request id; never the body or the query string. Runs after the view, whose
    own transaction has committed: if the record cannot be written (database gone), that is
    logged as an error with the request id and the response still goes out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method in WRITE_METHODS and request.path.startswith("/api/v1/"):
            self.record(request, response)
        return response

    def record(self, request: HttpRequest, response: HttpResponse) -> None:
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        try:
            ApiAuditRecord.objects.create(
                actor=user if getattr(user, "is_authenticated", False) else None,
                method=str(request.method),
                route=(match.route if match else "")[:200],
                path=loggable_path(request)[:400],
                status=response.status_code,
                request_id=getattr(request, "request_id", ""),
            )
        except DatabaseError:
            audit_logger.exception(
                "API audit record not written",
                extra={"method": request.method, "path": loggable_path(request)},
            )


class RequestSizeLimitMiddleware:
    """Refuse bodies larger than MAX_REQUEST_BODY_BYTES with a JSON 413 before reading them,
    and query parameters holding NUL characters (the database cannot store them) with a 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        bad = sorted(k for k, values in request.GET.lists() if any("\x00" in v for v in values))
        bad += sorted(k for k in request.GET if "\x00" in k)
        if bad:
            message = _("NUL characters are not allowed.")
            return JsonResponse(
                {
                    "code": "invalid",
                    "detail": _("The input is not valid."),
                    "fields": {k.replace("\x00", "\\0"): [message] for k in bad},
                },
                status=400,
            )
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return JsonResponse(
                {
                    "code": "request_too_large",
                    "detail": _("The request body is larger than %(limit)d bytes.")
                    % {"limit": settings.MAX_REQUEST_BODY_BYTES},
                    "fields": {},
                },
                status=413,
            )
        return self.get_response(request)


class ApiCacheHeadersMiddleware:
    """API responses are per user and language: private, revalidated with the ETag. They are
    data, never a page: a Content-Security-Policy that allows nothing keeps a browser from
    running or framing anything that reaches it through the API (OWASP ASVS 14.4.3)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/v1/"):
            patch_vary_headers(response, ("Authorization", "Accept-Language"))
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-cache"
            response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
        return response


class UserLanguageMiddleware:
    """After the session's user is known (the console, the admin): speak his stored language
    preference instead of the browser's Accept-Language (`common.i18n`). API calls with a
    token are handled by `common.api.ApiView`, where the token is checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            activate_user_language(request, user)
        return self.get_response(request)


API_PREFIX = "/api/"


def _framework_error(request: HttpRequest, status: int) -> Exception:
    """The DRF exception for an error status that Django, not DRF, answered."""
    content_type = request.content_type or ""
    return {
        400: exceptions.ParseError(),
        403: exceptions.PermissionDenied(),
        404: exceptions.NotFound(),
        405: exceptions.MethodNotAllowed(str(request.method)),
        406: exceptions.NotAcceptable(),
        415: exceptions.UnsupportedMediaType(content_type),
        429: exceptions.Throttled(),
    }.get(status, exceptions.APIException())


class ApiJsonErrorsMiddleware:
    """Every error under /api/ is JSON in the one error format (ADR 0002).

    DRF renders its own errors that way; this catches the answers Django writes itself: the
    DEBUG 404 and 500 pages (`make demo` runs with DEBUG on), CSRF refusals, a 405 from a
    view rendered as HTML (the Swagger page) and anything a middleware returns. Such an
    answer is replaced by `{code, detail, fields}` with the same status and code that DRF
    would have given (`common.api.exception_handler`); `Allow` and `Retry-After` are kept.
    Successful non-JSON answers (the Swagger page, the calendar feed) are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if str(response.get("Content-Type", "")).startswith("application/json"):
            return response
        status = response.status_code
        if status >= 500:
            # Django has logged the exception already (django.request).
            code = "service_unavailable" if status == 503 else "server_error"
            detail = (
                _("The service is temporarily unavailable.")
                if status == 503
                else _("An unexpected error occurred.")
            )
            body = error_body(code, detail)
        else:
            body = exception_handler(_framework_error(request, status), {}).data
            if status not in _KNOWN_CLIENT_ERRORS:
                body = error_body("invalid", _("The input is not valid."))
        replacement = JsonResponse(body, status=status)
        for header in ("Allow", "Retry-After"):
            if response.has_header(header):
                replacement[header] = response[header]
        return replacement


_KNOWN_CLIENT_ERRORS = frozenset({400, 403, 404, 405, 406, 415, 429})


class ApiCommonMiddleware(CommonMiddleware):
    """Django's CommonMiddleware, without the trailing-slash redirect under /api/.

    A redirect is not an API answer: a POST would lose its body (and with DEBUG on Django
    raises instead), and the schema documents no 301. A path without its slash is a JSON 404.
    """

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if request.path_info.startswith(API_PREFIX):
            return False
        return bool(super().should_redirect_with_slash(request))
