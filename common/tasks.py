"""Housekeeping tasks of the common app."""

from __future__ import annotations

from celery import shared_task

from common.idempotency import purge_expired


@shared_task(name="common.tasks.ping")
def ping() -> str:
    """Answer "pong": `/healthz?deep=1` uses it to show that a worker runs tasks."""
    return "pong"


@shared_task(name="common.tasks.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Delete expired idempotency records (idempotent; beat runs it hourly)."""
    return purge_expired()
