"""Input helpers shared by the roster API views."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers


def valid_input(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def field_not_found(field: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [_("Not found.")]})
