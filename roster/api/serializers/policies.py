"""A team's swap and open-shift policy, and its absence policy."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.models import (
    CLAIM_WINDOW_HOURS_MAX,
    SICK_MARGIN_DAYS_MAX,
    UNAVAILABILITY_MAX_DAYS_MAX,
    OpenShiftPolicy,
    TeamAbsencePolicy,
    TeamSwapPolicy,
)


class _JsonBooleanField(serializers.BooleanField):
    """Only JSON true/false (DRF's own field also takes 0, "yes", "on", ...)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class SwapPolicyOutputSerializer(serializers.ModelSerializer[TeamSwapPolicy]):
    team = serializers.IntegerField(source="team_id")

    class Meta:
        model = TeamSwapPolicy
        fields = [
            "team",
            "auto_approve",
            "open_shift_policy",
            "claim_window_hours",
            "award_hours_before_start",
        ]


class SwapPolicyUpdateInputSerializer(StrictInputSerializer):
    auto_approve = _JsonBooleanField(required=False)
    open_shift_policy = serializers.ChoiceField(choices=OpenShiftPolicy.choices, required=False)
    claim_window_hours = serializers.IntegerField(
        required=False, min_value=1, max_value=CLAIM_WINDOW_HOURS_MAX
    )
    award_hours_before_start = serializers.IntegerField(
        required=False, min_value=0, max_value=CLAIM_WINDOW_HOURS_MAX
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give at least one field to change.")]}
            )
        return attrs


class AbsencePolicyOutputSerializer(serializers.ModelSerializer[TeamAbsencePolicy]):
    team = serializers.IntegerField(source="team_id")

    class Meta:
        model = TeamAbsencePolicy
        fields = ["team", "sick_margin_days", "unavailability_max_days_per_period"]


class AbsencePolicyUpdateInputSerializer(StrictInputSerializer):
    sick_margin_days = serializers.IntegerField(
        required=False, min_value=0, max_value=SICK_MARGIN_DAYS_MAX
    )
    unavailability_max_days_per_period = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=UNAVAILABILITY_MAX_DAYS_MAX,
        help_text="Local days an officer may mark himself unavailable per period; 0: none.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give at least one field to change.")]}
            )
        return attrs
