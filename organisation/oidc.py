"""Single sign-on: we are an OpenID Connect relying party of the force's identity provider.

Both doors use this module: the app (authorization code with PKCE done on the phone; it hands
us the code, `organisation.api.oidc`) and the console (the browser is redirected,
`console.views.sso`). For either, `oidc_login` exchanges the code at the provider's token
endpoint, verifies the ID token and finds the officer; the caller then opens our own session
(JWTs for the app, a Django session for the console).

What is checked on the ID token (OpenID Connect Core 3.1.3.7): the signature with a key from
the provider's JWKS (key rotation: an unknown `kid` fetches the set again) and only with the
algorithms in OIDC_ID_TOKEN_ALGORITHMS, `iss` equal to OIDC_ISSUER, `aud` containing our client
id (and `azp` equal to it when there are several audiences), `exp` and `iat` present and `exp`
not passed (OIDC_CLOCK_SKEW_S leeway), and `nonce` equal to the one we (or the app) sent.
The claim OIDC_CLAIM of a verified token names the officer by OIDC_OFFICER_FIELD; an unknown
or deactivated officer is refused, nobody is created.

The OAuth 2.0 client part (authorization URL with the S256 code challenge, the code exchange)
is Authlib's; the JWT part is PyJWT's with its JWKS client.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.errors import DomainError
from organisation.models import Officer


class OidcDisabled(DomainError):
    """Single sign-on is not configured here (OIDC_ENABLED is off)."""

    status = 404
    code = "oidc_disabled"
    message = _("Single sign-on is not enabled.")


class OidcProviderUnavailable(DomainError):
    """The identity provider did not answer, or answered with something that is not OpenID
    Connect (discovery, token endpoint, JWKS); retry later."""

    status = 503
    code = "oidc_provider_unavailable"
    message = _("The identity provider cannot be reached. Try again later.")


class OidcCodeRejected(DomainError):
    """The identity provider refused the authorization code (wrong, used, expired, or the code
    verifier or redirect URI does not match the authorization request)."""

    status = 401
    code = "oidc_code_rejected"
    message = _("The identity provider refused the sign-in. Sign in again.")


class OidcTokenInvalid(DomainError):
    """The provider's ID token failed verification (signature, issuer, audience, expiry or
    nonce); nobody is logged in."""

    status = 401
    code = "oidc_token_invalid"
    message = _("The sign-in could not be verified. Sign in again.")


class OidcOfficerUnknown(DomainError):
    """The verified ID token names no active officer here (the mapped claim is missing or
    matches nobody); nobody is logged in and nobody is created."""

    status = 403
    code = "oidc_officer_unknown"
    message = _("Your account at the identity provider is not linked to an officer here.")


class PasswordLoginDisabled(DomainError):
    """Password login is switched off (PASSWORD_LOGIN_ENABLED=0): sign in through the force's
    identity provider."""

    status = 403
    code = "password_login_disabled"
    message = _("Log in with username and password is switched off. Use single sign-on.")


@dataclass(frozen=True)
class ProviderMetadata:
    """The parts of the provider's discovery document we use."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str


@dataclass(frozen=True)
class Client:
    """One registration of ours at the provider: the app's (public) or the console's."""

    client_id: str
    client_secret: str


_lock = threading.Lock()
_discovered: dict[str, tuple[float, ProviderMetadata]] = {}
_jwks_clients: dict[str, jwt.PyJWKClient] = {}


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ENABLED)


def app_client() -> Client:
    return Client(client_id=settings.OIDC_CLIENT_ID, client_secret="")


def console_client() -> Client:
    return Client(
        client_id=settings.OIDC_CONSOLE_CLIENT_ID or settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CONSOLE_CLIENT_SECRET,
    )


def _issuer() -> str:
    if not oidc_enabled():
        raise OidcDisabled
    return str(settings.OIDC_ISSUER).rstrip("/")


def provider_metadata() -> ProviderMetadata:
    """The provider's discovery document (`<issuer>/.well-known/openid-configuration`), kept
    OIDC_DISCOVERY_CACHE_S seconds per process. Its `issuer` must be ours exactly (Discovery
    4.3), or every token it signs would be checked against the wrong name."""
    issuer = _issuer()
    now = time.monotonic()
    with _lock:
        cached = _discovered.get(issuer)
    if cached and now - cached[0] < settings.OIDC_DISCOVERY_CACHE_S:
        return cached[1]
    url = issuer + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_HTTP_TIMEOUT_S)
        response.raise_for_status()
        document = response.json()
        metadata = ProviderMetadata(
            issuer=str(document["issuer"]),
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
            end_session_endpoint=str(document.get("end_session_endpoint") or ""),
        )
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        raise OidcProviderUnavailable from exc
    if metadata.issuer.rstrip("/") != issuer:
        raise OidcProviderUnavailable
    with _lock:
        _discovered[issuer] = (now, metadata)
    return metadata


