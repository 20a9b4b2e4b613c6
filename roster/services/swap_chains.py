"""Swap chains: officers offer a place of the published roster and name the shifts they would
take instead; the search (`roster.swap_chain_search`) finds cycles of three or more officers
(A takes B's place, B takes C's, C takes A's), which are proposed to every party and applied
at once when all accepted and, where the team's `TeamSwapPolicy` wants a lead's approval, a
team lead (or his substitute; four-eyes: not a party) approved once for the whole chain.

States: a chain is `proposed` -> `accepted` (all parties; waiting for the lead) -> `applied`;
or `declined` (a party), `rejected` (the lead), `void` (the roster changed). Without the
lead's approval the last acceptance applies the chain.

Checks (`_chain_problems`), at proposal and again under the locks at every acceptance and at
approval: each taker is a member of the shift's team on its date, holds the place's skill
valid on that date, is not absent, not already on the shift; and every officer of the chain
stays lawful under the ONE rules module with his roster after ALL moves of the chain (the
places he gives removed, all he takes added), not each move alone. A place that changed
since the proposal (no longer the giver's, the shift moved, cancelled or started, the period
no longer published, an offer withdrawn) makes the chain void: nothing moves, the parties
are told, and the request gets 409 `swap_chain_void`.

Lock order (`roster.services.locking`): the periods of the chain's shifts (by id), the shifts
(by id), then the chain row, then its offers (by id), then the parties' officer rows (by id).
Applying moves every place in one transaction, so the chain applies entirely or not at all.
The notifications name no absence or rule detail of a colleague (need-to-know).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.errors import Forbidden, FourEyes, NotFound, RuleViolation
from common.i18n import Joined, Msg, msg
from notifications.models import NotificationKind
from notifications.services.notify import Subject, notify_on_commit
from organisation.employment import SecondTeamMembership
from organisation.employment_selectors import night_exempt_days
from organisation.models import Absence, AbsenceKind, Officer, Qualification, Training
from organisation.need_to_know import ABSENT, kind_for
from organisation.selectors import actor_scope
from roster.compliance import change_violations, exempt_day_range
from roster.errors import FOUR_EYES_SWAP, SwapChainNotOpen, SwapChainVoid, SwapNotAllowed
from roster.fatigue import FatigueCaps
from roster.models import (
    Assignment,
    AssignmentSource,
    Phase,
    RosterPeriod,
    Shift,
    TeamSwapPolicy,
)
from roster.rules import LOOKAROUND
from roster.services.audit import audit_record
from roster.services.locking import lock_row, lock_rows, lock_shifts_with_periods
from roster.services.open_fit_changes import open_fits_changed
from roster.services.open_shifts import in_fixed_window
from roster.services.swaps import _approvers as swap_approvers
from roster.services.swaps import delegated_team_ids, swap_decider_team_ids
from roster.swap_chain_models import (
    OPEN_CHAIN_STATUSES,
    SwapChain,
    SwapChainLeg,
    SwapChainStatus,
    SwapOffer,
    SwapOfferStatus,
)
from roster.swap_chain_search import ChainOffer, chain_key, find_chains
from roster.trainees import check_mentored, check_training_number, trainee_skill_codes

#: At most this many places an offer may name.
MAX_WANTED = 20

#: Problems of one party that void a chain under their own code (`SwapChain.reason`); any
#: other problem (a rule, an absence: need-to-know) reads `no_longer_lawful`.
PARTY_REASONS = ("not_team_member", "not_qualified", "training_mentor")

#: What the parties read about why a chain is void (message ids, written in their language).
VOID_REASONS = {
    "place_changed": gettext_noop("A place of the chain changed hands meanwhile."),
    "shift_moved": gettext_noop("A shift of the chain was moved."),
    "shift_cancelled": gettext_noop("A shift of the chain was cancelled."),
    "shift_started": gettext_noop("A shift of the chain has started."),
    "period_not_published": gettext_noop("A roster of the chain is no longer published."),
    "offer_closed": gettext_noop("An offer of the chain is no longer open."),
    "offer_withdrawn": gettext_noop("An offer of the chain was withdrawn."),
    "not_team_member": gettext_noop("An officer of the chain is no longer in the team."),
    "not_qualified": gettext_noop("An officer of the chain no longer holds the skill."),
    "training_mentor": gettext_noop("A trainee of the chain would be left without a mentor."),
    "no_longer_lawful": gettext_noop("A party can no longer work a shift of the chain."),
}

# -- selectors -------------------------------------------------------------------------------


def swap_offer_list(*, actor: Officer) -> QuerySet[SwapOffer]:
    """The actor's own offers, newest first (nobody else reads an offer: a colleague learns
    of it only as a party of a proposed chain)."""
    return (
        SwapOffer.objects.filter(officer=actor)
        .select_related("shift", "skill")
        .prefetch_related(Prefetch("wanted_shifts", queryset=Shift.objects.order_by("start")))
        .order_by("-created_at", "-id")
    )


def swap_offer_get(*, actor: Officer, offer_id: int) -> SwapOffer:
    try:
        return swap_offer_list(actor=actor).get(pk=offer_id)
    except SwapOffer.DoesNotExist:
        raise NotFound() from None


def swap_chain_list(*, actor: Officer) -> QuerySet[SwapChain]:
    """Chains the actor is a party of, and every chain of the teams whose swaps he decides
    (lead, his substitute today; all for an administrator). Newest first."""
    legs = SwapChainLeg.objects.select_related("giver", "taker", "shift", "skill").order_by(
        "position"
    )
    qs = SwapChain.objects.prefetch_related(Prefetch("legs", queryset=legs)).order_by(
        "-created_at", "-id"
    )
    scope = actor_scope(actor)
    if scope.is_admin:
        return qs
    party = SwapChainLeg.objects.filter(Q(giver=actor) | Q(taker=actor)).values("chain_id")
    return qs.filter(
        Q(pk__in=party)
        | Q(team_id__in=scope.led_team_ids)
        | Q(team_id__in=delegated_team_ids(actor))
    )


def swap_chain_get(*, actor: Officer, chain_id: int) -> SwapChain:
    try:
        return swap_chain_list(actor=actor).get(pk=chain_id)
    except SwapChain.DoesNotExist:
        raise NotFound() from None


def swap_chains_awaiting_approval(*, actor: Officer) -> QuerySet[SwapChain]:
    """Chains every party accepted that wait for the actor's approval (team lead or his
    substitute; never a chain the actor is part of), oldest acceptance first."""
    party = SwapChainLeg.objects.filter(Q(giver=actor) | Q(taker=actor)).values("chain_id")
    return (
        SwapChain.objects.filter(
            Q(team_id__in=actor_scope(actor).led_team_ids)
            | Q(team_id__in=delegated_team_ids(actor)),
            status=SwapChainStatus.ACCEPTED,
        )
        .exclude(pk__in=party)
        .select_related("team")
        .prefetch_related(
            Prefetch("legs", queryset=SwapChainLeg.objects.select_related("shift", "giver"))
        )
        .order_by("accepted_at", "id")
    )


def chain_first_start(chain: SwapChain) -> dt.datetime:
    """The earliest shift of the chain (its legs prefetched)."""
    return min(leg.shift.start for leg in chain.legs.all())


# -- offers ----------------------------------------------------------------------------------


def swap_offer_create(
    *,
    actor: Officer,
    assignment: Assignment,
    wanted_shifts: Iterable[Shift],
    note: str = "",
    now: dt.datetime | None = None,
) -> SwapOffer:
    """Offer the actor's place `assignment` for any of `wanted_shifts` (shifts of the same
    team, of a published period, not started). Then searches the team's open offers for new
    chains (proposed at once)."""
    if assignment.officer_id != actor.pk:
        raise NotFound()
    wanted = {s.pk: s for s in wanted_shifts}
    if not wanted:
        raise ValidationError({"wanted_shifts": [_("Name at least one shift you would take.")]})
    if len(wanted) > MAX_WANTED:
        raise ValidationError({"wanted_shifts": [_("Name at most 20 shifts.")]})
    with transaction.atomic():
        periods, shifts = lock_shifts_with_periods([assignment.shift_id, *wanted])
        now = now or timezone.now()
        offered = shifts[assignment.shift_id]
        fresh = Assignment.objects.filter(pk=assignment.pk, officer=actor).first()
        if fresh is None:
            raise NotFound()
        _require_open_place(periods[offered.period_id], offered, now, field="assignment")
        mine = set(
            Assignment.objects.filter(officer=actor, shift_id__in=wanted).values_list(
                "shift_id", flat=True
            )
        )
        for shift_id in sorted(wanted):
            shift = shifts.get(shift_id)
            if shift is None or shift.team_id != offered.team_id:
                raise ValidationError({"wanted_shifts": [_("Choose shifts of your own team.")]})
            _require_open_place(periods[shift.period_id], shift, now, field="wanted_shifts")
            if shift_id in mine:
                raise ValidationError({"wanted_shifts": [_("You already work that shift.")]})
        if SwapOffer.objects.filter(assignment=fresh, status=SwapOfferStatus.OPEN).exists():
            raise SwapNotAllowed(extra={"reason": "already_offered"})
        offer = SwapOffer.objects.create(
            officer=actor,
            team_id=offered.team_id,
            assignment=fresh,
            shift=offered,
            skill_id=fresh.skill_id,
            note=note,
        )
        offer.wanted_shifts.set(sorted(wanted))
        _audit(actor, [periods[offered.period_id]], "swap_offer_create", _offer_payload(offer))
        swap_chains_search(team_id=offered.team_id, now=now)
    return offer


def swap_offer_withdraw(*, actor: Officer, offer: SwapOffer) -> SwapOffer:
    """The officer withdraws his open offer; every open chain with it becomes void."""
    if offer.officer_id != actor.pk:
        raise NotFound()
    with transaction.atomic():
        chain_ids = sorted(
            SwapChain.objects.filter(legs__offer=offer, status__in=OPEN_CHAIN_STATUSES)
            .values_list("pk", flat=True)
            .distinct()
        )
        shift_ids = {offer.shift_id} | set(
            SwapChainLeg.objects.filter(chain_id__in=chain_ids).values_list("shift_id", flat=True)
        )
        periods, _shifts = lock_shifts_with_periods(shift_ids)
        chains = lock_rows(SwapChain.objects.filter(pk__in=chain_ids).order_by("pk"))
        locked = lock_row(SwapOffer.objects, pk=offer.pk)
        if locked.status != SwapOfferStatus.OPEN:
            raise SwapNotAllowed(extra={"status": locked.status})
        locked.status = SwapOfferStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        for chain in chains:
            if chain.status in OPEN_CHAIN_STATUSES:
                _void(chain, actor, "offer_withdrawn")
        _audit(actor, list(periods.values()), "swap_offer_withdraw", _offer_payload(locked))
    return locked


# -- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One place of a chain as the checks see it: `giver` hands it to `taker`."""

    offer: SwapOffer
    giver: Officer
    taker: Officer
    assignment_id: int
    shift: Shift
    skill_code: str


