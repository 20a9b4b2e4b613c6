"""Single sign-on for the app, against a real OpenID Connect provider running in its own
process (django-oauth-toolkit, tests/oidc_provider): the app's authorization code flow with
PKCE, our token endpoint, and our JWT on /me."""

from __future__ import annotations

import secrets
import time
from typing import Any

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from organisation import oidc
from organisation.models import Officer
from tests.factories.organisation import OfficerFactory
from tests.oidc_provider.fixtures import (
    APP_CLIENT,
    APP_REDIRECT,
    EMPLOYEE_NUMBER,
    OTHER_CLIENT,
    Provider,
)

pytestmark = pytest.mark.django_db

CONFIG = "/api/v1/auth/oidc/config/"
TOKEN = "/api/v1/auth/oidc/token/"


@pytest.fixture
def agent() -> Officer:
    """The officer the provider's user `a.agent` is (by employee number)."""
    return OfficerFactory(username="agent", employee_number=EMPLOYEE_NUMBER)


def exchange(code: str, verifier: str, **extra: Any) -> Any:
    body = {"code": code, "code_verifier": verifier, "redirect_uri": APP_REDIRECT, **extra}
    return APIClient().post(TOKEN, body, format="json")


def provider_id_token(provider: Provider, *, client_id: str, username: str) -> str:
    """An ID token the provider issued to `client_id` (the client's own code exchange)."""
    code, verifier = provider.app_code(username=username, client_id=client_id)
    answer = requests.post(
        provider.issuer + "/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": verifier,
            "redirect_uri": APP_REDIRECT,
            "client_id": client_id,
        },
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id_token"])


# --- the configuration the app reads ----------------------------------------------------


def test_config_tells_the_app_where_and_how_to_sign_in(sso: Provider) -> None:
    response = APIClient().get(CONFIG)
    assert response.status_code == 200
    assert response.json() == {
        "enabled": True,
        "password_login": True,
        "issuer": sso.issuer,
        "authorization_endpoint": sso.issuer + "/authorize/",
        "end_session_endpoint": sso.issuer + "/logout/",
        "client_id": APP_CLIENT,
        "scopes": ["openid"],
        "redirect_uris": [APP_REDIRECT],
        "code_challenge_method": "S256",
    }


def test_config_without_single_sign_on_says_only_password_login() -> None:
    response = APIClient().get(CONFIG)
    assert response.status_code == 200
    body = response.json()
    assert body["enabled"] is False
    assert body["password_login"] is True
    assert body["issuer"] is None
    assert body["client_id"] is None
    assert body["authorization_endpoint"] is None


def test_config_while_the_provider_is_down_is_503(settings: Any, oidc_provider: Provider) -> None:
    settings.OIDC_ENABLED = True
    closed = oidc_provider.url.rsplit(":", 1)[0] + ":9"  # discard port: nothing listens
    settings.OIDC_ISSUER = closed + "/o"
    settings.OIDC_CLIENT_ID = APP_CLIENT
    oidc.caches_clear()
    try:
        response = APIClient().get(CONFIG)
    finally:
        oidc.caches_clear()
    assert response.status_code == 503
    assert response.json()["code"] == "oidc_provider_unavailable"


# --- the whole flow -----------------------------------------------------------------------


