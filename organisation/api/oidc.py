"""Single sign-on for the app: what it needs to start the authorization code flow with PKCE at
the force's identity provider, and the exchange of its code for our tokens
(`organisation.oidc` does the protocol)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.schema import ErrorSerializer
from common.serializers import StrictInputSerializer
from organisation import oidc, sessions
from organisation.languages import officer_language_from_login

# RFC 7636 4.1: 43 to 128 characters of the unreserved set
_CODE_VERIFIER = r"^[A-Za-z0-9\-._~]{43,128}$"


class OidcConfigApi(APIView):
    """Which logins are on, and what the app needs to send the officer to the identity
    provider: its issuer and authorization endpoint, our client id, the scopes and the redirect
    URIs we accept. The app itself makes the PKCE verifier, the state and the nonce."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    class OutputSerializer(serializers.Serializer[Any]):
        enabled = serializers.BooleanField(help_text="Single sign-on is configured.")
        password_login = serializers.BooleanField(help_text="POST /auth/token/ is open.")
        issuer = serializers.CharField(allow_null=True)
        authorization_endpoint = serializers.CharField(allow_null=True)
        end_session_endpoint = serializers.CharField(
            allow_null=True, help_text="Where to log out at the provider, if it offers that."
        )
        client_id = serializers.CharField(allow_null=True)
        scopes = serializers.ListField(child=serializers.CharField())
        redirect_uris = serializers.ListField(child=serializers.CharField())
        code_challenge_method = serializers.CharField(allow_null=True)

        class Meta:
            ref_name = "OidcConfig"

    @extend_schema(responses=OutputSerializer, operation_id="auth_oidc_config")
    def get(self, request: Request) -> Response:
        body: dict[str, Any] = {
            "enabled": False,
            "password_login": settings.PASSWORD_LOGIN_ENABLED,
            "issuer": None,
            "authorization_endpoint": None,
            "end_session_endpoint": None,
            "client_id": None,
            "scopes": [],
            "redirect_uris": [],
            "code_challenge_method": None,
        }
        if oidc.oidc_enabled():
            metadata = oidc.provider_metadata()  # 503 while the provider is down
            body.update(
                enabled=True,
                issuer=metadata.issuer,
                authorization_endpoint=metadata.authorization_endpoint,
                end_session_endpoint=metadata.end_session_endpoint or None,
                client_id=oidc.app_client().client_id,
                scopes=list(settings.OIDC_SCOPES),
                redirect_uris=list(settings.OIDC_APP_REDIRECT_URIS),
                code_challenge_method="S256",
            )
        return Response(self.OutputSerializer(body).data)


class OidcTokenObtainApi(APIView):
    """Log in with single sign-on: exchange the authorization code the app got from the
    identity provider (with the PKCE verifier it made) for our access and refresh token, the
    same pair as the password login.

    The provider's ID token is verified (signature, issuer, audience, expiry; the nonce when
    one is given) and its configured claim must name an active officer. 404 `oidc_disabled`
    when single sign-on is off; 401 `oidc_code_rejected` when the provider refuses the code;
    401 `oidc_token_invalid` when the ID token fails verification; 403 `oidc_officer_unknown`
    when it names nobody here; 503 `oidc_provider_unavailable` when the provider is down.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    class InputSerializer(StrictInputSerializer):
        code = serializers.CharField(max_length=2048)
        code_verifier = serializers.RegexField(
            _CODE_VERIFIER,
            error_messages={"invalid": _("43 to 128 letters, digits or - . _ ~ (RFC 7636).")},
        )
        redirect_uri = serializers.CharField(max_length=2048)
        nonce = serializers.CharField(max_length=255, required=False)

        class Meta:
            ref_name = "OidcTokenObtainInput"

        def validate_redirect_uri(self, value: str) -> str:
            if value not in settings.OIDC_APP_REDIRECT_URIS:
                raise serializers.ValidationError(_("Not a redirect URI registered for the app."))
            return value

    class OutputSerializer(serializers.Serializer[Any]):
        access = serializers.CharField()
        refresh = serializers.CharField()

        class Meta:
            ref_name = "OidcTokenObtainOutput"

    @extend_schema(
        request=InputSerializer,
        # 404 while single sign-on is off, 403 for an officer unknown here (besides the
        # codes every operation documents)
        responses={200: OutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
        operation_id="auth_oidc_token",
        examples=[
            OpenApiExample(
                "code",
                request_only=True,
                value={
                    "code": "the code from the redirect",
                    "code_verifier": "the PKCE verifier the app made, 43 to 128 characters",
                    "redirect_uri": "nl.politie.samen:/oidc/callback",
                    "nonce": "the nonce the app sent",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        if not oidc.oidc_enabled():
            raise oidc.OidcDisabled
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        officer = oidc.oidc_login(
            client=oidc.app_client(),
            code=v["code"],
            code_verifier=v["code_verifier"],
            redirect_uri=v["redirect_uri"],
            nonce=v.get("nonce"),
        )
        # his first sign-in that sends Accept-Language sets his language (docs/languages.md)
        officer_language_from_login(
            officer=officer, accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE")
        )
        return Response(self.OutputSerializer(sessions.session_open(officer=officer)).data)