def _usable_offers(team_id: int, now: dt.datetime) -> list[SwapOffer]:
    """The team's open offers whose shift lies ahead in a published roster."""
    return list(
        SwapOffer.objects.filter(
            team_id=team_id,
            status=SwapOfferStatus.OPEN,
            shift__start__gt=now,
            shift__cancelled_at__isnull=True,
            shift__period__phase=Phase.PUBLISHED,
            assignment__officer_id=F("officer_id"),
        )
        .select_related("officer", "shift", "skill")
        .order_by("id")
    )


def _wanted(offer_ids: list[int]) -> dict[int, frozenset[int]]:
    """The wanted shift ids of each offer (ids only: one query, no shift rows)."""
    through = SwapOffer.wanted_shifts.through
    wanted: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(swapoffer_id__in=offer_ids).values_list(
        "swapoffer_id", "shift_id"
    )
    for offer_id, shift_id in rows:
        wanted[offer_id].add(shift_id)
    return {k: frozenset(v) for k, v in wanted.items()}


def swap_chains_search(*, team_id: int, now: dt.datetime | None = None) -> list[SwapChain]:
    """Find and propose new chains among the team's open offers (offers and officers of a
    pending chain stay out; a chain declined or rejected before is not proposed again).
    Each candidate is checked as a whole (`_chain_problems`) before it is proposed."""
    now = now or timezone.now()
    offers = _usable_offers(team_id, now)
    by_id = {o.pk: o for o in offers}
    wanted = _wanted(list(by_id))
    pending = SwapChainLeg.objects.filter(
        chain__team_id=team_id, chain__status__in=OPEN_CHAIN_STATUSES
    )
    busy_offers = set(pending.values_list("offer_id", flat=True))
    busy_officers = set(pending.values_list("giver_id", flat=True))
    dead: dict[int, set[int]] = defaultdict(set)
    for chain_id, offer_id in SwapChainLeg.objects.filter(
        chain__team_id=team_id,
        chain__status__in=(SwapChainStatus.DECLINED, SwapChainStatus.REJECTED),
    ).values_list("chain_id", "offer_id"):
        dead[chain_id].add(offer_id)
    nodes = [
        ChainOffer(
            id=o.pk,
            officer=o.officer_id,
            shift=o.shift_id,
            wanted=wanted.get(o.pk, frozenset()),
            skill=o.skill.code,
        )
        for o in offers
        if o.pk not in busy_offers
    ]

    facts = _Facts({o.officer_id: o.officer for o in offers}.values(), [o.shift for o in offers])

    def lawful(chain: tuple[ChainOffer, ...]) -> bool:
        return not _chain_problems(_moves([by_id[c.id] for c in chain]), now, facts)

    chosen = find_chains(
        nodes,
        lawful=lawful,
        exclude={chain_key(ids) for ids in dead.values()},
        busy_officers=busy_officers,
    )
    return [_propose([by_id[c.id] for c in chain], now) for chain in chosen]


