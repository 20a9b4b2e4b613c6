"""The one approvals inbox API: list, badge counts, approve and reject (one view each)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf
from rest_framework.request import Request as HttpRequest
from rest_framework.response import Response

from approvals import selectors, services
from approvals.api import serializers as s
from approvals.registry import INBOX_KINDS
from common.api import ApiView, DefaultPagination
from common.errors import NotFound
from common.sync import CHANGED_SINCE_DOC, changes_output_serializer, changes_response


class InboxListApi(ApiView):
    cursor_key = staticmethod(selectors.inbox_sort_key)

    @extend_schema(
        responses=s.InboxItemOutputSerializer(many=True),
        parameters=[OpenApiParameter("kind", str, enum=list(INBOX_KINDS))],
    )
    def get(self, request: HttpRequest) -> Response:
        """The one approvals inbox: desk requests, swaps and repair suggestions waiting for
        my decision, soonest due first. Badge counts per kind: `/inbox/counts/`."""
        kind = request.query_params.get("kind")
        if kind is not None and kind not in INBOX_KINDS:
            raise drf.ValidationError(
                {"kind": [_("Use request, swap, repair, swap_chain or lent_claim.")]}
            )
        items = selectors.inbox_items(actor=self.actor, kind=kind)
        paginator = DefaultPagination()
        page: list[Any] | None = paginator.paginate_queryset(
            items,  # type: ignore[arg-type]  # a list pages like a queryset
            request,
            view=self,
        )
        return paginator.get_paginated_response(s.InboxItemOutputSerializer(page, many=True).data)


class InboxRemovedOutputSerializer(drf.Serializer[Any]):
    kind = drf.ChoiceField(choices=INBOX_KINDS)
    id = drf.IntegerField()


InboxChangesOutputSerializer = changes_output_serializer(
    "InboxChangesOutputSerializer", s.InboxItemOutputSerializer, InboxRemovedOutputSerializer
)


class InboxChangesApi(ApiView):
    @extend_schema(
        responses=InboxChangesOutputSerializer,
        parameters=[OpenApiParameter("changed_since", str, description=CHANGED_SINCE_DOC)],
    )
    def get(self, request: HttpRequest) -> Response:
        """Inbox items new or changed since my last sync, and those no longer waiting for me
        (decided, withdrawn, delegation ended): `removed` by kind and id (docs/sync.md)."""
        items = s.InboxItemOutputSerializer(selectors.inbox_items(actor=self.actor), many=True)
        return changes_response(
            request=request,
            user_id=self.actor.pk,
            list_key="inbox",
            items=items.data,
            key=lambda item: f"{item['kind']}:{item['id']}",
            removed=_removed_item,
        )


def _removed_item(key: str) -> dict[str, Any]:
    kind, _sep, item_id = key.partition(":")
    return {"kind": kind, "id": int(item_id)}


_KIND_PARAMETER = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(INBOX_KINDS))


class _InboxDecideApi(ApiView):
    decision = ""

    def decide(self, request: HttpRequest, kind: str, item_id: int) -> Response:
        data = s.InboxDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if kind not in INBOX_KINDS:
            raise NotFound()
        result = services.inbox_decide(
            actor=self.actor,
            kind=kind,
            item_id=item_id,
            decision=self.decision,
            comment=data.validated_data["comment"],
        )
        return Response(s.InboxDecisionOutputSerializer(result).data)


class InboxApproveApi(_InboxDecideApi):
    decision = "approve"

    @extend_schema(
        request=s.InboxDecisionInputSerializer,
        responses=s.InboxDecisionOutputSerializer,
        parameters=[_KIND_PARAMETER],
    )
    def post(self, request: HttpRequest, kind: str, item_id: int) -> Response:
        """Approve an inbox item: a desk request's step, a swap, or a suggested repair
        (starts the repair solve)."""
        return self.decide(request, kind, item_id)


class InboxRejectApi(_InboxDecideApi):
    decision = "reject"

    @extend_schema(
        request=s.InboxDecisionInputSerializer,
        responses=s.InboxDecisionOutputSerializer,
        parameters=[_KIND_PARAMETER],
    )
    def post(self, request: HttpRequest, kind: str, item_id: int) -> Response:
        """Reject an inbox item (a suggested repair: dismiss it); `comment` is the reason."""
        return self.decide(request, kind, item_id)


class BadgeCountsApi(ApiView):
    @extend_schema(responses=s.BadgeCountsOutputSerializer)
    def get(self, request: HttpRequest) -> Response:
        return Response(selectors.badge_counts(actor=self.actor))
