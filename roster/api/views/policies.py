"""A team's swap and open-shift policy, and its absence policy."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from organisation.selectors import team_get
from roster.api.serializers.policies import (
    AbsencePolicyOutputSerializer,
    AbsencePolicyUpdateInputSerializer,
    SwapPolicyOutputSerializer,
    SwapPolicyUpdateInputSerializer,
)
from roster.api.validation import valid_input
from roster.services import absence_policy, policies


class TeamSwapPolicyApi(ApiView):
    @extend_schema(responses=SwapPolicyOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """The team's swap and open-shift policy (officers of the team may read it)."""
        team = team_get(actor=self.actor, team_id=team_id)
        return Response(SwapPolicyOutputSerializer(policies.swap_policy_get(team=team)).data)

    @extend_schema(request=SwapPolicyUpdateInputSerializer, responses=SwapPolicyOutputSerializer)
    def patch(self, request: Request, team_id: int) -> Response:
        """Change the policy (team lead or planner of the team, unit manager, administrator)."""
        team = team_get(actor=self.actor, team_id=team_id)
        data = valid_input(SwapPolicyUpdateInputSerializer, request.data)
        policy = policies.swap_policy_update(actor=self.actor, team=team, **data)
        return Response(SwapPolicyOutputSerializer(policy).data)


class TeamAbsencePolicyApi(ApiView):
    @extend_schema(responses=AbsencePolicyOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """The team's absence policy (officers of the team may read it)."""
        team = team_get(actor=self.actor, team_id=team_id)
        policy = absence_policy.absence_policy_get(team=team)
        return Response(AbsencePolicyOutputSerializer(policy).data)

    @extend_schema(
        request=AbsencePolicyUpdateInputSerializer, responses=AbsencePolicyOutputSerializer
    )
    def patch(self, request: Request, team_id: int) -> Response:
        """Change the policy (team lead or planner of the team, unit manager, administrator)."""
        team = team_get(actor=self.actor, team_id=team_id)
        data = valid_input(AbsencePolicyUpdateInputSerializer, request.data)
        policy = absence_policy.absence_policy_update(actor=self.actor, team=team, **data)
        return Response(AbsencePolicyOutputSerializer(policy).data)
