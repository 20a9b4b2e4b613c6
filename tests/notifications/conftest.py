"""Fixtures of the push tests: the local FCM and APNs servers, wired in through settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from notifications.push.senders import close_senders
from tests.notifications.provider_servers import ApnsServer, FcmServer


@pytest.fixture
def fcm(settings, tmp_path) -> Iterator[FcmServer]:
    server = FcmServer().start()
    settings.PUSH_FCM_ENABLED = True
    settings.PUSH_FCM_CREDENTIALS_FILE = str(server.write_key_file(tmp_path / "fcm.json"))
    settings.PUSH_FCM_PROJECT_ID = ""  # the key file's
    settings.PUSH_FCM_BASE_URL = server.url
    yield server
    close_senders()
    server.stop()


@pytest.fixture
def apns(settings, tmp_path) -> Iterator[ApnsServer]:
    server = ApnsServer(tmp_path).start()
    settings.PUSH_APNS_ENABLED = True
    settings.PUSH_APNS_KEY_FILE = str(server.write_p8(tmp_path / "AuthKey.p8"))
    settings.PUSH_APNS_KEY_ID = server.key_id
    settings.PUSH_APNS_TEAM_ID = server.team_id
    settings.PUSH_APNS_TOPIC = "nl.politie.samenroosteren"
    settings.PUSH_APNS_BASE_URL = server.url
    settings.PUSH_APNS_CA_FILE = str(server.cert_file)
    yield server
    close_senders()
    server.stop()
