"""Sign-ups (wishes) for shifts."""

from __future__ import annotations

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.models import SignUp, Wish

MAX_BULK_SIGNUPS = 500


class SignUpOutputSerializer(serializers.ModelSerializer[SignUp]):
    shift = serializers.IntegerField(source="shift_id")
    shift_start = serializers.DateTimeField(source="shift.start")
    shift_end = serializers.DateTimeField(source="shift.end")

    class Meta:
        model = SignUp
        fields = ["id", "shift", "shift_start", "shift_end", "wish", "created_at", "updated_at"]


class SignUpItemInputSerializer(StrictInputSerializer):
    shift = IdField()
    wish = serializers.ChoiceField(choices=Wish.choices)


class SignUpBulkInputSerializer(StrictInputSerializer):
    signups = serializers.ListField(
        child=SignUpItemInputSerializer(), allow_empty=False, max_length=MAX_BULK_SIGNUPS
    )
