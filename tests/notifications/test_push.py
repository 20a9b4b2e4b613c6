"""Push to phones against local servers that speak FCM's and APNs' protocols: delivered with
the right authentication, the token pruned when the provider says so, retried only when the
provider is busy, and held through quiet hours (DST nights included) unless urgent."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from notifications.models import Device, Notification, NotificationPreference
from notifications.push.fcm import FCM_SCOPE
from notifications.tasks import deliver_notification, push_notification, push_to_device
from tests.factories.notifications import NotificationFactory
from tests.notifications import provider_servers as ps

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
FCM_TOKEN = "fcm-token_abcdefghijklmnopqrstuvwxyz:APA91b-0123456789"
APNS_TOKEN = "a1" * 32


def _at(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _device(officer, platform: str, token: str) -> Device:
    return Device.objects.create(
        officer=officer, platform=platform, token=token, last_registered_at=timezone.now()
    )


@pytest.fixture
def noon(monkeypatch) -> dt.datetime:
    moment = dt.datetime(2026, 12, 7, 12, 0, tzinfo=AMS)
    _at(monkeypatch, moment)
    return moment


# --- delivered ----------------------------------------------------------------------------


def test_fcm_push_is_delivered_with_the_service_account_bearer(
    officer, fcm, noon, eager_celery
) -> None:
    # given an officer with an Android phone and a notification in the day
    _device(officer, "fcm", FCM_TOKEN)
    n = NotificationFactory(recipient=officer, title="Rooster gepubliceerd", body="Van 1 tot 28")
    # when it is delivered
    deliver_notification.delay(n.pk)
    # then the token endpoint saw one JWT-bearer grant of the service account for FCM's scope
    (grant,) = fcm.grants
    assert grant["scope"] == FCM_SCOPE
    assert grant["iss"] == fcm.client_email
    # and FCM received exactly the neutral message, with the bearer it issued
    (sent,) = fcm.sends
    assert sent.path == "/v1/projects/samen-test/messages:send"
    assert sent.headers["Authorization"] == f"Bearer {fcm.access_tokens[0]}"
    assert sent.body == {
        "message": {
            "token": FCM_TOKEN,
            "notification": {"title": "Nieuw bericht in Samenroosteren"},
            "data": {"notification_id": str(n.pk)},
            "android": {"priority": "normal"},
        }
    }
    n.refresh_from_db()
    assert n.pushed_at == noon
    # and a second delivery pushes nothing more (and reuses the access token)
    deliver_notification.delay(n.pk)
    assert len(fcm.sends) == 1
    assert len(fcm.grants) == 1


def test_apns_push_is_delivered_over_http2_with_apples_headers(
    officer, apns, noon, eager_celery
) -> None:
    # given an iPhone and an urgent notification
    _device(officer, "apns", APNS_TOKEN)
    n = NotificationFactory(recipient=officer, title="Spoed", urgent=True)
    # when it is delivered
    deliver_notification.delay(n.pk)
    # then APNs got one HTTP/2 request (ALPN h2) with a valid ES256 provider token
    assert apns.protocols == ["h2"]
    (sent,) = apns.received
    assert sent.path == f"/3/device/{APNS_TOKEN}"
    (token,) = apns.provider_tokens
    assert token["header"] == {"alg": "ES256", "kid": apns.key_id, "typ": "JWT"}
    assert token["claims"]["iss"] == apns.team_id
    assert sent.headers["apns-topic"] == "nl.politie.samenroosteren"
    assert sent.headers["apns-push-type"] == "alert"
    assert sent.headers["apns-priority"] == "10"  # urgent: at once
    assert sent.headers[":scheme"] == "https"
    assert sent.body == {
        "aps": {"alert": {"title": "Dringend bericht in Samenroosteren"}, "sound": "default"},
        "notification_id": n.pk,
    }


def test_a_non_urgent_apns_push_asks_for_normal_priority_and_english_for_an_english_reader(
    officer, apns, noon, eager_celery, settings
) -> None:
    settings.LANGUAGE_CODE = "en"  # the reader's language (his preference, else the default)
    _device(officer, "apns", APNS_TOKEN)
    n = NotificationFactory(recipient=officer)
    deliver_notification.delay(n.pk)
    (sent,) = apns.received
    assert sent.headers["apns-priority"] == "5"
    assert sent.body["aps"]["alert"] == {"title": "New message in Samenroosteren"}


def test_every_phone_of_the_recipient_gets_it_and_nobody_elses(
    officer, colleague, fcm, apns, noon, eager_celery
) -> None:
    _device(officer, "fcm", FCM_TOKEN)
    _device(officer, "apns", APNS_TOKEN)
    _device(colleague, "fcm", "c" * 40)
    n = NotificationFactory(recipient=officer)
    deliver_notification.delay(n.pk)
    assert [s.body["message"]["token"] for s in fcm.sends] == [FCM_TOKEN]
    assert [s.path for s in apns.received] == [f"/3/device/{APNS_TOKEN}"]


def test_a_switched_off_provider_gets_nothing(officer, fcm, noon, eager_celery, settings) -> None:
    _device(officer, "fcm", FCM_TOKEN)
    settings.PUSH_FCM_ENABLED = False
    deliver_notification.delay(NotificationFactory(recipient=officer).pk)
    assert fcm.sends == []


def test_a_phone_that_moved_to_another_officer_gets_not_his_predecessors_push(
    officer, colleague, fcm, noon
) -> None:
    device = _device(officer, "fcm", FCM_TOKEN)
    n = NotificationFactory(recipient=officer)
    Device.objects.filter(pk=device.pk).update(officer=colleague)  # queued, then re-registered
    assert push_to_device.apply((n.pk, device.pk)).get() == "skipped"
    assert fcm.sends == []


# --- pruned -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "token", "answer"),
    [
        ("fcm", FCM_TOKEN, ps.FCM_UNREGISTERED),
        ("fcm", FCM_TOKEN, ps.FCM_INVALID_TOKEN),
        ("apns", APNS_TOKEN, ps.APNS_UNREGISTERED),
        ("apns", APNS_TOKEN, ps.APNS_BAD_DEVICE_TOKEN),
    ],
    ids=["fcm-404-unregistered", "fcm-400-invalid-token", "apns-410", "apns-400-bad-token"],
)
def test_a_token_the_provider_calls_dead_is_pruned(
    officer, fcm, apns, noon, eager_celery, platform, token, answer
) -> None:
    # given a phone whose token the provider no longer knows
    device = _device(officer, platform, token)
    server = fcm if platform == "fcm" else apns
    server.answers[token] = [answer]
    n = NotificationFactory(recipient=officer)
    # when a push goes to it
    deliver_notification.delay(n.pk)
    # then the provider was asked once and the device is gone
    assert len(server.received) == 1
    assert not Device.objects.filter(pk=device.pk).exists()
    n.refresh_from_db()
    assert n.pushed_at is not None


@pytest.mark.parametrize(
    ("platform", "token", "answer"),
    [
        ("fcm", FCM_TOKEN, ps.FCM_BAD_MESSAGE),
        ("fcm", FCM_TOKEN, ps.FCM_SENDER_ID_MISMATCH),
        ("apns", APNS_TOKEN, ps.APNS_NOT_FOR_TOPIC),
    ],
    ids=["fcm-400-about-the-message", "fcm-403-sender-mismatch", "apns-400-wrong-topic"],
)
def test_another_refusal_is_neither_pruned_nor_retried(
    officer, fcm, apns, noon, eager_celery, platform, token, answer
) -> None:
    device = _device(officer, platform, token)
    server = fcm if platform == "fcm" else apns
    server.answers[token] = [answer]
    n = NotificationFactory(recipient=officer)
    # when the push is refused for what may be our own configuration
    assert push_to_device.apply((n.pk, device.pk)).get() == "rejected"
    # then it was tried once, and the device is kept
    assert len(server.received) == 1
    assert Device.objects.filter(pk=device.pk).exists()


# --- retried ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "token", "answer", "wait"),
    [
        ("fcm", FCM_TOKEN, ps.FCM_UNAVAILABLE, 30),
        ("fcm", FCM_TOKEN, ps.FCM_QUOTA_EXCEEDED, 90),  # its Retry-After
        ("apns", APNS_TOKEN, ps.APNS_TOO_MANY_REQUESTS, 30),
        ("apns", APNS_TOKEN, ps.APNS_UNAVAILABLE, 30),
    ],
    ids=["fcm-503", "fcm-429-retry-after", "apns-429", "apns-503"],
)
def test_a_busy_provider_is_tried_again_later(
    officer, fcm, apns, noon, eager_celery, platform, token, answer, wait
) -> None:
    device = _device(officer, platform, token)
    server = fcm if platform == "fcm" else apns
    server.answers[token] = [answer]
    n = NotificationFactory(recipient=officer)
    # when the provider is busy, the task asks Celery to run it again after the backoff
    with pytest.raises(Retry) as retry:
        push_to_device.delay(n.pk, device.pk)
    assert retry.value.when == wait
    # and the retry (Celery runs it with retries=1) gets through
    assert push_to_device.apply((n.pk, device.pk), retries=1).get() == "delivered"
    assert len(server.received) == 2
    assert Device.objects.filter(pk=device.pk).exists()


def test_a_busy_provider_is_given_up_after_the_last_try(
    officer, fcm, noon, eager_celery, settings
) -> None:
    settings.PUSH_MAX_RETRIES = 3
    device = _device(officer, "fcm", FCM_TOKEN)
    fcm.answers[FCM_TOKEN] = [ps.FCM_UNAVAILABLE]
    n = NotificationFactory(recipient=officer)
    assert push_to_device.apply((n.pk, device.pk), retries=3).get() == "given_up"
    assert len(fcm.sends) == 1


def test_an_expired_access_token_is_renewed_once(officer, fcm, noon, eager_celery) -> None:
    device = _device(officer, "fcm", FCM_TOKEN)
    n = NotificationFactory(recipient=officer)
    assert push_to_device.apply((n.pk, device.pk)).get() == "delivered"
    fcm.access_tokens.clear()  # FCM no longer accepts the token it issued
    assert push_to_device.apply((n.pk, device.pk)).get() == "delivered"
    assert len(fcm.grants) == 2
    assert len(fcm.sends) == 2


def test_an_expired_provider_token_is_signed_anew_once(officer, apns, noon, eager_celery) -> None:
    device = _device(officer, "apns", APNS_TOKEN)
    n = NotificationFactory(recipient=officer)
    assert push_to_device.apply((n.pk, device.pk)).get() == "delivered"
    (first,) = apns.provider_tokens
    # Apple calls the token expired (e.g. the worker's clock ran ahead)
    from notifications.push.senders import sender_for

    apns.expired_tokens.add(sender_for("apns").provider_token())  # type: ignore[union-attr]
    assert push_to_device.apply((n.pk, device.pk)).get() == "delivered"
    assert len(apns.received) == 2
    assert apns.provider_tokens[-1]["claims"]["iat"] >= first["claims"]["iat"]


@pytest.mark.parametrize(
    ("retries", "retry_after", "wait"),
    [(0, None, 30), (1, None, 60), (4, None, 480), (10, None, 3600), (0, 90.0, 90), (0, 1e6, 3600)],
)
def test_backoff_doubles_and_honours_retry_after(retries, retry_after, wait) -> None:
    from notifications.tasks import retry_delay

    assert retry_delay(retries, retry_after) == wait


# --- quiet hours --------------------------------------------------------------------------


@pytest.fixture
def scheduled(monkeypatch) -> list[dt.datetime]:
    """The ETAs the delayed push was handed to the broker with (then run as Celery would)."""
    etas: list[dt.datetime] = []
    original = push_notification.apply_async

    def record(args=None, kwargs=None, **options):
        etas.append(options["eta"])
        return original(args, kwargs, **options)

    monkeypatch.setattr(push_notification, "apply_async", record)
    return etas


@pytest.mark.parametrize(
    ("sent_at", "due_utc"),
    [
        # an ordinary night: 23:30 CET → 07:00 CET
        (dt.datetime(2026, 12, 7, 23, 30, tzinfo=AMS), dt.datetime(2026, 12, 8, 6, 0)),
        # the night the clocks go back (25 October 2026): 23:30 CEST → 07:00 CET, 9.5 h later
        (dt.datetime(2026, 10, 24, 23, 30, tzinfo=AMS), dt.datetime(2026, 10, 25, 6, 0)),
        # the night the clocks go forward (29 March 2026): 23:30 CET → 07:00 CEST, 6.5 h later
        (dt.datetime(2026, 3, 28, 23, 30, tzinfo=AMS), dt.datetime(2026, 3, 29, 5, 0)),
        # after midnight of the autumn night, in the repeated hour's second pass (02:30 CET)
        (dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), dt.datetime(2026, 10, 25, 6, 0)),
    ],
    ids=["ordinary", "dst-autumn", "dst-spring", "dst-autumn-after-midnight"],
)
def test_quiet_hours_delay_the_push_until_they_end(
    officer, fcm, eager_celery, monkeypatch, scheduled, sent_at, due_utc
) -> None:
    # given default quiet hours (23:00-07:00) and a phone
    _device(officer, "fcm", FCM_TOKEN)
    n = NotificationFactory(recipient=officer)
    due = due_utc.replace(tzinfo=dt.UTC)
    # when a notification comes in the night
    _at(monkeypatch, sent_at)
    deliver_notification.delay(n.pk)
    # then nothing is pushed, but the push is scheduled for 07:00 local
    assert fcm.sends == []
    assert scheduled == [due]
    n.refresh_from_db()
    assert (n.pushed_at, n.push_due_at) == (None, due)
    assert n.emailed_at is not None  # e-mail is not held
    # and a delivery retried in the night schedules it no second time
    deliver_notification.delay(n.pk)
    assert scheduled == [due]
    # when the scheduled task runs a minute early (a worker's clock), it still holds
    _at(monkeypatch, due - dt.timedelta(minutes=1))
    push_notification.apply((n.pk,))
    assert fcm.sends == []
    # when it runs at 07:00, the phone gets it, once
    _at(monkeypatch, due)
    push_notification.apply((n.pk,))
    push_notification.apply((n.pk,))
    assert [s.body["message"]["data"] for s in fcm.sends] == [{"notification_id": str(n.pk)}]
    n.refresh_from_db()
    assert n.pushed_at == due


def test_the_officers_own_quiet_hours_count(officer, fcm, eager_celery, monkeypatch, scheduled):
    NotificationPreference.objects.create(officer=officer, quiet_start_hour=1, quiet_end_hour=5)
    _device(officer, "fcm", FCM_TOKEN)
    _at(monkeypatch, dt.datetime(2026, 12, 7, 23, 30, tzinfo=AMS))  # not quiet for him
    deliver_notification.delay(NotificationFactory(recipient=officer).pk)
    assert len(fcm.sends) == 1
    _at(monkeypatch, dt.datetime(2026, 12, 8, 2, 0, tzinfo=AMS))
    deliver_notification.delay(NotificationFactory(recipient=officer).pk)
    assert scheduled == [dt.datetime(2026, 12, 8, 5, 0, tzinfo=AMS)]


def test_an_urgent_push_goes_through_quiet_hours_at_once(
    officer, apns, eager_celery, monkeypatch, scheduled
) -> None:
    _device(officer, "apns", APNS_TOKEN)
    # the DST night, deep in quiet hours: 02:30 CEST, the first pass of the repeated hour (in
    # UTC, as PEP 495 makes aware times in a repeated hour unequal across zones)
    moment = dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMS).astimezone(dt.UTC)
    _at(monkeypatch, moment)
    n = NotificationFactory(recipient=officer, urgent=True)
    deliver_notification.delay(n.pk)
    assert len(apns.received) == 1
    assert scheduled == []
    n.refresh_from_db()
    assert (n.pushed_at, n.push_due_at) == (moment, None)


def test_a_held_push_is_not_sent_once_the_officer_switched_push_off(
    officer, fcm, eager_celery, monkeypatch, scheduled
) -> None:
    _device(officer, "fcm", FCM_TOKEN)
    _at(monkeypatch, dt.datetime(2026, 12, 7, 23, 30, tzinfo=AMS))
    n = NotificationFactory(recipient=officer)
    deliver_notification.delay(n.pk)
    NotificationPreference.objects.update_or_create(officer=officer, defaults={"push": False})
    _at(monkeypatch, scheduled[0])
    push_notification.apply((n.pk,))
    assert fcm.sends == []
    assert Notification.objects.get(pk=n.pk).pushed_at is None
