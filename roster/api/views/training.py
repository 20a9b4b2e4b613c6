"""A team's training policy (issue 18)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from organisation.selectors import team_get
from roster.api.serializers.training import (
    TrainingPolicyOutputSerializer,
    TrainingPolicyUpdateInputSerializer,
)
from roster.api.validation import valid_input
from roster.services import training_policy


class TeamTrainingPolicyApi(ApiView):
    @extend_schema(responses=TrainingPolicyOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """The team's training policy (officers of the team may read it)."""
        team = team_get(actor=self.actor, team_id=team_id)
        policy = training_policy.training_policy_get(team=team)
        return Response(TrainingPolicyOutputSerializer(policy).data)

    @extend_schema(
        request=TrainingPolicyUpdateInputSerializer, responses=TrainingPolicyOutputSerializer
    )
    def patch(self, request: Request, team_id: int) -> Response:
        """Change the policy (team lead or planner of the team, unit manager, administrator)."""
        team = team_get(actor=self.actor, team_id=team_id)
        data = valid_input(TrainingPolicyUpdateInputSerializer, request.data)
        policy = training_policy.training_policy_update(actor=self.actor, team=team, **data)
        return Response(TrainingPolicyOutputSerializer(policy).data)
