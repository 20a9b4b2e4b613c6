"""Lent claims that wait for the officer's home team lead (issue #18)."""

from __future__ import annotations

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.lent_claim_models import LentClaimRequest


class LentClaimOutputSerializer(serializers.ModelSerializer[LentClaimRequest]):
    """A claim of a lent place: who asked for which place, and what became of it. Never says
    why anyone is absent."""

    officer_name = serializers.CharField(source="officer.get_full_name")
    lending_team = serializers.IntegerField(source="shift.team_id")
    start = serializers.DateTimeField(source="shift.start")
    end = serializers.DateTimeField(source="shift.end")
    skill = serializers.CharField(source="skill.code")
    approver_teams = serializers.SerializerMethodField(
        help_text="His home teams whose lead decides (any one of their leads)."
    )
    reason = serializers.CharField(
        help_text="The lead's comment on a rejection, or the code of why it was voided "
        "(`already_filled`, `shift_started`, `shift_cancelled`, `wrong_phase`); empty when "
        "approved or withdrawn."
    )

    class Meta:
        model = LentClaimRequest
        fields = [
            "id",
            "shift",
            "lending_team",
            "start",
            "end",
            "skill",
            "officer",
            "officer_name",
            "approver_teams",
            "status",
            "assignment",
            "decided_by",
            "reason",
            "created_at",
            "decided_at",
        ]

    def get_approver_teams(self, obj: LentClaimRequest) -> list[int]:
        return sorted(t.pk for t in obj.approver_teams.all())


class LentClaimWithdrawInputSerializer(StrictInputSerializer):
    """No fields: the request is withdrawn as it is (an unknown field is a 400 naming it)."""
