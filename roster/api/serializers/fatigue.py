"""Fatigue scores (`docs/fatigue.md`) and a team's fatigue policy."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import BoundedDateField
from roster.api.serializers.policies import _JsonBooleanField
from roster.models import FATIGUE_CAP_MAX, TeamFatiguePolicy

#: Longest range one request may ask for (days, inclusive).
FATIGUE_RANGE_DAYS = 93


class FatigueRangeInputSerializer(StrictInputSerializer):
    """`?from=&to=`: local days, both inclusive, at most 93 days."""

    to = BoundedDateField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = BoundedDateField()  # a keyword in Python
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": [_("The end must not be before the start.")]})
        if (attrs["to"] - attrs["from"]).days >= FATIGUE_RANGE_DAYS:
            raise serializers.ValidationError({"to": [_("At most 93 days at a time.")]})
        return attrs


class FatigueDaySerializer(serializers.Serializer[Any]):
    """One local day's score: the sum over that day and the six before it."""

    date = serializers.DateField()
    total = serializers.IntegerField(help_text="The fatigue score (points).")
    minutes = serializers.IntegerField(help_text="Real minutes worked in the 7 days.")
    hours = serializers.IntegerField(help_text="Points for hours: full hours of `minutes`.")
    nights = serializers.IntegerField(help_text="Points for night shifts.")
    night_series = serializers.IntegerField(help_text="Points for nights after a night.")
    quick_returns = serializers.IntegerField(help_text="Points for rests under 11 h.")
    short_rests = serializers.IntegerField(help_text="Points for rests of 11 h to 16 h.")
    consecutive_days = serializers.IntegerField(
        help_text="Points for the fifth and later working day in a row."
    )


class MyFatigueOutputSerializer(serializers.Serializer[Any]):
    days = FatigueDaySerializer(many=True)


class TeamFatigueOfficerSerializer(serializers.Serializer[Any]):
    officer = serializers.IntegerField()
    name = serializers.CharField()
    above_cap = serializers.IntegerField(help_text="Days in the range with a score above the cap.")
    days = FatigueDaySerializer(many=True)


class TeamFatigueOutputSerializer(serializers.Serializer[Any]):
    team = serializers.IntegerField()
    cap = serializers.IntegerField()
    cap_enabled = serializers.BooleanField()
    officers = TeamFatigueOfficerSerializer(many=True)


class FatiguePolicyOutputSerializer(serializers.ModelSerializer[TeamFatiguePolicy]):
    team = serializers.IntegerField(source="team_id")

    class Meta:
        model = TeamFatiguePolicy
        fields = ["team", "cap_enabled", "cap"]


class FatiguePolicyUpdateInputSerializer(StrictInputSerializer):
    cap_enabled = _JsonBooleanField(required=False)
    cap = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=FATIGUE_CAP_MAX,
        help_text="Highest daily fatigue score a solve may give an officer (points).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give at least one field to change.")]}
            )
        return attrs
