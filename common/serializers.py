"""Serializer helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer[Any]):
    """An input serializer that rejects unknown fields, and a number or boolean sent for a text
    field (DRF's CharField would turn 0 into "0"), with a 400 naming them."""

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
            mistyped = {
                name: [_("A text (string) is expected.")]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and name in data
                and data[name] is not None
                and not isinstance(data[name], str)
            }
            if mistyped:
                # report them together with every other field's error, as DRF would
                try:
                    super().to_internal_value(data)
                except serializers.ValidationError as exc:
                    others = exc.detail if isinstance(exc.detail, dict) else {}
                    raise serializers.ValidationError({**others, **mistyped}) from None
                raise serializers.ValidationError(mistyped)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """Only JSON true/false (DRF's own field also takes 0, "yes", "on", ...)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data