def test_the_app_signs_in_at_the_provider_and_our_token_opens_me(
    sso: Provider, agent: Officer
) -> None:
    config = APIClient().get(CONFIG).json()
    nonce = secrets.token_urlsafe(16)
    code, verifier = sso.app_code(
        username="a.agent",
        client_id=config["client_id"],
        redirect_uri=config["redirect_uris"][0],
        nonce=nonce,
        authorization_endpoint=config["authorization_endpoint"],
    )

    response = exchange(code, verifier, nonce=nonce)

    assert response.status_code == 200, response.json()
    assert set(response.json()) == {"access", "refresh"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "agent"
    agent.refresh_from_db()
    assert agent.last_login is not None
    # the same session as a password login: it refreshes, and "log out everywhere" ends it
    assert OutstandingToken.objects.filter(user=agent).count() == 1
    refreshed = APIClient().post(
        "/api/v1/auth/refresh/", {"refresh": response.json()["refresh"]}, format="json"
    )
    assert refreshed.status_code == 200


def test_a_code_is_used_once(sso: Provider, agent: Officer) -> None:
    code, verifier = sso.app_code(username="a.agent")
    assert exchange(code, verifier).status_code == 200

    again = exchange(code, verifier)

    assert again.status_code == 401
    assert again.json()["code"] == "oidc_code_rejected"


def test_a_wrong_code_verifier_is_refused_by_the_provider(sso: Provider, agent: Officer) -> None:
    code, _verifier = sso.app_code(username="a.agent")

    response = exchange(code, secrets.token_urlsafe(48))

    assert response.status_code == 401
    assert response.json()["code"] == "oidc_code_rejected"
    assert not OutstandingToken.objects.exists()


def test_a_nonce_other_than_the_one_sent_is_refused(sso: Provider, agent: Officer) -> None:
    code, verifier = sso.app_code(username="a.agent", nonce="the-nonce-sent")

    response = exchange(code, verifier, nonce="another-nonce")

    assert response.status_code == 401
    assert response.json()["code"] == "oidc_token_invalid"
    assert not OutstandingToken.objects.exists()


def test_an_expired_id_token_is_refused(sso: Provider, agent: Officer) -> None:
    # the provider's user `late` gets an ID token whose exp passed an hour ago
    code, verifier = sso.app_code(username="late")

    response = exchange(code, verifier)

    assert response.status_code == 401
    assert response.json()["code"] == "oidc_token_invalid"
    assert not OutstandingToken.objects.exists()


@pytest.mark.parametrize("username", ["stranger", "no.number"])
def test_a_claim_naming_no_officer_is_refused(sso: Provider, agent: Officer, username) -> None:
    code, verifier = sso.app_code(username=username)

    response = exchange(code, verifier)

    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "oidc_officer_unknown"
    assert EMPLOYEE_NUMBER not in str(body)
    assert "999999" not in str(body)
    assert not OutstandingToken.objects.exists()
    assert Officer.objects.count() == 1  # nobody is created


def test_a_deactivated_officer_is_refused(sso: Provider, agent: Officer) -> None:
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    code, verifier = sso.app_code(username="a.agent")

    response = exchange(code, verifier)

    assert response.status_code == 403
    assert response.json()["code"] == "oidc_officer_unknown"


def test_the_claim_and_officer_field_are_settings(sso: Provider, settings: Any) -> None:
    settings.OIDC_CLAIM = "preferred_username"
    settings.OIDC_OFFICER_FIELD = "username"
    officer = OfficerFactory(username="no.number")
    code, verifier = sso.app_code(username="no.number")

    response = exchange(code, verifier)

    assert response.status_code == 200, response.json()
    assert OutstandingToken.objects.get().user == officer


# --- the ID token's checks, on tokens from the real provider --------------------------------


def test_an_id_token_issued_to_another_client_is_refused(sso: Provider, agent: Officer) -> None:
    token = provider_id_token(sso, client_id=OTHER_CLIENT, username="a.agent")
    assert jwt.decode(token, options={"verify_signature": False})["aud"] == OTHER_CLIENT

    with pytest.raises(oidc.OidcTokenInvalid):
        oidc.id_token_verify(token, audience=APP_CLIENT, nonce=None)
    # the same token is good for the client it was issued to: the refusal is the audience
    assert oidc.id_token_verify(token, audience=OTHER_CLIENT, nonce=None)["aud"] == OTHER_CLIENT


def test_an_id_token_signed_with_another_key_is_refused(sso: Provider) -> None:
    genuine = provider_id_token(sso, client_id=APP_CLIENT, username="a.agent")
    header = jwt.get_unverified_header(genuine)
    claims = jwt.decode(genuine, options={"verify_signature": False})
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, forger, algorithm="RS256", headers={"kid": header["kid"]})

    with pytest.raises(oidc.OidcTokenInvalid):
        oidc.id_token_verify(forged, audience=APP_CLIENT, nonce=None)
    assert oidc.id_token_verify(genuine, audience=APP_CLIENT, nonce=None)["sub"]


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_an_unsigned_or_symmetric_id_token_is_refused(sso: Provider, alg: str) -> None:
    now = int(time.time())
    claims = {"iss": sso.issuer, "aud": APP_CLIENT, "sub": "1", "iat": now, "exp": now + 300}
    token = jwt.encode(
        claims, None if alg == "none" else "a-guessable-shared-secret-of-32-bytes!", algorithm=alg
    )

    with pytest.raises(oidc.OidcTokenInvalid):
        oidc.id_token_verify(token, audience=APP_CLIENT, nonce=None)


