"""Housekeeping tasks of the common app."""

from __future__ import annotations

from celery import shared_task

from common.idempotency import purge_expired
from common.sync import purge_snapshots


@shared_task(name="common.tasks.ping")
def ping() -> str:
    """Answer "pong": `/healthz?deep=1` uses it to show that a worker runs tasks."""
    return "pong"


@shared_task(name="common.tasks.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Delete expired idempotency records (idempotent; beat runs it hourly)."""
    return purge_expired()


@shared_task(name="common.tasks.purge_sync_snapshots")
def purge_sync_snapshots() -> int:
    """Delete sync snapshots past their life (idempotent; beat runs it every six hours)."""
    return purge_snapshots()
