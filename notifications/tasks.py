"""Celery tasks of the notifications app. Each takes ids, calls a service and is idempotent."""

from __future__ import annotations

from celery import shared_task

from notifications.services.delivery import notification_deliver


@shared_task(name="notifications.tasks.deliver_notification")
def deliver_notification(notification_id: int) -> None:
    """Send a notification's e-mail and push (each at most once)."""
    notification_deliver(notification_id=notification_id)


# Messages queued before the task moved out of the desk carry its old name; a worker of this
# version still runs them. Remove once no such message can be left in the broker.
@shared_task(name="requests_desk.tasks.deliver_notification")
def deliver_notification_legacy_name(notification_id: int) -> None:
    """The same task under its former name (`requests_desk.tasks.deliver_notification`)."""
    notification_deliver(notification_id=notification_id)
