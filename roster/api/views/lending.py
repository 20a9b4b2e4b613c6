"""A team's lending policy (issue #18)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from organisation.selectors import team_get
from roster.api.serializers.lending import (
    LendingPolicyOutputSerializer,
    LendingPolicyUpdateInputSerializer,
)
from roster.api.validation import valid_input
from roster.services import lending


class TeamLendingPolicyApi(ApiView):
    @extend_schema(responses=LendingPolicyOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """Whether the team lends its open places to other teams (officers of the team may
        read it)."""
        team = team_get(actor=self.actor, team_id=team_id)
        policy = lending.lending_policy_get(team=team)
        return Response(LendingPolicyOutputSerializer(policy).data)

    @extend_schema(
        request=LendingPolicyUpdateInputSerializer, responses=LendingPolicyOutputSerializer
    )
    def patch(self, request: Request, team_id: int) -> Response:
        """Change the policy (team lead or planner of the team, unit manager, administrator).
        `to_teams`: teams of the same unit only (400 naming `to_teams`)."""
        team = team_get(actor=self.actor, team_id=team_id)
        data = valid_input(LendingPolicyUpdateInputSerializer, request.data)
        try:
            policy = lending.lending_policy_update(actor=self.actor, team=team, **data)
        except lending.OtherUnitTeams:
            raise serializers.ValidationError(
                {"to_teams": [_("Only other teams of the team's own unit.")]}
            ) from None
        return Response(LendingPolicyOutputSerializer(policy).data)
