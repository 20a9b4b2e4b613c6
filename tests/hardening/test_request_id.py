"""Request ids and structured logs: every response says X-Request-ID; every log line written
while handling the request carries the same id (common.middleware, common.logging)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest

from common.logging import JsonFormatter, RequestIdFilter, request_id_var


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Capture the root logger as the production handler does: JSON with the request id."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    request_logger = logging.getLogger("samen.request")
    old_level = request_logger.level
    request_logger.setLevel(logging.INFO)
    yield stream
    request_logger.setLevel(old_level)
    root.removeHandler(handler)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/v1/me/", 200), ("/healthz", 200), ("/api/v1/nothing/", 404)],
)
def test_every_response_carries_a_new_request_id(
    officer: Any, api_client_for: Any, path: str, status: int
) -> None:
    response = api_client_for(officer).get(path)
    assert response.status_code == status
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_a_refused_body_too_large_also_has_an_id(officer: Any, api_client_for: Any) -> None:
    client = api_client_for(officer)
    response = client.post(
        "/api/v1/signups/", "x", content_type="application/json", CONTENT_LENGTH="99999999"
    )
    assert response.status_code == 413
    assert response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("app-7f3a.42", True),
        ("x" * 65, False),
        ("bad id with spaces", False),
        ("<script>", False),
    ],
)
def test_a_callers_request_id_is_echoed_only_when_it_is_a_sane_token(
    officer: Any, api_client_for: Any, sent: str, kept: bool
) -> None:
    response = api_client_for(officer).get("/api/v1/me/", HTTP_X_REQUEST_ID=sent)
    assert (response["X-Request-ID"] == sent) is kept


@pytest.mark.django_db
def test_the_log_lines_of_a_request_are_json_with_its_request_id(
    officer: Any, api_client_for: Any, json_log: io.StringIO
) -> None:
    # when: a request is handled
    response = api_client_for(officer).get("/api/v1/me/", HTTP_X_REQUEST_ID="trace-123")
    # then: its access line is one JSON object with the id, route, status, user and duration
    lines = [json.loads(line) for line in json_log.getvalue().splitlines() if line.strip()]
    mine = [entry for entry in lines if entry["logger"] == "samen.request"]
    assert response["X-Request-ID"] == "trace-123"
    assert len(mine) == 1
    entry = mine[0]
    assert entry["request_id"] == "trace-123"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/api/v1/me/", 200)
    assert entry["user"] == officer.pk
    assert entry["duration_ms"] >= 0
    # and: every line written during the request has the same id
    assert {e["request_id"] for e in lines} == {"trace-123"}
    # and: outside a request the id is "-"
    assert request_id_var.get() == "-"


def test_the_json_formatter_keeps_extras_and_exceptions() -> None:
    token = request_id_var.set("abc")
    try:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom %s", ("now",), None)
        try:
            raise ValueError("inner")
        except ValueError:
            import sys

            record.exc_info = sys.exc_info()
        record.job = 7
        RequestIdFilter().filter(record)
        entry = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert entry["message"] == "boom now"
    assert entry["request_id"] == "abc"
    assert entry["job"] == 7
    assert "ValueError: inner" in entry["exc"]
