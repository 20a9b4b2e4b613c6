"""Swaps between officers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.models import Shift, Swap


class SwapShiftSerializer(serializers.ModelSerializer[Shift]):
    class Meta:
        model = Shift
        fields = ["id", "kind", "start", "end", "is_night"]


class SwapOutputSerializer(serializers.ModelSerializer[Swap]):
    offerer = serializers.IntegerField(source="offerer_id")
    offerer_name = serializers.CharField(source="offerer.get_full_name")
    receiver = serializers.IntegerField(source="receiver_id", allow_null=True)
    receiver_name = serializers.SerializerMethodField()
    team = serializers.IntegerField(source="team_id")
    offered_assignment = serializers.IntegerField(source="offered_assignment_id", allow_null=True)
    offered_shift = SwapShiftSerializer()
    offered_skill = serializers.CharField(source="offered_skill.code")
    wanted_assignment = serializers.IntegerField(source="wanted_assignment_id", allow_null=True)
    wanted_shift = SwapShiftSerializer(allow_null=True)
    wanted_skill = serializers.SerializerMethodField()
    decided_by = serializers.IntegerField(source="decided_by_id", allow_null=True)

    class Meta:
        model = Swap
        fields = [
            "id",
            "kind",
            "status",
            "team",
            "offerer",
            "offerer_name",
            "receiver",
            "receiver_name",
            "offered_assignment",
            "offered_shift",
            "offered_skill",
            "wanted_assignment",
            "wanted_shift",
            "wanted_skill",
            "note",
            "late_change",
            "offerer_consent_at",
            "receiver_consent_at",
            "decided_by",
            "decided_at",
            "reason",
            "created_at",
            "accepted_at",
        ]

    def get_receiver_name(self, swap: Swap) -> str | None:
        return swap.receiver.get_full_name() if swap.receiver is not None else None

    def get_wanted_skill(self, swap: Swap) -> str | None:
        return swap.wanted_skill.code if swap.wanted_skill is not None else None


class SwapCreateInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=["exchange", "give_away", "market"])
    assignment = IdField()
    receiver = IdField(required=False)
    wanted_assignment = IdField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs["kind"]
        if kind == "exchange" and "wanted_assignment" not in attrs:
            raise serializers.ValidationError(
                {"wanted_assignment": [_("An exchange needs the place you want.")]}
            )
        if kind == "give_away" and "receiver" not in attrs:
            raise serializers.ValidationError({"receiver": [_("Name the colleague.")]})
        if kind != "give_away" and "receiver" in attrs:
            raise serializers.ValidationError({"receiver": [_("Only for a give-away.")]})
        if kind != "exchange" and "wanted_assignment" in attrs:
            raise serializers.ValidationError({"wanted_assignment": [_("Only for an exchange.")]})
        return attrs


class SwapRejectInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
