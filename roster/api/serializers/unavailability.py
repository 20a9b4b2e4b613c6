"""An officer's own unavailability in a period (`roster.services.unavailability`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from organisation import need_to_know
from organisation.models import Absence, Officer
from roster.api.serializers.fields import BoundedDateField, BoundedDateTimeField
from roster.models import UNAVAILABILITY_REASON_MAX_LENGTH

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
        ]
    }
)
class DayOrInstantField(serializers.Field[Any, Any, Any, Any]):
    """A local day `YYYY-MM-DD` (whole days) or an RFC 3339 instant (a time range)."""

    def to_internal_value(self, data: Any) -> dt.date | dt.datetime:
        if isinstance(data, str) and _DATE.match(data):
            day: dt.date = BoundedDateField().to_internal_value(data)
            return day
        instant: dt.datetime = BoundedDateTimeField().to_internal_value(data)
        return instant

    def to_representation(self, value: Any) -> Any:
        return value


class UnavailabilityCreateInputSerializer(StrictInputSerializer):
    """Either two days (`start` to `end`, both whole days, inclusive) or two instants (a time
    range, `end` exclusive). A reason is optional; only the officer himself will read it."""

    start = DayOrInstantField(help_text="First day (YYYY-MM-DD) or first instant.")
    end = DayOrInstantField(help_text="Last day, inclusive (YYYY-MM-DD), or end instant.")
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=UNAVAILABILITY_REASON_MAX_LENGTH, default=""
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs["start"], attrs["end"]
        start_is_day = not isinstance(start, dt.datetime)
        if start_is_day != (not isinstance(end, dt.datetime)):
            raise serializers.ValidationError(
                {"end": [_("Give two days or two times, not one of each.")]}
            )
        if start_is_day and end < start:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        attrs["whole_days"] = start_is_day
        return attrs


class UnavailabilityOutputSerializer(serializers.ModelSerializer[Absence]):
    """One unavailability. `reason` is the officer's own and reaches only him: empty for every
    other reader (`organisation.need_to_know.may_read_reason`). Pass the reader as `actor`; the
    queryset should select `unavailability_reason` along."""

    officer = serializers.IntegerField(source="officer_id")
    officer_name = serializers.CharField(source="officer.get_full_name")
    whole_days = serializers.SerializerMethodField(
        help_text="True when it runs from local midnight to local midnight."
    )
    reason = serializers.SerializerMethodField(
        help_text="The officer's own reason: only he reads it; empty for anyone else."
    )

    class Meta:
        model = Absence
        fields = ["id", "officer", "officer_name", "start", "end", "whole_days", "reason"]

    def _actor(self) -> Officer | None:
        actor = self.context.get("actor")
        return actor if isinstance(actor, Officer) else None

    @extend_schema_field(serializers.BooleanField())
    def get_whole_days(self, absence: Absence) -> bool:
        def midnight(value: dt.datetime | None) -> bool:
            return value is not None and timezone.localtime(value).time() == dt.time(0)

        return midnight(absence.start) and midnight(absence.end)

    @extend_schema_field(serializers.CharField())
    def get_reason(self, absence: Absence) -> str:
        if not need_to_know.may_read_reason(self._actor(), absence.officer_id):
            return ""
        reason = getattr(absence, "unavailability_reason", None)  # no row: none given
        return reason.text if reason is not None else ""
