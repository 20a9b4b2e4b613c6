"""An officer's own unavailability in a period: list, file, withdraw."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.pagination import paginated_response
from roster import selectors
from roster.api.serializers.unavailability import (
    UnavailabilityCreateInputSerializer,
    UnavailabilityOutputSerializer,
)
from roster.api.validation import valid_input
from roster.services import unavailability


class PeriodUnavailabilityListApi(ApiView):
    @extend_schema(responses=UnavailabilityOutputSerializer(many=True))
    def get(self, request: Request, period_id: int) -> Response:
        """Unavailability in the period: my own; every team member's for the team's managers
        (the reason only to its officer)."""
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return paginated_response(
            serializer_class=UnavailabilityOutputSerializer,
            queryset=selectors.unavailability_list(actor=self.actor, period=period),
            request=request,
            view=self,
            context={"actor": self.actor},
        )

    @extend_schema(
        request=UnavailabilityCreateInputSerializer,
        responses={201: UnavailabilityOutputSerializer},
    )
    def post(self, request: Request, period_id: int) -> Response:
        """Mark myself unavailable (whole days or a time range) while sign-up is open, within
        my team's limit."""
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        data = valid_input(UnavailabilityCreateInputSerializer, request.data)
        if data["whole_days"]:
            start, end = unavailability.whole_days(data["start"], data["end"])
        else:
            start, end = data["start"], data["end"]
        absence = unavailability.unavailability_create(
            actor=self.actor, period=period, start=start, end=end, reason=data["reason"]
        )
        return Response(
            UnavailabilityOutputSerializer(absence, context={"actor": self.actor}).data,
            status=status.HTTP_201_CREATED,
        )


class PeriodUnavailabilityWithdrawApi(ApiView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, period_id: int, absence_id: int) -> Response:
        """Withdraw my own unavailability while sign-up is open."""
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        absence = selectors.unavailability_get(
            actor=self.actor, period=period, absence_id=absence_id
        )
        unavailability.unavailability_withdraw(actor=self.actor, period=period, absence=absence)
        return Response(status=status.HTTP_204_NO_CONTENT)
