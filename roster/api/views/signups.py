"""An officer's sign-ups (wishes) for shifts."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.pagination import paginated_response
from roster import selectors
from roster.api.serializers.signups import SignUpBulkInputSerializer, SignUpOutputSerializer
from roster.api.validation import valid_input
from roster.services import signups as signup_services


class SignUpListApi(ApiView):
    @extend_schema(responses=SignUpOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=SignUpOutputSerializer,
            queryset=selectors.signup_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(
        request=SignUpBulkInputSerializer, responses={200: SignUpOutputSerializer(many=True)}
    )
    def post(self, request: Request) -> Response:
        data = valid_input(SignUpBulkInputSerializer, request.data)
        items = [
            signup_services.SignUpItem(shift_id=i["shift"], wish=i["wish"]) for i in data["signups"]
        ]
        result = signup_services.signups_set(actor=self.actor, items=items)
        return Response(SignUpOutputSerializer(result, many=True).data)


class SignUpWithdrawApi(ApiView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, signup_id: int) -> Response:
        signup = selectors.signup_get(actor=self.actor, signup_id=signup_id)
        signup_services.signup_withdraw(actor=self.actor, signup=signup)
        return Response(status=status.HTTP_204_NO_CONTENT)