def _moves(offers: list[SwapOffer]) -> list[Move]:
    """The officer of offer k takes the place of offer k+1 (the last takes the first's)."""
    return [
        Move(
            offer=offer,
            giver=offer.officer,
            taker=offers[k - 1].officer,
            assignment_id=offer.assignment_id or 0,
            shift=offer.shift,
            skill_code=offer.skill.code,
        )
        for k, offer in enumerate(offers)
    ]


def _propose(offers: list[SwapOffer], now: dt.datetime) -> SwapChain:
    team_id = offers[0].team_id
    chain = SwapChain.objects.create(
        team_id=team_id,
        needs_approval=_needs_approval(team_id),
        late_change=any(in_fixed_window(o.shift.start, now) for o in offers),
    )
    SwapChainLeg.objects.bulk_create(
        SwapChainLeg(
            chain=chain,
            position=k,
            offer=move.offer,
            giver=move.giver,
            taker=move.taker,
            assignment_id=move.assignment_id,
            shift=move.shift,
            skill=move.offer.skill,
            shift_start=move.shift.start,
            shift_end=move.shift.end,
        )
        for k, move in enumerate(_moves(offers))
    )
    periods = RosterPeriod.objects.filter(shifts__in=[o.shift_id for o in offers]).distinct()
    _audit(None, list(periods.order_by("pk")), "swap_chain_propose", _chain_payload(chain))
    _notify(
        _parties(chain),
        NotificationKind.SWAP_CHAIN_PROPOSED,
        gettext_noop("A swap chain is proposed to you"),
        chain,
        first=min(o.shift.start for o in offers),
    )
    return chain


