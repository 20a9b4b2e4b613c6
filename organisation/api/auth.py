"""JWT login, refresh (rotating) and logout (blacklist), with login lockout (django-axes);
log out on all devices and the password change (`organisation.sessions`)."""

from __future__ import annotations

from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from common.api import ApiView, error_body
from common.serializers import StrictInputSerializer
from organisation import oidc, sessions
from organisation.languages import officer_language_from_login


class LoginSerializer(TokenObtainPairSerializer):
    """simplejwt's login with bounded fields: a username longer than the model allows is a 400
    naming it, before the lockout records the attempt (its column holds 255 characters)."""

    # The answer, declared so that the schema documents it (simplejwt only returns it).
    access = serializers.CharField(read_only=True, help_text="Bearer token for the API.")
    refresh = serializers.CharField(read_only=True, help_text="Exchange at /auth/refresh/.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.username_field] = serializers.CharField(write_only=True, max_length=150)
        self.fields["password"] = serializers.CharField(
            write_only=True, max_length=128, trim_whitespace=False
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        data = super().validate(attrs)
        # his first login that sends Accept-Language sets his language preference
        request = self.context.get("request")
        if request is not None and self.user is not None:
            officer_language_from_login(
                officer=self.user,
                accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE"),
            )
        return data


class TokenObtainApi(TokenObtainPairView):
    """Log in with username and password; returns an access and a refresh token.

    After AXES_FAILURE_LIMIT failures for a username from one address the login is locked
    for AXES_COOLOFF_TIME (429 `account_locked`), even with the right password. While password
    login is switched off (PASSWORD_LOGIN_ENABLED=0) every call is a 403
    `password_login_disabled`: use single sign-on (`/auth/oidc/`).
    """

    serializer_class = LoginSerializer

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not settings.PASSWORD_LOGIN_ENABLED:
            raise oidc.PasswordLoginDisabled
        try:
            return super().post(request, *args, **kwargs)
        except (AxesBackendPermissionDenied, AuthenticationFailed):
            # django.contrib.auth.authenticate() swallows the axes lockout and returns None;
            # ask axes, so that a locked login is told apart from a wrong password.
            username = request.data.get("username") if hasattr(request.data, "get") else None
            if not AxesProxyHandler.is_locked(request, {"username": username}):
                raise
            body = error_body("account_locked", _("Too many failed logins. Try again later."))
            return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS)


class SessionRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, refused (401 `token_not_valid`) when the officer no longer exists,
    is deactivated, or has changed his password since the token was issued."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        token = RefreshToken(attrs["refresh"])  # 401 when expired, malformed or blacklisted
        user_id = token.payload.get(jwt_settings.USER_ID_CLAIM)
        user = get_user_model().objects.filter(**{jwt_settings.USER_ID_FIELD: user_id}).first()
        if user is None or not user.is_active:
            raise InvalidToken(_("The session has ended."))
        claim = token.payload.get(jwt_settings.REVOKE_TOKEN_CLAIM)
        if claim != get_md5_hash_password(user.password):
            raise InvalidToken(_("The session has ended: the password was changed."))
        return super().validate(attrs)


class TokenRefreshApi(TokenRefreshView):
    """Exchange a refresh token for a new access AND refresh token; the old one is blacklisted.

    Refused once the officer has changed his password, logged out on all devices or been
    deactivated.
    """

    serializer_class = SessionRefreshSerializer


class LogoutInputSerializer(StrictInputSerializer):
    refresh = serializers.CharField()


class LogoutApi(APIView):
    """Log out: blacklist the refresh token so it can no longer be used."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(request=LogoutInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        LogoutInputSerializer(data=request.data).is_valid(raise_exception=True)
        TokenBlacklistSerializer(data=request.data).is_valid(raise_exception=True)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllApi(ApiView):
    """Log out on all devices: every refresh token of the caller is blacklisted (204)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        sessions.sessions_end_all(actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeInputSerializer(StrictInputSerializer):
    current_password = serializers.CharField(trim_whitespace=False, max_length=128)
    new_password = serializers.CharField(trim_whitespace=False, max_length=128)


class PasswordChangeApi(ApiView):
    """Change my password (204). Every session ends, this one included: log in again."""

    @extend_schema(request=PasswordChangeInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = PasswordChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sessions.password_change(actor=self.actor, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
