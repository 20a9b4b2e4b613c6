"""Health check for load balancers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from kombu import Connection
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import error_body
from common.tasks import ping


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


class HealthApi(APIView):
    """`/healthz`: 200 when the database (and the broker, when configured) answer, else 503."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []

    @extend_schema(
        parameters=[OpenApiParameter("deep", bool, description="Also run a task on a worker.")],
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
            probes.append(("worker", _check_worker))
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