def authorization_url(
    *, client: Client, redirect_uri: str, state: str, nonce: str, code_verifier: str
) -> str:
    """Where to send the browser: the provider's authorization endpoint with our client id,
    scopes, state, nonce and the S256 challenge of `code_verifier` (PKCE)."""
    metadata = provider_metadata()
    session = OAuth2Session(
        client_id=client.client_id,
        scope=" ".join(settings.OIDC_SCOPES),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )
    url, _state = session.create_authorization_url(
        metadata.authorization_endpoint, state=state, code_verifier=code_verifier, nonce=nonce
    )
    return str(url)


def code_exchange(*, client: Client, code: str, code_verifier: str, redirect_uri: str) -> str:
    """Exchange the authorization code at the provider's token endpoint; returns the raw ID
    token. A confidential client (the console, with a secret) authenticates with HTTP Basic;
    a public one (the app) sends only its client id and the PKCE verifier."""
    metadata = provider_metadata()
    session = OAuth2Session(
        client_id=client.client_id,
        client_secret=client.client_secret or None,
        token_endpoint_auth_method="client_secret_basic" if client.client_secret else "none",
        redirect_uri=redirect_uri,
    )
    try:
        token = session.fetch_token(
            metadata.token_endpoint,
            grant_type="authorization_code",
            code=code,
            code_verifier=code_verifier,
            timeout=settings.OIDC_HTTP_TIMEOUT_S,
        )
    except AuthlibBaseError as exc:  # the provider's OAuth error answer (invalid_grant...)
        raise OidcCodeRejected from exc
    except (requests.RequestException, ValueError) as exc:
        raise OidcProviderUnavailable from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise OidcTokenInvalid  # an OAuth answer without an ID token is no OpenID sign-in
    return id_token


def _jwks_client(jwks_uri: str) -> jwt.PyJWKClient:
    with _lock:
        client = _jwks_clients.get(jwks_uri)
        if client is None:
            client = jwt.PyJWKClient(
                jwks_uri,
                cache_keys=True,
                lifespan=settings.OIDC_DISCOVERY_CACHE_S,
                timeout=settings.OIDC_HTTP_TIMEOUT_S,
            )
            _jwks_clients[jwks_uri] = client
    return client


def id_token_verify(id_token: str, *, audience: str, nonce: str | None) -> dict[str, Any]:
    """The ID token's claims once its signature and claims are verified (see the module doc);
    OidcTokenInvalid otherwise. `nonce` None: the caller sent none, so the token need not
    carry one (the app's flow, where PKCE binds the code to the app)."""
    metadata = provider_metadata()
    try:
        signing_key = _jwks_client(metadata.jwks_uri).get_signing_key_from_jwt(id_token)
    except jwt.PyJWKClientConnectionError as exc:
        raise OidcProviderUnavailable from exc
    except (jwt.PyJWKClientError, jwt.InvalidTokenError) as exc:
        raise OidcTokenInvalid from exc
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=signing_key.key,
            algorithms=list(settings.OIDC_ID_TOKEN_ALGORITHMS),
            audience=audience,
            issuer=metadata.issuer,
            leeway=settings.OIDC_CLOCK_SKEW_S,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.InvalidTokenError as exc:
        raise OidcTokenInvalid from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != audience:
        raise OidcTokenInvalid
    if nonce is not None and claims.get("nonce") != nonce:
        raise OidcTokenInvalid
    return claims


def officer_for_claims(claims: dict[str, Any]) -> Officer:
    """The active officer whose OIDC_OFFICER_FIELD equals the verified claim OIDC_CLAIM."""
    value = claims.get(settings.OIDC_CLAIM)
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
        raise OidcOfficerUnknown
    field = settings.OIDC_OFFICER_FIELD
    officer = Officer.objects.filter(**{field: str(value)}, is_active=True).first()
    if officer is None:
        raise OidcOfficerUnknown
    return officer


def oidc_login(
    *, client: Client, code: str, code_verifier: str, redirect_uri: str, nonce: str | None
) -> Officer:
    """Exchange the code, verify the ID token, find the officer (see the module doc). Writes
    nothing: the caller opens the session (and records the login)."""
    id_token = code_exchange(
        client=client, code=code, code_verifier=code_verifier, redirect_uri=redirect_uri
    )
    claims = id_token_verify(id_token, audience=client.client_id, nonce=nonce)
    return officer_for_claims(claims)


def caches_clear() -> None:
    """Forget discovery documents and key sets (tests; a provider moved its keys)."""
    with _lock:
        _discovered.clear()
        _jwks_clients.clear()
