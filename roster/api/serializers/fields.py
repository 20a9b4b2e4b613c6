"""Fields the roster's input serializers share: bounded dates and times, ids, demand."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ID = 2**63 - 1  # database ids are 64-bit; larger numbers would overflow the query


class BoundedDateTimeField(serializers.DateTimeField):
    """A datetime in the years 2000-2099: rosters never need more, and far-off years have
    odd historical offsets (LMT) that are no valid RFC 3339."""

    def to_internal_value(self, value: Any) -> Any:
        result = super().to_internal_value(value)
        if not 2000 <= result.year <= 2099:
            raise serializers.ValidationError(_("Use a year from 2000 to 2099."))
        return result


class BoundedDateField(serializers.DateField):
    """A date in the years 2000-2099. An empty value (`?start=`) is a wrong date (400), not
    the same as leaving the parameter out: the schema says `format: date`."""

    def get_value(self, dictionary: Any) -> Any:
        value = super().get_value(dictionary)
        if value is serializers.empty and dictionary.get(self.field_name, None) == "":
            return ""
        return value

    def to_internal_value(self, value: Any) -> Any:
        result = super().to_internal_value(value)
        if not 2000 <= result.year <= 2099:
            raise serializers.ValidationError(_("Use a year from 2000 to 2099."))
        return result


class _StrictIntegerField(serializers.IntegerField):
    """An integer whose empty value (`?team=`) is a 400, not the same as leaving it out."""

    def get_value(self, dictionary: Any) -> Any:
        value = super().get_value(dictionary)
        if value is serializers.empty and dictionary.get(self.field_name, None) == "":
            return ""
        return value


def IdField(**kwargs: Any) -> serializers.IntegerField:
    return _StrictIntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class DemandField(serializers.DictField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.IntegerField(min_value=1), **kwargs)
