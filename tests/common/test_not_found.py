import pytest
from rest_framework.test import APIClient


@pytest.mark.django_db
def test_unrouted_url_is_a_json_404(settings) -> None:
    settings.DEBUG = False
    response = APIClient().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
