"""The `oidc_provider` fixture: the test identity provider in its own process, and a user agent
that signs in at it over HTTP as a person would (its login form, then the redirect)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import selectors
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]

APP_CLIENT = "samen-app"
APP_REDIRECT = "nl.politie.samen:/oidc/callback"
CONSOLE_CLIENT = "samen-console"
CONSOLE_SECRET = "console-secret-for-the-test-provider-only"
# any port on the loopback address (RFC 8252): the browser tests' live server
CONSOLE_REDIRECTS = [
    "http://testserver/console/login/oidc/callback/",
    "http://127.0.0.1/console/login/oidc/callback/",
]
OTHER_CLIENT = "another-app"  # registered at the same provider, not ours

PASSWORD = "idp-passphrase-42"
EMPLOYEE_NUMBER = "100042"
USERS = {
    "a.agent": {"password": PASSWORD, "employee_number": EMPLOYEE_NUMBER},
    "stranger": {"password": PASSWORD, "employee_number": "999999"},
    "no.number": {"password": PASSWORD},
    "late": {"password": PASSWORD, "employee_number": EMPLOYEE_NUMBER, "expired": True},
}
CLIENTS = [
    {"client_id": APP_CLIENT, "public": True, "redirect_uris": [APP_REDIRECT]},
    {
        "client_id": CONSOLE_CLIENT,
        "client_secret": CONSOLE_SECRET,
        "public": False,
        "redirect_uris": CONSOLE_REDIRECTS,
    },
    {"client_id": OTHER_CLIENT, "public": True, "redirect_uris": [APP_REDIRECT]},
]
START_LIMIT_S = 60  # a start-up guard on a loaded machine, not a measured figure


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge, as the app makes them."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    def sign_in(
        self, authorize_url: str, *, username: str, password: str = PASSWORD
    ) -> dict[str, str]:
        """Open the authorization URL, sign in on the provider's form, follow the provider's
        redirects back to the client's redirect URI and return its query (code, state)."""
        agent = requests.Session()
        response = agent.get(authorize_url, allow_redirects=False, timeout=30)
        assert response.status_code == 302, response.text
        login_url = urljoin(self.url, response.headers["Location"])
        form_page = agent.get(login_url, timeout=30)
        assert form_page.status_code == 200
        response = agent.post(
            login_url,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": agent.cookies["idp_csrftoken"],
                "next": parse_qs(urlsplit(login_url).query)["next"][0],
            },
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302, "the provider refused the test user's password"
        while True:  # the provider's own redirects, until it sends the browser to the client
            location = urljoin(self.url, response.headers["Location"])
            if not location.startswith(self.url):
                return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
            response = agent.get(location, allow_redirects=False, timeout=30)
            assert response.status_code == 302, response.text

    def app_code(
        self,
        *,
        username: str,
        client_id: str = APP_CLIENT,
        redirect_uri: str = APP_REDIRECT,
        nonce: str | None = None,
        authorization_endpoint: str | None = None,
    ) -> tuple[str, str]:
        """The phone app's half of the flow: a PKCE pair, the authorization request, the
        officer signing in; returns (code, code_verifier)."""
        verifier, challenge = pkce_pair()
        state = secrets.token_urlsafe(16)
        query = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid",
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        if nonce is not None:
            query["nonce"] = nonce
        endpoint = authorization_endpoint or self.issuer + "/authorize/"
        answer = self.sign_in(endpoint + "?" + urlencode(query), username=username)
        assert answer["state"] == state
        return answer["code"], verifier


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    """The test identity provider, started once per test run and stopped after it."""
    workdir = tempfile.mkdtemp(prefix="oidc-provider-")
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(Path(workdir) / "idp.sqlite3"),
        "OIDC_PROVIDER_USERS": json.dumps(USERS),
        "OIDC_PROVIDER_CLIENTS": json.dumps(CLIENTS),
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
    }
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,  # closed when this process ends: the provider then stops
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        watch = selectors.DefaultSelector()
        watch.register(process.stdout, selectors.EVENT_READ)
        if not watch.select(timeout=START_LIMIT_S):
            pytest.fail("the test identity provider did not start")
        line = process.stdout.readline().strip()
        if not line.startswith("READY "):
            pytest.fail(f"the test identity provider failed to start: {line!r}")
        yield Provider(url=line.removeprefix("READY "))
    finally:
        if process.stdin:
            process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
        for leftover in Path(workdir).glob("*"):
            leftover.unlink()
        os.rmdir(workdir)


@pytest.fixture
def sso(settings: Any, oidc_provider: Provider) -> Iterator[Provider]:
    """Single sign-on configured against the test provider (the discovery and key caches
    cleared before and after, so no test sees another's provider)."""
    from organisation import oidc

    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = APP_CLIENT
    settings.OIDC_APP_REDIRECT_URIS = [APP_REDIRECT]
    settings.OIDC_CONSOLE_CLIENT_ID = CONSOLE_CLIENT
    settings.OIDC_CONSOLE_CLIENT_SECRET = CONSOLE_SECRET
    settings.OIDC_SCOPES = ["openid"]
    settings.OIDC_CLAIM = "employee_number"
    settings.OIDC_OFFICER_FIELD = "employee_number"
    settings.OIDC_PROVIDER_NAME = "Test IdP"
    oidc.caches_clear()
    yield oidc_provider
    oidc.caches_clear()
