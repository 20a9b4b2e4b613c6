"""Hardening, round two (issue #16): one regression test (or more) per finding, named
`test_fNN_...` after the finding's number. Each failed on main before its fix."""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.tokens import RefreshToken

from common.parsers import MAX_JSON_DEPTH
from roster.models import SignUp
from tests.hardening.test_permission_matrix import matrix_caller  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # OfficerFactory's password


def _nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


# --- 1. Deeply nested JSON is a 400, not a 500 with a traceback ------------------------------


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/signups/"])
@pytest.mark.parametrize("depth", [600, 5000])
def test_f01_deeply_nested_json_is_a_400_without_a_traceback(
    path, depth, officer, api_client_for, caplog
) -> None:
    client = api_client_for(officer)
    with caplog.at_level(logging.WARNING):
        response = client.generic("POST", path, _nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"
    assert str(MAX_JSON_DEPTH) in response.json()["detail"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_f01_nesting_up_to_the_limit_and_brackets_in_strings_still_parse(
    officer, api_client_for
) -> None:
    client = api_client_for(officer)
    # brackets inside a string are text, not nesting (and a username that long is a 400)
    body = json.dumps({"username": "[" * 500 + "{" * 500, "password": "x"})
    response = client.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["username"]
    body = json.dumps({"username": "agent", "password": "[" * 50 + "{" * 50})
    response = client.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 401
    # an ordinary nested body at the limit is read (and refused for its content, not its depth)
    response = client.generic(
        "POST", "/api/v1/signups/", _nested(MAX_JSON_DEPTH), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


# --- 2. Throttle and lockout key on the real client address ---------------------------------


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})


def _login(client: APIClient, username: str, password: str, **headers: str) -> int:
    body = {"username": username, "password": password}
    return client.post("/api/v1/auth/token/", body, format="json", **headers).status_code


def test_f02_a_random_forwarded_for_header_does_not_reset_the_anonymous_throttle(
    low_rates,
) -> None:
    client = APIClient()
    statuses = [
        _login(client, "x", "y", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}", REMOTE_ADDR="192.0.2.7")
        for n in range(4)
    ]
    assert statuses[-1] == 429, statuses


def test_f02_behind_one_trusted_proxy_each_client_has_its_own_budget(low_rates, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "192.0.2.1"
    client = APIClient()
    first = [
        _login(client, "x", "y", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR=proxy)
        for _ in range(3)
    ]
    assert first[-1] == 429
    # another client behind the same proxy is not throttled ...
    assert _login(client, "x", "y", HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR=proxy) != 429
    # ... and a client cannot pose as another by prepending a forged hop
    forged = "198.51.100.2, 198.51.100.1"
    assert _login(client, "x", "y", HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR=proxy) == 429


def test_f02_wrong_passwords_from_one_client_do_not_lock_a_colleague_out(officer, settings) -> None:
    # given: the API behind one reverse proxy; an attacker tries the officer's username
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "192.0.2.1"
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        cache.clear()  # the throttle is not what this test is about
        _login(client, "agent", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.66", REMOTE_ADDR=proxy)
    cache.clear()
    assert (
        _login(client, "agent", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.66", REMOTE_ADDR=proxy)
        == 429
    )
    # then: the officer, from his own address behind the same proxy, still logs in
    assert (
        _login(client, "agent", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", REMOTE_ADDR=proxy)
        == 200
    )


# --- 3. A password change ends every session; log out on all devices ------------------------


def test_f03_a_password_change_ends_refresh_and_access_tokens(officer) -> None:
    client = APIClient()
    tokens = client.post(
        "/api/v1/auth/token/", {"username": "agent", "password": PASSWORD}, format="json"
    ).json()
    stolen = str(RefreshToken.for_user(officer))  # another device's session
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    new = "a-new-long-passphrase-77"
    response = client.post(
        "/api/v1/me/password/",
        {"current_password": PASSWORD, "new_password": new},
        format="json",
    )
    assert response.status_code == 204
    anonymous = APIClient()
    for refresh in (tokens["refresh"], stolen):
        answer = anonymous.post("/api/v1/auth/refresh/", {"refresh": refresh}, format="json")
        assert answer.status_code == 401, answer.content
        assert answer.json()["code"] == "token_not_valid"
    # the access token that was live dies at once
    assert client.get("/api/v1/me/").status_code == 401
    assert _login(anonymous, "agent", new) == 200


def test_f03_password_change_bad_input_names_the_field_and_changes_nothing(
    officer, api_client_for
) -> None:
    client = api_client_for(officer)
    wrong = client.post(
        "/api/v1/me/password/",
        {"current_password": "nope", "new_password": "a-new-long-passphrase-77"},
        format="json",
    )
    assert wrong.status_code == 400
    assert list(wrong.json()["fields"]) == ["current_password"]
    weak = client.post(
        "/api/v1/me/password/",
        {"current_password": PASSWORD, "new_password": "12345"},
        format="json",
    )
    assert weak.status_code == 400
    assert list(weak.json()["fields"]) == ["new_password"]
    missing = client.post("/api/v1/me/password/", {"current_password": PASSWORD}, format="json")
    assert missing.status_code == 400
    assert "new_password" in missing.json()["fields"]
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert APIClient().post("/api/v1/me/password/", {}, format="json").status_code == 401


def test_f03_log_out_on_all_devices_ends_every_refresh_token(officer, colleague) -> None:
    sessions = [str(RefreshToken.for_user(officer)) for _ in range(3)]
    theirs = str(RefreshToken.for_user(colleague))
    client = APIClient()
    access = RefreshToken(sessions[0]).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert client.post("/api/v1/auth/logout-all/").status_code == 204
    anonymous = APIClient()
    for refresh in sessions:
        assert (
            anonymous.post("/api/v1/auth/refresh/", {"refresh": refresh}, format="json").status_code
            == 401
        )
    # a colleague's session is his own
    assert (
        anonymous.post("/api/v1/auth/refresh/", {"refresh": theirs}, format="json").status_code
        == 200
    )
    assert anonymous.post("/api/v1/auth/logout-all/").status_code == 401


def test_f03_a_deactivated_officers_refresh_token_is_refused(officer) -> None:
    refresh = str(RefreshToken.for_user(officer))
    officer.is_active = False
    officer.save()
    answer = APIClient().post("/api/v1/auth/refresh/", {"refresh": refresh}, format="json")
    assert answer.status_code == 401


# --- 4. The deep health check is for the monitoring system only ------------------------------


def test_f04_deep_health_check_needs_the_monitoring_token(
    settings, monkeypatch, eager_celery
) -> None:
    # the task runs in-process here; tests/common/test_http.py has the real-worker case
    settings.HEALTHZ_DEEP_TOKEN = "monitor-" + secrets.token_hex(8)
    sent: list[int] = []
    from common import views

    real = views._check_worker
    monkeypatch.setattr(views, "_check_worker", lambda: sent.append(1) or real())
    anonymous = APIClient()
    refused = anonymous.get("/healthz?deep=1")
    assert refused.status_code == 403
    assert sent == []
    # the shallow check stays open for the load balancer
    assert anonymous.get("/healthz").status_code == 200
    token = {"HTTP_X_HEALTH_TOKEN": settings.HEALTHZ_DEEP_TOKEN}
    wrong = anonymous.get("/healthz?deep=1", HTTP_X_HEALTH_TOKEN="monitor-guess")
    assert wrong.status_code == 403
    answers = [anonymous.get("/healthz?deep=1", **token) for _ in range(5)]
    assert {a.status_code for a in answers} == {200}
    assert answers[0].json()["checks"]["worker"] == "ok"
    # a burst shares one probe: one task, not five
    assert sent == [1]


def test_f04_health_check_is_throttled_per_address(monkeypatch) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"healthz": "3/min"})
    client = APIClient()
    statuses = [client.get("/healthz").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- 13. JSON endpoints take JSON only -------------------------------------------------------


def test_f13_a_multipart_body_on_a_json_endpoint_is_a_415(team_lead, team, api_client_for) -> None:
    client = api_client_for(team_lead)
    path = f"/api/v1/teams/{team.pk}/swap-policy/"
    before = client.get(path).json()
    response = client.patch(path, {"x": ["garbage", "more"]}, format="multipart")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    form = client.post(
        "/api/v1/signups/", "signups=1", content_type="application/x-www-form-urlencoded"
    )
    assert form.status_code == 415
    assert client.get(path).json() == before


def test_f13_a_json_array_where_an_object_belongs_is_a_400(team_lead, team, api_client_for) -> None:
    client = api_client_for(team_lead)
    path = f"/api/v1/teams/{team.pk}/swap-policy/"
    response = client.generic("PATCH", path, "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert SignUp.objects.count() == 0


# --- Production settings refuse to start without their controls ------------------------------


def _manage_check(extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG"))}
    keep = {k: v for k, v in keep.items() if k not in {"SECRET_KEY", "DATABASE_URL", "CACHE_URL"}}
    keep.pop("TRUSTED_PROXY_COUNT", None)
    keep.pop("CELERY_BROKER_URL", None)
    keep.update(extra_env)
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "check", *args],
        cwd=REPO,
        env=keep,
        capture_output=True,
        text=True,
        check=False,
    )


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


@pytest.mark.parametrize(
    ("leave_out", "named"),
    [
        ("TRUSTED_PROXY_COUNT", "TRUSTED_PROXY_COUNT"),
        ("SECURE_HSTS_SECONDS", "SECURE_HSTS_SECONDS"),
        ("SECURE_SSL_REDIRECT", "SECURE_SSL_REDIRECT"),
        ("CACHE_URL", "CACHE_URL"),
        ("DATABASE_URL", "PostgreSQL"),
        ("CELERY_BROKER_URL", "CELERY_BROKER_URL"),
    ],
)
def test_production_refuses_to_start_without_each_control(leave_out, named) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != leave_out}
    result = _manage_check(env)
    assert result.returncode != 0
    assert "Production settings incomplete" in result.stderr
    assert named in result.stderr


def test_production_with_every_control_passes_the_deploy_check() -> None:
    result = _manage_check(
        {
            **PRODUCTION,
            "ALLOWED_HOSTS": "api.politie.example",
            "SECURE_HSTS_PRELOAD": "1",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- 9. The idempotency store keeps no readable copy ----------------------------------------


def test_f09_the_idempotency_store_holds_neither_the_key_nor_a_readable_body(
    administrator, unit, api_client_for
) -> None:
    from common.models import IdempotencyRecord

    client = api_client_for(administrator)
    secret_name = "Basisteam Geheimhouding"
    body = {"unit": unit.id, "code": "geheim", "name": secret_name}
    first = client.post("/api/v1/teams/", body, format="json", HTTP_IDEMPOTENCY_KEY="client-k-9")
    assert first.status_code == 201
    record = IdempotencyRecord.objects.get()
    assert record.key != "client-k-9"
    assert "client-k-9" not in record.key
    assert secret_name not in record.sealed_body
    assert "geheim" not in record.sealed_body
    # the client that holds the key gets the same answer back
    again = client.post("/api/v1/teams/", body, format="json", HTTP_IDEMPOTENCY_KEY="client-k-9")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


# --- 12. Mistyped input is a 400 ------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 12.5, True, ["text"], {"a": "b"}])
def test_f12_a_number_or_list_for_a_text_field_is_a_400_and_nothing_is_saved(
    value,
    matrix_caller,  # noqa: F811
) -> None:
    from requests_desk.models import RequestComment

    i = matrix_caller.graph.ids
    client = matrix_caller.clients["officer"]
    before = RequestComment.objects.count()
    response = client.post(
        f"/api/v1/requests/{i['request_id']}/comments/", {"body": value}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["body"]
    assert RequestComment.objects.count() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/periods/11046074424974676824231375798272/",
        "/api/v1/teams/9223372036854775808/",
        "/api/v1/periods/0/",
    ],
)
def test_f12_an_id_out_of_range_in_the_path_is_a_404(path, planner, api_client_for) -> None:
    response = api_client_for(planner).get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_f12_the_schema_gives_path_ids_their_range() -> None:
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    params = schema["paths"]["/api/v1/periods/{period_id}/"]["get"]["parameters"]
    period_id = next(p for p in params if p["name"] == "period_id")
    assert period_id["schema"]["minimum"] == 1
    assert period_id["schema"]["maximum"] == 2**63 - 1


# --- 5. The calendar feed: its secret stays out of the logs; strict clients; deactivation ----


def _feed_path(client: APIClient) -> str:
    url = client.post("/api/v1/me/calendar-feed/").json()["url"]
    return "/api/v1" + url.split("/api/v1")[1]


def test_f05_the_feed_token_is_masked_in_the_request_log(officer, api_client_for, caplog) -> None:
    path = _feed_path(api_client_for(officer))
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    with caplog.at_level(logging.INFO, logger="samen.request"):
        assert APIClient().get(path).status_code == 200
        assert APIClient().get(path.replace(token, token[:-2] + "zz")).status_code == 404
    lines = [r.getMessage() + json.dumps(getattr(r, "path", "")) for r in caplog.records]
    assert any("/api/v1/calendar/***.ics" in line for line in lines), lines
    assert not any(token in line for line in lines)
    assert "--access-logfile" not in (REPO / "Procfile").read_text()  # no raw-path log


def test_f05_a_strict_calendar_client_gets_the_feed(officer, api_client_for) -> None:
    path = _feed_path(api_client_for(officer))
    response = APIClient().get(path, HTTP_ACCEPT="text/calendar")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_f05_a_deactivated_officers_feed_stops(officer, api_client_for) -> None:
    path = _feed_path(api_client_for(officer))
    officer.is_active = False
    officer.save()
    assert APIClient().get(path).status_code == 404


# --- 9. Push: signed, HTTPS only, nothing personal in the console log ------------------------


def test_f09_a_webhook_push_is_signed_and_the_receiver_can_check_it(officer, settings) -> None:
    import hashlib
    import hmac
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from notifications.models import Notification
    from notifications.services.delivery import notification_deliver

    received: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.REQUESTS_PUSH_BACKEND = "webhook"
        settings.REQUESTS_PUSH_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/push"
        settings.REQUESTS_PUSH_WEBHOOK_SECRET = "shared-with-the-push-relay"
        note = Notification.objects.create(recipient=officer, kind="t", title="x", urgent=True)
        notification_deliver(notification_id=note.pk)
    finally:
        server.shutdown()
    ((headers, body),) = received
    expected = hmac.new(
        b"shared-with-the-push-relay",
        headers["X-Samen-Timestamp"].encode() + b"." + body,
        hashlib.sha256,
    ).hexdigest()
    assert headers["X-Samen-Signature"] == f"sha256={expected}"


@pytest.mark.parametrize(
    ("url", "secret", "allowed"),
    [
        ("http://push.politie.example/in", "s", False),
        ("ftp://push.politie.example/in", "s", False),
        ("https://push.politie.example/in", "", False),
        ("https://push.politie.example/in", "s", True),
        ("http://127.0.0.1:9000/in", "s", True),
    ],
)
def test_f09_the_webhook_takes_https_and_a_secret(url, secret, allowed) -> None:
    from notifications.push import WebhookPushBackend

    if allowed:
        WebhookPushBackend(url, 1.0, secret)
    else:
        with pytest.raises(ValueError, match="REQUESTS_PUSH_WEBHOOK"):
            WebhookPushBackend(url, 1.0, secret)


def test_f09_the_console_push_log_holds_no_notification_text(officer, settings, caplog) -> None:
    from notifications.models import Notification, NotificationPreference
    from notifications.services.delivery import notification_deliver

    settings.REQUESTS_PUSH_BACKEND = "console"
    # no quiet hours: the push goes now, whatever the time of day the test runs at
    NotificationPreference.objects.create(officer=officer, quiet_start_hour=0, quiet_end_hour=0)
    note = Notification.objects.create(
        recipient=officer, kind="t", title="Anouk Agent is afwezig", body="Tot en met vrijdag"
    )
    with caplog.at_level(logging.DEBUG):
        notification_deliver(notification_id=note.pk)
    text = " ".join(r.getMessage() for r in caplog.records)
    assert f"push notification {note.pk}" in text
    assert "afwezig" not in text
    assert "vrijdag" not in text


# --- Next from an OWASP ASVS level-2 review --------------------------------------------------


def test_asvs_api_answers_carry_a_policy_that_allows_nothing(officer, api_client_for) -> None:
    # V14.4.3: a JSON answer opened in a browser runs and frames nothing
    for path in ("/api/v1/me/", "/api/v1/nothing-here/"):
        response = api_client_for(officer).get(path)
        assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    # the Swagger UI page is not an API answer and keeps working
    assert "Content-Security-Policy" not in APIClient().get("/api/docs/")
