"""Delivery: e-mail and push once each, quiet hours, preferences, the Celery task."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification, NotificationKind, NotificationPreference
from notifications.services.delivery import notification_deliver
from notifications.services.notify import Subject, notify_on_commit
from notifications.tasks import deliver_notification, deliver_notification_legacy_name
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/push", received
    server.shutdown()


def _noon(monkeypatch, hour: int) -> None:
    moment = timezone.localtime().replace(hour=hour, minute=0)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_webhook_push_backend_posts_json_and_respects_quiet_hours(
    officer, settings, webhook, monkeypatch
) -> None:
    url, received = webhook
    settings.REQUESTS_PUSH_BACKEND = "webhook"
    settings.REQUESTS_PUSH_WEBHOOK_URL = url
    settings.REQUESTS_PUSH_WEBHOOK_SECRET = "webhook-test-secret"
    _noon(monkeypatch, 12)
    day = Notification.objects.create(recipient=officer, kind="t", title="Dag")
    notification_deliver(notification_id=day.pk)
    notification_deliver(notification_id=day.pk)  # idempotent
    # the webhook relays to phones too: a neutral title and the id, never the text
    assert received == [
        {
            "id": day.pk,
            "recipient": officer.pk,
            "title": "Nieuw bericht in Samenroosteren",
            "body": "",
            "urgent": False,
        }
    ]
    _noon(monkeypatch, 23)
    night = Notification.objects.create(recipient=officer, kind="t", title="Nacht")
    urgent = Notification.objects.create(recipient=officer, kind="t", title="Spoed", urgent=True)
    notification_deliver(notification_id=night.pk)
    notification_deliver(notification_id=urgent.pk)
    assert [(r["id"], r["title"]) for r in received] == [
        (day.pk, "Nieuw bericht in Samenroosteren"),
        (urgent.pk, "Dringend bericht in Samenroosteren"),
    ]
    night.refresh_from_db()
    assert night.pushed_at is None  # held until the quiet hours end (tests/notifications/test_push)
    assert night.push_due_at is not None
    assert night.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["Dag", "Nacht", "Spoed"]
    assert mail.outbox[0].to == [officer.email]


def test_preferences_turn_push_off(officer, api_client_for, settings, webhook) -> None:
    url, received = webhook
    settings.REQUESTS_PUSH_BACKEND = "webhook"
    settings.REQUESTS_PUSH_WEBHOOK_URL = url
    settings.REQUESTS_PUSH_WEBHOOK_SECRET = "webhook-test-secret"
    response = api_client_for(officer).put(
        "/api/v1/notifications/preferences/",
        {"email": False, "push": False, "quiet_start_hour": 22, "quiet_end_hour": 6},
        format="json",
    )
    assert response.status_code == 200
    assert NotificationPreference.objects.get(officer=officer).quiet_start_hour == 22
    n = Notification.objects.create(recipient=officer, kind="t", title="x", urgent=True)
    notification_deliver(notification_id=n.pk)
    assert received == []


def test_notify_on_commit_stores_and_delivers_only_after_the_commit(
    officer, colleague, django_capture_on_commit_callbacks, eager_celery
) -> None:
    # given a notification queued inside a transaction
    with django_capture_on_commit_callbacks(execute=True):
        notify_on_commit(
            recipient_ids=[colleague.pk, officer.pk, officer.pk],
            kind=NotificationKind.ROSTER_PUBLISHED,
            title="Rooster",
            subject=Subject(kind="period", id=7, url="/api/v1/periods/7/"),
        )
        # then nothing is stored before the commit
        assert not Notification.objects.exists()
    # then each recipient gets one, with the subject reference, e-mailed by the task
    rows = Notification.objects.order_by("recipient_id")
    assert [n.recipient_id for n in rows] == sorted([officer.pk, colleague.pk])
    assert {(n.subject_kind, n.subject_id, n.subject_url) for n in rows} == {
        ("period", 7, "/api/v1/periods/7/")
    }
    assert all(n.emailed_at is not None for n in rows)


def test_notify_on_commit_with_nobody_to_tell_queues_nothing(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify_on_commit(recipient_ids=[], kind=NotificationKind.ROSTER_CHANGED, title="x")
    assert callbacks == []


def test_delivery_task_keeps_its_former_name_for_queued_messages(officer, eager_celery) -> None:
    # given a notification and the task under its new and its former (desk) name
    n = NotificationFactory(recipient=officer)
    assert deliver_notification.name == "notifications.tasks.deliver_notification"
    assert deliver_notification_legacy_name.name == "requests_desk.tasks.deliver_notification"
    # when a message queued before the move runs
    deliver_notification_legacy_name.delay(n.pk)
    # then it is delivered, once
    deliver_notification.delay(n.pk)
    n.refresh_from_db()
    assert n.emailed_at is not None
    assert [m.subject for m in mail.outbox] == [n.title]


def test_deliver_a_missing_notification_does_nothing() -> None:
    assert notification_deliver(notification_id=999_999) is None
