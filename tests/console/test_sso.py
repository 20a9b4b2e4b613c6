"""The console's single sign-on through the browser redirect flow, against the real test
provider (tests/oidc_provider): state, nonce and PKCE; the session it opens; its refusals."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from console.views.sso import PENDING_KEY
from organisation.models import Officer
from tests.console.browser import browser
from tests.oidc_provider.fixtures import CONSOLE_CLIENT, EMPLOYEE_NUMBER, PASSWORD, Provider

__all__ = ["browser"]

pytestmark = pytest.mark.django_db

LOGIN = "/console/login/"
START = "/console/login/oidc/"
CALLBACK = "/console/login/oidc/callback/"


@pytest.fixture
def lead(team_lead: Officer) -> Officer:
    """A team lead (console access) whom the provider's user `a.agent` is."""
    team_lead.employee_number = EMPLOYEE_NUMBER
    team_lead.save(update_fields=["employee_number"])
    return team_lead


def start(client: Client, query: str = "") -> tuple[str, dict[str, str]]:
    response = client.get(START + query)
    assert response.status_code == 302
    location = response["Location"]
    return location, {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_the_login_page_offers_single_sign_on_and_the_password_form(sso: Provider) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(LOGIN).content.decode()
    assert 'id="login-sso"' in page
    assert "Log in with Test IdP" in page
    assert 'id="login-submit"' in page


def test_the_login_page_without_single_sign_on_has_only_the_form() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(LOGIN).content.decode()
    assert 'id="login-sso"' not in page
    assert 'id="login-submit"' in page


def test_start_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(
    sso: Provider,
) -> None:
    client = Client()
    location, query = start(client)

    assert location.startswith(sso.issuer + "/authorize/?")
    pending = client.session[PENDING_KEY]
    assert query["client_id"] == CONSOLE_CLIENT
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == "http://testserver" + CALLBACK
    assert query["state"] == pending["state"]
    assert query["nonce"] == pending["nonce"]
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] != pending["code_verifier"]  # the verifier stays here
    assert "openid" in query["scope"].split()


def test_the_officer_signs_in_at_the_provider_and_lands_in_the_console(
    sso: Provider, lead: Officer
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    location, _query = start(client, "?next=/console/approvals/")

    answer = sso.sign_in(location, username="a.agent")
    response = client.get(CALLBACK, answer)

    assert response.status_code == 302
    assert response["Location"] == "/console/approvals/"
    assert client.session["_auth_user_id"] == str(lead.pk)
    assert PENDING_KEY not in client.session
    assert client.get("/console/").status_code == 200


def test_next_pointing_elsewhere_is_dropped(sso: Provider, lead: Officer) -> None:
    client = Client()
    location, _query = start(client, "?next=https://evil.example/")

    response = client.get(CALLBACK, sso.sign_in(location, username="a.agent"))

    assert response.status_code == 302
    assert response["Location"] == "/console/"


def test_a_callback_with_another_state_logs_nobody_in(sso: Provider, lead: Officer) -> None:
    client = Client()
    location, _query = start(client)
    answer = sso.sign_in(location, username="a.agent")

    response = client.get(CALLBACK, {**answer, "state": "forged"})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    # the pending sign-in is spent: the right state no longer works either
    assert client.get(CALLBACK, answer).status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_callback_in_another_browser_logs_nobody_in(sso: Provider, lead: Officer) -> None:
    location, _query = start(Client())
    answer = sso.sign_in(location, username="a.agent")
    other = Client()

    response = other.get(CALLBACK, answer)

    assert response.status_code == 400
    assert "_auth_user_id" not in other.session


def test_an_unknown_officer_gets_the_login_page_with_a_403(sso: Provider, lead: Officer) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    location, _query = start(client)

    response = client.get(CALLBACK, sso.sign_in(location, username="stranger"))

    assert response.status_code == 403
    assert "oidc_officer_unknown" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_provider_saying_no_is_a_401(sso: Provider) -> None:
    client = Client()
    _location, query = start(client)

    response = client.get(CALLBACK, {"error": "access_denied", "state": query["state"]})

    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def test_start_while_single_sign_on_is_off_is_404() -> None:
    response = Client().get(START)
    assert response.status_code == 404


def test_password_login_switched_off(sso: Provider, lead: Officer, settings: Any) -> None:
    settings.PASSWORD_LOGIN_ENABLED = False
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    page = client.get(LOGIN).content.decode()
    refused = client.post(LOGIN, {"username": lead.username, "password": "correct-horse-battery"})

    assert 'id="login-submit"' not in page
    assert 'id="login-sso"' in page
    assert refused.status_code == 403
    assert "password_login_disabled" in refused.content.decode()
    assert "_auth_user_id" not in client.session


# --- in a real browser -----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_officer_signs_in_with_single_sign_on(
    browser: Any, live_server: Any, sso: Provider, lead: Officer
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    base = live_server.url.replace("localhost", "127.0.0.1")  # loopback: any port (RFC 8252)
    wait = WebDriverWait(driver, 60)
    driver.get(base + "/console/approvals/")
    wait.until(ec.element_to_be_clickable((By.ID, "login-sso"))).click()

    wait.until(ec.presence_of_element_located((By.ID, "idp-login")))
    assert driver.current_url.startswith(sso.url)
    driver.find_element(By.NAME, "username").send_keys("a.agent")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "idp-login").click()

    wait.until(lambda d: not d.current_url.startswith(sso.url))
    assert driver.current_url == base + "/console/approvals/", driver.page_source[:2000]
