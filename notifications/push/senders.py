"""The provider sender for a device's platform, built from settings once per worker process
(reused while the settings stay the same), or None while that provider is switched off."""

from __future__ import annotations

import threading
from typing import Protocol

from django.conf import settings

from notifications.models import DevicePlatform
from notifications.push.apns import ApnsConfig, ApnsSender
from notifications.push.fcm import FcmConfig, FcmSender
from notifications.push.message import PushMessage


class Sender(Protocol):
    def send(self, token: str, message: PushMessage) -> None: ...

    def close(self) -> None: ...


_lock = threading.Lock()
_senders: dict[FcmConfig | ApnsConfig, Sender] = {}


def fcm_config() -> FcmConfig | None:
    if not getattr(settings, "PUSH_FCM_ENABLED", False):
        return None
    return FcmConfig(
        credentials_file=settings.PUSH_FCM_CREDENTIALS_FILE,
        project_id=settings.PUSH_FCM_PROJECT_ID,
        base_url=settings.PUSH_FCM_BASE_URL,
        timeout=settings.PUSH_TIMEOUT_S,
    )


def apns_config() -> ApnsConfig | None:
    if not getattr(settings, "PUSH_APNS_ENABLED", False):
        return None
    return ApnsConfig(
        key_file=settings.PUSH_APNS_KEY_FILE,
        key_id=settings.PUSH_APNS_KEY_ID,
        team_id=settings.PUSH_APNS_TEAM_ID,
        topic=settings.PUSH_APNS_TOPIC,
        base_url=settings.PUSH_APNS_BASE_URL,
        ca_file=settings.PUSH_APNS_CA_FILE,
        timeout=settings.PUSH_TIMEOUT_S,
    )


def enabled_platforms() -> list[str]:
    """The platforms whose provider is switched on."""
    platforms = []
    if fcm_config() is not None:
        platforms.append(DevicePlatform.FCM.value)
    if apns_config() is not None:
        platforms.append(DevicePlatform.APNS.value)
    return platforms


def sender_for(platform: str) -> Sender | None:
    """The sender for `platform`, or None when its provider is off."""
    config: FcmConfig | ApnsConfig | None
    config = fcm_config() if platform == DevicePlatform.FCM else apns_config()
    if config is None:
        return None
    with _lock:
        sender = _senders.get(config)
        if sender is None:
            sender = FcmSender(config) if isinstance(config, FcmConfig) else ApnsSender(config)
            _senders[config] = sender
        return sender


def close_senders() -> None:
    """Close every sender's connections (tests; a worker process simply exits)."""
    with _lock:
        for sender in _senders.values():
            sender.close()
        _senders.clear()
