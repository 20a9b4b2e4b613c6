"""Deciding and expiring lent claims that wait for the home team lead (issue #18).

Approve: the claim runs again as the officer (`open_shift_claim` with `approved_by`), so
every check is repeated under the claim's locks: the place still open, the period
published, the shift not started or cancelled, he not absent, qualified, not on the shift,
the place still lent to him, and the working-time rules over all his assignments in every
team. Lock order (`roster.services.locking`): period, shift, the officer's row, then this
request's row (level 3, after the officer). A place that is gone (filled, started,
cancelled, no longer published) voids the request; any other refusal leaves it pending, so
the lead may reject it.

Reject: nothing is assigned; the officer and the lending team learn it. Expiry: the beat
task `roster.tasks.void_lent_claims` voids a pending request whose place has gone.

Withdraw (`lent_claim_withdraw`): the officer himself takes back his pending request; the
item leaves his deciders' inbox, and those told of the request (his deciders, the lending
team's leads and planners) are told it is withdrawn. Nothing was assigned and the place stayed
open, so no roster and no open-place list changes.

Reject, withdraw and expiry lock the request's period (level 1) before its row (level 3):
every decision writes an audit event that references the period, and the foreign-key check
of that insert takes a share lock on the period row at commit. Without the period first, a
withdrawal holding the row would wait at commit for an approval that holds the period and
waits for the row (a deadlock PostgreSQL breaks by failing one of them). With it, the two
serialise on the period and the later one finds the request decided (409
`lent_claim_decided`).

Who decides: a team lead of one of the request's `approver_teams` (frozen at the claim), his
substitute for today, or an administrator; never the officer himself. Who reads a request
(`lent_claim_list`): the officer, those deciders, the lending team's leads, planners and
unit manager, administrators; nobody else (404). Nothing here ever names an absence's kind.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from common.errors import Conflict, DomainError, Forbidden, FourEyes, NotFound
from common.i18n import Msg, msg
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Officer
from organisation.selectors import actor_scope
from roster.errors import AlreadyFilled, ShiftCancelled, ShiftStarted, WrongPhase
from roster.lent_claim_models import LentClaimRequest, LentClaimStatus
from roster.models import Assignment, Phase
from roster.services.audit import audit_record
from roster.services.lent_claims import (
    lent_claim_decider_ids,
    lent_claim_subject,
    team_lead_and_planner_ids,
)
from roster.services.locking import lock_periods, lock_row
from roster.services.open_shifts import open_counts, open_shift_claim
from roster.services.swaps import delegated_team_ids

#: refusals at approval that mean the place is gone: the request is voided
PLACE_GONE: tuple[type[DomainError], ...] = (
    AlreadyFilled,
    ShiftStarted,
    ShiftCancelled,
    WrongPhase,
)


class LentClaimDecided(Conflict):
    """The request is no longer pending (decided or voided)."""

    code = "lent_claim_decided"
    message = _("This request was already decided.")


def _decider_q(actor: Officer) -> Q:
    """Requests whose approving teams the actor leads, or whose lead delegated to him today."""
    led = actor_scope(actor).led_team_ids
    return Q(approver_teams__in=led) | Q(approver_teams__in=delegated_team_ids(actor))


def _loaded(qs: QuerySet[LentClaimRequest]) -> QuerySet[LentClaimRequest]:
    return qs.select_related("shift", "shift__team", "skill", "officer").prefetch_related(
        "approver_teams"
    )


def lent_claim_list(*, actor: Officer) -> QuerySet[LentClaimRequest]:
    """Every request the actor may read (newest first): his own, those he decides, those for
    places of teams he manages (the lending side)."""
    qs = LentClaimRequest.objects.all()
    scope = actor_scope(actor)
    if not scope.is_admin:
        qs = qs.filter(
            Q(officer=actor) | _decider_q(actor) | Q(shift__team_id__in=scope.managed_team_ids)
        )
    return _loaded(qs.distinct()).order_by("-created_at", "-id")


def lent_claims_awaiting(*, actor: Officer) -> QuerySet[LentClaimRequest]:
    """Pending requests the actor decides (never his own), the soonest shift first."""
    qs = LentClaimRequest.objects.filter(status=LentClaimStatus.PENDING)
    qs = qs.filter(pk__in=qs.filter(_decider_q(actor)).values("pk")).exclude(officer=actor)
    return _loaded(qs).order_by("shift__start", "id")


def lent_claim_get(*, actor: Officer, request_id: int) -> LentClaimRequest:
    try:
        return lent_claim_list(actor=actor).get(pk=request_id)
    except LentClaimRequest.DoesNotExist:
        raise NotFound() from None


def _require_decider(actor: Officer, request: LentClaimRequest) -> None:
    if actor.pk == request.officer_id:
        raise FourEyes()
    decides = LentClaimRequest.objects.filter(_decider_q(actor), pk=request.pk).exists()
    if not (decides or actor_scope(actor).is_admin):
        raise Forbidden()


def lent_claim_approve(*, actor: Officer, request: LentClaimRequest) -> LentClaimRequest:
    """Approve: make the claim now with every check repeated (see the module). Raises what
    the claim raises (409/422/403); a place that is gone voids the request first."""
    _require_decider(actor, request)
    try:
        with transaction.atomic():
            officer = Officer.objects.get(pk=request.officer_id)
            # period, shift, officer row (inside the claim), then this row
            result = open_shift_claim(
                actor=officer, shift=request.shift, skill=request.skill, approved_by=actor
            )
            locked = lock_row(LentClaimRequest.objects, pk=request.pk)
            if locked.status != LentClaimStatus.PENDING:
                raise LentClaimDecided(extra={"status": locked.status})
            locked.status = LentClaimStatus.APPROVED
            locked.assignment = result if isinstance(result, Assignment) else None
            _decided(locked, actor, "lent_claim_approve")
            _notify_officer(
                locked, NotificationKind.LENT_CLAIM_APPROVED, gettext_noop("Approved: %(what)s")
            )
    except PLACE_GONE as exc:
        _void(request.pk, reason=exc.code)
        raise
    return locked


def lent_claim_reject(
    *, actor: Officer, request: LentClaimRequest, reason: str = ""
) -> LentClaimRequest:
    """Reject: nothing is assigned; the officer and the lending team's leads are told."""
    _require_decider(actor, request)
    with transaction.atomic():
        _lock_period_of(request.pk)
        locked = lock_row(
            LentClaimRequest.objects.select_related("shift", "shift__team"), pk=request.pk
        )
        if locked.status != LentClaimStatus.PENDING:
            raise LentClaimDecided(extra={"status": locked.status})
        locked.status = LentClaimStatus.REJECTED
        locked.reason = reason
        _decided(locked, actor, "lent_claim_reject")
        _notify_officer(
            locked,
            NotificationKind.LENT_CLAIM_REJECTED,
            gettext_noop("Not approved: %(what)s"),
            also=team_lead_and_planner_ids(locked.shift.team_id),
        )
    return locked