class _Facts:
    """What the checks need about `officers` around `shifts`, read once in a fixed number
    of queries (memberships, qualifications, absences, their shifts within `LOOKAROUND`,
    dated night exemptions): a search checks many candidates in memory. The same checks as
    `open_shifts.check_can_take` and `assignments.check_assignable`."""

    def __init__(self, officers: Iterable[Officer], shifts: Iterable[Shift]) -> None:
        people = {o.pk: o for o in officers}
        shifts = list(shifts)
        if not shifts:
            shifts = [Shift(start=timezone.now(), end=timezone.now())]
        lo = min(s.start for s in shifts) - LOOKAROUND
        hi = max(s.end for s in shifts) + LOOKAROUND
        ids = list(people)
        self.home = set(
            Officer.teams.through.objects.filter(officer_id__in=ids).values_list(
                "officer_id", "team_id"
            )
        )
        self.second = list(SecondTeamMembership.objects.filter(officer_id__in=ids))
        self.quals: dict[int, list[Qualification]] = defaultdict(list)
        for q in Qualification.objects.filter(officer_id__in=ids).select_related("skill"):
            self.quals[q.officer_id].append(q)
        self.absences: dict[int, list[Absence]] = defaultdict(list)
        for absence in (
            Absence.objects.in_force()
            .filter(officer_id__in=ids, start__lt=hi)
            .filter(Q(end__isnull=True) | Q(end__gt=lo))
        ):
            self.absences[absence.officer_id].append(absence)
        self.worked: dict[int, list[Shift]] = defaultdict(list)
        for place in Assignment.objects.filter(
            officer_id__in=ids,
            shift__cancelled_at__isnull=True,
            shift__start__lt=hi,
            shift__end__gt=lo,
        ).select_related("shift"):
            self.worked[place.officer_id].append(place.shift)
        first = timezone.localtime(lo).date()
        # the trainee-mentor check reads the database per move: it runs only where an officer
        # on the shift, or its taker, is in training in the window (else it cannot fail)
        self.trainees = set(
            Training.objects.filter(started_on__lte=timezone.localtime(hi).date())
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first))
            .values_list("officer_id", flat=True)
        )
        self.on_shift: dict[int, set[int]] = defaultdict(set)
        if self.trainees:
            for shift_id, officer_id in Assignment.objects.filter(
                shift_id__in={s.pk for s in shifts if s.pk}
            ).values_list("shift_id", "officer_id"):
                self.on_shift[shift_id].add(officer_id)
        self.exempt = night_exempt_days(
            list(people.values()), first, timezone.localtime(hi).date() + dt.timedelta(days=1)
        )
        self.caps = FatigueCaps.for_officers(list(people))  # the fatigue caps (issue 18)

    def may_leave_trainee_alone(self, shift: Shift, taker_id: int) -> bool:
        return bool(self.trainees & (self.on_shift[shift.pk] | {taker_id}))

    def in_team(self, officer_id: int, team_id: int, day: dt.date) -> bool:
        return (officer_id, team_id) in self.home or any(
            m.officer_id == officer_id
            and m.team_id == team_id
            and m.valid_from <= day
            and m.valid_until >= day
            for m in self.second
        )

    def qualified(self, officer_id: int, code: str, day: dt.date) -> bool:
        return any(q.skill.code == code and q.is_valid_on(day) for q in self.quals[officer_id])

    def absent(self, officer_id: int, shift: Shift) -> bool:
        return any(
            a.start < shift.end and (a.end is None or a.end > shift.start)
            for a in self.absences[officer_id]
        )


