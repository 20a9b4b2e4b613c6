"""Production settings refuse to start with single sign-on enabled but misconfigured, or with
no way to log in at all (config/settings.py; docs/operations.md, "Single sign-on")."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEPLOYMENT": "production",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "TRUSTED_PROXY_COUNT": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "CACHE_URL": "redis://127.0.0.1:6379/5",
    "DATABASE_URL": "postgres://samen:samen@127.0.0.1:5432/samen",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}
SSO = {
    "OIDC_ENABLED": "1",
    "OIDC_ISSUER": "https://login.politie.example/realms/politie",
    "OIDC_CLIENT_ID": "samenroosteren-app",
    "OIDC_APP_REDIRECT_URIS": "nl.politie.samen:/oidc/callback",
}


def _check(extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "DEBUG", "OIDC_", "PASSWORD_LOGIN"))
        and k
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "CACHE_URL",
            "TRUSTED_PROXY_COUNT",
            "CELERY_BROKER_URL",
        }
    }
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env={**keep, **extra_env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_starts_with_single_sign_on_configured() -> None:
    result = _check({**PRODUCTION, **SSO, "PASSWORD_LOGIN_ENABLED": "0"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"OIDC_ISSUER": ""}, "OIDC_ISSUER"),
        ({"OIDC_ISSUER": "http://login.politie.example"}, "OIDC_ISSUER over https://"),
        ({"OIDC_CLIENT_ID": ""}, "OIDC_CLIENT_ID"),
        ({"OIDC_APP_REDIRECT_URIS": ""}, "OIDC_APP_REDIRECT_URIS"),
        ({"OIDC_ID_TOKEN_ALGORITHMS": "RS256,HS256"}, "OIDC_ID_TOKEN_ALGORITHMS"),
        ({"OIDC_ENABLED": "0", "PASSWORD_LOGIN_ENABLED": "0"}, "a way to log in"),
    ],
)
def test_production_refuses_single_sign_on_misconfigured(change, named) -> None:
    result = _check({**PRODUCTION, **SSO, **change})
    assert result.returncode != 0
    assert "Production settings incomplete" in result.stderr
    assert named in result.stderr


def test_an_officer_field_that_is_not_unique_is_refused_everywhere() -> None:
    result = _check({"DEBUG": "1", "OIDC_OFFICER_FIELD": "email"})
    assert result.returncode != 0
    assert "OIDC_OFFICER_FIELD" in result.stderr
