"""Notifications API: the actor's own notifications, their read state and his preferences."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request as HttpRequest
from rest_framework.response import Response

from common.api import ApiView, bool_query_param
from common.pagination import paginated_response
from notifications import selectors
from notifications.api import serializers as s
from notifications.services import in_app, preferences


class NotificationListApi(ApiView):
    @extend_schema(
        responses=s.NotificationOutputSerializer(many=True),
        parameters=[OpenApiParameter("unread", bool)],
    )
    def get(self, request: HttpRequest) -> Response:
        unread = bool_query_param(request, "unread")
        return paginated_response(
            serializer_class=s.NotificationOutputSerializer,
            queryset=selectors.notification_list(actor=self.actor, unread=unread),
            request=request,
            view=self,
        )


class NotificationUnreadCountApi(ApiView):
    @extend_schema(responses=s.UnreadCountOutputSerializer)
    def get(self, request: HttpRequest) -> Response:
        count = selectors.notification_unread_count(actor=self.actor)
        return Response({"unread": count})


class NotificationReadApi(ApiView):
    @extend_schema(request=None, responses=s.MarkedOutputSerializer)
    def post(self, request: HttpRequest, notification_id: int) -> Response:
        n = in_app.notification_mark_read(actor=self.actor, notification_id=notification_id)
        return Response({"marked": n})


class NotificationReadAllApi(ApiView):
    @extend_schema(request=None, responses=s.MarkedOutputSerializer)
    def post(self, request: HttpRequest) -> Response:
        return Response({"marked": in_app.notification_mark_read(actor=self.actor)})


class NotificationPreferenceApi(ApiView):
    @extend_schema(request=s.PreferenceInputSerializer, responses=s.PreferenceInputSerializer)
    def put(self, request: HttpRequest) -> Response:
        data = s.PreferenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pref = preferences.preference_update(actor=self.actor, **data.validated_data)
        return Response(s.PreferenceInputSerializer(pref).data)