def _chain_problems(
    moves: list[Move], now: dt.datetime, facts: _Facts | None = None
) -> list[dict[str, Any]]:
    """Everything that makes the chain unlawful or impossible now, per officer (empty: the
    chain may be applied). Each officer is judged on his roster after ALL moves."""
    if facts is None:
        people = {m.giver.pk: m.giver for m in moves} | {m.taker.pk: m.taker for m in moves}
        facts = _Facts(people.values(), [m.shift for m in moves])
    problems: list[dict[str, Any]] = []
    gives: dict[int, set[int]] = defaultdict(set)
    takes: dict[int, list[Shift]] = defaultdict(list)
    officers: dict[int, Officer] = {}
    for move in moves:
        gives[move.giver.pk].add(move.shift.pk)
        takes[move.taker.pk].append(move.shift)
        officers[move.taker.pk] = move.taker
        if move.shift.start <= now or move.shift.cancelled_at is not None:
            problems.append({"officer": move.giver.pk, "code": "shift_not_open"})
    for move in moves:
        taker, shift = move.taker.pk, move.shift
        day = timezone.localtime(shift.start).date()
        who = {"officer": taker}
        if not facts.in_team(taker, shift.team_id, day):
            problems.append({**who, "code": "not_team_member"})
        elif not facts.qualified(taker, move.skill_code, day) and (
            taker not in facts.trainees  # a trainee's place: his mentor is checked below
            or move.skill_code not in trainee_skill_codes(taker, shift)
        ):
            problems.append({**who, "code": "not_qualified"})
        elif facts.absent(taker, shift):
            problems.append({**who, "code": "officer_absent"})
        elif any(s.pk == shift.pk for s in facts.worked[taker] if s.pk not in gives[taker]):
            problems.append({**who, "code": "already_assigned"})
    for move in moves:
        # a mentor who hands his place on must not leave his trainee alone (issue 18)
        if not facts.may_leave_trainee_alone(move.shift, move.taker.pk):
            continue
        try:
            check_mentored(move.shift, add=(move.taker.pk, move.skill_code), remove=[move.giver.pk])
        except RuleViolation:
            problems.append({"officer": move.giver.pk, "code": "training_mentor"})
    for move in moves:  # a trainee's places within the team's number (issue 18)
        day = timezone.localtime(move.shift.start).date()
        if move.taker.pk in facts.trainees and not facts.qualified(
            move.taker.pk, move.skill_code, day
        ):
            given = next((m.assignment_id for m in moves if m.giver.pk == move.taker.pk), None)
            try:
                mine = Assignment(pk=given) if given else None
                check_training_number(move.taker, move.shift, move.skill_code, gives_up=mine)
            except RuleViolation as exc:
                problems.append(
                    {"officer": move.taker.pk, "code": "rule_violation", "rule": exc.extra["rule"]}
                )
    for officer_id, taken in takes.items():
        rules = _roster_after(officers[officer_id], gives[officer_id], taken, facts)
        problems.extend({"officer": officer_id, "code": "rule_violation", "rule": r} for r in rules)
    return problems


def _roster_after(
    officer: Officer, gives: set[int], takes: list[Shift], facts: _Facts
) -> list[str]:
    """The rules broken by the shifts `officer` takes, on his roster (every team) after the
    chain: his shifts around them, minus those he gives, plus those he takes."""
    lo = min(s.start for s in takes) - LOOKAROUND
    hi = max(s.end for s in takes) + LOOKAROUND
    taken = {s.pk for s in takes}
    around = [
        s
        for s in facts.worked[officer.pk]
        if s.start < hi and s.end > lo and s.pk not in gives and s.pk not in taken
    ]
    shifts = [*around, *takes]
    first, after = exempt_day_range(shifts)
    exempt = {d for d in facts.exempt[officer.pk] if first <= d < after}
    given = [s for s in facts.worked[officer.pk] if s.pk in gives and s.pk not in taken]
    violations = change_violations(
        officer,
        takes=takes,
        around=around,
        gives=given,
        exempt_days=exempt,
        caps=facts.caps.get(officer.pk),
    )  # the working-time rules and the team's fatigue cap (issue 18)
    return sorted({str(v.rule) for v in violations})


# -- the parties and the lead ----------------------------------------------------------------


