"""Housekeeping tasks of the organisation app."""

from __future__ import annotations

from celery import shared_task

from organisation.employment_services import contract_hours_sync


@shared_task(name="organisation.tasks.sync_contract_hours")
def sync_contract_hours() -> int:
    """Make a contract-hours change that starts today the officer's current contract
    (idempotent; beat runs it daily). Returns how many officers changed."""
    return contract_hours_sync()
