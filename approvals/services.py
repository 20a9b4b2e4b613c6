"""Decide from the one approvals inbox: dispatch to the source that owns the item's kind.

Each source calls the service of the app that owns the item, which locks and audits as it
always does; this module adds no state of its own.
"""

from __future__ import annotations

from approvals.registry import DECISIONS, InboxDecision, source_for
from common.errors import NotFound
from organisation.models import Officer


def inbox_decide(
    *, actor: Officer, kind: str, item_id: int, decision: str, comment: str = ""
) -> InboxDecision:
    """Approve or reject one inbox item of `kind` (404 for an unknown kind or decision, or an
    item the actor may not see)."""
    source = source_for(kind)
    for known in DECISIONS:
        if decision == known:
            return source.decide(actor=actor, item_id=item_id, decision=known, comment=comment)
    raise NotFound()