def swap_chain_accept(*, actor: Officer, chain: SwapChain) -> SwapChain:
    """A party accepts the whole chain (all his legs at once; his consent for a change in
    the fixed 7-day window). The last acceptance applies the chain, or hands it to the team
    lead where the team's swap policy wants approval. Everything is checked again first."""
    if actor.pk not in _parties(chain):
        raise Forbidden(_("You are not part of this swap chain."))
    voided = False
    with transaction.atomic():
        periods, locked, moves = _lock_chain(chain)
        if locked.status != SwapChainStatus.PROPOSED:
            raise SwapChainNotOpen(extra={"status": locked.status})
        now = timezone.now()
        reason = _stale(locked, periods, moves, now)
        if reason:
            _void(locked, actor, reason)
            voided = True
        else:
            SwapChainLeg.objects.filter(chain=locked, giver=actor).update(accepted_at=now)
            _audit(actor, list(periods.values()), "swap_chain_accept", _chain_payload(locked))
            if not SwapChainLeg.objects.filter(chain=locked, accepted_at__isnull=True).exists():
                locked.accepted_at = now
                locked.needs_approval = _needs_approval(locked.team_id)
                if locked.needs_approval:
                    locked.status = SwapChainStatus.ACCEPTED
                    locked.save(update_fields=["accepted_at", "needs_approval", "status"])
                    _notify(
                        _approvers(locked),
                        NotificationKind.SWAP_CHAIN_APPROVAL_NEEDED,
                        gettext_noop("A swap chain waits for your approval"),
                        locked,
                        first=min(m.shift.start for m in moves),
                    )
                else:
                    locked.save(update_fields=["accepted_at", "needs_approval"])
                    _apply(locked, periods, moves, decided_by=None)
    if voided:
        raise SwapChainVoid(extra={"chain": chain.pk})
    return locked


def swap_chain_decline(*, actor: Officer, chain: SwapChain, reason: str = "") -> SwapChain:
    """A party declines: the chain ends and nothing changes. His offers stay open for other
    chains (this one is not proposed again); the team's offers are searched again."""
    if actor.pk not in _parties(chain):
        raise Forbidden(_("You are not part of this swap chain."))
    with transaction.atomic():
        periods, locked, _unused = _lock_chain(chain)
        if locked.status not in OPEN_CHAIN_STATUSES:
            raise SwapChainNotOpen(extra={"status": locked.status})
        _end(locked, actor, SwapChainStatus.DECLINED, reason)
        _audit(actor, list(periods.values()), "swap_chain_decline", _chain_payload(locked))
        swap_chains_search(team_id=locked.team_id)
    return locked


def swap_chain_approve(*, actor: Officer, chain: SwapChain) -> SwapChain:
    """The team lead (or his substitute, or an administrator; not a party) approves an
    accepted chain once for all its moves; checked again and applied in one transaction."""
    _require_decider(actor, chain)
    voided = False
    with transaction.atomic():
        periods, locked, moves = _lock_chain(chain)
        if locked.status != SwapChainStatus.ACCEPTED:
            raise SwapChainNotOpen(extra={"status": locked.status})
        reason = _stale(locked, periods, moves, timezone.now())
        if reason:
            _void(locked, actor, reason)
            voided = True
        else:
            _apply(locked, periods, moves, decided_by=actor)
    if voided:
        raise SwapChainVoid(extra={"chain": chain.pk})
    return locked


def swap_chain_reject(*, actor: Officer, chain: SwapChain, reason: str = "") -> SwapChain:
    """The team lead rejects an open chain: nothing changes."""
    _require_decider(actor, chain)
    with transaction.atomic():
        periods, locked, _unused = _lock_chain(chain)
        if locked.status not in OPEN_CHAIN_STATUSES:
            raise SwapChainNotOpen(extra={"status": locked.status})
        _end(locked, actor, SwapChainStatus.REJECTED, reason)
        _audit(actor, list(periods.values()), "swap_chain_reject", _chain_payload(locked))
    return locked


# -- helpers ---------------------------------------------------------------------------------


def _require_open_place(
    period: RosterPeriod, shift: Shift, now: dt.datetime, *, field: str
) -> None:
    if period.phase != Phase.PUBLISHED or shift.cancelled_at is not None or shift.start <= now:
        raise ValidationError({field: [_("Only shifts of a published roster that lie ahead.")]})


