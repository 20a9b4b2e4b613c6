import pytest
from rest_framework.test import APIClient

from organisation.models import Officer

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/refresh/"
LOGOUT = "/api/v1/auth/logout/"
PASSWORD = "correct-horse-battery"


def login(client: APIClient, username: str, password: str = PASSWORD):
    return client.post(TOKEN, {"username": username, "password": password}, format="json")


def test_login_returns_tokens_that_open_me(officer: Officer) -> None:
    client = APIClient()
    response = login(client, officer.username)
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.data["username"] == officer.username


def test_login_without_password_names_the_field(officer: Officer) -> None:
    response = APIClient().post(TOKEN, {"username": officer.username}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert "password" in response.data["fields"]


def test_wrong_password_is_401(officer: Officer) -> None:
    response = login(APIClient(), officer.username, "wrong-password")
    assert response.status_code == 401
    assert response.data["code"] == "authentication_failed"


def test_login_locks_after_repeated_failures_even_with_right_password(
    officer: Officer, settings
) -> None:
    client = APIClient()
    statuses = [
        login(client, officer.username, "wrong-password").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [401] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429  # the failure that reaches the limit locks at once
    locked = login(client, officer.username)
    assert locked.status_code == 429
    assert locked.data["code"] == "account_locked"


def test_refresh_rotates_and_blacklists_the_old_token(officer: Officer) -> None:
    client = APIClient()
    first = login(client, officer.username).data
    rotated = client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert rotated.data["refresh"] != first["refresh"]
    replay = client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert replay.status_code == 401
    assert replay.data["code"] == "token_not_valid"
    again = client.post(REFRESH, {"refresh": rotated.data["refresh"]}, format="json")
    assert again.status_code == 200


def test_logout_blacklists_the_refresh_token(officer: Officer) -> None:
    client = APIClient()
    tokens = login(client, officer.username).data
    assert client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json").status_code == 204
    after = client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert after.status_code == 401


def test_logout_with_missing_or_bogus_token_is_rejected() -> None:
    client = APIClient()
    missing = client.post(LOGOUT, {}, format="json")
    assert missing.status_code == 400
    assert "refresh" in missing.data["fields"]
    bogus = client.post(LOGOUT, {"refresh": "not-a-token"}, format="json")
    assert bogus.status_code == 401


def test_garbage_bearer_token_is_401_with_code() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer nonsense")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.data["code"] == "token_not_valid"


def test_anonymous_me_is_401() -> None:
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"
