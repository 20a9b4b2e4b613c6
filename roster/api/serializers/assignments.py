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

    class Meta:
        model = Assignment
        fields = ["id", "officer", "officer_name", "shift", "skill", "source", "created_at"]


class AssignmentCreateInputSerializer(StrictInputSerializer):
    shift = IdField()
    officer = IdField()
    skill = serializers.SlugField()
