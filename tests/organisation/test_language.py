"""An officer's language preference: set at login from Accept-Language, read and changed in
`me`, and outranking Accept-Language in every response once set."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from organisation.languages import language_from_header
from organisation.models import Officer

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
PASSWORD = "correct-horse-battery"


def _login(username: str, accept_language: str | None) -> APIClient:
    client = APIClient()
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.post(
        TOKEN, {"username": username, "password": PASSWORD}, format="json", **headers
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    return client


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("nl-NL", "nl"),
        ("de-DE,en;q=0.5", "en"),
        ("fr, de", None),
        ("*", None),
        ("", None),
        (None, None),
    ],
)
def test_language_from_header_takes_the_first_language_we_speak(header, expected) -> None:
    assert language_from_header(header) == expected


def test_first_login_stores_the_accept_language_as_preference(officer: Officer) -> None:
    # given: an officer without a preference
    assert officer.language == ""
    # when: he logs in from an English phone
    _login(officer.username, "en-GB,en;q=0.9")
    # then: English is his preference, and me says so (even asked in Dutch)
    officer.refresh_from_db()
    assert officer.language == "en"
    me = _login(officer.username, "nl").get(ME, HTTP_ACCEPT_LANGUAGE="nl")
    assert me.data["language_preference"] == "en"
    assert me.data["language"] == "en"
    assert me["Content-Language"] == "en"


def test_a_later_login_does_not_overwrite_the_preference(officer: Officer) -> None:
    officer.language = "nl"
    officer.save(update_fields=["language"])
    _login(officer.username, "en")
    officer.refresh_from_db()
    assert officer.language == "nl"


def test_login_without_a_language_we_speak_leaves_it_unset(officer: Officer) -> None:
    _login(officer.username, "fr-FR")
    _login(officer.username, None)
    officer.refresh_from_db()
    assert officer.language == ""
    me = APIClient()
    me.force_authenticate(officer)
    assert me.get(ME, HTTP_ACCEPT_LANGUAGE="en").data["language_preference"] is None


def test_console_login_stores_the_accept_language_as_preference(officer: Officer) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/console/login/", {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.language == "en"


def test_patch_me_sets_the_preference_and_answers_in_it(officer: Officer, api_client_for):
    client = api_client_for(officer)
    # when: a Dutch-speaking phone switches the app to English
    response = client.patch(ME, {"language": "en"}, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    # then: stored, and this very answer is in English
    assert response.status_code == 200
    assert response.data["language_preference"] == "en"
    assert response.data["language"] == "en"
    assert response["Content-Language"] == "en"
    officer.refresh_from_db()
    assert officer.language == "en"
    # and later answers are in English although the phone keeps asking for Dutch
    me = client.get(ME, HTTP_ACCEPT_LANGUAGE="nl")
    assert me.data["roles"][0]["label"] == "Officer"
    # and errors too
    bad = client.patch(ME, {"language": "de"}, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    assert bad.status_code == 400
    assert "valid choice" in bad.data["fields"]["language"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"language": "de"}, "language"),
        ({"language": ""}, "language"),
        ({"language": None}, "language"),
        ({"language": 1}, "language"),
        ({"language": "en", "name": "x"}, "name"),
    ],
)
def test_patch_me_refuses_bad_input_naming_the_field(officer: Officer, api_client_for, body, field):
    officer.language = "nl"
    officer.save(update_fields=["language"])
    response = api_client_for(officer).patch(ME, body, format="json")
    assert response.status_code == 400
    assert field in response.data["fields"]
    officer.refresh_from_db()
    assert officer.language == "nl"  # nothing saved


def test_patch_me_without_a_field_changes_nothing(officer: Officer, api_client_for) -> None:
    response = api_client_for(officer).patch(ME, {}, format="json")
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.language == ""


def test_patch_me_changes_only_the_callers_own_preference(
    officer: Officer, colleague: Officer, api_client_for
) -> None:
    api_client_for(officer).patch(ME, {"language": "en"}, format="json")
    colleague.refresh_from_db()
    assert colleague.language == ""
    assert APIClient().patch(ME, {"language": "en"}, format="json").status_code == 401


def test_without_preference_accept_language_decides(officer: Officer, api_client_for) -> None:
    client = api_client_for(officer)
    assert client.get(ME, HTTP_ACCEPT_LANGUAGE="en").data["language"] == "en"
    assert client.get(ME, HTTP_ACCEPT_LANGUAGE="nl").data["language"] == "nl"
    assert client.get(ME).data["language"] == "nl"  # the site's default


def test_console_speaks_the_preference_over_the_browser(officer: Officer, team_lead) -> None:
    team_lead.language = "en"
    team_lead.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(team_lead)
    response = client.get("/console/")
    assert response["Content-Language"] == "en"
