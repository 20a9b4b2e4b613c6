"""Swaps of a published roster: exchange, give-away to a named colleague, or the open market.

States: `offered` -> `accepted` -> `approved` | `auto_approved`; `rejected` (team lead, or the
named receiver declining an offer), `withdrawn` (offerer), `expired` (a shift started first).
Every step writes an audit event in the period(s) of the shifts involved.

Validation runs at offer, at accept and again at approval, because the roster may have changed
meanwhile: for BOTH officers, the receiving officer must be a member of the shift's team, hold
the place's skill valid on its date, not be absent, and stay lawful under the ONE rules module
on the changed roster (`open_shifts.check_can_take`, which reuses `check_assignable`; night
exemption included). A violation is a 422 naming the rule and the officer (`extra.officer`).

Approval moves the assignments to the other officer and keeps their skill, so coverage per
skill is unchanged by construction; the team's `TeamSwapPolicy` then decides between
auto-approval on acceptance (default) and a team lead's approval (four-eyes: not one of the
two officers). A change inside the fixed 7-day window needs both officers' consent (Barp art.
12): offering is the offerer's, accepting the receiver's; both are stored on the swap.

Lock order: the periods of the shifts (by id), the shifts (by id), then the swap row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.errors import Forbidden, FourEyes, NotFound, RuleViolation
from common.i18n import msg
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Delegation, Officer, Role, RoleAssignment
from organisation.selectors import actor_scope
from roster.errors import (
    FOUR_EYES_SWAP,
    ConsentRequired,
    NotAssigned,
    ShiftCancelled,
    ShiftStarted,
    SwapNotAllowed,
)
from roster.models import (
    OPEN_SWAP_STATUSES,
    Assignment,
    AssignmentSource,
    Phase,
    RosterPeriod,
    Shift,
    Swap,
    SwapKind,
    SwapStatus,
    TeamSwapPolicy,
)
from roster.place_changes import places_changed
from roster.report_text import RULE_LABELS
from roster.services.audit import audit_record
from roster.services.locking import lock_row, lock_shifts_with_periods
from roster.services.open_shifts import check_can_take, in_fixed_window, team_deciders
from roster.services.phases import require_phase
from roster.subjects import swap_subject
from roster.trainees import check_mentored

# -- selectors -------------------------------------------------------------------------------


def swap_list(*, actor: Officer) -> QuerySet[Swap]:
    """Swaps the actor may see: his own (offered or received), market offers of his teams
    (also once taken, so a late taker gets 409, not 404), and every swap of the teams he
    leads or plans (all, for an administrator)."""
    qs = Swap.objects.select_related(
        "team",
        "offerer",
        "receiver",
        "offered_shift",
        "offered_skill",
        "wanted_shift",
        "wanted_skill",
    ).order_by("-created_at", "-id")
    scope = actor_scope(actor)
    if scope.is_admin:
        return qs
    return qs.filter(
        Q(offerer=actor)
        | Q(receiver=actor)
        | Q(kind=SwapKind.MARKET, team_id__in=scope.member_team_ids)
        | Q(team_id__in=scope.led_team_ids | scope.planned_team_ids)
        | Q(team_id__in=delegated_team_ids(actor))
    )


def delegated_team_ids(actor: Officer, today: dt.date | None = None) -> QuerySet[Any]:
    """Teams whose team lead delegated his approvals to the actor for today (the one
    `organisation.models.Delegation`, so one substitute covers desk requests and swaps alike).
    A subquery: filtering by it costs no extra query."""
    today = today or timezone.localdate()
    leads = Delegation.objects.filter(
        substitute=actor, start_date__lte=today, end_date__gte=today
    ).values("approver_id")
    return RoleAssignment.objects.filter(role=Role.TEAM_LEAD, officer_id__in=leads).values(
        "team_id"
    )


def swap_decider_team_ids(actor: Officer) -> frozenset[int]:
    """Teams whose swaps the actor decides on: the teams he leads, and those whose lead
    delegated to him today (evaluated; for a filter use the subquery form)."""
    return actor_scope(actor).led_team_ids | frozenset(
        delegated_team_ids(actor).values_list("team_id", flat=True)
    )


def _approvers(team_id: int) -> list[int]:
    """Who hears that a swap waits for approval: the team's leads and planners, and the
    substitutes the leads delegated to for today."""
    today = timezone.localdate()
    leads = RoleAssignment.objects.filter(role=Role.TEAM_LEAD, team_id=team_id).values("officer_id")
    substitutes = Delegation.objects.filter(
        approver_id__in=leads, start_date__lte=today, end_date__gte=today
    ).values_list("substitute_id", flat=True)
    return sorted({*team_deciders(team_id), *substitutes})


def _decider_teams(actor: Officer) -> Q:
    """Swaps of the teams the actor decides on: those he leads, and those whose lead
    delegated to him today."""
    return Q(team_id__in=actor_scope(actor).led_team_ids) | Q(team_id__in=delegated_team_ids(actor))


def swaps_awaiting_approval(*, actor: Officer) -> QuerySet[Swap]:
    """Accepted swaps waiting for the actor's approval (team lead or his substitute; never
    a swap the actor is part of), the soonest shift first."""
    return (
        Swap.objects.filter(_decider_teams(actor), status=SwapStatus.ACCEPTED)
        .exclude(offerer=actor)
        .exclude(receiver=actor)
        .select_related("team", "offerer", "receiver", "offered_shift", "offered_skill")
        .order_by("offered_shift__start", "id")
    )


def swap_get(*, actor: Officer, swap_id: int) -> Swap:
    try:
        return swap_list(actor=actor).get(pk=swap_id)
    except Swap.DoesNotExist:
        raise NotFound() from None


# -- services --------------------------------------------------------------------------------


def swap_offer(
    *,
    actor: Officer,
    kind: str,
    assignment: Assignment,
    receiver: Officer | None = None,
    wanted: Assignment | None = None,
    note: str = "",
) -> Swap:
    """Offer the actor's `assignment`: for `wanted` (exchange; its officer is the receiver),
    to `receiver` (give-away), or to the market. Checks the change for the named officers
    now; a market offer is checked when someone takes it."""
    if assignment.officer_id != actor.pk:
        raise NotFound()
    if kind == SwapKind.EXCHANGE:
        if wanted is None:
            raise ValidationError({"wanted_assignment": [_("An exchange needs a wanted place.")]})
        receiver = wanted.officer
        if wanted.shift_id == assignment.shift_id:
            raise ValidationError({"wanted_assignment": [_("Choose a place on another shift.")]})
    elif kind == SwapKind.GIVE_AWAY:
        if receiver is None:
            raise ValidationError({"receiver": [_("A give-away needs a receiver.")]})
        wanted = None
    else:
        receiver, wanted = None, None
    if receiver is not None and receiver.pk == actor.pk:
        field = "wanted_assignment" if kind == SwapKind.EXCHANGE else "receiver"
        raise ValidationError({field: [_("You cannot swap with yourself.")]})
    with transaction.atomic():
        periods, shifts = _lock([assignment, *([wanted] if wanted else [])])
        now = timezone.now()
        offered = _fresh(assignment, actor)
        wanted_fresh = _fresh(wanted, receiver) if wanted is not None and receiver else None
        _check_places(periods, shifts, now)
        if Swap.objects.filter(offered_assignment=offered, status__in=OPEN_SWAP_STATUSES).exists():
            raise SwapNotAllowed(extra={"reason": "already_offered"})
        if receiver is not None:
            _check_change(offered, wanted_fresh, actor, receiver, actor=actor)
        swap = Swap.objects.create(
            kind=kind,
            team_id=shifts[offered.shift_id].team_id,
            offerer=actor,
            receiver=receiver,
            offered_assignment=offered,
            offered_shift_id=offered.shift_id,
            offered_skill_id=offered.skill_id,
            wanted_assignment=wanted_fresh,
            wanted_shift_id=wanted_fresh.shift_id if wanted_fresh else None,
            wanted_skill_id=wanted_fresh.skill_id if wanted_fresh else None,
            note=note,
            offerer_consent_at=now,
            late_change=any(in_fixed_window(s.start, now) for s in shifts.values()),
        )
        _audit(actor, periods, "swap_offer", swap)
        if receiver is not None:
            recipients = [receiver.pk]
        else:
            recipients = [
                pk for pk in swap.team.members.values_list("pk", flat=True) if pk != actor.pk
            ]
        _notify(
            recipients,
            NotificationKind.SWAP_OFFER_RECEIVED,
            gettext_noop("A shift is offered to you"),
            swap,
        )
    return swap


def swap_accept(*, actor: Officer, swap: Swap) -> Swap:
    """The receiver accepts (for a market offer: the first qualified colleague who takes it).
    Re-checks the change for both officers; with the team's auto-approval the change takes
    effect at once (`auto_approved`), else it waits for a team lead."""
    if actor.pk == swap.offerer_id:
        raise Forbidden(_("You cannot accept your own offer."))
    if swap.kind != SwapKind.MARKET and actor.pk != swap.receiver_id:
        raise NotFound()
    with transaction.atomic():
        periods, shifts, locked = _lock_swap(swap)
        if locked.status != SwapStatus.OFFERED:
            raise SwapNotAllowed(extra={"status": locked.status})
        now = timezone.now()
        _check_places(periods, shifts, now)
        offered, wanted = _fresh_pair(locked, receiver=actor)
        _check_change(offered, wanted, locked.offerer, actor, actor=actor)
        locked.receiver = actor
        locked.receiver_consent_at = now
        locked.accepted_at = now
        locked.status = SwapStatus.ACCEPTED
        locked.late_change = any(in_fixed_window(s.start, now) for s in shifts.values())
        locked.save()
        _audit(actor, periods, "swap_accept", locked)
        if _auto_approve(locked):
            _apply(locked, offered, wanted, decided_by=None, status=SwapStatus.AUTO_APPROVED)
            _audit(actor, periods, "swap_auto_approve", locked)
            _notify(
                [locked.offerer_id, actor.pk],
                NotificationKind.SWAP_APPROVED,
                gettext_noop("Your swap is approved"),
                locked,
            )
        else:
            _notify(
                [locked.offerer_id],
                NotificationKind.SWAP_ACCEPTED,
                gettext_noop("Your offer was accepted"),
                locked,
            )
            _notify(
                _approvers(locked.team_id),
                NotificationKind.SWAP_APPROVAL_NEEDED,
                gettext_noop("A swap waits for your approval"),
                locked,
            )
    return locked


def swap_approve(*, actor: Officer, swap: Swap) -> Swap:
    """A team lead of the team approves an accepted swap (four-eyes: not one of its two
    officers). The rules are checked again on the roster as it is now."""
    _require_decider(actor, swap)
    with transaction.atomic():
        periods, shifts, locked = _lock_swap(swap)
        if locked.status != SwapStatus.ACCEPTED or locked.receiver is None:
            raise SwapNotAllowed(extra={"status": locked.status})
        _check_places(periods, shifts, timezone.now())
        offered, wanted = _fresh_pair(locked, receiver=locked.receiver)
        _check_change(offered, wanted, locked.offerer, locked.receiver)
        _apply(locked, offered, wanted, decided_by=actor, status=SwapStatus.APPROVED)
        _audit(actor, periods, "swap_approve", locked)
        _notify(
            [locked.offerer_id, locked.receiver.pk],
            NotificationKind.SWAP_APPROVED,
            gettext_noop("Your swap is approved"),
            locked,
        )
    return locked


def swap_reject(*, actor: Officer, swap: Swap, reason: str = "") -> Swap:
    """A team lead rejects an offered or accepted swap (four-eyes), or the named receiver
    declines an offer made to him."""
    declining = swap.kind != SwapKind.MARKET and actor.pk == swap.receiver_id
    if not declining:
        _require_decider(actor, swap)
    with transaction.atomic():
        periods, _shifts, locked = _lock_swap(swap)
        allowed = (SwapStatus.OFFERED,) if declining else OPEN_SWAP_STATUSES
        if locked.status not in allowed:
            raise SwapNotAllowed(extra={"status": locked.status})
        _decide(locked, actor, SwapStatus.REJECTED, reason)
        _audit(actor, periods, "swap_reject", locked)
        recipients = [locked.offerer_id, locked.receiver_id]
        _notify(
            [r for r in recipients if r is not None and r != actor.pk],
            NotificationKind.SWAP_REJECTED,
            gettext_noop("A swap was rejected"),
            locked,
        )
    return locked


def swap_withdraw(*, actor: Officer, swap: Swap) -> Swap:
    """The offerer withdraws his offer before it takes effect."""
    if actor.pk != swap.offerer_id:
        raise Forbidden()
    with transaction.atomic():
        periods, _shifts, locked = _lock_swap(swap)
        if locked.status not in OPEN_SWAP_STATUSES:
            raise SwapNotAllowed(extra={"status": locked.status})
        _decide(locked, actor, SwapStatus.WITHDRAWN, "")
        _audit(actor, periods, "swap_withdraw", locked)
    return locked


def swaps_expire(*, now: dt.datetime | None = None) -> int:
    """Mark open swaps whose shift has started as `expired` (idempotent; for a periodic
    task). Returns how many expired."""
    now = now or timezone.now()
    due = Swap.objects.filter(status__in=OPEN_SWAP_STATUSES).filter(
        Q(offered_shift__start__lte=now) | Q(wanted_shift__start__lte=now)
    )
    count = 0
    for swap in due.order_by("pk"):
        with transaction.atomic():
            periods, _shifts, locked = _lock_swap(swap)
            if locked.status not in OPEN_SWAP_STATUSES:
                continue
            _decide(locked, None, SwapStatus.EXPIRED, "")
            _audit(None, periods, "swap_expire", locked)
            count += 1
    return count


# -- helpers ---------------------------------------------------------------------------------


def _lock(
    assignments: list[Assignment],
) -> tuple[list[RosterPeriod], dict[int, Shift]]:
    periods, shifts = lock_shifts_with_periods(a.shift_id for a in assignments)
    return list(periods.values()), shifts


def _lock_swap(swap: Swap) -> tuple[list[RosterPeriod], dict[int, Shift], Swap]:
    shift_ids = {swap.offered_shift_id, *([swap.wanted_shift_id] if swap.wanted_shift_id else [])}
    periods, shifts = lock_shifts_with_periods(shift_ids)
    locked = lock_row(
        Swap.objects.select_related("team", "offerer", "receiver", "offered_shift"), pk=swap.pk
    )
    return list(periods.values()), shifts, locked


def _check_places(periods: list[RosterPeriod], shifts: dict[int, Shift], now: dt.datetime) -> None:
    for period in periods:
        require_phase(period, Phase.PUBLISHED)
    for shift in shifts.values():
        if shift.cancelled_at is not None:
            raise ShiftCancelled(extra={"shift": shift.pk})
        if shift.start <= now:
            raise ShiftStarted(extra={"shift": shift.pk})


def _fresh(assignment: Assignment, officer: Officer) -> Assignment:
    """Re-read an assignment under the shift lock; it must still be `officer`'s."""
    fresh = (
        Assignment.objects.select_related("shift", "skill", "officer")
        .filter(pk=assignment.pk, officer=officer)
        .first()
    )
    if fresh is None:
        raise NotAssigned(extra={"assignment": assignment.pk, "officer": officer.pk})
    return fresh


