"""Absences (leave, sick) as the roster sees them, and the places they put at risk."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.pagination import paginated_response
from organisation.models import Officer
from organisation.selectors import officer_get, team_get
from roster import selectors
from roster.api.serializers.absences import (
    AbsenceCreateInputSerializer,
    AbsenceEndInputSerializer,
    AbsenceOutputSerializer,
    AtRiskOutputSerializer,
)
from roster.api.validation import valid_input
from roster.services import absences


class AbsenceListApi(ApiView):
    @extend_schema(responses=AbsenceOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=AbsenceOutputSerializer,
            queryset=selectors.absence_list(actor=self.actor),
            request=request,
            view=self,
            context={"actor": self.actor},
        )

    @extend_schema(request=AbsenceCreateInputSerializer, responses={201: AbsenceOutputSerializer})
    def post(self, request: Request) -> Response:
        """Record an absence (a manager of the officer; the officer himself only sick). It
        frees the officer's coming places inside it at once (one repair suggestion per
        period, colleagues told); 400 naming `end` when it ends at or before its start,
        `start` when it overlaps another absence of the officer."""
        data = valid_input(AbsenceCreateInputSerializer, request.data)
        officer: Officer = officer_get(actor=self.actor, officer_id=data.pop("officer"))
        absence = absences.absence_create(actor=self.actor, officer=officer, source="api", **data)
        return Response(
            AbsenceOutputSerializer(absence, context={"actor": self.actor}).data,
            status=status.HTTP_201_CREATED,
        )


class AbsenceEndApi(ApiView):
    @extend_schema(request=AbsenceEndInputSerializer, responses=AbsenceOutputSerializer)
    def post(self, request: Request, absence_id: int) -> Response:
        data = valid_input(AbsenceEndInputSerializer, request.data)
        absence = selectors.absence_get(actor=self.actor, absence_id=absence_id)
        absence = absences.absence_end(actor=self.actor, absence=absence, end=data["end"])
        return Response(AbsenceOutputSerializer(absence, context={"actor": self.actor}).data)


class AbsenceCancelApi(ApiView):
    @extend_schema(request=None, responses=AbsenceOutputSerializer)
    def post(self, request: Request, absence_id: int) -> Response:
        """Cancel an absence recorded in error: it no longer counts and its at-risk flags
        go; places it freed stay open. 409 `absence_cancelled` when cancelled already."""
        absence = selectors.absence_get(actor=self.actor, absence_id=absence_id)
        absence = absences.absence_cancel(actor=self.actor, absence=absence)
        return Response(AbsenceOutputSerializer(absence, context={"actor": self.actor}).data)


class TeamAtRiskListApi(ApiView):
    @extend_schema(responses=AtRiskOutputSerializer(many=True))
    def get(self, request: Request, team_id: int) -> Response:
        """The team's coming places at risk: their officer is absent (open-ended) beyond the
        stretch that was freed, so they are kept but may need a replacement (leads, planners,
        unit manager, administrators). Never says why he is absent."""
        team = team_get(actor=self.actor, team_id=team_id)
        return paginated_response(
            serializer_class=AtRiskOutputSerializer,
            queryset=selectors.at_risk_list(actor=self.actor, team=team),
            request=request,
            view=self,
        )
