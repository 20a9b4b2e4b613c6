"""Shift templates and shifts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import (
    MAX_ID,
    BoundedDateField,
    BoundedDateTimeField,
    DemandField,
    IdField,
)
from roster.models import Shift, ShiftKind, ShiftTemplate


class TemplateOutputSerializer(serializers.ModelSerializer[ShiftTemplate]):
    class Meta:
        model = ShiftTemplate
        fields = [
            "id",
            "name",
            "kind",
            "start_time",
            "end_time",
            "weekdays",
            "demand",
            "valid_from",
            "valid_until",
            "active",
        ]


class TemplateCreateInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=ShiftKind.choices)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), allow_empty=False
    )
    demand = DemandField()
    valid_from = BoundedDateField(required=False, allow_null=True)
    valid_until = BoundedDateField(required=False, allow_null=True)


class ShiftOutputSerializer(serializers.ModelSerializer[Shift]):
    team = serializers.IntegerField(source="team_id")
    period = serializers.IntegerField(source="period_id")
    minutes = serializers.IntegerField()
    pressure = serializers.SerializerMethodField()

    class Meta:
        model = Shift
        fields = [
            "id",
            "team",
            "period",
            "kind",
            "start",
            "end",
            "minutes",
            "demand",
            "is_night",
            "is_weekend",
            "is_holiday",
            "cancelled_at",
            "pressure",
        ]

    def get_pressure(self, shift: Shift) -> dict[str, int] | None:
        """Sign-up counts per wish (never names); present on list endpoints."""
        if not hasattr(shift, "want_count"):
            return None
        return {
            "want": int(getattr(shift, "want_count", 0)),
            "can": int(getattr(shift, "can_count", 0)),
            "rather_not": int(getattr(shift, "rather_not_count", 0)),
        }


class ShiftCreateInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=ShiftKind.choices)
    start = BoundedDateTimeField()
    end = BoundedDateTimeField()
    demand = DemandField()


class ShiftUpdateInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=ShiftKind.choices, required=False)
    start = BoundedDateTimeField(required=False)
    end = BoundedDateTimeField(required=False)
    demand = DemandField(required=False)


class ShiftFilterInputSerializer(StrictInputSerializer):
    start = BoundedDateField(required=False)
    end = BoundedDateField(required=False)
    team = IdField(required=False)
    mine = serializers.BooleanField(required=False, default=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    cursor = serializers.CharField(required=False, allow_blank=True)  # checked by the paginator


class DateRangeInputSerializer(StrictInputSerializer):
    start = BoundedDateField()
    end = BoundedDateField()
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    cursor = serializers.CharField(required=False, allow_blank=True)  # checked by the paginator

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must not be before the start.")]})
        if (attrs["end"] - attrs["start"]).days > 92:
            raise serializers.ValidationError({"end": [_("At most 93 days at a time.")]})
        return attrs


class ChangesRangeInputSerializer(DateRangeInputSerializer):
    """A range of my roster to sync (`me/roster/changes/`); `changed_since` is checked by
    `common.sync`."""

    changed_since = serializers.CharField(required=False)
    page = None  # type: ignore[assignment]  # a delta is one answer, never paged
    page_size = None  # type: ignore[assignment]
    cursor = None  # type: ignore[assignment]
