"""Fair award of open places: claims collected until a deadline, then awarded by the ledger.

Under a team's `fair_award` policy (`TeamSwapPolicy.open_shift_policy`) a claim of an open
place is recorded, not assigned (`open_shifts.open_shift_claim`). At the claim deadline the
beat task (`roster.tasks.award_open_shifts`) — or a planner or team lead with "award now" —
awards each open place:

1. Every pending claimant is checked again under the lock with the ONE rules module
   (`open_shifts.check_can_take`: member, qualified on the date, not absent, not on the
   shift, lawful). Who fails is not eligible; his figures say why (the rule or error code).
2. The eligible claimants are ranked by their fairness ledger (`roster.ledger`: the sum over
   the published periods, derived from the assignments): first the burden shifts (nights +
   weekends + holidays), then the worked minutes against contract, then who claimed first.
   The lowest wins; with more than one open place, the next lowest win too, each checked
   again against the roster the winners before him made (two trainees who each pass alone
   may not share one mentor).
3. Winners get an Assignment (source `claim`); every claim of the place stores the same
   explanation (why this officer, with the other claimants' figures); winners and losers are
   notified. The ledger is derived, so the next award sees the new place at once.

Lock order: period, then shift, then the claims (as every roster write).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.errors import DomainError, Forbidden
from common.i18n import Joined, Msg, msg, render
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Officer
from organisation.selectors import actor_scope
from roster.errors import NothingToAward
from roster.ledger import ledger_totals_for
from roster.models import (
    Assignment,
    AssignmentSource,
    ClaimStatus,
    OpenShiftClaim,
    Phase,
    Shift,
)
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_rows, lock_shift
from roster.services.open_shifts import check_can_take
from roster.subjects import my_shift_subject, open_shift_subject


@dataclass(frozen=True)
class Figures:
    """An officer's ledger as the award ranks it."""

    officer: int
    name: str
    nights: int
    weekends: int
    holidays: int
    minutes_delta: int
    claimed_at: dt.datetime

    @property
    def burdens(self) -> int:
        return self.nights + self.weekends + self.holidays

    def key(self, claim_id: int) -> tuple[int, int, dt.datetime, int]:
        return (self.burdens, self.minutes_delta, self.claimed_at, claim_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "officer": self.officer,
            "name": self.name,
            "nights": self.nights,
            "weekends": self.weekends,
            "holidays": self.holidays,
            "burdens": self.burdens,
            "minutes_delta": self.minutes_delta,
            "claimed_at": self.claimed_at.isoformat(),
        }


def ledger_figures(claims: list[OpenShiftClaim]) -> dict[int, Figures]:
    """Figures per claim id from the claimants' ledgers (`roster.ledger`, derived from the
    assignments of the published periods, so the places awarded a moment ago count)."""
    totals = ledger_totals_for(officer_ids={c.officer_id for c in claims})
    figures: dict[int, Figures] = {}
    for claim in claims:
        t = totals[claim.officer_id]
        figures[claim.pk] = Figures(
            officer=claim.officer_id,
            name=claim.officer.get_full_name() or claim.officer.username,
            nights=t.nights,
            weekends=t.weekends,
            holidays=t.holidays,
            minutes_delta=t.minutes_delta,
            claimed_at=claim.created_at,
        )
    return figures


def _hours(minutes: int) -> str:
    return f"{minutes / 60:+.1f}"


