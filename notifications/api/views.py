"""Notifications API: the actor's own notifications, their read state and his preferences."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request as HttpRequest
from rest_framework.response import Response

from common.api import ApiView, bool_query_param
from common.pagination import paginated_response
from common.sync import CHANGED_SINCE_DOC, changes_output_serializer, changes_response
from notifications import selectors
from notifications.api import serializers as s
from notifications.services import devices, in_app, preferences


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


NotificationChangesOutputSerializer = changes_output_serializer(
    "NotificationChangesOutputSerializer", s.NotificationOutputSerializer
)


class NotificationChangesApi(ApiView):
    @extend_schema(
        responses=NotificationChangesOutputSerializer,
        parameters=[OpenApiParameter("changed_since", str, description=CHANGED_SINCE_DOC)],
    )
    def get(self, request: HttpRequest) -> Response:
        """My notifications changed (read, new) or deleted since my last sync (docs/sync.md)."""
        items = s.NotificationOutputSerializer(
            selectors.notification_list(actor=self.actor), many=True
        ).data
        return changes_response(
            request=request,
            user_id=self.actor.pk,
            list_key="notifications",
            items=items,
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


DEVICES_DOC = (
    "The caller's own phones that receive push messages (FCM for Android, APNs for iOS). "
    "Register the token the phone got from its push service at every start of the app and "
    "when the service hands out a new one; remove it at sign-out. A push carries only a "
    "neutral title and `notification_id`: fetch the notification itself from "
    "`/api/v1/notifications/`."
)


class MyDeviceListApi(ApiView):
    @extend_schema(responses=s.DeviceOutputSerializer(many=True), description=DEVICES_DOC)
    def get(self, request: HttpRequest) -> Response:
        return paginated_response(
            serializer_class=s.DeviceOutputSerializer,
            queryset=selectors.device_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(
        description=DEVICES_DOC
        + " Registering a token again is idempotent; a token registered by someone else "
        "(a shared phone) moves to the caller. At most PUSH_MAX_DEVICES_PER_OFFICER (10) "
        "phones are kept: one more drops the least recently registered.",
        request=s.DeviceInputSerializer,
        responses={
            201: OpenApiResponse(s.DeviceOutputSerializer, description="A new phone."),
            200: OpenApiResponse(
                s.DeviceOutputSerializer,
                description="The token was registered already (by him: refreshed; by "
                "someone else on a shared phone: now his).",
            ),
        },
    )
    def post(self, request: HttpRequest) -> Response:
        data = s.DeviceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        device, created = devices.device_register(actor=self.actor, **data.validated_data)
        return Response(
            s.DeviceOutputSerializer(device).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class MyDeviceApi(ApiView):
    @extend_schema(
        request=None,
        responses={204: None},
        description="Remove one of the caller's phones (sign-out); another's is a 404.",
    )
    def delete(self, request: HttpRequest, device_id: int) -> Response:
        devices.device_delete(actor=self.actor, device_id=device_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
