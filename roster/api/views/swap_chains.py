"""Swap chains: my offers (create, read, withdraw) and the chains proposed to me (read,
accept, decline). The team lead approves or rejects a chain in the approvals inbox."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.pagination import paginated_response
from roster.api.serializers.swap_chains import (
    SwapChainOutputSerializer,
    SwapOfferCreateInputSerializer,
    SwapOfferOutputSerializer,
)
from roster.api.validation import field_not_found, valid_input
from roster.models import Assignment, Shift
from roster.services import swap_chains


class SwapOfferListApi(ApiView):
    @extend_schema(responses=SwapOfferOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        """My swap offers, newest first."""
        return paginated_response(
            serializer_class=SwapOfferOutputSerializer,
            queryset=swap_chains.swap_offer_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(
        request=SwapOfferCreateInputSerializer, responses={201: SwapOfferOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        """Offer my place for any of the named shifts of my team; chains found with it are
        proposed to their parties at once."""
        data = valid_input(SwapOfferCreateInputSerializer, request.data)
        assignment = (
            Assignment.objects.select_related("shift")
            .filter(pk=data["assignment"], officer=self.actor)
            .first()
        )
        if assignment is None:
            raise field_not_found("assignment")
        ids = set(data["wanted_shifts"])
        wanted = list(Shift.objects.filter(pk__in=ids, team__in=self.actor.teams.all()))
        if len(wanted) != len(ids):
            raise serializers.ValidationError({"wanted_shifts": [_("Not found.")]})
        offer = swap_chains.swap_offer_create(
            actor=self.actor, assignment=assignment, wanted_shifts=wanted, note=data["note"]
        )
        offer = swap_chains.swap_offer_get(actor=self.actor, offer_id=offer.pk)
        return Response(SwapOfferOutputSerializer(offer).data, status=status.HTTP_201_CREATED)


class SwapOfferDetailApi(ApiView):
    @extend_schema(responses=SwapOfferOutputSerializer)
    def get(self, request: Request, offer_id: int) -> Response:
        offer = swap_chains.swap_offer_get(actor=self.actor, offer_id=offer_id)
        return Response(SwapOfferOutputSerializer(offer).data)


class SwapOfferWithdrawApi(ApiView):
    @extend_schema(request=None, responses=SwapOfferOutputSerializer)
    def post(self, request: Request, offer_id: int) -> Response:
        """Withdraw my open offer; a pending chain with it becomes void."""
        offer = swap_chains.swap_offer_get(actor=self.actor, offer_id=offer_id)
        swap_chains.swap_offer_withdraw(actor=self.actor, offer=offer)
        offer = swap_chains.swap_offer_get(actor=self.actor, offer_id=offer_id)
        return Response(SwapOfferOutputSerializer(offer).data)


class SwapChainListApi(ApiView):
    @extend_schema(responses=SwapChainOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Chains I am part of (and, for a team lead, his teams' chains), newest first."""
        return paginated_response(
            serializer_class=SwapChainOutputSerializer,
            queryset=swap_chains.swap_chain_list(actor=self.actor),
            request=request,
            view=self,
        )


class SwapChainDetailApi(ApiView):
    @extend_schema(responses=SwapChainOutputSerializer)
    def get(self, request: Request, chain_id: int) -> Response:
        chain = swap_chains.swap_chain_get(actor=self.actor, chain_id=chain_id)
        return Response(SwapChainOutputSerializer(chain).data)


class SwapChainAcceptApi(ApiView):
    @extend_schema(request=None, responses=SwapChainOutputSerializer)
    def post(self, request: Request, chain_id: int) -> Response:
        """Accept the whole chain (all my places in it). The last acceptance applies it, or
        hands it to the team lead; a chain whose roster changed is void (409)."""
        chain = swap_chains.swap_chain_get(actor=self.actor, chain_id=chain_id)
        swap_chains.swap_chain_accept(actor=self.actor, chain=chain)
        chain = swap_chains.swap_chain_get(actor=self.actor, chain_id=chain_id)
        return Response(SwapChainOutputSerializer(chain).data)


class SwapChainDeclineApi(ApiView):
    @extend_schema(request=None, responses=SwapChainOutputSerializer)
    def post(self, request: Request, chain_id: int) -> Response:
        """Decline the chain: nothing changes, and it is not proposed again."""
        chain = swap_chains.swap_chain_get(actor=self.actor, chain_id=chain_id)
        swap_chains.swap_chain_decline(actor=self.actor, chain=chain)
        chain = swap_chains.swap_chain_get(actor=self.actor, chain_id=chain_id)
        return Response(SwapChainOutputSerializer(chain).data)
