import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from common.errors import ERROR_CODES

pytestmark = pytest.mark.django_db


def test_etag_and_304(officer, api_client_for) -> None:
    client = api_client_for(officer)
    first = client.get("/api/v1/me/")
    etag = first["ETag"]
    assert etag
    assert "Authorization" in first["Vary"]
    again = client.get("/api/v1/me/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_when_the_data_changes(officer, api_client_for) -> None:
    client = api_client_for(officer)
    etag = client.get("/api/v1/me/")["ETag"]
    officer.first_name = "Other"
    officer.save()
    assert client.get("/api/v1/me/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_healthz_reports_database_and_broker(settings) -> None:
    response = APIClient().get("/healthz")
    assert response.status_code == 200
    assert response.data["checks"]["database"] == "ok"
    expected = "ok" if settings.CELERY_BROKER_URL else "not_configured"
    assert response.data["checks"]["broker"] == expected


def test_healthz_deep_runs_a_task_eagerly_without_broker(settings) -> None:
    if settings.CELERY_BROKER_URL:
        pytest.skip("covered by the broker test")
    settings.HEALTHZ_DEEP_TOKEN = "monitoring-token"
    response = APIClient().get("/healthz?deep=1", HTTP_X_HEALTH_TOKEN="monitoring-token")
    assert response.data["checks"]["worker"] == "ok"


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_healthz_deep_is_answered_by_a_real_worker(celery_worker_process, settings) -> None:
    settings.HEALTHZ_DEEP_TOKEN = "monitoring-token"
    response = APIClient().get("/healthz?deep=1", HTTP_X_HEALTH_TOKEN="monitoring-token")
    assert response.status_code == 200, response.data
    assert response.data["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}


def test_openapi_schema_is_valid_and_lists_every_error_code() -> None:
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    codes = schema["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
    assert set(codes) == set(ERROR_CODES)
    me = schema["paths"]["/api/v1/me/"]["get"]["responses"]
    assert {"200", "401", "403", "429"} <= set(me)


def test_docs_page_is_served() -> None:
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
    assert b"cdn.jsdelivr" not in response.content  # served locally: works offline


def test_healthz_rejects_a_bad_deep_flag() -> None:
    response = APIClient().get("/healthz?deep=maybe")
    assert response.status_code == 400
    assert "deep" in response.data["fields"]