def _explain(
    winners: list[OpenShiftClaim],
    ranked: list[OpenShiftClaim],
    ineligible: dict[int, str],
    figures: dict[int, Figures],
    skill: str,
    *,
    closed: bool = False,
) -> dict[str, Any]:
    rows = []
    for rank, claim in enumerate(ranked, start=1):
        rows.append({**figures[claim.pk].as_dict(), "eligible": True, "rank": rank})
    for claim_id, reason in ineligible.items():
        rows.append({**figures[claim_id].as_dict(), "eligible": False, "reason": reason})
    parts: list[Msg] = []
    if winners:
        best = figures[winners[0].pk]
        others = [
            msg(
                gettext_noop("%(name)s: %(burdens)d burden shifts, %(hours)s h versus contract"),
                name=figures[c.pk].name,
                burdens=figures[c.pk].burdens,
                hours=_hours(figures[c.pk].minutes_delta),
            )
            for c in ranked
            if c not in winners
        ]
        parts.append(
            msg(
                gettext_noop(
                    "%(name)s gets the place: the lowest burden ledger of the %(count)d "
                    "eligible claimants (%(burdens)d burden shifts: %(nights)d nights, "
                    "%(weekends)d weekend and %(holidays)d holiday shifts; %(hours)s h versus "
                    "contract). Ties are broken by hours versus contract, then by who claimed "
                    "first."
                ),
                name=", ".join(figures[w.pk].name for w in winners),
                count=len(ranked),
                burdens=best.burdens,
                nights=best.nights,
                weekends=best.weekends,
                holidays=best.holidays,
                hours=_hours(best.minutes_delta),
            )
        )
        if others:
            parts.append(
                msg(gettext_noop("Others: %(others)s."), others=Joined(tuple(others), "; "))
            )
    elif closed:
        parts.append(
            msg(
                gettext_noop(
                    "The shift can no longer be awarded (cancelled, started or not published)."
                )
            )
        )
    elif ranked:
        parts.append(
            msg(gettext_noop("The place was filled before the award; no claimant got it."))
        )
    else:
        parts.append(msg(gettext_noop("No claimant was eligible at the award (see the reasons).")))
    if ineligible:
        parts.append(
            msg(
                gettext_noop("Not eligible: %(names)s."),
                names=", ".join(f"{figures[c].name} ({r})" for c, r in ineligible.items()),
            )
        )
    message = Joined(tuple(parts))
    return {
        # `message` is rendered in each reader's language when read (`explanation_text`);
        # `text` is the same in the language of the award, for the audit trail
        "message": message.to_json(),
        "text": message.render(),
        "skill": skill,
        "winners": [w.officer_id for w in winners],
        "order": "burdens, minutes_delta, claimed_at",
        "claimants": rows,
    }


def message_of(explanation: dict[str, Any]) -> Any:
    """An award explanation's text as stored: the message, or the plain text of an award
    decided before messages were stored."""
    return explanation.get("message") or explanation.get("text", "")


def explanation_text(explanation: dict[str, Any]) -> str:
    """An award explanation's text in the reader's (active) language."""
    return render(message_of(explanation))


def claim_list(*, actor: Officer) -> QuerySet[OpenShiftClaim]:
    """The actor's own fair-award claims, newest first."""
    return (
        OpenShiftClaim.objects.filter(officer=actor)
        .select_related("skill")
        .order_by("-created_at", "-id")
    )


def _place_winners(
    actor: Officer | None,
    shift: Shift,
    code: str,
    ranked: list[OpenShiftClaim],
    places: int,
    ineligible: dict[int, str],
) -> list[OpenShiftClaim]:
    """Give the places to the ranked claimants in turn, each an Assignment (source `claim`).
    A claimant after the first winner is checked again against the roster the winners before
    him made: two trainees may each pass alone while one mentor can accompany only one of
    them (`roster.trainees.check_mentored`). Who fails then joins ``ineligible``."""
    winners: list[OpenShiftClaim] = []
    for claim in ranked:
        if len(winners) == places:
            break
        if winners:
            try:
                check_can_take(claim.officer, shift, code, lent_ok=True)
            except DomainError as exc:
                ineligible[claim.pk] = str(exc.extra.get("rule") or exc.code)
                continue
        claim.assignment = Assignment.objects.create(
            officer=claim.officer,
            shift=shift,
            skill=claim.skill,
            source=AssignmentSource.CLAIM,
            created_by=actor or claim.officer,
        )
        winners.append(claim)
    return winners


