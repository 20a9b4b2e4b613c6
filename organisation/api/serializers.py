from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from organisation.models import (
    Desk,
    Language,
    Officer,
    Qualification,
    Role,
    RoleAssignment,
    Skill,
    Team,
    Unit,
)
from organisation.selectors import can_see_personal


class UnitOutputSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class TeamOutputSerializer(serializers.ModelSerializer[Team]):
    unit = UnitOutputSerializer(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "code", "name", "unit"]


class TeamRefSerializer(serializers.ModelSerializer[Team]):
    class Meta:
        model = Team
        fields = ["id", "code", "name"]


class SkillOutputSerializer(serializers.ModelSerializer[Skill]):
    name = serializers.CharField(read_only=True, help_text="In the request language.")

    class Meta:
        model = Skill
        fields = ["code", "name", "name_nl", "name_en"]


class HeldSkillSerializer(serializers.Serializer[Qualification]):
    """A skill the officer holds today, with the certificate's expiry."""

    code = serializers.CharField(source="skill.code")
    name = serializers.CharField(source="skill.name")
    valid_until = serializers.DateField(allow_null=True)


class QualificationOutputSerializer(serializers.ModelSerializer[Qualification]):
    skill = serializers.CharField(source="skill.code")
    skill_name = serializers.CharField(source="skill.name")
    valid_today = serializers.SerializerMethodField()

    class Meta:
        model = Qualification
        fields = ["id", "skill", "skill_name", "valid_from", "valid_until", "valid_today"]

    def get_valid_today(self, obj: Qualification) -> bool:
        return obj.is_valid_on(self.context["today"])


class PersonalSerializer(serializers.ModelSerializer[Officer]):
    """Personal and contract details: only for the officer, his managers, administrators."""

    fte = serializers.FloatField(read_only=True)

    class Meta:
        model = Officer
        fields = [
            "employee_number",
            "email",
            "phone",
            "contract_minutes_per_week",
            "fte",
            "night_exempt",
        ]


class OfficerOutputSerializer(serializers.ModelSerializer[Officer]):
    """A colleague: name, teams and current skills; `personal` only where the reader may."""

    name = serializers.CharField(source="get_full_name", read_only=True)
    teams = TeamRefSerializer(many=True, read_only=True)
    skills = HeldSkillSerializer(source="valid_qualifications", many=True, read_only=True)
    personal = serializers.SerializerMethodField()

    class Meta:
        model = Officer
        fields = ["id", "first_name", "last_name", "name", "teams", "skills", "personal"]

    @extend_schema_field(PersonalSerializer(allow_null=True))
    def get_personal(self, obj: Officer) -> dict[str, Any] | None:
        actor = self.context["request"].user
        team_ids = {t.pk for t in obj.teams.all()}
        if not can_see_personal(actor, obj, team_ids):
            return None
        return dict(PersonalSerializer(obj).data)


class RoleOutputSerializer(serializers.ModelSerializer[RoleAssignment]):
    label = serializers.CharField(source="get_role_display")  # type: ignore[assignment]
    team = TeamRefSerializer(allow_null=True)
    desk: serializers.SlugRelatedField[Desk] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    unit = UnitOutputSerializer(allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "label", "team", "desk", "unit"]


class MeOutputSerializer(serializers.ModelSerializer[Officer]):
    name = serializers.CharField(source="get_full_name")
    teams = TeamOutputSerializer(many=True)
    roles = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()
    qualifications = serializers.SerializerMethodField()
    personal = PersonalSerializer(source="*")
    language = serializers.SerializerMethodField(
        help_text="The language of this response: the preference when set, else Accept-Language."
    )
    language_preference = serializers.CharField(
        source="language",
        read_only=True,
        allow_null=True,
        help_text="His stored preference (nl, en), or null while not yet set.",
    )

    class Meta:
        model = Officer
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "name",
            "date_of_birth",
            "personal",
            "teams",
            "roles",
            "skills",
            "qualifications",
            "language",
            "language_preference",
        ]

    @extend_schema_field(RoleOutputSerializer(many=True))
    def get_roles(self, obj: Officer) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        if obj.teams.all():
            rows.append(
                {
                    "role": Role.OFFICER.value,
                    "label": str(Role.OFFICER.label),
                    "team": None,
                    "desk": None,
                    "unit": None,
                }
            )
        rows += RoleOutputSerializer(obj.role_assignments.all(), many=True).data
        return rows

    @extend_schema_field(HeldSkillSerializer(many=True))
    def get_skills(self, obj: Officer) -> list[dict[str, Any]]:
        today = self.context["today"]
        held = [q for q in obj.qualifications.all() if q.is_valid_on(today)]
        return list(HeldSkillSerializer(held, many=True).data)  # type: ignore[arg-type]

    @extend_schema_field(QualificationOutputSerializer(many=True))
    def get_qualifications(self, obj: Officer) -> list[dict[str, Any]]:
        return list(
            QualificationOutputSerializer(
                obj.qualifications.all(), many=True, context=self.context
            ).data
        )

    def get_language(self, obj: Officer) -> str:
        return get_language() or "nl"

    def to_representation(self, instance: Officer) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["language_preference"] = data["language_preference"] or None
        return data


class MeUpdateInputSerializer(StrictInputSerializer):
    """What an officer may change about himself: his language (more may follow)."""

    language = serializers.ChoiceField(choices=Language.choices, required=False)


class TeamCreateInputSerializer(StrictInputSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    code = serializers.SlugField(max_length=32)
    name = serializers.CharField(max_length=200)


class QualificationCreateInputSerializer(StrictInputSerializer):
    skill = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all())
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        until = attrs.get("valid_until")
        if until is not None and until < attrs["valid_from"]:
            raise serializers.ValidationError(
                {"valid_until": [_("Must not be before valid_from.")]}
            )
        return attrs
