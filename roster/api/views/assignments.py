"""Assignments of a period: the planner's manual changes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.errors import NotFound
from common.pagination import paginated_response
from organisation.models import Skill
from organisation.selectors import officer_get
from roster import selectors
from roster.api.serializers.assignments import (
    AssignmentCreateInputSerializer,
    AssignmentOutputSerializer,
)
from roster.api.validation import field_not_found, valid_input
from roster.services import assignments


class PeriodAssignmentListApi(ApiView):
    @extend_schema(responses=AssignmentOutputSerializer(many=True))
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return paginated_response(
            serializer_class=AssignmentOutputSerializer,
            queryset=selectors.assignment_list(actor=self.actor, period=period),
            request=request,
            view=self,
        )

    @extend_schema(
        request=AssignmentCreateInputSerializer, responses={201: AssignmentOutputSerializer}
    )
    def post(self, request: Request, period_id: int) -> Response:
        data = valid_input(AssignmentCreateInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        shift = selectors.shift_get(actor=self.actor, shift_id=data["shift"])
        if shift.period_id != period.pk:
            raise field_not_found("shift")
        try:
            officer = officer_get(actor=self.actor, officer_id=data["officer"])
        except NotFound:
            raise field_not_found("officer") from None
        skill = Skill.objects.filter(code=data["skill"]).first()
        if skill is None:
            raise field_not_found("skill")
        assignment = assignments.assignment_create(
            actor=self.actor, shift=shift, officer=officer, skill=skill
        )
        return Response(AssignmentOutputSerializer(assignment).data, status=status.HTTP_201_CREATED)


class AssignmentDeleteApi(ApiView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, assignment_id: int) -> Response:
        assignment = selectors.assignment_get(actor=self.actor, assignment_id=assignment_id)
        assignments.assignment_delete(actor=self.actor, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)