# --- bad input, switched off ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": None}, "code"),
        ({"code_verifier": "too-short"}, "code_verifier"),
        ({"code_verifier": "x" * 42 + "!"}, "code_verifier"),
        ({"redirect_uri": "https://evil.example/cb"}, "redirect_uri"),
        ({"nonce": 7}, "nonce"),
        ({"state": "unexpected"}, "state"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(sso: Provider, agent: Officer, change, field) -> None:
    body: dict[str, Any] = {
        "code": "some-code",
        "code_verifier": "v" * 43,
        "redirect_uri": APP_REDIRECT,
        **change,
    }
    body = {k: v for k, v in body.items() if v is not None}

    response = APIClient().post(TOKEN, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert not OutstandingToken.objects.exists()


def test_the_token_endpoint_is_404_while_single_sign_on_is_off(agent: Officer) -> None:
    response = exchange("some-code", "v" * 43)
    assert response.status_code == 404
    assert response.json()["code"] == "oidc_disabled"


def test_password_login_switched_off_leaves_single_sign_on(
    sso: Provider, agent: Officer, settings: Any
) -> None:
    settings.PASSWORD_LOGIN_ENABLED = False

    refused = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "agent", "password": "correct-horse-battery"},
        format="json",
    )
    config = APIClient().get(CONFIG).json()
    code, verifier = sso.app_code(username="a.agent")
    signed_in = exchange(code, verifier)

    assert refused.status_code == 403
    assert refused.json()["code"] == "password_login_disabled"
    assert set(refused.json()) == {"code", "detail", "fields"}
    assert config["password_login"] is False
    assert config["enabled"] is True
    assert signed_in.status_code == 200
    assert OutstandingToken.objects.filter(user=agent).count() == 1  # only the SSO session


def test_password_login_on_is_untouched_by_the_switch(agent: Officer) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "agent", "password": "correct-horse-battery"},
        format="json",
    )
    assert response.status_code == 200


def test_the_admin_refuses_passwords_while_password_login_is_off(
    administrator: Officer, settings: Any
) -> None:
    from django.test import Client

    administrator.is_staff = True
    administrator.is_superuser = True
    administrator.save()
    settings.PASSWORD_LOGIN_ENABLED = False
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": administrator.username, "password": "correct-horse-battery"},
    )

    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_the_first_sign_in_sets_the_language_from_the_phone(sso: Provider, agent: Officer) -> None:
    # given: an officer without a language preference, signing in from an English phone
    assert agent.language == ""
    code, verifier = sso.app_code(username="a.agent")
    body = {"code": code, "code_verifier": verifier, "redirect_uri": APP_REDIRECT}
    # when: the app exchanges the provider's code for our tokens
    response = APIClient().post(TOKEN, body, format="json", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    # then: English is his preference (docs/languages.md)
    assert response.status_code == 200
    agent.refresh_from_db()
    assert agent.language == "en"
