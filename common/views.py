"""Health check for load balancers."""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from kombu import Connection
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import error_body
from common.tasks import ping
from common.throttling import HealthRateThrottle

# A deep check's answer is shared for this long: a burst of probes sends one task, not many.
DEEP_CHECK_CACHE_S = 15


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "not_configured"
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _check_worker() -> str:
    result = ping.delay()
    return "ok" if result.get(timeout=5) == "pong" else "no_answer"


def _deep_allowed(request: Request) -> bool:
    """The deep check queues a task and may wait for it: only for the monitoring system, which
    sends HEALTHZ_DEEP_TOKEN in `X-Health-Token` (compared in constant time)."""
    expected = settings.HEALTHZ_DEEP_TOKEN
    given = request.headers.get("X-Health-Token", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _cached_worker_check() -> str:
    answer = cache.get("healthz:worker")
    if answer is None:
        try:
            answer = _check_worker()
        except Exception as exc:
            answer = f"error: {type(exc).__name__}"
        cache.set("healthz:worker", answer, DEEP_CHECK_CACHE_S)
    return str(answer)


class HealthApi(APIView):
    """`/healthz`: 200 when the database (and the broker, when configured) answer, else 503.

    Anonymous (for the load balancer) and throttled per client address. `?deep=1` also shows
    that a worker runs tasks; it needs the monitoring token (`X-Health-Token`, else 403) and
    its answer is cached for DEEP_CHECK_CACHE_S seconds.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [HealthRateThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "deep", bool, description="Also run a task on a worker (needs X-Health-Token)."
            ),
            OpenApiParameter("X-Health-Token", str, location=OpenApiParameter.HEADER),
        ],
        responses={
            200: inline_serializer(
                "Health",
                {"status": serializers.CharField(), "checks": serializers.DictField()},
            ),
            503: inline_serializer(
                "HealthFailed",
                {"status": serializers.CharField(), "checks": serializers.DictField()},
            ),
        },
    )
    def get(self, request: Request) -> Response:
        deep = request.query_params.get("deep", "0")
        if deep not in ("0", "1", "true", "false"):
            raise ValidationError({"deep": [_("Use 1/true or 0/false.")]})
        checks: dict[str, str] = {}
        probes = [("database", _check_database), ("broker", _check_broker)]
        if deep in ("1", "true"):
            if not _deep_allowed(request):
                raise PermissionDenied(_("The deep health check needs the monitoring token."))
            probes.append(("worker", _cached_worker_check))
        for name, probe in probes:
            try:
                checks[name] = probe()
            except Exception as exc:
                checks[name] = f"error: {type(exc).__name__}"
        healthy = all(v in ("ok", "not_configured") for v in checks.values())
        return Response(
            {"status": "ok" if healthy else "unavailable", "checks": checks},
            status=200 if healthy else 503,
        )


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for URLs that match no route: JSON in the API's error format, never an HTML page."""
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)


def json_server_error(request: HttpRequest) -> HttpResponse:
    """500 outside DRF's exception handler (e.g. in middleware): JSON, never an HTML page."""
    return JsonResponse(error_body("server_error", _("An unexpected error occurred.")), status=500)
