"""Open places, claims and awards."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.models import OpenShiftClaim
from roster.services.fair_award import explanation_text


class MentorOutputSerializer(serializers.Serializer[Any]):
    """A mentor on a training place's shift, as the trainee may read him."""

    officer = serializers.IntegerField()
    name = serializers.CharField()
    absent = serializers.BooleanField(help_text="Reported absent during the shift (never why).")


class OpenPlaceOutputSerializer(serializers.Serializer[Any]):
    """One skill's open places on a shift (from `roster.services.open_shifts.OpenPlace`)."""

    shift = serializers.IntegerField(source="shift.pk")
    team = serializers.IntegerField(source="shift.team_id")
    kind = serializers.CharField(source="shift.kind")
    start = serializers.DateTimeField(source="shift.start")
    end = serializers.DateTimeField(source="shift.end")
    is_night = serializers.BooleanField(source="shift.is_night")
    skill = serializers.CharField()
    open = serializers.IntegerField()
    lent = serializers.BooleanField(
        help_text="The place is of another team of the unit that lends its open places."
    )
    training = serializers.BooleanField(
        help_text="A place of the skill you are in training for: listed while a mentor works "
        "the shift, within your team's training shifts per period."
    )
    mentors = serializers.SerializerMethodField(
        help_text="For a training place: your mentors on the shift who share a team with you "
        "(`absent`: reported absent during the shift, never why); a mentor of a team that "
        "only lends the place is not named. Empty for any other place."
    )

    @extend_schema_field(MentorOutputSerializer(many=True))
    def get_mentors(self, obj: Any) -> list[dict[str, Any]]:
        rows = self.context.get("mentors", {}).get((obj.shift.pk, obj.skill), [])
        return MentorOutputSerializer(rows, many=True).data  # type: ignore[return-value]


class OpenShiftClaimInputSerializer(StrictInputSerializer):
    shift = IdField()
    skill = serializers.SlugField()


class OpenShiftClaimOutputSerializer(serializers.ModelSerializer[OpenShiftClaim]):
    skill = serializers.CharField(source="skill.code")
    explanation = serializers.SerializerMethodField(
        help_text="Once decided: `text` (why the place went to whom, in the reader's "
        "language), `skill`, `winners`, `order` and `claimants`; else empty."
    )

    class Meta:
        model = OpenShiftClaim
        fields = [
            "id",
            "shift",
            "skill",
            "officer",
            "status",
            "deadline",
            "assignment",
            "explanation",
            "created_at",
            "decided_at",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_explanation(self, obj: OpenShiftClaim) -> dict[str, Any]:
        stored = dict(obj.explanation or {})
        if not stored:
            return stored
        stored.pop("message", None)
        return {**stored, "text": explanation_text(obj.explanation)}


class AwardOutputSerializer(serializers.Serializer[Any]):
    shift = serializers.IntegerField()
    explanation = serializers.CharField(help_text="Why the place went to whom.")
    winners = serializers.ListField(child=serializers.IntegerField())
    claims = OpenShiftClaimOutputSerializer(many=True)
