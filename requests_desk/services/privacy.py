"""AVG: log reads of special-category requests; purge requests past their retention."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from notifications.models import REQUEST_SUBJECT_KIND
from notifications.services.in_app import notifications_delete_for
from organisation.models import Officer
from requests_desk.models import PrivacyClass, PrivacyReadLog, ReadChannel, Request, State


def request_read_record(
    *, actor: Officer, request: Request, channel: ReadChannel = ReadChannel.API
) -> None:
    """Log who read which special-category request, when and where (the API, the console's
    desk page, the Django admin, an export). Every channel that shows such a request calls
    this, whatever the reader is allowed to see of it."""
    if request.version.privacy_class == PrivacyClass.SPECIAL_CATEGORY:
        PrivacyReadLog.objects.create(request=request, reader=actor, channel=channel)


def requests_export_record(*, actor: Officer) -> int:
    """Log that the actor exported his own special-category requests (`me/export`, channel
    `export`): one entry per request, as if each was read. Returns how many."""
    special = Request.objects.filter(
        requester=actor, version__privacy_class=PrivacyClass.SPECIAL_CATEGORY
    ).values_list("pk", flat=True)
    logs = PrivacyReadLog.objects.bulk_create(
        PrivacyReadLog(request_id=pk, reader=actor, channel=ReadChannel.EXPORT) for pk in special
    )
    return len(logs)


def requests_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete finished requests whose retention ran out, counted from closure. `e+` types
    (kept until after the end of employment) are only purged once the requester's account is
    inactive; the organisation has no end-of-employment date yet, so the term still counts
    from closure. A legal hold pauses deletion. The notifications about a purged request go
    with it. Idempotent."""
    now = now or timezone.now()
    finished = [State.CLOSED, State.REJECTED, State.WITHDRAWN]
    purged = 0
    candidates = Request.objects.filter(state__in=finished, legal_hold=False).select_related(
        "version", "requester"
    )
    for request in candidates.iterator():
        version = request.version
        start = request.closed_at or request.updated_at
        if version.retention_after_employment and request.requester.is_active:
            continue
        if start + dt.timedelta(days=version.retention_days) < now:
            with transaction.atomic():
                notifications_delete_for(
                    subject_kind=REQUEST_SUBJECT_KIND, subject_ids=[request.pk]
                )
                Request.objects.filter(pk=request.pk).delete()
            purged += 1
    return purged
