"""Celery tasks of the notifications app. Each takes ids, calls a service and is idempotent
(a push to one phone at least once: a worker lost after sending sends it again)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings

from notifications.push.errors import PushRetryable
from notifications.services.delivery import (
    PushPlan,
    device_push,
    notification_deliver,
    notification_push_due,
)

logger = logging.getLogger(__name__)

#: The first retry's wait and the longest wait between two tries of a push, in seconds.
RETRY_FIRST_S = 30
RETRY_MAX_S = 3600


def retry_delay(retries: int, retry_after: float | None) -> int:
    """Seconds before the next try of a push: the provider's Retry-After when it sent one,
    else 30 s doubled per try; at most an hour."""
    if retry_after is not None:
        return int(min(max(retry_after, 1), RETRY_MAX_S))
    return int(min(RETRY_FIRST_S * 2**retries, RETRY_MAX_S))


def _queue(plan: PushPlan | None) -> None:
    if plan is None:
        return
    for device_id in plan.device_ids:
        push_to_device.delay(plan.notification_id, device_id)
    if plan.due_at is not None:
        push_notification.apply_async((plan.notification_id,), eta=plan.due_at)


@shared_task(name="notifications.tasks.deliver_notification")
def deliver_notification(notification_id: int) -> None:
    """Send a notification's e-mail and push (each at most once)."""
    _queue(notification_deliver(notification_id=notification_id))


# Messages queued before the task moved out of the desk carry its old name; a worker of this
# version still runs them. Remove once no such message can be left in the broker.
@shared_task(name="requests_desk.tasks.deliver_notification")
def deliver_notification_legacy_name(notification_id: int) -> None:
    """The same task under its former name (`requests_desk.tasks.deliver_notification`)."""
    _queue(notification_deliver(notification_id=notification_id))


@shared_task(bind=True, name="notifications.tasks.push_notification")
def push_notification(self: Any, notification_id: int) -> None:
    """The push that quiet hours delayed, scheduled for their end (Celery ETA). Run before
    its time it schedules itself again; run eagerly (no broker) it cannot wait, so the push
    stays held (`pushed_at` empty) and a warning says so."""
    plan = notification_push_due(notification_id=notification_id)
    if plan is not None and plan.due_at is not None and self.request.is_eager:
        logger.warning(
            "push of notification %s held until %s: no broker to wait for it",
            notification_id,
            plan.due_at.isoformat(),
        )
        return
    _queue(plan)


@shared_task(bind=True, name="notifications.tasks.push_to_device", max_retries=None)
def push_to_device(self: Any, notification_id: int, device_id: int) -> str:
    """Send one notification's push to one phone; on 429/5xx/no answer try again with backoff
    (PUSH_MAX_RETRIES times), never on another 4xx."""
    try:
        return device_push(notification_id=notification_id, device_id=device_id)
    except PushRetryable as exc:
        if self.request.retries >= settings.PUSH_MAX_RETRIES:
            logger.warning(
                "push: notification %s to device %s given up after %s tries: %s",
                notification_id,
                device_id,
                self.request.retries + 1,
                exc,
            )
            return "given_up"
        raise self.retry(
            exc=exc, countdown=retry_delay(self.request.retries, exc.retry_after)
        ) from exc
