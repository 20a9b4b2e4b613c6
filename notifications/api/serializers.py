"""Serializers of the notifications API (inputs are strict: unknown fields are a 400)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StrictBooleanField, StrictInputSerializer
from notifications.models import REQUEST_SUBJECT_KIND, Notification


class NotificationOutputSerializer(serializers.ModelSerializer[Notification]):
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
