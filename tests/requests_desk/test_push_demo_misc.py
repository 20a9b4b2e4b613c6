import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Notification, NotificationPreference
from requests_desk.models import Request
from requests_desk.services.notifications import notification_deliver
from tests.requests_desk.test_workflow import CLAIM, _act, _file

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
    _noon(monkeypatch, 12)
    day = Notification.objects.create(recipient=officer, kind="t", title="Dag")
    notification_deliver(notification_id=day.pk)
    notification_deliver(notification_id=day.pk)  # idempotent
    assert [r["title"] for r in received] == ["Dag"]
    _noon(monkeypatch, 23)
    night = Notification.objects.create(recipient=officer, kind="t", title="Nacht")
    urgent = Notification.objects.create(recipient=officer, kind="t", title="Spoed", urgent=True)
    notification_deliver(notification_id=night.pk)
    notification_deliver(notification_id=urgent.pk)
    assert [r["title"] for r in received] == ["Dag", "Spoed"]
    night.refresh_from_db()
    assert night.pushed_at is None
    assert night.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["Dag", "Nacht", "Spoed"]
    assert mail.outbox[0].to == [officer.email]


def test_preferences_turn_push_off(officer, api_client_for, settings, webhook) -> None:
    url, received = webhook
    settings.REQUESTS_PUSH_BACKEND = "webhook"
    settings.REQUESTS_PUSH_WEBHOOK_URL = url
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


def test_notification_list_query_count_and_read_all(
    officer, api_client_for, django_assert_num_queries
) -> None:
    for i in range(5):
        Notification.objects.create(recipient=officer, kind="t", title=f"n{i}")
    client = api_client_for(officer)
    with django_assert_num_queries(3):  # user, count, page
        assert client.get("/api/v1/notifications/", {"unread": "true"}).data["count"] == 5
    assert client.post("/api/v1/notifications/read-all/").data["marked"] == 5


def test_desk_queue_query_count_is_pinned(
    catalogue, officer, facilities_staff, api_client_for, django_assert_num_queries
) -> None:
    for site in (1, 2, 3):
        _file(api_client_for(officer), "locker", {"site": site})
    desk = api_client_for(facilities_staff)
    with django_assert_num_queries(5):  # user, scope (roles, teams), count, page
        assert desk.get("/api/v1/inbox/desk/").data["count"] == 3


def test_request_edit_only_by_requester_while_draft_with_valid_form(
    catalogue, officer, team_lead, api_client_for
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 100}, submit=False).data["id"]
    bad = me.patch(f"/api/v1/requests/{rid}/", {"form_data": {"amount": -1}}, format="json")
    assert bad.status_code == 400
    assert {"amount", "route"} <= set(bad.data["fields"]["form_data"])
    assert Request.objects.get(pk=rid).form_data["amount"] == 100
    ok = me.patch(f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 200}})
    assert ok.status_code == 200
    _act(me, rid, "submit")
    late = me.patch(f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 300}})
    assert late.status_code == 409
    other = api_client_for(team_lead).patch(
        f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 1}}, format="json"
    )
    assert other.status_code == 403


def test_delegation_list_shows_only_mine(team_lead, unit_manager, api_client_for) -> None:
    today = timezone.localdate()
    api_client_for(team_lead).post(
        "/api/v1/delegations/",
        {"substitute": unit_manager.pk, "start_date": today, "end_date": today + dt.timedelta(3)},
        format="json",
    )
    assert api_client_for(team_lead).get("/api/v1/delegations/").data["count"] == 1
    assert api_client_for(unit_manager).get("/api/v1/delegations/").data["count"] == 0
    missing = api_client_for(team_lead).post(
        "/api/v1/delegations/", {"substitute": 99999, "start_date": today, "end_date": today}
    )
    assert missing.status_code == 404


def test_seed_demo_files_requests_in_every_resting_state(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    count = Request.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Request.objects.count() == count
    states = set(Request.objects.values_list("state", flat=True))
    # `submitted` is transient: submission moves on to in_approval or approved at once
    assert states == {
        "draft",
        "in_approval",
        "returned",
        "approved",
        "in_fulfilment",
        "fulfilled",
        "closed",
        "rejected",
        "withdrawn",
    }
