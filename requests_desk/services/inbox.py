"""Deciding from the one approvals inbox: dispatch to the workflow that owns the item.

- `request`: the desk's state machine (`workflow.request_act`, `approve` or `reject`), so
  routing, delegation, four-eyes and audit events are the desk's own.
- `swap`: `roster.services.swaps.swap_approve` / `swap_reject` (team lead of the team or his
  substitute under a desk delegation; the rules are checked again at approval).
- `repair`: approve starts the repair solve (`roster.services.repair.repair_start`), reject
  dismisses the suggestion (`repair_dismiss`).

Each service locks and audits as it always does; this module adds no state of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.errors import NotFound
from organisation.models import Officer
from requests_desk.services import workflow


@dataclass(frozen=True)
class InboxDecision:
    kind: str
    id: int
    decision: str
    status: str
    job: int | None = None


def inbox_decide(
    *, actor: Officer, kind: str, item_id: int, decision: str, comment: str = ""
) -> InboxDecision:
    """Approve or reject one inbox item of `kind` (404 for an unknown kind or an item the
    actor may not see)."""
    from roster.selectors import period_get
    from roster.services import repair, swaps

    if decision not in ("approve", "reject"):
        raise NotFound()
    if kind == "request":
        req = workflow.request_act(
            actor=actor, request_id=item_id, action=decision, comment=comment
        )
        return InboxDecision(kind, item_id, decision, req.state)
    if kind == "swap":
        swap = swaps.swap_get(actor=actor, swap_id=item_id)
        if decision == "approve":
            swap = swaps.swap_approve(actor=actor, swap=swap)
        else:
            swap = swaps.swap_reject(actor=actor, swap=swap, reason=comment)
        return InboxDecision(kind, item_id, decision, swap.status)
    if kind == "repair":
        suggestion = repair.repair_suggestion_get(actor=actor, suggestion_id=item_id)
        if decision == "approve":
            period = period_get(actor=actor, period_id=suggestion.period_id)
            job = repair.repair_start(actor=actor, period=period)
            job.refresh_from_db()  # with eager Celery the job has already run
            return InboxDecision(kind, item_id, decision, job.status, job.pk)
        suggestion = repair.repair_dismiss(actor=actor, suggestion=suggestion)
        return InboxDecision(kind, item_id, decision, "dismissed")
    raise NotFound()
