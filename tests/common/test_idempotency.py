import threading

import pytest
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from common.models import IdempotencyRecord
from organisation.models import Team

URL = "/api/v1/teams/"


def body(unit, code="noord"):
    return {"unit": unit.id, "code": code, "name": "Basisteam Noord"}


@pytest.mark.django_db
def test_replayed_post_returns_the_same_response_and_creates_one_row(
    administrator, unit, api_client_for
) -> None:
    client = api_client_for(administrator)
    first = client.post(URL, body(unit), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = client.post(URL, body(unit), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Team.objects.filter(code="noord").count() == 1


@pytest.mark.django_db
def test_same_key_with_another_body_is_422(administrator, unit, api_client_for) -> None:
    client = api_client_for(administrator)
    client.post(URL, body(unit), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    other = client.post(URL, body(unit, "west"), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 422
    assert other.data["code"] == "idempotency_key_reused"
    assert not Team.objects.filter(code="west").exists()


@pytest.mark.django_db
def test_keys_are_per_user(administrator, unit_manager, unit, api_client_for) -> None:
    api_client_for(administrator).post(URL, body(unit), format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = api_client_for(unit_manager).post(
        URL, body(unit, "west"), format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert other.status_code == 201


@pytest.mark.django_db
def test_failed_request_releases_the_key(administrator, unit, api_client_for) -> None:
    client = api_client_for(administrator)
    bad = client.post(URL, {"unit": unit.id}, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert bad.status_code == 400
    assert not IdempotencyRecord.objects.filter(key="k-3").exists()
    good = client.post(URL, body(unit), format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    assert good.status_code == 201


@pytest.mark.django_db
def test_without_key_each_post_acts(administrator, unit, api_client_for) -> None:
    client = api_client_for(administrator)
    client.post(URL, body(unit, "a1"), format="json")
    client.post(URL, body(unit, "a2"), format="json")
    assert Team.objects.filter(code__in=["a1", "a2"]).count() == 2
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_overlong_key_is_400_naming_the_header(administrator, unit, api_client_for) -> None:
    response = api_client_for(administrator).post(
        URL, body(unit), format="json", HTTP_IDEMPOTENCY_KEY="k" * 300
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.data["fields"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_with_one_key_create_one_row(administrator, unit) -> None:
    from rest_framework.test import APIClient

    token = str(RefreshToken.for_user(administrator).access_token)
    barrier = threading.Barrier(2)
    results: list[tuple[int, dict]] = []

    def post() -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        barrier.wait()
        try:
            r = client.post(URL, body(unit), format="json", HTTP_IDEMPOTENCY_KEY="race")
            results.append((r.status_code, r.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [status for status, _ in results] == [201, 201]
    assert results[0][1] == results[1][1]
    assert Team.objects.filter(code="noord").count() == 1