def _lock_chain(
    chain: SwapChain,
) -> tuple[dict[int, RosterPeriod], SwapChain, list[Move]]:
    """Lock in the documented order and re-read the legs, offers and places."""
    shift_ids = list(SwapChainLeg.objects.filter(chain=chain).values_list("shift_id", flat=True))
    periods, shifts = lock_shifts_with_periods(shift_ids)
    locked = lock_row(SwapChain.objects.select_related("team"), pk=chain.pk)
    legs = list(
        SwapChainLeg.objects.filter(chain=locked)
        .select_related("giver", "taker", "skill")
        .order_by("position")
    )
    offer_rows = SwapOffer.objects.filter(pk__in=[leg.offer_id for leg in legs]).order_by("pk")
    offers = {o.pk: o for o in lock_rows(offer_rows)}
    lock_rows(Officer.objects.filter(pk__in={leg.giver_id for leg in legs}).order_by("pk"))
    moves = [
        Move(
            offer=offers[leg.offer_id],
            giver=leg.giver,
            taker=leg.taker,
            assignment_id=leg.assignment_id or 0,
            shift=shifts[leg.shift_id],
            skill_code=leg.skill.code,
        )
        for leg in legs
    ]
    locked._legs_snapshot = legs  # type: ignore[attr-defined]
    return periods, locked, moves


def _stale(
    chain: SwapChain, periods: dict[int, RosterPeriod], moves: list[Move], now: dt.datetime
) -> str:
    """Why the chain is void now ("" when it still holds)."""
    legs: list[SwapChainLeg] = chain._legs_snapshot  # type: ignore[attr-defined]
    places = Assignment.objects.in_bulk([m.assignment_id for m in moves])
    for leg, move in zip(legs, moves, strict=True):
        place = places.get(move.assignment_id)
        shift = move.shift
        if move.offer.status != SwapOfferStatus.OPEN:
            return "offer_closed"
        if (
            place is None
            or place.officer_id != leg.giver_id
            or place.shift_id != leg.shift_id
            or place.skill_id != leg.skill_id
        ):
            return "place_changed"
        if shift.start != leg.shift_start or shift.end != leg.shift_end:
            return "shift_moved"
        if shift.cancelled_at is not None:
            return "shift_cancelled"
        if shift.start <= now:
            return "shift_started"
        if periods[shift.period_id].phase != Phase.PUBLISHED:
            return "period_not_published"
    problems = _chain_problems(moves, now)
    for problem in problems:
        if problem["code"] in PARTY_REASONS:
            return str(problem["code"])
    if problems:
        # an absence and a rule alike read `no_longer_lawful`: the parties learn nothing of
        # a colleague's absence (need-to-know); the absent officer is told his own (`_void`)
        absent = [p["officer"] for p in problems if p["code"] == "officer_absent"]
        chain._void_absent = absent[0] if absent else None  # type: ignore[attr-defined]
        return "no_longer_lawful"
    return ""


def _apply(
    chain: SwapChain,
    periods: dict[int, RosterPeriod],
    moves: list[Move],
    *,
    decided_by: Officer | None,
) -> None:
    """Move every place of the chain (the caller holds the locks and checked it)."""
    for move in moves:
        Assignment.objects.filter(pk=move.assignment_id).update(
            officer=move.taker, source=AssignmentSource.SWAP
        )
    open_fits_changed(officer_ids=[m.taker.pk for m in moves] + [m.offer.officer_id for m in moves])
    SwapOffer.objects.filter(pk__in=[m.offer.pk for m in moves]).update(
        status=SwapOfferStatus.USED, updated_at=timezone.now()
    )
    _end(chain, decided_by, SwapChainStatus.APPLIED, "")
    _audit(decided_by, list(periods.values()), "swap_chain_apply", _chain_payload(chain))
    _notify(
        _parties(chain),
        NotificationKind.SWAP_CHAIN_APPLIED,
        gettext_noop("Your swap chain is applied"),
        chain,
        first=min(m.shift.start for m in moves),
    )


def _void(chain: SwapChain, actor: Officer | None, reason: str) -> None:
    """End the chain as void (nothing moves) and close offers whose place is gone. Every
    party but the actor is told why (`VOID_REASONS`), and so is a lead who was asked to
    approve it; its inbox task goes with its status."""
    was = chain.status
    for leg in SwapChainLeg.objects.filter(chain=chain).select_related("offer"):
        place = Assignment.objects.filter(pk=leg.assignment_id or 0, officer_id=leg.giver_id)
        if leg.offer.status == SwapOfferStatus.OPEN and not place.exists():
            SwapOffer.objects.filter(pk=leg.offer_id).update(status=SwapOfferStatus.CLOSED)
    _end(chain, actor, SwapChainStatus.VOID, reason, notify=False)
    told = set(_parties(chain))
    if was == SwapChainStatus.ACCEPTED and chain.needs_approval:
        told |= set(_approvers(chain))
    if actor is not None:
        told.discard(actor.pk)
    absent_id: int | None = getattr(chain, "_void_absent", None)
    own = _own_absence(chain, absent_id) if absent_id in told else None
    for recipient in sorted(told):
        why = msg(VOID_REASONS.get(reason, VOID_REASONS["no_longer_lawful"]))
        if own is not None and recipient == absent_id:
            why = own
        _notify(
            [recipient],
            NotificationKind.SWAP_CHAIN_CANCELLED,
            gettext_noop("A swap chain was cancelled"),
            chain,
            why=why,
        )
    periods = RosterPeriod.objects.filter(
        shifts__in=SwapChainLeg.objects.filter(chain=chain).values("shift_id")
    ).distinct()
    _audit(actor, list(periods.order_by("pk")), "swap_chain_void", _chain_payload(chain))


