"""Swap offers and swap chains."""

from __future__ import annotations

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.api.serializers.swaps import SwapShiftSerializer
from roster.services.swap_chains import MAX_WANTED
from roster.swap_chain_models import SwapChain, SwapChainLeg, SwapOffer


class SwapOfferOutputSerializer(serializers.ModelSerializer[SwapOffer]):
    team = serializers.IntegerField(source="team_id")
    assignment = serializers.IntegerField(source="assignment_id", allow_null=True)
    shift = SwapShiftSerializer()
    skill = serializers.CharField(source="skill.code")
    wanted_shifts = SwapShiftSerializer(many=True, help_text="The shifts I would take instead.")

    class Meta:
        model = SwapOffer
        fields = [
            "id",
            "status",
            "team",
            "assignment",
            "shift",
            "skill",
            "wanted_shifts",
            "note",
            "created_at",
        ]


class SwapOfferCreateInputSerializer(StrictInputSerializer):
    assignment = IdField(help_text="My place (assignment) that I offer.")
    wanted_shifts = serializers.ListField(
        child=IdField(),
        min_length=1,
        max_length=MAX_WANTED,
        help_text="Shifts of my team I would take instead (at least one).",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SwapChainLegOutputSerializer(serializers.ModelSerializer[SwapChainLeg]):
    giver = serializers.IntegerField(source="giver_id")
    giver_name = serializers.CharField(source="giver.get_full_name")
    taker = serializers.IntegerField(source="taker_id")
    taker_name = serializers.CharField(source="taker.get_full_name")
    shift = SwapShiftSerializer()
    skill = serializers.CharField(source="skill.code")
    accepted = serializers.SerializerMethodField(help_text="The giver accepted the chain.")

    class Meta:
        model = SwapChainLeg
        fields = [
            "position",
            "giver",
            "giver_name",
            "taker",
            "taker_name",
            "shift",
            "skill",
            "accepted",
        ]

    def get_accepted(self, leg: SwapChainLeg) -> bool:
        return leg.accepted_at is not None


class SwapChainOutputSerializer(serializers.ModelSerializer[SwapChain]):
    team = serializers.IntegerField(source="team_id")
    decided_by = serializers.IntegerField(source="decided_by_id", allow_null=True)
    reason = serializers.CharField(
        help_text="Why it ended: a code for a void chain (`shift_moved`, `place_changed`, "
        "`no_longer_lawful`, `offer_withdrawn`, ...), the team lead's comment for a rejection."
    )
    legs = SwapChainLegOutputSerializer(
        many=True, help_text="Each place: its giver hands it to its taker."
    )

    class Meta:
        model = SwapChain
        fields = [
            "id",
            "status",
            "team",
            "needs_approval",
            "late_change",
            "legs",
            "decided_by",
            "decided_at",
            "reason",
            "created_at",
            "accepted_at",
        ]
