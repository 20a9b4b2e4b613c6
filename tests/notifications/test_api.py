"""The notifications API: list, unread count, mark read, preferences (own rows only)."""

import pytest

from notifications.models import Notification, NotificationPreference
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


def test_notification_list_query_count_and_read_all(
    officer, api_client_for, django_assert_num_queries
) -> None:
    for i in range(5):
        Notification.objects.create(recipient=officer, kind="t", title=f"n{i}")
    client = api_client_for(officer)
    with django_assert_num_queries(3):  # user, count, page
        assert client.get("/api/v1/notifications/", {"unread": "true"}).data["count"] == 5
    assert client.post("/api/v1/notifications/read-all/").data["marked"] == 5


def test_list_shows_the_subject_and_the_legacy_request_field(officer, api_client_for) -> None:
    # given one notification about a desk request and one about something else
    NotificationFactory(
        recipient=officer, subject_kind="request", subject_id=12, subject_url="/api/v1/requests/12/"
    )
    NotificationFactory(
        recipient=officer, subject_kind="swap", subject_id=3, subject_url="/api/v1/swaps/3/"
    )
    # when the officer lists them
    rows = api_client_for(officer).get("/api/v1/notifications/").data["results"]
    # then `request` is set only for the request, and every row names its subject
    by_kind = {r["subject_kind"]: r for r in rows}
    assert by_kind["request"]["request"] == 12
    assert by_kind["request"]["subject_url"] == "/api/v1/requests/12/"
    assert by_kind["swap"]["request"] is None
    assert (by_kind["swap"]["subject_id"], by_kind["swap"]["subject_url"]) == (
        3,
        "/api/v1/swaps/3/",
    )
    assert set(rows[0]) == {
        "id",
        "kind",
        "title",
        "body",
        "request",
        "subject_kind",
        "subject_id",
        "subject_url",
        "urgent",
        "read_at",
        "created_at",
    }


def test_someone_elses_notification_is_not_found_and_stays_unread(
    officer, colleague, api_client_for
) -> None:
    theirs = NotificationFactory(recipient=colleague)
    response = api_client_for(officer).post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    assert api_client_for(officer).get("/api/v1/notifications/").data["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_read_lowers_the_unread_count(officer, api_client_for) -> None:
    mine = NotificationFactory(recipient=officer)
    NotificationFactory(recipient=officer)
    client = api_client_for(officer)
    assert client.get("/api/v1/notifications/unread-count/").data["unread"] == 2
    assert client.post(f"/api/v1/notifications/{mine.pk}/read/").data["marked"] == 1
    assert client.post(f"/api/v1/notifications/{mine.pk}/read/").data["marked"] == 0
    assert client.get("/api/v1/notifications/unread-count/").data["unread"] == 1
    assert client.get("/api/v1/notifications/", {"unread": "false"}).data["count"] == 1
    assert client.get("/api/v1/notifications/", {"unread": "x"}).status_code == 400


def test_preferences_400_names_the_field_and_saves_nothing(officer, api_client_for) -> None:
    response = api_client_for(officer).put(
        "/api/v1/notifications/preferences/",
        {"email": 1, "push": True, "quiet_start_hour": 24, "quiet_end_hour": 6},
        format="json",
    )
    assert response.status_code == 400
    assert {"email", "quiet_start_hour"} <= set(response.data["fields"])
    assert not NotificationPreference.objects.exists()
    assert not Notification.objects.exists()
