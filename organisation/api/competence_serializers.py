"""Serializers of the competence profile API (issue 18)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from organisation.competence_models import Ambition, Training
from organisation.competence_selectors import CompetenceProfile
from organisation.models import Officer, Qualification, Skill


class ProfileSkillSerializer(serializers.ModelSerializer[Qualification]):
    skill = serializers.CharField(source="skill.code")
    skill_name = serializers.CharField(source="skill.name")
    valid_today = serializers.SerializerMethodField()

    class Meta:
        model = Qualification
        fields = ["skill", "skill_name", "level", "valid_from", "valid_until", "valid_today"]

    def get_valid_today(self, obj: Qualification) -> bool:
        today: dt.date = self.context["today"]
        return obj.is_valid_on(today)


class AmbitionOutputSerializer(serializers.ModelSerializer[Ambition]):
    skill = serializers.CharField(source="skill.code", allow_null=True, default=None)
    shift_kind = serializers.CharField(
        help_text="A kind of shift the ambition aims at; empty: none."
    )

    class Meta:
        model = Ambition
        fields = ["id", "text", "skill", "shift_kind", "created_at", "updated_at"]


class MentorSerializer(serializers.Serializer[Officer]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class TrainingOutputSerializer(serializers.ModelSerializer[Training]):
    skill = serializers.CharField(source="skill.code")
    skill_name = serializers.CharField(source="skill.name")
    mentor = MentorSerializer(allow_null=True)
    in_progress = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = [
            "id",
            "skill",
            "skill_name",
            "mentor",
            "started_on",
            "expected_end_on",
            "ended_on",
            "in_progress",
        ]

    def get_in_progress(self, obj: Training) -> bool:
        today: dt.date = self.context["today"]
        return obj.started_on <= today and (obj.ended_on is None or obj.ended_on > today)


class CompetenceProfileOutputSerializer(serializers.Serializer[CompetenceProfile]):
    officer = serializers.IntegerField(source="officer.pk")
    skills = ProfileSkillSerializer(source="qualifications", many=True)
    ambitions = AmbitionOutputSerializer(many=True)
    trainings = TrainingOutputSerializer(many=True)


class _NoBlank:
    """DRF takes "" for null in a nullable related field; the schema says null or a value, so
    "" is a 400 naming the field."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data == "":
            raise serializers.ValidationError(_("Give a value or null, not an empty text."))
        return super().run_validation(data)  # type: ignore[misc]


class _SkillCodeField(_NoBlank, serializers.SlugRelatedField[Skill]):
    pass


class _OfficerIdField(_NoBlank, serializers.PrimaryKeyRelatedField[Officer]):
    pass


class AmbitionInputSerializer(StrictInputSerializer):
    text = serializers.CharField(max_length=500)
    skill = _SkillCodeField(
        slug_field="code", queryset=Skill.objects.all(), required=False, allow_null=True
    )
    shift_kind = serializers.SlugField(max_length=32, required=False, allow_blank=True)


class AmbitionUpdateInputSerializer(AmbitionInputSerializer):
    text = serializers.CharField(max_length=500, required=False)


class TrainingStartInputSerializer(StrictInputSerializer):
    skill = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all())
    started_on = serializers.DateField()
    expected_end_on = serializers.DateField(required=False, allow_null=True)
    mentor = _OfficerIdField(
        queryset=Officer.objects.filter(is_active=True), required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        end = attrs.get("expected_end_on")
        if end is not None and end <= attrs["started_on"]:
            raise serializers.ValidationError(
                {"expected_end_on": [_("Must lie after started_on.")]}
            )
        return attrs


class TrainingEndInputSerializer(StrictInputSerializer):
    ended_on = serializers.DateField(required=False)
