"""The officer's secret iCalendar feed: its URL and the feed itself."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from roster import selectors
from roster.api.serializers.calendar import CalendarFeedOutputSerializer
from roster.calendar import roster_ics
from roster.services import calendar


class CalendarFeedApi(ApiView):
    @extend_schema(request=None, responses={201: CalendarFeedOutputSerializer})
    def post(self, request: Request) -> Response:
        token = calendar.calendar_feed_rotate(actor=self.actor)
        url = request.build_absolute_uri(f"/api/v1/calendar/{token}.ics")
        return Response({"url": url}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        calendar.calendar_feed_revoke(actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ICalendarRenderer(BaseRenderer):
    """Lets a calendar client that sends `Accept: text/calendar` through content negotiation
    (the feed itself is built by `roster_ics`); an error is written as its JSON body."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


class CalendarIcsApi(ApiView):
    """The secret feed URL is the credential: no login, 404 for an unknown or revoked token
    and for a deactivated officer. The token is masked in every log line."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, ICalendarRenderer]
    secret_path_kwargs = ("token",)

    @extend_schema(responses={(200, "text/calendar"): bytes})
    def get(self, request: Request, token: str) -> HttpResponse:
        officer, qs = selectors.calendar_assignments(token=token)
        body = roster_ics(qs, name=f"Rooster {officer.get_full_name()}")
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        return response
