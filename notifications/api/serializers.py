"""Serializers of the notifications API (inputs are strict: unknown fields are a 400)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StrictBooleanField, StrictInputSerializer
from notifications.models import REQUEST_SUBJECT_KIND, Device, DevicePlatform, Notification


class NotificationOutputSerializer(serializers.ModelSerializer[Notification]):
    title = serializers.CharField(
        source="title_text", read_only=True, help_text="In the reader's language of now."
    )
    body = serializers.CharField(
        source="body_text", read_only=True, help_text="In the reader's language of now."
    )
    request = serializers.SerializerMethodField(
        help_text="The desk request this is about (subject_id when subject_kind is "
        '"request"); kept for older clients, prefer the subject fields.'
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "request",
            "subject_kind",
            "subject_id",
            "subject_url",
            "urgent",
            "read_at",
            "created_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_request(self, obj: Notification) -> int | None:
        return obj.subject_id if obj.subject_kind == REQUEST_SUBJECT_KIND else None


class PreferenceInputSerializer(StrictInputSerializer):
    email = StrictBooleanField()
    push = StrictBooleanField()
    quiet_start_hour = serializers.IntegerField(min_value=0, max_value=23)
    quiet_end_hour = serializers.IntegerField(min_value=0, max_value=23)


class UnreadCountOutputSerializer(serializers.Serializer[Any]):
    unread = serializers.IntegerField()


class MarkedOutputSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField()


#: APNs device tokens are hexadecimal (64 digits today; Apple may make them longer), FCM
#: registration tokens are URL-safe text with a colon. Anything else is refused before it
#: reaches a provider (an APNs token is part of the request path).
TOKEN_PATTERNS = {
    DevicePlatform.APNS: re.compile(r"[0-9a-fA-F]{64,200}"),
    DevicePlatform.FCM: re.compile(r"[A-Za-z0-9_:.\-]{32,512}"),
}


class DeviceInputSerializer(StrictInputSerializer):
    platform = serializers.ChoiceField(choices=DevicePlatform.choices)
    token = serializers.CharField(
        max_length=512,
        help_text="The push token the phone got from FCM (registration token) or APNs "
        "(device token, hexadecimal).",
    )
    app_id = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The app's id (package name or bundle id), for the officer's own overview.",
    )
    name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text='A name the officer recognises, e.g. "Work phone".',
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        pattern = TOKEN_PATTERNS[DevicePlatform(attrs["platform"])]
        if not pattern.fullmatch(attrs["token"]):
            raise serializers.ValidationError({"token": [_("Not a push token of this platform.")]})
        return attrs


class DeviceOutputSerializer(serializers.ModelSerializer[Device]):
    class Meta:
        model = Device
        fields = ["id", "platform", "token", "app_id", "name", "created_at", "last_registered_at"]
