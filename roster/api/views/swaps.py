"""Swaps between officers: offer, accept, withdraw, approve, reject."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.errors import NotFound
from common.pagination import paginated_response
from organisation.selectors import officer_get
from roster.api.serializers.swaps import (
    SwapCreateInputSerializer,
    SwapOutputSerializer,
    SwapRejectInputSerializer,
)
from roster.api.validation import field_not_found, valid_input
from roster.models import Assignment, Swap
from roster.services import swaps


class SwapListApi(ApiView):
    @extend_schema(responses=SwapOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=SwapOutputSerializer,
            queryset=swaps.swap_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(request=SwapCreateInputSerializer, responses={201: SwapOutputSerializer})
    def post(self, request: Request) -> Response:
        data = valid_input(SwapCreateInputSerializer, request.data)
        mine = Assignment.objects.select_related("shift", "skill", "officer")
        assignment = mine.filter(pk=data["assignment"], officer=self.actor).first()
        if assignment is None:
            raise field_not_found("assignment")
        receiver = None
        if "receiver" in data:
            try:
                receiver = officer_get(actor=self.actor, officer_id=data["receiver"])
            except NotFound:
                raise field_not_found("receiver") from None
        wanted = None
        if "wanted_assignment" in data:
            wanted = mine.filter(
                pk=data["wanted_assignment"], shift__team__in=self.actor.teams.all()
            ).first()
            if wanted is None:
                raise field_not_found("wanted_assignment")
        swap = swaps.swap_offer(
            actor=self.actor,
            kind=data["kind"],
            assignment=assignment,
            receiver=receiver,
            wanted=wanted,
            note=data["note"],
        )
        swap = swaps.swap_get(actor=self.actor, swap_id=swap.pk)
        return Response(SwapOutputSerializer(swap).data, status=status.HTTP_201_CREATED)


class SwapDetailApi(ApiView):
    @extend_schema(responses=SwapOutputSerializer)
    def get(self, request: Request, swap_id: int) -> Response:
        swap = swaps.swap_get(actor=self.actor, swap_id=swap_id)
        return Response(SwapOutputSerializer(swap).data)


class _SwapActionApi(ApiView):
    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        raise NotImplementedError

    input_serializer: type[serializers.Serializer[Any]] | None = None

    def post(self, request: Request, swap_id: int) -> Response:
        data = valid_input(self.input_serializer, request.data) if self.input_serializer else {}
        swap = swaps.swap_get(actor=self.actor, swap_id=swap_id)
        self.act(swap, data)
        swap = swaps.swap_get(actor=self.actor, swap_id=swap_id)
        return Response(SwapOutputSerializer(swap).data)


class SwapAcceptApi(_SwapActionApi):
    @extend_schema(request=None, responses=SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_accept(actor=self.actor, swap=swap)


class SwapWithdrawApi(_SwapActionApi):
    @extend_schema(request=None, responses=SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_withdraw(actor=self.actor, swap=swap)


class SwapApproveApi(_SwapActionApi):
    @extend_schema(request=None, responses=SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_approve(actor=self.actor, swap=swap)


class SwapRejectApi(_SwapActionApi):
    input_serializer = SwapRejectInputSerializer

    @extend_schema(request=SwapRejectInputSerializer, responses=SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_reject(actor=self.actor, swap=swap, reason=data["reason"])
