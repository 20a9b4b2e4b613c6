"""The built-in inbox sources: desk requests, swaps, repair suggestions and swap chains.

- `request`: an approval step of a desk request that is the actor's (or his desk's, or
  delegated to him); decided by the desk's state machine (`workflow.request_act`), so routing,
  delegation, four-eyes and audit events stay the desk's own.
- `swap`: an accepted swap of a team the actor leads or substitutes for; decided by
  `swap_approve` / `swap_reject` (the rules are checked again at approval).
- `repair`: an open repair suggestion of a period the actor plans; approve starts the repair
  solve (`repair_start`), reject dismisses the suggestion (`repair_dismiss`).
- `swap_chain`: a swap chain every party accepted, of a team the actor leads or substitutes
  for; approved once for the whole chain (`swap_chain_approve`) or rejected.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.registry import (
    Decision,
    InboxDecision,
    InboxItem,
    display_name,
    register_source,
    urgency,
)
from organisation.models import Officer
from organisation.selectors import actor_scope
from requests_desk.selectors import approval_inbox
from requests_desk.services import workflow
from roster.selectors import period_get
from roster.services import repair, swap_chains, swaps

AMS = ZoneInfo("Europe/Amsterdam")


def decides_swaps(actor: Officer) -> bool:
    """The actor leads a team or substitutes today for a team lead: he may have swaps and
    swap chains to approve. Remembered on the actor object (one request) like its scope, so
    the two sources ask the database at most once."""
    cached: bool | None = getattr(actor, "_inbox_decides_swaps", None)
    if cached is None:
        cached = bool(actor_scope(actor).led_team_ids) or swaps.delegated_team_ids(actor).exists()
        actor._inbox_decides_swaps = cached  # type: ignore[attr-defined]
    return cached


class RequestSource:
    kind = "request"

    def items(self, *, actor: Officer, now: dt.datetime) -> list[InboxItem]:
        items = []
        for task in approval_inbox(actor=actor):
            req = task.request
            due = (
                dt.datetime.combine(req.due_date + dt.timedelta(days=1), dt.time.min, tzinfo=AMS)
                if req.due_date
                else None
            )
            items.append(
                InboxItem(
                    kind=self.kind,
                    id=req.pk,
                    title=req.version.name,
                    requester_id=req.requester_id,
                    requester_name=display_name(req.requester),
                    team_id=req.team_id,
                    status=req.state,
                    urgency=urgency(due, now, overdue=req.overdue),
                    due_at=due,
                    created_at=req.submitted_at or req.created_at,
                    delegated_from=task.delegated_from_id,
                )
            )
        return items

    def count(self, *, actor: Officer) -> int:
        return approval_inbox(actor=actor).count()

    def decide(
        self, *, actor: Officer, item_id: int, decision: Decision, comment: str
    ) -> InboxDecision:
        req = workflow.request_act(
            actor=actor, request_id=item_id, action=decision, comment=comment
        )
        return InboxDecision(self.kind, item_id, decision, req.state)


class SwapSource:
    kind = "swap"

    def items(self, *, actor: Officer, now: dt.datetime) -> list[InboxItem]:
        items = []
        for swap in swaps.swaps_awaiting_approval(actor=actor):
            start = swap.offered_shift.start
            items.append(
                InboxItem(
                    kind=self.kind,
                    id=swap.pk,
                    title=_("Swap (%(kind)s): shift of %(start)s")
                    % {
                        "kind": swap.get_kind_display(),
                        "start": f"{timezone.localtime(start):%Y-%m-%d %H:%M}",
                    },
                    requester_id=swap.offerer_id,
                    requester_name=display_name(swap.offerer),
                    team_id=swap.team_id,
                    status=swap.status,
                    urgency=urgency(start, now),
                    due_at=start,
                    created_at=swap.accepted_at or swap.created_at,
                )
            )
        return items

    def relevant(self, *, actor: Officer) -> bool:
        return decides_swaps(actor)

    def count(self, *, actor: Officer) -> int:
        return swaps.swaps_awaiting_approval(actor=actor).count()

    def decide(
        self, *, actor: Officer, item_id: int, decision: Decision, comment: str
    ) -> InboxDecision:
        swap = swaps.swap_get(actor=actor, swap_id=item_id)
        if decision == "approve":
            swap = swaps.swap_approve(actor=actor, swap=swap)
        else:
            swap = swaps.swap_reject(actor=actor, swap=swap, reason=comment)
        return InboxDecision(self.kind, item_id, decision, swap.status)


class RepairSource:
    kind = "repair"

    def items(self, *, actor: Officer, now: dt.datetime) -> list[InboxItem]:
        items = []
        for suggestion in repair.repair_suggestion_list(actor=actor):
            period = suggestion.period
            items.append(
                InboxItem(
                    kind=self.kind,
                    id=suggestion.pk,
                    title=_("Repair the roster of %(team)s: %(count)d place(s) freed")
                    % {"team": period.team.name, "count": suggestion.freed_places},
                    requester_id=None,
                    requester_name="",
                    team_id=period.team_id,
                    status="suggested",
                    urgency="high",
                    due_at=None,
                    created_at=suggestion.updated_at,
                )
            )
        return items

    def relevant(self, *, actor: Officer) -> bool:
        scope = actor_scope(actor)
        return scope.is_admin or bool(scope.planned_team_ids)

    def count(self, *, actor: Officer) -> int:
        return repair.repair_suggestion_list(actor=actor).count()

    def decide(
        self, *, actor: Officer, item_id: int, decision: Decision, comment: str
    ) -> InboxDecision:
        suggestion = repair.repair_suggestion_get(actor=actor, suggestion_id=item_id)
        if decision == "approve":
            period = period_get(actor=actor, period_id=suggestion.period_id)
            job = repair.repair_start(actor=actor, period=period)
            job.refresh_from_db()  # with eager Celery the job has already run
            return InboxDecision(self.kind, item_id, decision, job.status, job.pk)
        repair.repair_dismiss(actor=actor, suggestion=suggestion)
        return InboxDecision(self.kind, item_id, decision, "dismissed")


class SwapChainSource:
    """A swap chain every party accepted, of a team the actor leads or substitutes for (never
    one he is part of); approved once for the whole chain (`swap_chain_approve` checks it
    again and applies every move at once) or rejected."""

    kind = "swap_chain"

    def items(self, *, actor: Officer, now: dt.datetime) -> list[InboxItem]:
        items = []
        for chain in swap_chains.swap_chains_awaiting_approval(actor=actor):
            legs = list(chain.legs.all())
            start = min(leg.shift.start for leg in legs)
            first = min(legs, key=lambda leg: leg.position)
            items.append(
                InboxItem(
                    kind=self.kind,
                    id=chain.pk,
                    title=_("Swap chain of %(count)d officers: from the shift of %(start)s")
                    % {
                        "count": len({leg.giver_id for leg in legs}),
                        "start": f"{timezone.localtime(start):%Y-%m-%d %H:%M}",
                    },
                    requester_id=first.giver_id,
                    requester_name=display_name(first.giver),
                    team_id=chain.team_id,
                    status=chain.status,
                    urgency=urgency(start, now),
                    due_at=start,
                    created_at=chain.accepted_at or chain.created_at,
                )
            )
        return items

    def relevant(self, *, actor: Officer) -> bool:
        return decides_swaps(actor)

    def count(self, *, actor: Officer) -> int:
        return swap_chains.swap_chains_awaiting_approval(actor=actor).count()

    def decide(
        self, *, actor: Officer, item_id: int, decision: Decision, comment: str
    ) -> InboxDecision:
        chain = swap_chains.swap_chain_get(actor=actor, chain_id=item_id)
        if decision == "approve":
            chain = swap_chains.swap_chain_approve(actor=actor, chain=chain)
        else:
            chain = swap_chains.swap_chain_reject(actor=actor, chain=chain, reason=comment)
        return InboxDecision(self.kind, item_id, decision, chain.status)


def register() -> None:
    """Register the built-in sources (called once from `ApprovalsConfig.ready()`)."""
    for source in (RequestSource(), SwapSource(), RepairSource(), SwapChainSource()):
        register_source(source)
