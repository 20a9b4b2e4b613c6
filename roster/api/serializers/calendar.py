"""The officer's iCalendar feed URL."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class CalendarFeedOutputSerializer(serializers.Serializer[Any]):
    url = serializers.CharField()
