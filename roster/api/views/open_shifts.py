"""Open shifts after publication: list, claim, claims, award; lent claims and their
withdrawal."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView, DefaultPagination
from common.errors import NotFound
from common.pagination import paginated_response
from organisation.models import Skill
from roster import selectors
from roster.api.serializers.assignments import AssignmentOutputSerializer
from roster.api.serializers.lent_claims import (
    LentClaimOutputSerializer,
    LentClaimWithdrawInputSerializer,
)
from roster.api.serializers.open_shifts import (
    AwardOutputSerializer,
    OpenPlaceOutputSerializer,
    OpenShiftClaimInputSerializer,
    OpenShiftClaimOutputSerializer,
)
from roster.api.validation import field_not_found, valid_input
from roster.lent_claim_models import LentClaimRequest
from roster.models import ClaimStatus, OpenShiftClaim
from roster.services import (
    fair_award,
    lending,
    lent_claim_decisions,
    open_fits,
    open_shifts,
    training_places,
)

_ACCEPTED = PolymorphicProxySerializer(
    component_name="OpenShiftClaimAccepted",
    serializers=[OpenShiftClaimOutputSerializer, LentClaimOutputSerializer],
    resource_type_field_name=None,
)


class OpenShiftListApi(ApiView):
    """Open places the actor may claim: his teams and the teams that lend him their open
    places (`lent`), a skill he holds, lawful for him across all his teams; for a trainee
    also the places of his training skill he may claim (`training`: a mentor on the shift,
    within the team's training shifts per period)."""

    cursor_pagination = False  # computed for the reader on every call; pages by number

    @extend_schema(responses=OpenPlaceOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        places = open_fits.open_places_read(actor=self.actor)
        paginator = DefaultPagination()
        page: list[Any] | None = paginator.paginate_queryset(
            places,  # type: ignore[arg-type]  # a list pages like a queryset
            request,
            view=self,
        )
        rows = page or []
        mentors = training_places.mentor_rows(
            self.actor, [(p.shift, p.skill, p.mentors) for p in rows if p.training]
        )
        out = OpenPlaceOutputSerializer(rows, many=True, context={"mentors": mentors})
        return paginator.get_paginated_response(out.data)


class OpenShiftClaimApi(ApiView):
    @extend_schema(
        request=OpenShiftClaimInputSerializer,
        responses={201: AssignmentOutputSerializer, 202: _ACCEPTED},
        description=(
            "First come (201): the place is yours at once. Fair award (202): the claim is "
            "recorded and the place is awarded at its deadline to the eligible claimant "
            "with the lowest burden ledger. A place another team lends, when your home "
            "team's lending policy has `members_need_approval` (202, a lent claim): your "
            "team lead approves or rejects it in the approvals inbox (kind `lent_claim`)."
        ),
    )
    def post(self, request: Request) -> Response:
        data = valid_input(OpenShiftClaimInputSerializer, request.data)
        skill = Skill.objects.filter(code=data["skill"]).first()
        if skill is None:
            raise field_not_found("skill")
        try:
            shift = selectors.shift_get(actor=self.actor, shift_id=data["shift"])
        except NotFound:  # a place another team lends to him (else 404 again)
            shift = lending.lent_shift_get(actor=self.actor, shift_id=data["shift"])
        result = open_shifts.open_shift_claim(actor=self.actor, shift=shift, skill=skill)
        if isinstance(result, LentClaimRequest):  # his home team lead decides first
            return Response(LentClaimOutputSerializer(result).data, status=status.HTTP_202_ACCEPTED)
        if isinstance(result, OpenShiftClaim):  # the team awards fairly at a deadline
            return Response(
                OpenShiftClaimOutputSerializer(result).data, status=status.HTTP_202_ACCEPTED
            )
        return Response(AssignmentOutputSerializer(result).data, status=status.HTTP_201_CREATED)


class OpenShiftClaimListApi(ApiView):
    @extend_schema(responses=OpenShiftClaimOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        """My fair-award claims, newest first, with the award's explanation once decided."""
        return paginated_response(
            serializer_class=OpenShiftClaimOutputSerializer,
            queryset=fair_award.claim_list(actor=self.actor),
            request=request,
            view=self,
        )


class ShiftAwardApi(ApiView):
    @extend_schema(request=None, responses=AwardOutputSerializer)
    def post(self, request: Request, shift_id: int) -> Response:
        """Award now (planner or team lead): the shift's pending fair-award claims are
        decided at once, as at the deadline."""
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        decided = fair_award.open_shift_award_now(actor=self.actor, shift=shift)
        texts = list(dict.fromkeys(fair_award.explanation_text(c.explanation) for c in decided))
        winners = [c.officer_id for c in decided if c.status == ClaimStatus.WON]
        return Response(
            AwardOutputSerializer(
                {
                    "shift": shift.pk,
                    "explanation": " ".join(texts),
                    "winners": winners,
                    "claims": decided,
                }
            ).data
        )


class LentClaimListApi(ApiView):
    @extend_schema(responses=LentClaimOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Claims of lent places that wait or waited for a home team lead, newest first: my
        own, those I decide (lead of his home team or substitute), those for places of teams
        I manage (the lending side), all for an administrator."""
        return paginated_response(
            serializer_class=LentClaimOutputSerializer,
            queryset=lent_claim_decisions.lent_claim_list(actor=self.actor),
            request=request,
            view=self,
        )


class LentClaimWithdrawApi(ApiView):
    @extend_schema(request=LentClaimWithdrawInputSerializer, responses=LentClaimOutputSerializer)
    def post(self, request: Request, claim_id: int) -> Response:
        """Withdraw my pending lent claim: it leaves my team lead's inbox, and those told of it
        (the deciders, the lending team's leads and planners) are told. Only the officer who
        claimed may (another reader: 403); once decided, voided or withdrawn: 409
        `lent_claim_decided`."""
        valid_input(LentClaimWithdrawInputSerializer, request.data)
        claim = lent_claim_decisions.lent_claim_get(actor=self.actor, request_id=claim_id)
        lent_claim_decisions.lent_claim_withdraw(actor=self.actor, request=claim)
        claim = lent_claim_decisions.lent_claim_get(actor=self.actor, request_id=claim_id)
        return Response(LentClaimOutputSerializer(claim).data)
