"""The approvals inbox's payloads (the same as when the inbox lived in the desk's API)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from approvals.registry import DECISIONS, INBOX_KINDS
from common.serializers import StrictInputSerializer


class InboxCountsOutputSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField(help_text="Every item in the approvals inbox.")
    request = serializers.IntegerField(help_text="Desk requests waiting for my approval.")
    swap = serializers.IntegerField(help_text="Swaps waiting for my approval.")
    repair = serializers.IntegerField(help_text="Repair solves suggested to me (planner).")
    swap_chain = serializers.IntegerField(help_text="Swap chains waiting for my approval.")
    lent_claim = serializers.IntegerField(
        help_text="My officers' claims of other teams' places waiting for my approval."
    )


class BadgeCountsOutputSerializer(serializers.Serializer[Any]):
    my_open = serializers.IntegerField()
    waiting_for_me = serializers.IntegerField(help_text="Desk requests waiting for me.")
    desk_queue = serializers.IntegerField()
    unread_notifications = serializers.IntegerField()
    inbox = InboxCountsOutputSerializer(help_text="The one approvals inbox, per kind.")


class InboxItemOutputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=INBOX_KINDS)
    id = serializers.IntegerField(
        help_text="The request, swap, repair suggestion, swap chain or lent claim id."
    )
    title = serializers.CharField()
    requester = serializers.IntegerField(source="requester_id", allow_null=True)
    requester_name = serializers.CharField(allow_blank=True)
    team = serializers.IntegerField(source="team_id", allow_null=True)
    status = serializers.CharField()
    urgency = serializers.ChoiceField(choices=["high", "normal"])
    due_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    delegated_from = serializers.IntegerField(
        allow_null=True, help_text="Set when I decide as substitute of this approver."
    )


class InboxDecisionInputSerializer(StrictInputSerializer):
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class InboxDecisionOutputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=INBOX_KINDS)
    id = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=DECISIONS)
    status = serializers.CharField(help_text="The item's state after the decision.")
    job = serializers.IntegerField(
        allow_null=True, help_text="The repair solve job started (repair approve)."
    )
