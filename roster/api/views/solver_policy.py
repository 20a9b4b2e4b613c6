"""A team's solver policy: the order of the solver's stages for its solves and repairs.

Need-to-know: every officer of the team reads it (`team`, `stages`, `effective_stages`;
nothing about any officer); its team leads and planners, the unit manager and administrators
change it (others of the team: 403); anyone outside the team gets 404 (the team selector)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from organisation.selectors import team_get
from roster.api.serializers.solver_policy import (
    SolverPolicyOutputSerializer,
    SolverPolicyUpdateInputSerializer,
)
from roster.api.validation import valid_input
from roster.models import TeamSolverPolicy
from roster.services import solver_policy


def _body(policy: TeamSolverPolicy) -> dict[str, object]:
    own = list(policy.stages)
    return {
        "team": policy.team_id,
        "stages": own,
        "effective_stages": own or solver_policy.deployment_stages(),
    }


class TeamSolverPolicyApi(ApiView):
    @extend_schema(responses=SolverPolicyOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """The team's stage order and the order its next solve uses (officers of the team)."""
        team = team_get(actor=self.actor, team_id=team_id)
        policy = solver_policy.solver_policy_get(team=team)
        return Response(SolverPolicyOutputSerializer(_body(policy)).data)

    @extend_schema(
        request=SolverPolicyUpdateInputSerializer, responses=SolverPolicyOutputSerializer
    )
    def patch(self, request: Request, team_id: int) -> Response:
        """Set the order (team lead or planner of the team, unit manager, administrator); an
        empty list returns the team to the deployment's order."""
        team = team_get(actor=self.actor, team_id=team_id)
        data = valid_input(SolverPolicyUpdateInputSerializer, request.data)
        policy = solver_policy.solver_policy_update(
            actor=self.actor, team=team, stages=data["stages"]
        )
        return Response(SolverPolicyOutputSerializer(_body(policy)).data)