def _own_absence(chain: SwapChain, officer_id: int | None) -> Msg | None:
    """The reason as the absent officer himself may read it: the kind of his absence on a
    shift of the chain, as `organisation.need_to_know` lets him learn it (nobody else)."""
    if officer_id is None:
        return None
    officer = Officer.objects.get(pk=officer_id)
    starts = SwapChainLeg.objects.filter(chain=chain, taker_id=officer_id)
    for leg in starts.order_by("position"):
        absence = (
            Absence.objects.in_force()
            .filter(officer_id=officer_id)
            .overlapping(leg.shift_start, leg.shift_end)
            .order_by("start")
            .first()
        )
        if absence is not None:
            kind = kind_for(officer, officer_id, absence.kind)
            if kind == ABSENT:
                return None
            return msg(
                gettext_noop("You are absent (%(kind)s) on a shift you would take."),
                kind=AbsenceKind(kind).label,
            )
    return None


def _end(
    chain: SwapChain, actor: Officer | None, status: str, reason: str, *, notify: bool = True
) -> None:
    chain.status = status
    chain.decided_by = actor
    chain.decided_at = timezone.now()
    chain.reason = reason
    chain.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if notify and status in (SwapChainStatus.DECLINED, SwapChainStatus.REJECTED):
        _notify(
            [p for p in _parties(chain) if actor is None or p != actor.pk],
            NotificationKind.SWAP_CHAIN_CANCELLED,
            gettext_noop("A swap chain was cancelled"),
            chain,
        )


def _parties(chain: SwapChain) -> list[int]:
    return sorted(set(SwapChainLeg.objects.filter(chain=chain).values_list("giver_id", flat=True)))


def _needs_approval(team_id: int) -> bool:
    policy = TeamSwapPolicy.objects.filter(team_id=team_id).first()
    return policy is not None and not policy.auto_approve


def _approvers(chain: SwapChain) -> list[int]:
    parties = set(_parties(chain))
    return [pk for pk in swap_approvers(chain.team_id) if pk not in parties]


def _require_decider(actor: Officer, chain: SwapChain) -> None:
    if not (actor_scope(actor).is_admin or chain.team_id in swap_decider_team_ids(actor)):
        raise Forbidden()
    if actor.pk in _parties(chain):
        raise FourEyes(FOUR_EYES_SWAP)


def _offer_payload(offer: SwapOffer) -> dict[str, Any]:
    return {
        "offer": offer.pk,
        "officer": offer.officer_id,
        "assignment": offer.assignment_id,
        "shift": offer.shift_id,
        "status": offer.status,
    }


def _chain_payload(chain: SwapChain) -> dict[str, Any]:
    legs = SwapChainLeg.objects.filter(chain=chain).order_by("position")
    return {
        "chain": chain.pk,
        "status": chain.status,
        "reason": chain.reason,
        "late_change": chain.late_change,
        "legs": [
            {
                "giver": leg.giver_id,
                "taker": leg.taker_id,
                "assignment": leg.assignment_id,
                "shift": leg.shift_id,
                "accepted_at": leg.accepted_at.isoformat() if leg.accepted_at else None,
            }
            for leg in legs
        ],
    }


def _audit(
    actor: Officer | None, periods: list[RosterPeriod], action: str, payload: dict[str, Any]
) -> None:
    for period in periods:
        audit_record(actor=actor, period=period, action=action, payload=payload)


def _notify(
    recipients: list[int],
    kind: NotificationKind,
    title: str,
    chain: SwapChain,
    *,
    first: dt.datetime | None = None,
    why: Msg | None = None,
) -> None:
    """`title`: a message id (marked with `gettext_noop`), written in each reader's language;
    `why`: a sentence added to the body (the reason a chain is void)."""
    if first is None:
        first = min(SwapChainLeg.objects.filter(chain=chain).values_list("shift_start", flat=True))
    body: Msg | Joined = msg(
        gettext_noop("Swap chain %(id)s of %(count)s officers: from the shift of %(start)s."),
        id=chain.pk,
        count=len(_parties(chain)),
        start=first,
    )
    if why is not None:
        body = Joined((body, why))
    notify_on_commit(
        recipient_ids=recipients,
        kind=kind,
        title=msg(title),
        body=body,
        subject=Subject("swap_chain", chain.pk, f"/api/v1/swap-chains/{chain.pk}/"),
    )
