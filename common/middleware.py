"""Small HTTP middlewares: body size limit, cache headers for the API."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


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
    """API responses are per user and language: private, revalidated with the ETag."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/v1/"):
            patch_vary_headers(response, ("Authorization", "Accept-Language"))
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-cache"
        return response