def open_shift_award(
    *, actor: Officer | None, shift: Shift, now: dt.datetime | None = None
) -> list[OpenShiftClaim]:
    """Award the open places of `shift` among its pending claims (see the module docstring).
    Idempotent: a shift without pending claims is left alone. Returns the decided claims."""
    now = now or timezone.now()
    decided: list[OpenShiftClaim] = []
    with transaction.atomic():
        period = lock_period(shift.period)
        locked = lock_shift(shift)
        claims = lock_rows(
            OpenShiftClaim.objects.filter(shift=locked, status=ClaimStatus.PENDING)
            .select_related("officer", "skill")
            .order_by("created_at", "id")
        )
        if not claims:
            return []
        usable = (
            period.phase == Phase.PUBLISHED and locked.cancelled_at is None and locked.start > now
        )
        by_skill: dict[str, list[OpenShiftClaim]] = defaultdict(list)
        for claim in claims:
            by_skill[claim.skill.code].append(claim)
        for code, group in sorted(by_skill.items()):
            filled = Assignment.objects.filter(shift=locked, skill__code=code).count()
            places = max(0, int(locked.demand.get(code, 0)) - filled) if usable else 0
            figures = ledger_figures(group)
            ineligible: dict[int, str] = {}
            eligible: list[OpenShiftClaim] = []
            for claim in group:
                try:
                    check_can_take(claim.officer, locked, code, lent_ok=True)
                except DomainError as exc:
                    ineligible[claim.pk] = str(exc.extra.get("rule") or exc.code)
                    continue
                eligible.append(claim)
            ranked = sorted(eligible, key=lambda c: figures[c.pk].key(c.pk))
            winners = _place_winners(actor, locked, code, ranked, places, ineligible)
            ranked = [c for c in ranked if c.pk not in ineligible]
            explanation = _explain(winners, ranked, ineligible, figures, code, closed=not usable)
            for claim in group:
                won = claim in winners
                claim.status = ClaimStatus.WON if won else ClaimStatus.LOST
                claim.explanation = explanation
                claim.decided_at = now
                claim.save(update_fields=["status", "assignment", "explanation", "decided_at"])
                decided.append(claim)
            audit_record(
                actor=actor,
                period=period,
                action="open_shift_award",
                payload={
                    "shift": locked.pk,
                    "skill": code,
                    "winners": explanation["winners"],
                    "claims": [c.pk for c in group],
                    "explanation": explanation["text"],
                },
            )
            won_ids = [c.officer_id for c in winners]
            notify_on_commit(
                recipient_ids=won_ids,
                kind=NotificationKind.OPEN_SHIFT_WON,
                title=msg(gettext_noop("The open shift is yours")),
                body=msg(
                    gettext_noop("You were awarded the shift of %(start)s: %(why)s"),
                    start=locked.start,
                    why=message_of(explanation),
                ),
                subject=my_shift_subject(locked),
            )
            notify_on_commit(
                recipient_ids=[c.officer_id for c in group if c.officer_id not in won_ids],
                kind=NotificationKind.OPEN_SHIFT_LOST,
                title=msg(gettext_noop("The open shift went to a colleague")),
                body=msg(
                    gettext_noop(
                        "The shift of %(start)s was awarded to the eligible claimant with the "
                        "lowest burden ledger."
                    ),
                    start=locked.start,
                ),
                subject=open_shift_subject(locked),
            )
    return decided


def open_shift_award_now(*, actor: Officer, shift: Shift) -> list[OpenShiftClaim]:
    """A planner or team lead of the shift's team awards its claims before the deadline."""
    scope = actor_scope(actor)
    team_id = shift.team_id
    if not (scope.is_admin or team_id in scope.planned_team_ids | scope.led_team_ids):
        raise Forbidden()
    decided = open_shift_award(actor=actor, shift=shift)
    if not decided:
        raise NothingToAward()
    return decided


def open_shift_awards_due(*, now: dt.datetime | None = None) -> int:
    """Award every shift whose claim deadline has passed (the beat task's body;
    idempotent). Returns the number of shifts awarded."""
    now = now or timezone.now()
    shift_ids = sorted(
        set(
            OpenShiftClaim.objects.filter(
                status=ClaimStatus.PENDING, deadline__lte=now
            ).values_list("shift_id", flat=True)
        )
    )
    count = 0
    for shift in Shift.objects.filter(pk__in=shift_ids).select_related("period").order_by("pk"):
        if open_shift_award(actor=None, shift=shift, now=now):
            count += 1
    return count
