"""Sign-up by week pattern: one request signs an officer up for a whole period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.serializers import StrictInputSerializer
from roster import selectors
from roster.api.serializers.signups import SignUpOutputSerializer
from roster.models import ShiftKind, Wish
from roster.services.signups import PatternItem, signups_set_pattern


class PatternItemInputSerializer(StrictInputSerializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday.")
    kind = serializers.ChoiceField(choices=ShiftKind.choices)
    wish = serializers.ChoiceField(choices=Wish.choices)


class PatternInputSerializer(StrictInputSerializer):
    pattern = serializers.ListField(child=PatternItemInputSerializer(), min_length=1, max_length=21)

    def validate_pattern(self, value: list[dict[str, object]]) -> list[dict[str, object]]:
        keys = [(item["weekday"], item["kind"]) for item in value]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError(_("Each weekday and kind at most once."))
        return value


class PeriodSignupPatternApi(ApiView):
    @extend_schema(
        request=PatternInputSerializer,
        responses={
            200: inline_serializer(
                "SignupPatternResult",
                {
                    "signups": SignUpOutputSerializer(many=True),
                    "skipped_unqualified": serializers.ListField(child=serializers.IntegerField()),
                },
            )
        },
    )
    def post(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        data = PatternInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = signups_set_pattern(
            actor=self.actor,
            period=period,
            pattern=[PatternItem(**item) for item in data.validated_data["pattern"]],
        )
        return Response(
            {
                "signups": SignUpOutputSerializer(result.signups, many=True).data,
                "skipped_unqualified": result.skipped_unqualified,
            }
        )
