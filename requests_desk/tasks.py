"""Celery tasks of the request desk. Each takes ids, calls a service and is idempotent.

Beat schedule (add to CELERY_BEAT_SCHEDULE in config/settings.py):

    "requests-escalate-overdue": {
        "task": "requests_desk.tasks.escalate_overdue_requests",
        "schedule": timedelta(minutes=15),
    },
    "requests-purge-expired": {
        "task": "requests_desk.tasks.purge_expired_requests",
        "schedule": timedelta(days=1),
    },
"""

from __future__ import annotations

from celery import shared_task

from requests_desk.services.privacy import requests_purge_expired
from requests_desk.services.workflow import requests_escalate_overdue


@shared_task(name="requests_desk.tasks.escalate_overdue_requests")
def escalate_overdue_requests() -> int:
    """Mark overdue requests and notify their desk, once per request."""
    return requests_escalate_overdue()


@shared_task(name="requests_desk.tasks.purge_expired_requests")
def purge_expired_requests() -> int:
    """Delete finished requests past their type's retention term."""
    return requests_purge_expired()
