"""Rosters and fairness ledgers: the officer's own and his team's."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.pagination import paginated_response
from common.sync import CHANGED_SINCE_DOC, changes_output_serializer, changes_response
from organisation.selectors import team_get
from roster import selectors
from roster.api.serializers.rosters import (
    MyLedgerSerializer,
    MyRosterItemSerializer,
    TeamLedgerSerializer,
    TeamRosterShiftSerializer,
)
from roster.api.serializers.shifts import ChangesRangeInputSerializer, DateRangeInputSerializer
from roster.api.validation import valid_input


class MyRosterApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
        ],
        responses=MyRosterItemSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        data = valid_input(DateRangeInputSerializer, request.query_params)
        return paginated_response(
            serializer_class=MyRosterItemSerializer,
            queryset=selectors.my_roster(actor=self.actor, start=data["start"], end=data["end"]),
            request=request,
            view=self,
        )


MyRosterChangesOutputSerializer = changes_output_serializer(
    "MyRosterChangesOutputSerializer", MyRosterItemSerializer
)


class MyRosterChangesApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True),
            OpenApiParameter("end", str, required=True),
            OpenApiParameter("changed_since", str, description=CHANGED_SINCE_DOC),
        ],
        responses=MyRosterChangesOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        """My published places on `start`..`end` changed since my last sync of that range,
        and those I no longer have (a swap, a sick report, a repair): docs/sync.md. Each
        range is its own list: use the same range with its token."""
        data = valid_input(ChangesRangeInputSerializer, request.query_params)
        items = MyRosterItemSerializer(
            selectors.my_roster(actor=self.actor, start=data["start"], end=data["end"]),
            many=True,
        ).data
        return changes_response(
            request=request,
            user_id=self.actor.pk,
            list_key=f"roster:{data['start']:%Y-%m-%d}:{data['end']:%Y-%m-%d}",
            items=items,
        )


class TeamRosterApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
        ],
        responses=TeamRosterShiftSerializer(many=True),
    )
    def get(self, request: Request, team_id: int) -> Response:
        data = valid_input(DateRangeInputSerializer, request.query_params)
        team = team_get(actor=self.actor, team_id=team_id)
        return paginated_response(
            serializer_class=TeamRosterShiftSerializer,
            queryset=selectors.team_roster(
                actor=self.actor, team=team, start=data["start"], end=data["end"]
            ),
            request=request,
            view=self,
        )


class MyLedgerApi(ApiView):
    @extend_schema(responses=MyLedgerSerializer)
    def get(self, request: Request) -> Response:
        totals = selectors.ledger_totals(officer=self.actor)
        return Response(MyLedgerSerializer(totals).data)


class TeamLedgerApi(ApiView):
    @extend_schema(responses=TeamLedgerSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        team = team_get(actor=self.actor, team_id=team_id)
        rows = selectors.team_ledger_distribution(team=team)
        return Response(TeamLedgerSerializer({"officers": rows}).data)
