"""Demo of a lent claim that waits for the home team lead (issue #18).

Centrum wants its lead's approval before its officers work for another team
(`TeamLendingPolicy.members_need_approval`, the borrower side). `collega` has asked for one
of the day shifts Zuid lends (`demo.lending`), through the ordinary claim; the request waits
in `teamchef`'s approvals inbox (kind `lent_claim`) and `teamchef-zuid` was told. The place
stays open meanwhile. Idempotent: a second run finds the pending request and adds nothing.
"""

from __future__ import annotations

from typing import Any

from common.errors import DomainError
from organisation.models import Officer, Skill, Team
from roster.lent_claim_models import LentClaimRequest, LentClaimStatus
from roster.models import Phase, Shift, TeamLendingPolicy
from roster.services.open_shifts import open_shift_claim


def seed_lent_claim() -> dict[str, Any]:
    """Centrum asks for approval; collega's pending claim of a Zuid place (once)."""
    centrum = Team.objects.get(code="centrum")
    TeamLendingPolicy.objects.update_or_create(
        team=centrum, defaults={"members_need_approval": True}
    )
    collega = Officer.objects.get(username="collega")
    pending = LentClaimRequest.objects.filter(officer=collega, status=LentClaimStatus.PENDING)
    if not pending.exists():
        basis = Skill.objects.get(code="basis")
        lent = Shift.objects.filter(
            team__code="zuid", period__phase=Phase.PUBLISHED, cancelled_at__isnull=True
        ).order_by("-start")  # the last days, so agent still finds the first ones free
        for shift in lent:
            try:
                open_shift_claim(actor=collega, shift=shift, skill=basis)
            except DomainError:
                continue  # not lawful for him that day (his own shifts), try the next
            break
    return {"pending_for_teamchef": pending.count()}
