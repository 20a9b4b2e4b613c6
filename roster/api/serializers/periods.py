"""Roster periods."""

from __future__ import annotations

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import BoundedDateField, BoundedDateTimeField, IdField
from roster.models import Phase, RosterPeriod


class PeriodOutputSerializer(serializers.ModelSerializer[RosterPeriod]):
    team = serializers.IntegerField(source="team_id")

    class Meta:
        model = RosterPeriod
        fields = [
            "id",
            "team",
            "start_date",
            "end_date",
            "phase",
            "signup_opens_at",
            "signup_closes_at",
            "publish_on",
            "published_at",
        ]


class PeriodCreateInputSerializer(StrictInputSerializer):
    team = IdField()
    start_date = BoundedDateField()
    end_date = BoundedDateField(required=False)
    signup_opens_at = BoundedDateTimeField()
    signup_closes_at = BoundedDateTimeField()
    publish_on = BoundedDateField()


class PeriodMoveInputSerializer(StrictInputSerializer):
    phase = serializers.ChoiceField(choices=Phase.choices)
