"""Claims of lent places that wait for the officer's home team lead (issue #18).

The setting is the BORROWER's: `TeamLendingPolicy.members_need_approval` on the officer's
home team. The lead who answers for an officer (his hours, his fatigue, his own team's
needs) is the one who agrees before he works elsewhere; the lending team already chose to
lend and learns of every request (notified, and it reads the request in `GET /lent-claims/`).

While a request waits the place stays OPEN: it is not reserved. The lending team's need
comes first (its own officers, a solve or another borrower may still fill it); the request
never blocks it. Approval re-runs the whole claim under the claim's locks
(`roster.services.lent_claim_decisions`), so a place filled meanwhile is refused then and
the request voided.

This module is the claim side (`open_shift_claim` asks `approval_team_ids` and calls
`lent_claim_request_create`); decisions and expiry live in `lent_claim_decisions`, which
imports the claim service (so the two never import each other).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.i18n import msg
from notifications.models import NotificationKind
from notifications.services.notify import Subject, notify_on_commit
from organisation.employment_selectors import in_team_on
from organisation.models import Delegation, Officer, Role, RoleAssignment, Skill
from roster.errors import AlreadyClaimed
from roster.lent_claim_models import LentClaimRequest, LentClaimStatus
from roster.models import RosterPeriod, Shift, TeamLendingPolicy
from roster.services.audit import audit_record


def lent_claim_subject(request: LentClaimRequest) -> Subject:
    """What every lent-claim notification opens: the lent claims its recipient may read (the
    officer, the deciders and the lending team's managers all read this request there)."""
    return Subject("lent_claim", request.pk, reverse("lent-claim-list"))


def approval_team_ids(officer: Officer, shift: Shift) -> list[int]:
    """His home teams whose policy wants their lead's approval before he takes a place of
    `shift`'s team; empty when he is a member of the shift's team that day (not a lent place)
    or no home team asks for it."""
    if in_team_on(officer, shift.team_id, timezone.localtime(shift.start).date()):
        return []
    return sorted(
        TeamLendingPolicy.objects.filter(
            team__in=officer.teams.exclude(pk=shift.team_id), members_need_approval=True
        ).values_list("team_id", flat=True)
    )


def lent_claim_request_create(
    *,
    actor: Officer,
    period: RosterPeriod,
    shift: Shift,
    skill: Skill,
    approver_team_ids: list[int],
) -> LentClaimRequest:
    """Record the actor's claim as a request for his home lead (inside the claim's
    transaction and locks: period, shift, his officer row). One pending request per officer
    and shift (else 409 `already_claimed`). The home leads (and their substitutes today) are
    asked; the lending team's leads and planners are told."""
    if LentClaimRequest.objects.filter(
        shift=shift, officer=actor, status=LentClaimStatus.PENDING
    ).exists():
        raise AlreadyClaimed(extra={"officer": actor.pk})
    request = LentClaimRequest.objects.create(shift=shift, skill=skill, officer=actor)
    request.approver_teams.set(approver_team_ids)
    audit_record(
        actor=actor,
        period=period,
        action="lent_claim_request",
        payload={
            "lent_claim": request.pk,
            "officer": actor.pk,
            "shift": shift.pk,
            "skill": skill.pk,
            "approver_teams": approver_team_ids,
        },
    )
    start = timezone.localtime(shift.start)
    notify_on_commit(
        recipient_ids=lent_claim_decider_ids(approver_team_ids),
        kind=NotificationKind.LENT_CLAIM_APPROVAL_NEEDED,
        title=msg(gettext_noop("Your officer asks to work for another team")),
        body=msg(
            gettext_noop("%(name)s asks to work the shift of %(start)s of %(team)s."),
            name=actor.get_full_name(),
            start=start,
            team=shift.team.name,
        ),
        subject=lent_claim_subject(request),
    )
    notify_on_commit(
        recipient_ids=team_lead_and_planner_ids(shift.team_id),
        kind=NotificationKind.LENT_CLAIM_REQUESTED,
        title=msg(gettext_noop("An officer of another team asks for your open shift")),
        body=msg(
            gettext_noop(
                "%(name)s asks to work your shift of %(start)s; his team lead decides first."
            ),
            name=actor.get_full_name(),
            start=start,
        ),
        subject=lent_claim_subject(request),
    )
    return request


def lent_claim_decider_ids(team_ids: list[int]) -> list[int]:
    """The team leads of these teams and the substitutes they delegated to for today."""
    today = timezone.localdate()
    leads = RoleAssignment.objects.filter(role=Role.TEAM_LEAD, team_id__in=team_ids).values(
        "officer_id"
    )
    substitutes = Delegation.objects.filter(
        approver_id__in=leads, start_date__lte=today, end_date__gte=today
    ).values_list("substitute_id", flat=True)
    return sorted(set(leads.values_list("officer_id", flat=True)) | set(substitutes))


def team_lead_and_planner_ids(team_id: int) -> list[int]:
    """Leads and planners of a team (the lending side, who learn of requests)."""
    return sorted(
        set(
            RoleAssignment.objects.filter(
                Q(role=Role.TEAM_LEAD) | Q(role=Role.PLANNER), team_id=team_id
            ).values_list("officer_id", flat=True)
        )
    )
