"""Serializers of the request desk API (inputs are strict: unknown fields are a 400)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from common.serializers import StrictBooleanField, StrictInputSerializer
from organisation.models import Delegation, Desk
from requests_desk.models import (
    ApprovalTask,
    OutcomeKind,
    PrivacyClass,
    Request,
    RequestAttachment,
    RequestType,
)
from requests_desk.services.workflow import PUBLIC_ACTIONS


class RequestTypeListOutputSerializer(serializers.ModelSerializer[RequestType]):
    name = serializers.CharField(source="current_version.name")
    name_nl = serializers.CharField(source="current_version.name_nl")
    name_en = serializers.CharField(source="current_version.name_en")
    version = serializers.IntegerField(source="current_version.number")
    outcome_kind = serializers.CharField(source="current_version.outcome_kind")
    privacy_class = serializers.CharField(source="current_version.privacy_class")
    sla_days = serializers.IntegerField(source="current_version.sla_days")
    # A type that no desk fulfils (approval only) has none: null, and the schema says so.
    desk: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="current_version.desk", slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = RequestType
        fields = [
            "code",
            "category",
            "name",
            "name_nl",
            "name_en",
            "version",
            "outcome_kind",
            "privacy_class",
            "sla_days",
            "desk",
            "active",
        ]


class RequestTypeDetailOutputSerializer(RequestTypeListOutputSerializer):
    description = serializers.CharField(source="current_version.description")
    form_schema = serializers.JSONField(source="current_version.form_schema")
    ui_hints = serializers.JSONField(source="current_version.ui_hints")
    route = serializers.JSONField(source="current_version.route")
    route_note = serializers.CharField(source="current_version.route_note")

    class Meta(RequestTypeListOutputSerializer.Meta):
        fields = [
            *RequestTypeListOutputSerializer.Meta.fields,
            "description",
            "form_schema",
            "ui_hints",
            "route",
            "route_note",
        ]


class RequestTypeContentInputSerializer(StrictInputSerializer):
    category = serializers.SlugField(max_length=32, required=False)
    active = StrictBooleanField(required=False)
    name_nl = serializers.CharField(max_length=200, required=False)
    name_en = serializers.CharField(max_length=200, required=False)
    description_nl = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    form_schema = serializers.JSONField(required=False)
    ui_hints = serializers.JSONField(required=False)
    route = serializers.JSONField(required=False)
    route_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    desk = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Desk.objects.all(),
        required=False,
        allow_null=True,
    )
    sla_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    outcome_kind = serializers.ChoiceField(choices=OutcomeKind.choices, required=False)
    privacy_class = serializers.ChoiceField(choices=PrivacyClass.choices, required=False)
    retention_days = serializers.IntegerField(min_value=1, required=False)
    retention_after_employment = StrictBooleanField(required=False)


class RequestTypeCreateInputSerializer(RequestTypeContentInputSerializer):
    code = serializers.SlugField(max_length=64)
    category = serializers.SlugField(max_length=32)
    name_nl = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200)
    form_schema = serializers.JSONField()
    retention_after_employment = StrictBooleanField(default=False)


class EventOutputSerializer(serializers.Serializer[Any]):
    actor = serializers.IntegerField(source="actor_id")
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class CommentOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    author = serializers.IntegerField(source="author_id")
    body = serializers.CharField()
    internal = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class RequestOutputSerializer(serializers.ModelSerializer[Request]):
    type = serializers.CharField(source="request_type.code")
    type_name = serializers.CharField(source="version.name")
    version = serializers.IntegerField(source="version.number")
    desk: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Request
        fields = [
            "id",
            "type",
            "type_name",
            "version",
            "state",
            "requester",
            "desk",
            "assignee",
            "submitted_at",
            "due_date",
            "overdue",
            "created_at",
        ]


class RequestDetailOutputSerializer(RequestOutputSerializer):
    events = EventOutputSerializer(many=True)
    comments = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(RequestOutputSerializer.Meta):
        fields = [
            *RequestOutputSerializer.Meta.fields,
            "form_data",
            "events",
            "comments",
            "attachments",
        ]

    def get_comments(self, obj: Request) -> list[dict[str, Any]]:
        show_internal = self.context.get("show_internal", False)
        comments = [c for c in obj.comments.all() if show_internal or not c.internal]
        return list(CommentOutputSerializer(comments, many=True).data)

    def get_attachments(self, obj: Request) -> list[dict[str, Any]]:
        return list(AttachmentOutputSerializer(obj.attachments.all(), many=True).data)


class RequestCreateInputSerializer(StrictInputSerializer):
    type = serializers.SlugField()
    form_data = serializers.JSONField()
    submit = StrictBooleanField(default=False)


class RequestUpdateInputSerializer(StrictInputSerializer):
    form_data = serializers.JSONField()


class TransitionInputSerializer(StrictInputSerializer):
    action = serializers.ChoiceField(choices=PUBLIC_ACTIONS)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    assignee = serializers.IntegerField(required=False, min_value=1)


class CommentInputSerializer(StrictInputSerializer):
    body = serializers.CharField(max_length=4000)
    internal = StrictBooleanField(default=False)


class ApprovalTaskOutputSerializer(serializers.ModelSerializer[ApprovalTask]):
    item_type = serializers.SerializerMethodField()
    kind = serializers.CharField(help_text="team_lead, unit_manager, desk or finance")
    request = RequestOutputSerializer()

    class Meta:
        model = ApprovalTask
        fields = ["id", "item_type", "kind", "position", "delegated_from", "request"]

    def get_item_type(self, obj: ApprovalTask) -> str:
        return "request"


class DelegationSerializer(serializers.ModelSerializer[Delegation]):
    class Meta:
        model = Delegation
        fields = ["id", "approver", "substitute", "start_date", "end_date"]
        read_only_fields = ["id", "approver"]


class DelegationInputSerializer(StrictInputSerializer):
    substitute = serializers.IntegerField(min_value=1)
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class AttachmentInputSerializer(StrictInputSerializer):
    file = serializers.FileField()


class AttachmentOutputSerializer(serializers.ModelSerializer[RequestAttachment]):
    class Meta:
        model = RequestAttachment
        fields = ["id", "original_name", "content_type", "size", "created_at"]
