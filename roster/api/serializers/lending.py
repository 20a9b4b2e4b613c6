"""A team's lending policy (issue #18: teams lend each other officers)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.api.serializers.policies import _JsonBooleanField
from roster.models import LENDING_WITHIN_HOURS_MAX, TeamLendingPolicy
from roster.services.lending import lending_to_team_ids


class LendingPolicyOutputSerializer(serializers.ModelSerializer[TeamLendingPolicy]):
    team = serializers.IntegerField(source="team_id")
    to_teams = serializers.SerializerMethodField(
        help_text="Teams of the unit whose officers may claim; empty: every other team."
    )

    class Meta:
        model = TeamLendingPolicy
        fields = ["team", "lends_open_places", "to_teams", "within_hours", "members_need_approval"]

    def get_to_teams(self, obj: TeamLendingPolicy) -> list[int]:
        return lending_to_team_ids(obj)


class LendingPolicyUpdateInputSerializer(StrictInputSerializer):
    lends_open_places = _JsonBooleanField(required=False)
    to_teams = serializers.ListField(child=IdField(), required=False, max_length=100)
    within_hours = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=LENDING_WITHIN_HOURS_MAX,
        help_text="Lent only once the shift starts within this many hours; null: at once.",
    )
    members_need_approval = _JsonBooleanField(
        required=False,
        help_text="Borrower side: this team's officers' claims of places other teams lend "
        "wait for this team's lead's approval (approvals inbox, kind `lent_claim`).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give at least one field to change.")]}
            )
        return attrs
