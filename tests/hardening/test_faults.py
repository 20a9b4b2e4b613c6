"""Faults: the database restarting, the broker down. What happened is in docs/operations.md."""

from __future__ import annotations

import pytest
from django.db import connection, connections


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_connection_lost_gives_503_then_recovers(officer, api_client_for) -> None:
    client = api_client_for(officer)
    assert client.get("/api/v1/me/").status_code == 200

    # given: the server side of our connection dies (as in a database restart)
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()

    # when/then: the request in flight fails cleanly with a retryable 503
    failed = client.get("/api/v1/me/")
    assert failed.status_code == 503
    assert failed.json()["code"] == "service_unavailable"
    assert failed["Retry-After"] == "5"

    # and: at the end of the request Django drops the broken connection; the next one works
    connection.close_if_unusable_or_obsolete()
    assert client.get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_broker_down_reads_and_writes_still_work_and_health_says_so(
    administrator, unit, api_client_for, settings
) -> None:
    # given: a broker URL where nothing listens
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    client = api_client_for(administrator)
    # then: reads and writes that need no task work
    assert client.get("/api/v1/me/").status_code == 200
    created = client.post(
        "/api/v1/teams/", {"unit": unit.id, "code": "west", "name": "West"}, format="json"
    )
    assert created.status_code == 201
    # and: the health check reports the broker as the problem
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["database"] == "ok"
    assert health.json()["checks"]["broker"].startswith("error")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_down_for_a_while_gives_503_on_every_request_then_recovers(
    officer, api_client_for
) -> None:
    # given: a working client
    client = api_client_for(officer)
    assert client.get("/api/v1/me/").status_code == 200
    conn = connections["default"]
    saved = (conn.settings_dict["HOST"], conn.settings_dict["PORT"])
    try:
        # when: the database refuses connections (stopped, restarting, failing over)
        conn.close()
        conn.settings_dict["HOST"], conn.settings_dict["PORT"] = "127.0.0.1", "1"
        answers = [
            client.get("/api/v1/me/"),
            client.post("/api/v1/signups/", {"signups": []}, format="json"),
            client.get("/healthz"),
        ]
        conn.close()
    finally:
        conn.settings_dict["HOST"], conn.settings_dict["PORT"] = saved
    # then: every request fails cleanly and says so — never a 500
    assert [a.status_code for a in answers] == [503, 503, 503]
    assert answers[0].json()["code"] == "service_unavailable"
    assert answers[0]["X-Request-ID"]
    assert answers[2].json()["checks"]["database"].startswith("error")
    # and: once it is back, the next request works without a restart of the app
    assert client.get("/api/v1/me/").status_code == 200