def lent_claim_withdraw(*, actor: Officer, request: LentClaimRequest) -> LentClaimRequest:
    """The officer withdraws his own pending request (see the module). Another reader of it
    (his lead, the lending team, an administrator) may not: 403. A decided, voided or
    withdrawn request: 409 `lent_claim_decided`."""
    if actor.pk != request.officer_id:
        raise Forbidden()
    with transaction.atomic():
        _lock_period_of(request.pk)
        locked = lock_row(
            LentClaimRequest.objects.select_related("shift", "shift__team").prefetch_related(
                "approver_teams"
            ),
            pk=request.pk,
        )
        if locked.status != LentClaimStatus.PENDING:
            raise LentClaimDecided(extra={"status": locked.status})
        locked.status = LentClaimStatus.WITHDRAWN
        _decided(locked, actor, "lent_claim_withdraw")
        told = set(lent_claim_decider_ids([t.pk for t in locked.approver_teams.all()]))
        told |= set(team_lead_and_planner_ids(locked.shift.team_id))
        told.discard(actor.pk)
        notify_on_commit(
            recipient_ids=sorted(told),
            kind=NotificationKind.LENT_CLAIM_WITHDRAWN,
            title=msg(
                gettext_noop("Withdrawn by %(name)s: %(what)s"),
                name=actor.get_full_name(),
                what=_what(locked),
            ),
            subject=lent_claim_subject(locked),
        )
    return locked


