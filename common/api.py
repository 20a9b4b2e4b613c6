"""API plumbing shared by every app: the one exception handler, pagination, base view."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request as DrfRequest
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from common.cursor import CURSOR_PARAM, CursorPage, cursor_error, list_page, queryset_page
from common.errors import DomainError
from common.i18n import activate_user_language
from common.idempotency import IdempotentReplay, idempotency_begin, idempotency_finish

if TYPE_CHECKING:
    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the Officer), so common
    # types the actor without importing the organisation app above it.
    from django.contrib.auth.models import _User

logger = logging.getLogger(__name__)

_DRF_CODES: dict[type[exceptions.APIException], str] = {
    InvalidToken: "token_not_valid",  # before AuthenticationFailed, its base class
    exceptions.ParseError: "malformed_request",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def error_body(code: str, detail: Any, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def _flatten_fields(detail: Any) -> dict[str, Any]:
    """DRF's nested ValidationError detail as {field: [messages]} (nested dicts kept)."""
    if isinstance(detail, dict):
        return {str(k): _flatten_fields_value(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in detail]}
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(detail)]}


def _flatten_fields_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _flatten_fields_value(v) for k, v in value.items()}
    if isinstance(value, list):
        if any(isinstance(v, dict | list) for v in value):
            return [_flatten_fields_value(v) for v in value]
        return [str(v) for v in value]
    return [str(value)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """Render every error as `{"code", "detail", "fields"}`; unknown errors become a logged 500."""
    if isinstance(exc, DomainError):
        fields = exc.extra.get("fields") if isinstance(exc.extra.get("fields"), dict) else None
        body = error_body(exc.code, exc.detail, fields)
        extra = {k: v for k, v in exc.extra.items() if k != "fields"}
        if extra:
            body["extra"] = extra
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, TokenError):
        exc = InvalidToken(str(exc))

    if isinstance(exc, exceptions.ValidationError):
        return Response(
            error_body("invalid", _("The input is not valid."), _flatten_fields(exc.detail)),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.APIException):
        code = next((c for t, c in _DRF_CODES.items() if isinstance(exc, t)), None)
        code = code or str(getattr(exc, "default_code", "error"))
        detail: Any = exc.detail
        if isinstance(detail, dict):
            detail = detail.get("detail", exc.default_detail)
        headers: dict[str, str] = {}
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            headers["Retry-After"] = str(int(wait))
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return Response(error_body(code, detail), status=exc.status_code, headers=headers)

    if isinstance(exc, DatabaseOperationalError | DatabaseInterfaceError):
        # The database is down or restarting: a clean, retryable 503, not a 500.
        logger.error("Database unavailable in %s: %s", context.get("view"), exc)
        return Response(
            error_body("service_unavailable", _("The service is temporarily unavailable.")),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "5"},
        )
    logger.exception("Unhandled error in %s", context.get("view"), exc_info=exc)
    return Response(
        error_body("server_error", _("An unexpected error occurred.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


class DefaultPagination(PageNumberPagination):
    """Page-number pagination with a client-chosen page size (1..200), or keyset pages.

    Strict: a page size that is not a whole number in range is a 400 naming `page_size`, and a
    page that is not a whole number from 1 (an empty `page=` included) a 400 naming `page`;
    neither is silently replaced by the default. A page past the last is a 404.

    Cursor mode (`common.cursor`): a `cursor` parameter (empty for the first page) pages by
    the list's sort key instead, so a list that changes between two requests neither repeats
    nor skips an item; `next` carries the next cursor, `previous` is null (forward only) and
    `count` is the list's length now. The response has the same shape in both modes. A view
    whose list is not a QuerySet names its sort key in `cursor_key`; one that cannot be paged
    by cursor sets `cursor_pagination = False` (its `cursor` is then a 400).
    """

    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = CURSOR_PARAM

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Any, view: Any = None
    ) -> list[Any] | None:
        self.cursor_page: CursorPage | None = None
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return super().paginate_queryset(queryset, request, view=view)
        if not getattr(view, "cursor_pagination", True):
            raise cursor_error(_("This list is paged by page number only."))
        if self.page_query_param in request.query_params:
            raise cursor_error(_("Use either page or cursor."))
        self.request = request
        size = self.get_page_size(request) or api_settings.PAGE_SIZE or 50
        if isinstance(queryset, QuerySet):
            self.cursor_page = queryset_page(queryset, raw=raw, path=request.path, page_size=size)
        else:
            key = getattr(view, "cursor_key", None)
            if key is None:
                raise cursor_error(_("This list is paged by page number only."))
            self.cursor_page = list_page(
                queryset, key=key, raw=raw, path=request.path, page_size=size
            )
        return self.cursor_page.items

    def get_paginated_response(self, data: Any) -> Response:
        page = getattr(self, "cursor_page", None)
        if page is None:
            return super().get_paginated_response(data)
        next_url = None
        if page.next_cursor is not None:
            url = cast("DrfRequest", self.request).build_absolute_uri()  # set when paging
            next_url = replace_query_param(url, self.cursor_query_param, page.next_cursor)
        return Response({"count": page.count, "next": next_url, "previous": None, "results": data})

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        if getattr(view, "cursor_pagination", True):
            params.append(
                {
                    "name": self.cursor_query_param,
                    "required": False,
                    "in": "query",
                    "description": (
                        "Keyset paging: empty for the first page, then the value in `next`. "
                        "Neither repeats nor skips an item when the list changes between "
                        "pages. Not together with `page`."
                    ),
                    "schema": {"type": "string"},
                }
            )
        return params

    def get_page_number(self, request: Any, paginator: Any) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError({self.page_query_param: [_("A whole number from 1.")]})
        return int(raw)

    def get_page_size(self, request: Any) -> int | None:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes lockout: a JSON 429 in the API's error format; an HTML page in the console."""
    if request.path.startswith("/console/"):
        from django.shortcuts import render

        context = {
            "status": 429,
            "code": "account_locked",
            "detail": _("Too many failed logins. Try again later."),
            "fields": {},
        }
        return render(request, "console/error.html", context, status=429)
    return JsonResponse(
        error_body("account_locked", _("Too many failed logins. Try again later.")),
        status=429,
    )


class ApiView(APIView):
    """Base of every API view: honours `Idempotency-Key` on POST (see common.idempotency).

    List responses are paginated (`common.pagination.paginated_response`); the attribute
    below makes the OpenAPI schema describe every `many=True` GET response as a page.
    """

    pagination_class = DefaultPagination

    @property
    def actor(self) -> _User:
        """The authenticated officer (views require authentication unless they say otherwise)."""
        return cast("_User", self.request.user)

    def perform_authentication(self, request: Any) -> None:
        super().perform_authentication(request)
        # JWT is checked here, after the locale middleware: the caller's stored preference
        # outranks Accept-Language from now on (errors included; `common.i18n`)
        activate_user_language(request._request, request.user)

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        idempotency_begin(self, request)

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, IdempotentReplay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = idempotency_finish(self, request, response)
        return super().finalize_response(request, response, *args, **kwargs)


def bool_query_param(request: DrfRequest, name: str) -> bool | None:
    """A boolean query parameter: true/false/1/0, absent is None; anything else is a 400."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise exceptions.ValidationError({name: [_("Use true or false.")]})
