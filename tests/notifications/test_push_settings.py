"""Production refuses to start with a push provider switched on but not configured."""

from __future__ import annotations

import pytest

from tests.hardening.test_review_two import PRODUCTION, _manage_check


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"PUSH_FCM_ENABLED": "1"}, "PUSH_FCM_CREDENTIALS_FILE"),
        (
            {"PUSH_FCM_ENABLED": "1", "PUSH_FCM_CREDENTIALS_FILE": "/nonexistent/key.json"},
            "PUSH_FCM_CREDENTIALS_FILE",
        ),
        ({"PUSH_APNS_ENABLED": "1"}, "PUSH_APNS_KEY_FILE"),
        ({"PUSH_APNS_ENABLED": "1"}, "PUSH_APNS_TOPIC"),
    ],
)
def test_production_refuses_push_without_its_credentials(env, named) -> None:
    result = _manage_check({**PRODUCTION, **env})
    assert result.returncode != 0
    assert "Production settings incomplete" in result.stderr
    assert named in result.stderr


def test_production_starts_with_push_configured(tmp_path) -> None:
    key = tmp_path / "fcm.json"
    key.write_text("{}")
    p8 = tmp_path / "AuthKey.p8"
    p8.write_text("-----BEGIN PRIVATE KEY-----\n")
    result = _manage_check(
        {
            **PRODUCTION,
            "PUSH_FCM_ENABLED": "1",
            "PUSH_FCM_CREDENTIALS_FILE": str(key),
            "PUSH_APNS_ENABLED": "1",
            "PUSH_APNS_KEY_FILE": str(p8),
            "PUSH_APNS_KEY_ID": "ABC123DEFG",
            "PUSH_APNS_TEAM_ID": "DEF123GHIJ",
            "PUSH_APNS_TOPIC": "nl.politie.samenroosteren",
        }
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_a_plain_http_provider(tmp_path) -> None:
    key = tmp_path / "fcm.json"
    key.write_text("{}")
    env = {
        "PUSH_FCM_ENABLED": "1",
        "PUSH_FCM_CREDENTIALS_FILE": str(key),
        "PUSH_FCM_BASE_URL": "http://fcm.example",
    }
    result = _manage_check({**PRODUCTION, **env})
    assert result.returncode != 0
    assert "PUSH_FCM_BASE_URL over https://" in result.stderr
