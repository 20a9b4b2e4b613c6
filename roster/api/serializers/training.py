"""A team's training policy (issue 18)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.models import TeamTrainingPolicy


class TrainingPolicyOutputSerializer(serializers.ModelSerializer[TeamTrainingPolicy]):
    team = serializers.IntegerField(source="team_id")

    class Meta:
        model = TeamTrainingPolicy
        fields = ["team", "shifts_per_period", "mentor_min_level"]


class TrainingPolicyUpdateInputSerializer(StrictInputSerializer):
    shifts_per_period = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=31,
        help_text="Training shifts (with a mentor) the solver aims to give each trainee per "
        "period; 0: no aim.",
    )
    mentor_min_level = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=5,
        help_text="The qualification level a mentor needs (unless the training names one).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give at least one field to change.")]}
            )
        return attrs
