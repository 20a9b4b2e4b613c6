import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})


def test_user_is_throttled_per_user_with_retry_after(
    low_rates, officer, colleague, api_client_for
) -> None:
    client = api_client_for(officer)
    statuses = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    last = client.get("/api/v1/me/")
    assert last.data["code"] == "throttled"
    assert int(last["Retry-After"]) > 0
    # another user has his own budget
    assert api_client_for(colleague).get("/api/v1/me/").status_code == 200


def test_anonymous_login_is_throttled_per_address(low_rates) -> None:
    client = APIClient()
    statuses = [
        client.post("/api/v1/auth/token/", {"username": "x"}, format="json").status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
