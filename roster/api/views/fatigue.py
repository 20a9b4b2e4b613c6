"""Fatigue scores (`docs/fatigue.md`): the officer's own, his team's for its managers, and
the team's fatigue policy.

Need-to-know: an officer reads only his own scores; the team's leads, planners, unit manager
and administrators read every member's; a colleague gets 403 and anyone outside the team
404 (the team selector)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.errors import Forbidden
from organisation.models import Officer
from organisation.selectors import actor_scope, team_get
from roster.api.serializers.fatigue import (
    FatiguePolicyOutputSerializer,
    FatiguePolicyUpdateInputSerializer,
    FatigueRangeInputSerializer,
    MyFatigueOutputSerializer,
    TeamFatigueOutputSerializer,
)
from roster.api.validation import valid_input
from roster.fatigue import DayFatigue, fatigue_by_officer, team_fatigue_policy
from roster.services import fatigue_policy

RANGE = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First local day."),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last local day."),
]


def _days(rows: list[DayFatigue]) -> list[dict[str, Any]]:
    return [{"date": r.date, **r.score.as_dict()} for r in rows]


class MyFatigueApi(ApiView):
    @extend_schema(parameters=RANGE, responses=MyFatigueOutputSerializer)
    def get(self, request: Request) -> Response:
        """My fatigue score per local day, from my published roster in every team."""
        data = valid_input(FatigueRangeInputSerializer, request.query_params)
        rows = fatigue_by_officer([self.actor.pk], data["from"], data["to"], published_only=True)[
            self.actor.pk
        ]
        return Response(MyFatigueOutputSerializer({"days": _days(rows)}).data)


class TeamFatigueApi(ApiView):
    @extend_schema(parameters=RANGE, responses=TeamFatigueOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """Every active member's fatigue score per local day, from all his assignments (in
        every team, proposals not yet published included), for the team's leads, planners,
        unit manager and administrators; the team's cap and how many days exceed it."""
        data = valid_input(FatigueRangeInputSerializer, request.query_params)
        team = team_get(actor=self.actor, team_id=team_id)
        scope = actor_scope(self.actor)
        if not (scope.is_admin or team.pk in scope.managed_team_ids):
            raise Forbidden()
        members = list(
            Officer.objects.filter(teams=team, is_active=True)
            .order_by("last_name", "first_name", "id")
            .only("pk", "first_name", "last_name", "username")
        )
        policy = team_fatigue_policy(team.pk)
        scores = fatigue_by_officer(
            [m.pk for m in members], data["from"], data["to"], published_only=False
        )
        officers = [
            {
                "officer": m.pk,
                "name": m.get_full_name(),
                "above_cap": sum(1 for r in scores[m.pk] if r.score.total > policy.cap),
                "days": _days(scores[m.pk]),
            }
            for m in members
        ]
        body = {
            "team": team.pk,
            "cap": policy.cap,
            "cap_enabled": policy.cap_enabled,
            "officers": officers,
        }
        return Response(TeamFatigueOutputSerializer(body).data)


class TeamFatiguePolicyApi(ApiView):
    @extend_schema(responses=FatiguePolicyOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """The team's fatigue policy (officers of the team may read it)."""
        team = team_get(actor=self.actor, team_id=team_id)
        policy = fatigue_policy.fatigue_policy_get(team=team)
        return Response(FatiguePolicyOutputSerializer(policy).data)

    @extend_schema(
        request=FatiguePolicyUpdateInputSerializer, responses=FatiguePolicyOutputSerializer
    )
    def patch(self, request: Request, team_id: int) -> Response:
        """Change the policy (team lead or planner of the team, unit manager, administrator)."""
        team = team_get(actor=self.actor, team_id=team_id)
        data = valid_input(FatiguePolicyUpdateInputSerializer, request.data)
        policy = fatigue_policy.fatigue_policy_update(actor=self.actor, team=team, **data)
        return Response(FatiguePolicyOutputSerializer(policy).data)