def _fresh_pair(swap: Swap, *, receiver: Officer) -> tuple[Assignment, Assignment | None]:
    if swap.offered_assignment_id is None:
        raise NotAssigned(extra={"officer": swap.offerer_id})
    offered = _fresh(Assignment(pk=swap.offered_assignment_id), swap.offerer)
    wanted = None
    if swap.kind == SwapKind.EXCHANGE:
        if swap.wanted_assignment_id is None:
            raise NotAssigned(extra={"officer": receiver.pk})
        wanted = _fresh(Assignment(pk=swap.wanted_assignment_id), receiver)
    return offered, wanted


def _check_change(
    offered: Assignment,
    wanted: Assignment | None,
    offerer: Officer,
    receiver: Officer,
    *,
    actor: Officer | None = None,
) -> None:
    """The receiver takes the offered place (giving up `wanted`); in an exchange the offerer
    takes `wanted` (giving up his offered place). Raises naming the officer. A trainee may
    take a place of his training skill when a mentor stays on the shift (`check_can_take`).
    When one of the two (`actor`) hits a working-time or fatigue rule of the OTHER, the 422
    names only the rule (`_for_colleague`): not the colleague's shifts, score or limit."""
    try:
        check_can_take(
            receiver, offered.shift, offered.skill.code, gives_up=wanted, leaving=[offerer.pk]
        )
        if wanted is not None:
            check_can_take(
                offerer, wanted.shift, wanted.skill.code, gives_up=offered, leaving=[receiver.pk]
            )
    except RuleViolation as exc:
        raise _for_colleague(exc, actor, (offerer.pk, receiver.pk)) from None
    # a mentor who swaps away must not leave his trainee alone on the shift (issue 18)
    check_mentored(offered.shift, add=(receiver.pk, offered.skill.code), remove=[offerer.pk])
    if wanted is not None:
        check_mentored(wanted.shift, add=(offerer.pk, wanted.skill.code), remove=[receiver.pk])


