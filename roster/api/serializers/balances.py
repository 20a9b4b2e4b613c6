"""Hours and leave balances (`roster.balances`): query input and the documented response."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer

FIRST_YEAR = 2000


class BalancesInputSerializer(StrictInputSerializer):
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR)

    def validate_year(self, value: int) -> int:
        if value > timezone.localdate().year + 1:
            raise serializers.ValidationError(_("At most next year."))
        return value


class _FiguresSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The first day after.")
    worked_minutes = serializers.IntegerField()
    contract_minutes = serializers.IntegerField()
    mutation_minutes = serializers.IntegerField(help_text="Registered overtime and corrections.")
    absent_days = serializers.IntegerField(help_text="Days absent: no contract owed.")
    balance_minutes = serializers.IntegerField(help_text="worked + mutations - contract.")


class _WeekSerializer(_FiguresSerializer):
    week = serializers.CharField(help_text="ISO week, e.g. 2026-W44.")


class _PeriodSerializer(_FiguresSerializer):
    period = serializers.IntegerField()
    team = serializers.CharField()


class _HoursSerializer(_FiguresSerializer):
    weeks = _WeekSerializer(many=True)
    periods = _PeriodSerializer(many=True)


class _LeaveRequestSerializer(serializers.Serializer[Any]):
    request = serializers.IntegerField()
    to = serializers.DateField()
    minutes = serializers.IntegerField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField()  # a keyword in Python
        return fields


class _LeaveSerializer(serializers.Serializer[Any]):
    entitlement_minutes = serializers.IntegerField()
    entitlement_set_by_hr = serializers.BooleanField()
    booked_minutes = serializers.IntegerField()
    taken_minutes = serializers.IntegerField()
    left_minutes = serializers.IntegerField()
    requests = _LeaveRequestSerializer(many=True)


class BalancesSerializer(serializers.Serializer[Any]):
    officer = serializers.IntegerField()
    year = serializers.IntegerField()
    as_of = serializers.DateField(help_text="Days before this date count as worked or taken.")
    hours = _HoursSerializer()
    leave = _LeaveSerializer()
