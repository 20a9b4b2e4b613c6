"""The console's login: single sign-on through the force's identity provider (authorization
code with PKCE, state and nonce; `organisation.oidc` does the protocol), and the username and
password form while PASSWORD_LOGIN_ENABLED is on."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.errors import DomainError
from organisation import oidc

# the pending sign-in in the session: state, nonce, PKCE verifier and where to go after
PENDING_KEY = "console_oidc_pending"
# the session of a console login by single sign-on is an ordinary Django session
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _login_context() -> dict[str, Any]:
    return {
        "password_login": settings.PASSWORD_LOGIN_ENABLED,
        "oidc_enabled": oidc.oidc_enabled(),
        "oidc_provider_name": settings.OIDC_PROVIDER_NAME or _("the force's identity provider"),
    }


def _login_failed(request: HttpRequest, status: int, detail: str, code: str) -> HttpResponse:
    context = {**_login_context(), "sso_error": detail, "sso_error_code": code}
    return render(request, "console/login.html", context, status=status)


class ConsoleLoginView(LoginView):
    """The login page: the single sign-on button when it is configured, the password form
    while password login is on (a password sent while it is off is a 403)."""

    template_name = "console/login.html"
    redirect_authenticated_user = True
    next_page = "console:home"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **_login_context()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSWORD_LOGIN_ENABLED:
            error = oidc.PasswordLoginDisabled()
            return _login_failed(request, error.status, str(error.detail), error.code)
        return super().post(request, *args, **kwargs)


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("console:login-oidc-callback"))


@require_GET
def oidc_start(request: HttpRequest) -> HttpResponseBase:
    """Send the browser to the identity provider, with a fresh state, nonce and PKCE verifier
    kept in the session for the callback."""
    if not oidc.oidc_enabled():
        error = oidc.OidcDisabled()
        return _login_failed(request, error.status, str(error.detail), error.code)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    pending = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "code_verifier": secrets.token_urlsafe(64),  # 86 characters of the RFC 7636 set
        "next": next_url,
    }
    try:
        url = oidc.authorization_url(
            client=oidc.console_client(),
            redirect_uri=_callback_uri(request),
            state=pending["state"],
            nonce=pending["nonce"],
            code_verifier=pending["code_verifier"],
        )
    except DomainError as exc:
        return _login_failed(request, exc.status, str(exc.detail), exc.code)
    request.session[PENDING_KEY] = pending
    return redirect(url)


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponseBase:
    """The provider sends the browser back here with a code (or an error). The state must be
    the one this browser's session sent; the pending sign-in is used once."""
    pending = request.session.pop(PENDING_KEY, None)
    state = request.GET.get("state", "")
    if not isinstance(pending, dict) or not secrets.compare_digest(
        state.encode(), str(pending.get("state", "")).encode()
    ):
        return _login_failed(
            request, 400, _("This sign-in was not started here, or was already used."), "oidc_state"
        )
    code = request.GET.get("code", "")
    if "error" in request.GET or not code:
        error = oidc.OidcCodeRejected()
        return _login_failed(request, error.status, str(error.detail), error.code)
    try:
        officer = oidc.oidc_login(
            client=oidc.console_client(),
            code=code,
            code_verifier=pending["code_verifier"],
            redirect_uri=_callback_uri(request),
            nonce=pending["nonce"],
        )
    except DomainError as exc:
        return _login_failed(request, exc.status, str(exc.detail), exc.code)
    login(request, officer, backend=SESSION_BACKEND)  # a new session key (no fixation)
    return redirect(pending.get("next") or "console:home")
