"""Absences as the roster sees them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from organisation import need_to_know
from organisation.models import Absence, AbsenceKind, AbsenceStatus, Officer
from roster.api.serializers.fields import BoundedDateTimeField, IdField
from roster.models import AtRiskAssignment


class AbsenceOutputSerializer(serializers.ModelSerializer[Absence]):
    """An absence as the reader may learn it (`organisation.need_to_know`): line management
    reads `kind: "absent"` and an empty `source`; pass the reader as context `actor`."""

    officer = serializers.IntegerField(source="officer_id")
    kind = serializers.SerializerMethodField(
        help_text="The kind, or `absent` for a reader who may not learn why (need-to-know)."
    )
    # DRF's metaclass takes declared fields off the class; only the stubs see `Field.source`.
    source = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="Where it came from (e.g. `request:21`); empty for who may not learn the kind."
    )

    status = serializers.ChoiceField(
        choices=AbsenceStatus.choices,
        read_only=True,
        help_text="planned (not started), active, ended, or cancelled.",
    )

    class Meta:
        model = Absence
        fields = [
            "id",
            "officer",
            "kind",
            "status",
            "start",
            "end",
            "expected_end",
            "source",
            "created_at",
            "cancelled_at",
        ]

    def _actor(self) -> Officer | None:
        actor = self.context.get("actor")
        return actor if isinstance(actor, Officer) else None

    @extend_schema_field(serializers.ChoiceField(choices=need_to_know.SHOWN_KIND_CHOICES))
    def get_kind(self, absence: Absence) -> str:
        return need_to_know.shown_kind(self._actor(), absence)

    @extend_schema_field(serializers.CharField())
    def get_source(self, absence: Absence) -> str:
        return need_to_know.shown_source(self._actor(), absence)


#: What a manager may record; `unavailable` only the officer files himself, within his team's
#: limit (`POST /periods/{id}/unavailability/`).
RECORDED_KIND_CHOICES = [
    (k, label) for k, label in AbsenceKind.choices if k != AbsenceKind.UNAVAILABLE
]


class AbsenceCreateInputSerializer(StrictInputSerializer):
    officer = IdField()
    kind = serializers.ChoiceField(choices=RECORDED_KIND_CHOICES)
    start = BoundedDateTimeField()
    end = BoundedDateTimeField(required=False, allow_null=True)
    expected_end = BoundedDateTimeField(required=False, allow_null=True)


class AbsenceEndInputSerializer(StrictInputSerializer):
    end = BoundedDateTimeField()


class AtRiskOutputSerializer(serializers.ModelSerializer[AtRiskAssignment]):
    """A coming place whose officer is absent (open-ended) beyond the stretch that was freed.
    Says "absent" and until when he is expected, never why (`organisation.need_to_know`)."""

    assignment = serializers.IntegerField(source="assignment_id")
    shift = serializers.IntegerField(source="assignment.shift_id")
    shift_start = serializers.DateTimeField(source="assignment.shift.start")
    shift_end = serializers.DateTimeField(source="assignment.shift.end")
    skill = serializers.CharField(source="assignment.skill.code")
    officer = serializers.IntegerField(source="assignment.officer_id")
    officer_name = serializers.CharField(source="assignment.officer.get_full_name")
    reason = serializers.SerializerMethodField(help_text="Always `absent` (need-to-know).")
    absent_from = serializers.DateTimeField(source="absence.start")
    expected_end = serializers.DateTimeField(source="absence.expected_end", allow_null=True)

    class Meta:
        model = AtRiskAssignment
        fields = [
            "id",
            "assignment",
            "shift",
            "shift_start",
            "shift_end",
            "skill",
            "officer",
            "officer_name",
            "reason",
            "absent_from",
            "expected_end",
            "created_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=[(need_to_know.ABSENT, "absent")]))
    def get_reason(self, flag: AtRiskAssignment) -> str:
        return need_to_know.ABSENT
