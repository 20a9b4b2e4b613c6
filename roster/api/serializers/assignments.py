"""Assignments of a period."""

from __future__ import annotations

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.models import Assignment


class AssignmentOutputSerializer(serializers.ModelSerializer[Assignment]):
    officer = serializers.IntegerField(source="officer_id")
    officer_name = serializers.CharField(source="officer.get_full_name")
    shift = serializers.IntegerField(source="shift_id")
    skill = serializers.CharField(source="skill.code")
    at_risk = serializers.SerializerMethodField(
        help_text="The officer is absent (open-ended) and may not be back for this shift: "
        "kept assigned, flagged for the planner (never why he is absent)."
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "officer",
            "officer_name",
            "shift",
            "skill",
            "source",
            "at_risk",
            "created_at",
        ]

    def get_at_risk(self, assignment: Assignment) -> bool:
        # Annotated by `roster.selectors.with_at_risk`; a place just made is never at risk.
        return bool(getattr(assignment, "at_risk", False))


class AssignmentCreateInputSerializer(StrictInputSerializer):
    shift = IdField()
    officer = IdField()
    skill = serializers.SlugField()
