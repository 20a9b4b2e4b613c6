"""The inbox source of lent claims that wait for the officer's home team lead (issue #18).

`lent_claim`: an officer asked to work a place another team lends him, and his home team's
policy wants its lead's approval first (`roster.services.lent_claims`). The item shows the
shift, its team and the officer, never why anyone is absent. Approve makes the claim with
every check repeated under the locks (`lent_claim_approve`); reject assigns nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.registry import Decision, InboxDecision, InboxItem, display_name, urgency
from approvals.sources import decides_swaps
from organisation.models import Officer
from roster.services import lent_claim_decisions as decisions


class LentClaimSource:
    kind = "lent_claim"

    def items(self, *, actor: Officer, now: dt.datetime) -> list[InboxItem]:
        items = []
        for request in decisions.lent_claims_awaiting(actor=actor):
            shift = request.shift
            items.append(
                InboxItem(
                    kind=self.kind,
                    id=request.pk,
                    title=_("Work for %(team)s: shift of %(start)s")
                    % {
                        "team": shift.team.name,
                        "start": f"{timezone.localtime(shift.start):%Y-%m-%d %H:%M}",
                    },
                    requester_id=request.officer_id,
                    requester_name=display_name(request.officer),
                    team_id=shift.team_id,
                    status=request.status,
                    urgency=urgency(shift.start, now),
                    due_at=shift.start,
                    created_at=request.created_at,
                )
            )
        return items

    def relevant(self, *, actor: Officer) -> bool:
        # the deciders are the leads of the approving home teams and their substitutes today
        return decides_swaps(actor)

    def count(self, *, actor: Officer) -> int:
        return decisions.lent_claims_awaiting(actor=actor).count()

    def decide(
        self, *, actor: Officer, item_id: int, decision: Decision, comment: str
    ) -> InboxDecision:
        request = decisions.lent_claim_get(actor=actor, request_id=item_id)
        if decision == "approve":
            request = decisions.lent_claim_approve(actor=actor, request=request)
        else:
            request = decisions.lent_claim_reject(actor=actor, request=request, reason=comment)
        return InboxDecision(self.kind, item_id, decision, request.status)
