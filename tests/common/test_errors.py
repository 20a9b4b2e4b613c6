import logging

import pytest
from rest_framework.test import APIClient

from common.api import exception_handler
from common.errors import ERROR_CODES, Conflict, RuleViolation
from organisation.models import Team

pytestmark = pytest.mark.django_db


def test_malformed_json_is_400_not_500(administrator, api_client_for) -> None:
    response = api_client_for(administrator).post(
        "/api/v1/teams/", data='{"unit": 1, "code":', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.data["code"] == "malformed_request"


def test_wrong_types_name_the_field(administrator, api_client_for) -> None:
    response = api_client_for(administrator).post(
        "/api/v1/teams/", {"unit": "not-a-number", "code": ["a"], "name": {"x": 1}}, format="json"
    )
    assert response.status_code == 400
    assert {"unit", "code", "name"} <= set(response.data["fields"])


def test_json_array_body_is_400(administrator, api_client_for) -> None:
    response = api_client_for(administrator).post("/api/v1/teams/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.data["code"] == "invalid"


def test_oversized_body_is_413(administrator, api_client_for, settings) -> None:
    settings.MAX_REQUEST_BODY_BYTES = 1000
    body = '{"name": "' + "x" * 2000 + '"}'
    response = api_client_for(administrator).post(
        "/api/v1/teams/", data=body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Team.objects.exists()


def test_unsupported_media_type_and_method(administrator, api_client_for) -> None:
    client = api_client_for(administrator)
    xml = client.post("/api/v1/teams/", data="<x/>", content_type="application/xml")
    assert xml.status_code == 415
    assert xml.data["code"] == "unsupported_media_type"
    delete = client.delete("/api/v1/teams/")
    assert delete.status_code == 405
    assert delete.data["code"] == "method_not_allowed"


def test_unknown_url_under_api_is_404(officer, api_client_for) -> None:
    assert api_client_for(officer).get("/api/v1/officers/999999/").status_code == 404


def test_domain_errors_render_code_detail_fields_and_extra() -> None:
    rule = exception_handler(RuleViolation(extra={"rule": "atw.daily_rest"}), {})
    assert rule.status_code == 422
    assert rule.data["code"] == "rule_violation"
    assert rule.data["extra"] == {"rule": "atw.daily_rest"}
    assert rule.data["fields"] == {}
    conflict = exception_handler(Conflict(), {})
    assert conflict.status_code == 409


def test_unexpected_error_is_a_logged_500(caplog) -> None:
    with caplog.at_level(logging.ERROR):
        response = exception_handler(RuntimeError("boom"), {"view": None})
    assert response.status_code == 500
    assert response.data["code"] == "server_error"
    assert "boom" not in response.data["detail"]
    assert any("Unhandled" in r.message for r in caplog.records)


def test_every_registered_code_has_a_status() -> None:
    for code, (status, _text) in ERROR_CODES.items():
        assert code == code.lower()
        assert 400 <= status <= 599


def test_error_detail_is_translated(api_client_for) -> None:
    en = APIClient().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").data["detail"]
    nl = APIClient().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="nl").data["detail"]
    assert en != nl


def test_nul_in_query_or_body_is_400_not_500(administrator, unit, api_client_for) -> None:
    client = api_client_for(administrator)
    query = client.get("/api/v1/officers/?q=a%00b")
    assert query.status_code == 400
    assert "q" in query.json()["fields"]
    body = client.post(
        "/api/v1/teams/",
        data='{"unit": UNIT, "code": "x", "name": "a\\u0000b"}'.replace("UNIT", str(unit.id)),
        content_type="application/json",
    )
    assert body.status_code == 400
    assert not Team.objects.filter(code="x").exists()
