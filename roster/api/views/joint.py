"""Joint solves (issue 18): a planner of several teams solves their periods in one run."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from roster import selectors
from roster.api.serializers.joint import (
    JointSolveOutputSerializer,
    JointSolveStartInputSerializer,
)
from roster.api.validation import valid_input
from roster.joint_selectors import joint_solve_get
from roster.services.solving.joint_start import joint_solve_start


class JointSolveStartApi(ApiView):
    @extend_schema(
        request=JointSolveStartInputSerializer, responses={202: JointSolveOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        """Solve several teams' periods together (planner of every team). Each period gets
        its solve job; follow the run with `GET /joint-solves/{id}/`. A period the caller
        may not see is a 404, whether it exists or not (the answer tells no one which ids
        exist)."""
        data = valid_input(JointSolveStartInputSerializer, request.data)
        ids = data["periods"]
        periods = [selectors.period_get(actor=self.actor, period_id=pk) for pk in ids]
        run = joint_solve_start(actor=self.actor, periods=periods)
        run = joint_solve_get(actor=self.actor, joint_id=run.pk)  # eager Celery: already ran
        return Response(JointSolveOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class JointSolveDetailApi(ApiView):
    @extend_schema(responses=JointSolveOutputSerializer)
    def get(self, request: Request, joint_id: int) -> Response:
        """A joint run with each period's solve job (status, progress, the summary with
        shortfall and bound); readable by whoever plans or leads every team of the run."""
        run = joint_solve_get(actor=self.actor, joint_id=joint_id)
        return Response(JointSolveOutputSerializer(run).data)
