"""An officer's hours and leave balances: his own, or those of an officer he plans or leads."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.errors import NotFound
from organisation.selectors import can_see_personal, officer_get
from roster.api.serializers.balances import BalancesInputSerializer, BalancesSerializer
from roster.api.validation import valid_input
from roster.balances import officer_balances

YEAR = OpenApiParameter("year", int, description="Calendar year (default: this year).")


class MyBalancesApi(ApiView):
    @extend_schema(parameters=[YEAR], responses=BalancesSerializer)
    def get(self, request: Request) -> Response:
        """My worked hours against contract (per week, per period) and my leave for a year."""
        data = valid_input(BalancesInputSerializer, request.query_params)
        year = data.get("year") or timezone.localdate().year
        return Response(officer_balances(officer=self.actor, year=year))


class OfficerBalancesApi(ApiView):
    @extend_schema(parameters=[YEAR], responses=BalancesSerializer)
    def get(self, request: Request, officer_id: int) -> Response:
        """An officer's balances, for the lead, planner or unit manager of one of his teams
        and administrators (personal details; anyone else: 404)."""
        data = valid_input(BalancesInputSerializer, request.query_params)
        officer = officer_get(actor=self.actor, officer_id=officer_id)
        if not can_see_personal(self.actor, officer):
            raise NotFound()
        year = data.get("year") or timezone.localdate().year
        return Response(officer_balances(officer=officer, year=year))
