"""Delegation: an approver names a substitute for a date range."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from common.errors import NotFound
from organisation.models import Delegation, Officer


def delegation_create(
    *, actor: Officer, substitute_id: int, start_date: dt.date, end_date: dt.date
) -> Delegation:
    """The actor delegates his approvals to `substitute_id` from start to end (inclusive)."""
    substitute = Officer.objects.filter(pk=substitute_id, is_active=True).first()
    if substitute is None:
        raise NotFound()
    with transaction.atomic():
        delegation = Delegation(
            approver=actor, substitute=substitute, start_date=start_date, end_date=end_date
        )
        delegation.full_clean()
        delegation.save()
    return delegation
