import pytest
from rest_framework.test import APIClient


@pytest.mark.django_db
def test_unrouted_url_is_a_json_404(settings) -> None:
    settings.DEBUG = False
    response = APIClient().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_unrouted_url_is_a_json_404_with_debug_on_or_off(settings, debug) -> None:
    settings.DEBUG = debug
    response = APIClient().get(
        "/api/v1/no-such-thing/", HTTP_X_REQUEST_ID="probe-1", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}
    assert response["X-Request-ID"] == "probe-1"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_path_without_its_slash_is_a_json_404_not_a_redirect(settings, debug) -> None:
    # Django would redirect a GET (the schema documents no 301) and, with DEBUG on, raise on
    # a POST; an API client gets the error format instead.
    settings.DEBUG = debug
    client = APIClient(raise_request_exception=False)
    for response in (client.get("/api/v1/me"), client.post("/api/v1/auth/token", {})):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_the_console_still_gets_the_slash_redirect() -> None:
    response = APIClient().get("/console")
    assert response.status_code == 301
    assert response["Location"] == "/console/"


@pytest.mark.django_db
def test_a_server_error_page_under_api_becomes_the_json_error(settings, monkeypatch) -> None:
    # DEBUG on: Django renders its HTML traceback page for an exception outside DRF.
    settings.DEBUG = True
    from organisation.api import views

    def boom(*args, **kwargs):
        raise RuntimeError("outside DRF's handler")

    monkeypatch.setattr(views.MeApi, "dispatch", boom)
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "detail": "Er is een onverwachte fout opgetreden.",
        "fields": {},
    }


@pytest.mark.django_db
def test_a_wrong_method_on_the_docs_page_is_a_json_405() -> None:
    response = APIClient().post("/api/docs/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_the_schema_is_json_by_default_and_yaml_on_request() -> None:
    as_json = APIClient().get("/api/schema/")
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json()["openapi"].startswith("3.")
    as_yaml = APIClient().get("/api/schema/?format=yaml")
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert as_yaml.content.startswith(b"openapi:")