def _void(request_id: int, *, reason: str, now: dt.datetime | None = None) -> bool:
    """Void one pending request (its place is gone); False if it is no longer pending."""
    with transaction.atomic():
        _lock_period_of(request_id)
        locked = lock_row(
            LentClaimRequest.objects.select_related("shift", "shift__team"), pk=request_id
        )
        if locked.status != LentClaimStatus.PENDING:
            return False
        locked.status = LentClaimStatus.VOIDED
        locked.reason = reason
        _decided(locked, None, "lent_claim_void", now=now)
        _notify_officer(
            locked,
            NotificationKind.LENT_CLAIM_VOIDED,
            gettext_noop("No longer possible: %(what)s"),
        )
    return True


def lent_claims_void_due(*, now: dt.datetime | None = None) -> int:
    """Void every pending request whose place has gone: the shift started or was cancelled,
    its period is no longer published, or no place of the skill is open any more (beat task,
    idempotent). Returns how many were voided."""
    now = now or timezone.now()
    pending = (
        LentClaimRequest.objects.filter(status=LentClaimStatus.PENDING)
        .select_related("shift", "shift__period", "skill")
        .prefetch_related("shift__assignments__skill")
    )
    voided = 0
    for request in pending:
        shift = request.shift
        reason = ""
        if shift.cancelled_at is not None:
            reason = ShiftCancelled.code
        elif shift.start <= now:
            reason = ShiftStarted.code
        elif shift.period.phase != Phase.PUBLISHED:
            reason = WrongPhase.code
        elif request.skill.code not in open_counts(shift, shift.assignments.all()):
            reason = AlreadyFilled.code
        if reason and _void(request.pk, reason=reason, now=now):
            voided += 1
    return voided


def _lock_period_of(request_id: int) -> None:
    """Level 1 before the request's row: the period its decision's audit event references
    (see the module: the event's foreign-key check locks the period at commit)."""
    period_ids = LentClaimRequest.objects.filter(pk=request_id).values_list(
        "shift__period_id", flat=True
    )
    lock_periods(period_ids)


def _decided(
    locked: LentClaimRequest, actor: Officer | None, action: str, *, now: dt.datetime | None = None
) -> None:
    locked.decided_by = actor
    locked.decided_at = now or timezone.now()
    locked.save(update_fields=["status", "assignment", "decided_by", "reason", "decided_at"])
    audit_record(
        actor=actor,
        period=locked.shift.period,
        action=action,
        payload={
            "lent_claim": locked.pk,
            "officer": locked.officer_id,
            "shift": locked.shift_id,
            "status": locked.status,
            "assignment": locked.assignment_id,
        },
    )


def _notify_officer(
    locked: LentClaimRequest,
    kind: NotificationKind,
    title: str,
    *,
    also: list[int] | None = None,
) -> None:
    notify_on_commit(
        recipient_ids=sorted({locked.officer_id, *(also or [])}),
        kind=kind,
        title=msg(title, what=_what(locked)),
        subject=lent_claim_subject(locked),
    )


def _what(locked: LentClaimRequest) -> Msg:
    return msg(
        gettext_noop("the shift of %(start)s of %(team)s"),
        start=timezone.localtime(locked.shift.start),
        team=locked.shift.team.name,
    )
