"""JWT login, refresh (rotating) and logout (blacklist), with login lockout (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.serializers import TokenBlacklistSerializer
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from common.api import error_body
from common.serializers import StrictInputSerializer


class TokenObtainApi(TokenObtainPairView):
    """Log in with username and password; returns an access and a refresh token.

    After AXES_FAILURE_LIMIT failures for a username from one address the login is locked
    for AXES_COOLOFF_TIME (429 `account_locked`), even with the right password.
    """

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
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


class TokenRefreshApi(TokenRefreshView):
    """Exchange a refresh token for a new access AND refresh token; the old one is blacklisted."""


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