def _for_colleague(
    exc: RuleViolation, actor: Officer | None, parties: tuple[int, int]
) -> RuleViolation:
    """`exc` as the actor may read it: unchanged about himself (or for a deciding lead);
    about the other party only the rule and who (need-to-know: his roster stays his)."""
    other = exc.extra.get("officer")
    if actor is None or actor.pk not in parties or other in (None, actor.pk):
        return exc
    if "violations" not in exc.extra:  # no roster details (a mentor missing, a number)
        return exc
    rule = str(exc.extra.get("rule", ""))
    return RuleViolation(
        _("The swap would break the rule on %(rule)s for your colleague.")
        % {"rule": RULE_LABELS.get(rule, rule)},
        extra={"rule": rule, "officer": other},
    )


def _auto_approve(swap: Swap) -> bool:
    policy = TeamSwapPolicy.objects.filter(team_id=swap.team_id).first()
    return policy is None or policy.auto_approve


def _apply(
    swap: Swap,
    offered: Assignment,
    wanted: Assignment | None,
    *,
    decided_by: Officer | None,
    status: str,
) -> None:
    """Move the places. Both consents must be on record for a change in the fixed window."""
    if swap.receiver is None:
        raise SwapNotAllowed(extra={"status": swap.status})
    if swap.late_change and swap.receiver_consent_at is None:
        raise ConsentRequired(extra={"officers": [swap.receiver_id]})
    Assignment.objects.filter(pk=offered.pk).update(
        officer=swap.receiver, source=AssignmentSource.SWAP
    )
    if wanted is not None:
        Assignment.objects.filter(pk=wanted.pk).update(
            officer=swap.offerer, source=AssignmentSource.SWAP
        )
    places_changed(
        shift_ids=[offered.shift_id, *([wanted.shift_id] if wanted is not None else [])],
        officer_ids=[swap.offerer_id, swap.receiver.pk],
    )
    _decide(swap, decided_by, status, "")


