"""The roster audit trail: one immutable event per phase move or manual roster change."""

from __future__ import annotations

from typing import Any

from organisation.models import Officer
from roster.models import RosterAuditEvent, RosterPeriod


def audit_record(
    *,
    actor: Officer | None,
    period: RosterPeriod,
    action: str,
    from_phase: str = "",
    to_phase: str = "",
    payload: dict[str, Any] | None = None,
) -> RosterAuditEvent:
    """Write one audit event; call inside the transaction of the change it records."""
    return RosterAuditEvent.objects.create(
        actor=actor,
        period=period,
        action=action,
        from_phase=from_phase,
        to_phase=to_phase,
        payload=payload or {},
    )
