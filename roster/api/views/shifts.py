"""Shifts and shift templates."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.pagination import paginated_response
from organisation.selectors import team_get
from roster import selectors
from roster.api.serializers.shifts import (
    ShiftCreateInputSerializer,
    ShiftFilterInputSerializer,
    ShiftOutputSerializer,
    ShiftUpdateInputSerializer,
    TemplateCreateInputSerializer,
    TemplateOutputSerializer,
)
from roster.api.validation import valid_input
from roster.services import shifts


class PeriodShiftListApi(ApiView):
    @extend_schema(responses=ShiftOutputSerializer(many=True))
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return paginated_response(
            serializer_class=ShiftOutputSerializer,
            queryset=selectors.shift_list(actor=self.actor, period=period),
            request=request,
            view=self,
        )

    @extend_schema(request=ShiftCreateInputSerializer, responses={201: ShiftOutputSerializer})
    def post(self, request: Request, period_id: int) -> Response:
        data = valid_input(ShiftCreateInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        shift = shifts.shift_create(actor=self.actor, period=period, **data)
        return Response(ShiftOutputSerializer(shift).data, status=status.HTTP_201_CREATED)


class ShiftListApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="First local day (YYYY-MM-DD)"
            ),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last local day (YYYY-MM-DD)"),
            OpenApiParameter("team", int),
            OpenApiParameter("mine", bool, description="Only shifts I signed up for or work"),
        ],
        responses=ShiftOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        data = valid_input(ShiftFilterInputSerializer, request.query_params)
        qs = selectors.shift_list(
            actor=self.actor,
            start=data.get("start"),
            end=data.get("end"),
            team_id=data.get("team"),
            mine=data["mine"],
        )
        return paginated_response(
            serializer_class=ShiftOutputSerializer, queryset=qs, request=request, view=self
        )


class ShiftDetailApi(ApiView):
    @extend_schema(responses=ShiftOutputSerializer)
    def get(self, request: Request, shift_id: int) -> Response:
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        return Response(ShiftOutputSerializer(shift).data)

    @extend_schema(request=ShiftUpdateInputSerializer, responses=ShiftOutputSerializer)
    def patch(self, request: Request, shift_id: int) -> Response:
        data = valid_input(ShiftUpdateInputSerializer, request.data)
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        shift = shifts.shift_update(actor=self.actor, shift=shift, **data)
        return Response(ShiftOutputSerializer(shift).data)


class ShiftCancelApi(ApiView):
    @extend_schema(request=None, responses=ShiftOutputSerializer)
    def post(self, request: Request, shift_id: int) -> Response:
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        shift = shifts.shift_cancel(actor=self.actor, shift=shift)
        return Response(ShiftOutputSerializer(shift).data)


class TemplateListApi(ApiView):
    @extend_schema(responses=TemplateOutputSerializer(many=True))
    def get(self, request: Request, team_id: int) -> Response:
        team = team_get(actor=self.actor, team_id=team_id)
        return paginated_response(
            serializer_class=TemplateOutputSerializer,
            queryset=selectors.template_list(actor=self.actor, team=team),
            request=request,
            view=self,
        )

    @extend_schema(request=TemplateCreateInputSerializer, responses={201: TemplateOutputSerializer})
    def post(self, request: Request, team_id: int) -> Response:
        data = valid_input(TemplateCreateInputSerializer, request.data)
        team = team_get(actor=self.actor, team_id=team_id)
        template = shifts.template_create(actor=self.actor, team=team, **data)
        return Response(TemplateOutputSerializer(template).data, status=status.HTTP_201_CREATED)