def _decide(swap: Swap, actor: Officer | None, status: str, reason: str) -> None:
    swap.status = status
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.reason = reason
    swap.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def _require_decider(actor: Officer, swap: Swap) -> None:
    scope = actor_scope(actor)
    decides = Swap.objects.filter(_decider_teams(actor), pk=swap.pk).exists()
    if not (scope.is_admin or decides):
        raise Forbidden()
    if actor.pk in (swap.offerer_id, swap.receiver_id):
        raise FourEyes(FOUR_EYES_SWAP)


def _payload(swap: Swap) -> dict[str, Any]:
    return {
        "swap": swap.pk,
        "kind": swap.kind,
        "status": swap.status,
        "offerer": swap.offerer_id,
        "receiver": swap.receiver_id,
        "offered_assignment": swap.offered_assignment_id,
        "offered_shift": swap.offered_shift_id,
        "wanted_assignment": swap.wanted_assignment_id,
        "wanted_shift": swap.wanted_shift_id,
        "late_change": swap.late_change,
        "consent": {
            "offerer": swap.offerer_consent_at.isoformat(),
            "receiver": swap.receiver_consent_at.isoformat() if swap.receiver_consent_at else None,
        },
    }


def _audit(actor: Officer | None, periods: list[RosterPeriod], action: str, swap: Swap) -> None:
    for period in periods:
        audit_record(actor=actor, period=period, action=action, payload=_payload(swap))


def _notify(recipients: list[int], kind: NotificationKind, title: str, swap: Swap) -> None:
    """`title`: a message id (marked with `gettext_noop`), written in each reader's language."""
    notify_on_commit(
        recipient_ids=recipients,
        kind=kind,
        title=msg(title),
        body=msg(
            gettext_noop("Swap %(id)s: the shift of %(start)s."),
            id=swap.pk,
            start=swap.offered_shift.start,
        ),
        subject=swap_subject(swap),
    )
