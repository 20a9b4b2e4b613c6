"""Absences as the roster sees them."""

from __future__ import annotations

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from organisation.models import Absence, AbsenceKind
from roster.api.serializers.fields import BoundedDateTimeField, IdField


class AbsenceOutputSerializer(serializers.ModelSerializer[Absence]):
    officer = serializers.IntegerField(source="officer_id")

    class Meta:
        model = Absence
        fields = ["id", "officer", "kind", "start", "end", "expected_end", "source", "created_at"]


class AbsenceCreateInputSerializer(StrictInputSerializer):
    officer = IdField()
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    start = BoundedDateTimeField()
    end = BoundedDateTimeField(required=False, allow_null=True)
    expected_end = BoundedDateTimeField(required=False, allow_null=True)


class AbsenceEndInputSerializer(StrictInputSerializer):
    end = BoundedDateTimeField()
