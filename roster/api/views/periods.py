"""Roster periods: list, create, read, move through phases, publish, generate shifts, compliance."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.pagination import paginated_response
from organisation.selectors import team_get
from roster import selectors
from roster.api.serializers.periods import (
    PeriodCreateInputSerializer,
    PeriodMoveInputSerializer,
    PeriodOutputSerializer,
)
from roster.api.validation import valid_input
from roster.services import periods, publication, shifts
from roster.services.permissions import require_planner


class PeriodListApi(ApiView):
    @extend_schema(responses=PeriodOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=PeriodOutputSerializer,
            queryset=selectors.period_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(request=PeriodCreateInputSerializer, responses={201: PeriodOutputSerializer})
    def post(self, request: Request) -> Response:
        data = valid_input(PeriodCreateInputSerializer, request.data)
        team = team_get(actor=self.actor, team_id=data.pop("team"))
        period = periods.period_create(actor=self.actor, team=team, **data)
        return Response(PeriodOutputSerializer(period).data, status=status.HTTP_201_CREATED)


class PeriodDetailApi(ApiView):
    @extend_schema(responses=PeriodOutputSerializer)
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return Response(PeriodOutputSerializer(period).data)


class PeriodMoveApi(ApiView):
    @extend_schema(request=PeriodMoveInputSerializer, responses=PeriodOutputSerializer)
    def post(self, request: Request, period_id: int) -> Response:
        data = valid_input(PeriodMoveInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        period = periods.period_move(actor=self.actor, period=period, to_phase=data["phase"])
        return Response(PeriodOutputSerializer(period).data)


class PeriodPublishApi(ApiView):
    @extend_schema(request=None, responses=PeriodOutputSerializer)
    def post(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        period = publication.roster_publish(actor=self.actor, period=period)
        return Response(PeriodOutputSerializer(period).data)


class PeriodGenerateShiftsApi(ApiView):
    @extend_schema(
        request=None,
        responses={
            201: inline_serializer("ShiftsGenerated", {"created": serializers.IntegerField()})
        },
    )
    def post(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        created = shifts.shifts_generate(actor=self.actor, period=period)
        return Response(
            {"created": len(created)},
            status=status.HTTP_201_CREATED,
        )


class PeriodComplianceApi(ApiView):
    @extend_schema(responses=dict[str, Any])
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        require_planner(self.actor, period.team_id)
        report = selectors.period_compliance(period=period)
        return Response(
            {
                "officers_checked": report.officers_checked,
                "violations": [v.as_dict() for v in report.violations],
                "warnings": report.warnings,
            }
        )
