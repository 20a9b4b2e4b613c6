"""Unit capacity (`roster.capacity`): query input and the documented responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import BoundedDateField, _StrictIntegerField
from roster.capacity import MAX_DAYS, TREND_DEFAULT_PERIODS, TREND_MAX_PERIODS

#: Without `to`: four weeks from `from`.
DEFAULT_DAYS = 28


class CapacityRangeInputSerializer(StrictInputSerializer):
    """`from` and `to` (local days, both inclusive); default: four weeks from today."""

    to = BoundedDateField(required=False)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = BoundedDateField(required=False)  # a keyword in Python
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start: dt.date = attrs.get("from") or timezone.localdate()
        end: dt.date = attrs.get("to") or start + dt.timedelta(days=DEFAULT_DAYS - 1)
        if end < start:
            raise serializers.ValidationError({"to": [_("The end must not be before the start.")]})
        if (end - start).days >= MAX_DAYS:
            raise serializers.ValidationError(
                {"to": [_("At most %(days)d days at a time.") % {"days": MAX_DAYS}]}
            )
        return {"start": start, "end": end}


class CapacityTrendInputSerializer(StrictInputSerializer):
    periods = _StrictIntegerField(
        required=False, min_value=1, max_value=TREND_MAX_PERIODS, default=TREND_DEFAULT_PERIODS
    )


class SpreadSerializer(serializers.Serializer[Any]):
    min = serializers.IntegerField(source="minimum")
    median = serializers.FloatField()
    max = serializers.IntegerField(source="maximum")


class TotalsSerializer(serializers.Serializer[Any]):
    demand = serializers.IntegerField(help_text="Places asked (shifts starting on the days).")
    filled = serializers.IntegerField(help_text="Places filled, at most the demand per skill.")
    open = serializers.IntegerField()
    absent_days = serializers.IntegerField(
        help_text="Sum over the days of the members absent (a count, never a kind or name)."
    )
    unavailable_days = serializers.IntegerField(
        help_text="Sum over the days of the members who marked themselves unavailable."
    )
    rostered_minutes = serializers.IntegerField(help_text="Real elapsed minutes assigned.")
    contract_minutes = serializers.IntegerField(
        help_text="The members' contract minutes over the days, pro rata."
    )
    officers = serializers.IntegerField(help_text="Members plus others assigned.")
    nights = SpreadSerializer(allow_null=True, help_text="Night shifts per officer.")
    weekends = SpreadSerializer(allow_null=True, help_text="Weekend shifts per officer.")


class PeriodRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="period_id")
    start = serializers.DateField()
    end = serializers.DateField(help_text="The first day after the period.")
    phase = serializers.CharField()


class DaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField(source="day")
    demand = serializers.IntegerField()
    filled = serializers.IntegerField()
    open = serializers.IntegerField()
    absent = serializers.IntegerField(help_text="Members absent on the day: a count only.")
    unavailable = serializers.IntegerField(
        help_text="Members who marked themselves unavailable on the day (and are not absent)."
    )
    rostered_minutes = serializers.IntegerField()


class OfficerFiguresSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="officer_id")
    name = serializers.CharField()
    member = serializers.BooleanField(help_text="False: works here through another team.")
    shifts = serializers.IntegerField()
    nights = serializers.IntegerField()
    weekends = serializers.IntegerField()
    rostered_minutes = serializers.IntegerField()
    contract_minutes = serializers.IntegerField(
        allow_null=True, help_text="Null for an officer who is no member of the team."
    )


class _TeamSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="team.pk")
    code = serializers.CharField(source="team.code")
    name = serializers.CharField(source="team.name")


class TeamCapacitySerializer(_TeamSerializer):
    periods = PeriodRefSerializer(many=True)
    totals = TotalsSerializer()
    days = DaySerializer(many=True)
    officers = OfficerFiguresSerializer(many=True)


class _UnitSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")


class UnitCapacitySerializer(_UnitSerializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The last day (inclusive).")
    teams = TeamCapacitySerializer(many=True)


class PeriodTrendSerializer(serializers.Serializer[Any]):
    period = PeriodRefSerializer()
    totals = TotalsSerializer()


class TeamTrendSerializer(_TeamSerializer):
    periods = PeriodTrendSerializer(many=True)


class UnitTrendSerializer(_UnitSerializer):
    teams = TeamTrendSerializer(many=True)
