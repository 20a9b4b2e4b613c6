"""Open shifts: places of a published roster that nobody fills, claimed first-come-first-served.

A place is open when a shift of a published period that has not started and is not cancelled
demands more officers of a skill than are assigned in that skill (a sick report freeing an
assignment, a cancelled assignment, added demand). An officer sees the open places he may
take: a shift of his own team, a skill he holds valid on that date, no absence, not already
on the shift, and lawful for him under the ONE rules module (`roster.rules`, through
`roster.services.assignments`), night exemption included.

Claiming locks the period row, then the shift row (`roster.services.locking`), and re-checks
everything under the lock, so under concurrency exactly one claim of the last place wins and
the others get 409 `already_filled`. A claim inside the fixed 7-day window is the claimant's
own consent (Barp art. 12); it is recorded in the audit event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.errors import DomainError, RuleViolation
from common.i18n import msg
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.employment_selectors import in_team_on, night_exempt_days
from organisation.models import Absence, Officer, Qualification, Role, RoleAssignment, Skill
from roster.compliance import AdditionCheck
from roster.errors import (
    AlreadyAssigned,
    AlreadyClaimed,
    AlreadyFilled,
    NotATeamMember,
    NotQualified,
    OfficerAbsent,
    ShiftCancelled,
    ShiftStarted,
)
from roster.lawful_memo import lawful_shift_ids
from roster.lent_claim_models import LentClaimRequest
from roster.models import (
    Assignment,
    AssignmentSource,
    ClaimStatus,
    OpenShiftClaim,
    OpenShiftPolicy,
    Phase,
    RosterPeriod,
    Shift,
    TeamSwapPolicy,
)
from roster.rules import LOOKAROUND
from roster.services.assignments import check_assignable
from roster.services.audit import audit_record
from roster.services.lending import lending_team_ids, lends_to, lent_now
from roster.services.lent_claims import approval_team_ids, lent_claim_request_create
from roster.services.locking import lock_period, lock_row, lock_shift
from roster.services.phases import require_phase
from roster.services.solving.repair_apply import FIXED_WINDOW
from roster.services.training_places import mentored, training_scope
from roster.subjects import my_shift_subject, open_shift_subject, shift_subject
from roster.trainees import check_trainee_place, trainee_skill_codes


@dataclass(frozen=True)
class OpenPlace:
    """`open` places of `skill` on `shift` (demand minus assigned in that skill)."""

    shift: Shift
    skill: str
    open: int
    #: the shift is of another team that lends its open places to him (`lending`)
    lent: bool = False
    #: a place of the skill he is in training for (`roster.services.training_places`)
    training: bool = False
    #: for a training place: his mentors working the shift (ids; who may read them:
    #: `training_places.mentor_rows`)
    mentors: tuple[int, ...] = ()


def open_counts(shift: Shift, assignments: Iterable[Assignment]) -> dict[str, int]:
    """Open places per skill code of one shift, given its assignments (skills loaded)."""
    return _open_from_filled(shift, Counter(a.skill.code for a in assignments))


def _open_from_filled(shift: Shift, filled: Counter[str]) -> dict[str, int]:
    """`open_counts` from filled places per skill code."""
    return {
        code: int(need) - filled[code]
        for code, need in sorted(shift.demand.items())
        if int(need) > filled[code]
    }


def in_fixed_window(start: dt.datetime, now: dt.datetime) -> bool:
    """The shift starts within the fixed 7-day window: a change needs consent."""
    return now <= start < now + FIXED_WINDOW


def absent_during(officer: Officer, shift: Shift) -> bool:
    return (
        Absence.objects.in_force()
        .filter(officer=officer, start__lt=shift.end)
        .filter(Q(end__isnull=True) | Q(end__gt=shift.start))
        .exists()
    )


def check_can_take(
    officer: Officer,
    shift: Shift,
    skill_code: str,
    *,
    gives_up: Assignment | None = None,
    lent_ok: bool = False,
    leaving: Iterable[int] = (),
) -> None:
    """Raise unless `officer` may work `shift` in `skill_code`'s place: a member of the team,
    qualified on the date (or in training for the skill: `roster.trainees.check_trainee_place`,
    with `leaving` the officers who leave the shift in the same change), not absent, not
    already on it, and lawful with the rules module and the team's fatigue cap (leaving out
    `gives_up`, the place he hands over in the same change). Errors name the officer in
    `extra.officer`. `lent_ok`: a place the shift's team lends to him (a claim) counts as his
    team's."""
    who = {"officer": officer.pk}
    if not in_team_on(officer, shift.team_id, timezone.localtime(shift.start).date()) and not (
        lent_ok and lends_to(officer, shift)
    ):
        raise NotATeamMember(extra=who)
    day = timezone.localtime(shift.start).date()
    held = Qualification.objects.valid_on(day).filter(officer=officer, skill__code=skill_code)
    trainee = not held.exists()
    if trainee and skill_code not in trainee_skill_codes(officer.pk, shift):
        raise NotQualified(extra={**who, "skill": skill_code})
    on_shift = Assignment.objects.filter(shift=shift, officer=officer)
    if gives_up is not None:
        on_shift = on_shift.exclude(pk=gives_up.pk)
    if on_shift.exists():
        raise AlreadyAssigned(extra=who)
    if absent_during(officer, shift):
        raise OfficerAbsent(extra=who)
    try:
        check_assignable(officer, shift, exclude=gives_up.pk if gives_up is not None else None)
    except RuleViolation as exc:
        raise RuleViolation(exc.detail, extra={**exc.extra, **who}) from None
    if trainee:  # a training place: with a mentor, within the team's number (issue 18)
        try:
            check_trainee_place(officer, shift, skill_code, gives_up=gives_up, leaving=leaving)
        except RuleViolation as exc:
            raise RuleViolation(exc.detail, extra={**exc.extra, **who}) from None


def open_places_for(
    *, actor: Officer, now: dt.datetime | None = None, every_place: bool = False
) -> list[OpenPlace]:
    """The open places `actor` may claim, soonest first; for a trainee also the places of his
    training skill he may claim (`training`, with the mentors on the shift:
    `roster.services.training_places`).

    `every_place` (for `roster.services.open_fits`, which keeps this list materialised): every
    place of the demand, open or full now, and every lent place whatever its lead time; the
    checks of the officer are the same, but for a training place's mentor (another officer's
    roster: checked at every read). `open` is then the demand.

    A fixed number of queries whatever the number of shifts: the actor's qualifications,
    absences and own shifts around the candidates are read once. The rules module runs in
    memory per candidate, through `roster.lawful_memo` (keyed by every input of the check, so
    a repeated read skips the rules and a changed roster never reads a stale answer)."""
    now = now or timezone.now()
    lenders = lending_team_ids(actor)
    upcoming = Shift.objects.filter(
        Q(team__in=actor.teams.all()) | Q(team__in=list(lenders)),
        period__phase=Phase.PUBLISHED,
        cancelled_at__isnull=True,
        start__gt=now,
    )
    shifts = [
        s
        for s in upcoming.order_by("start", "id")
        if every_place or s.team_id not in lenders or lent_now(lenders[s.team_id], s, now)
    ]
    if not shifts:
        return []
    # filled places per shift and skill, counted by the database (not one row per assignment)
    # (none for `every_place`: every place of the demand counts as open)
    filled: dict[int, Counter[str]] = {}
    counted = (
        Assignment.objects.filter(shift__in=upcoming)
        .values_list("shift_id", "skill__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    for shift_id, code, n in [] if every_place else counted:
        filled.setdefault(shift_id, Counter())[code] = n
    # his own shifts from LOOKAROUND before now on: the rules' context of every candidate,
    # and (those among `shifts`) the places he already holds
    mine = list(
        Shift.objects.filter(
            assignments__officer=actor, cancelled_at__isnull=True, end__gt=now - LOOKAROUND
        ).distinct()
    )
    taken = {s.pk for s in mine}
    candidates = [
        (shift, counts)
        for shift in shifts
        if shift.pk not in taken
        and (counts := _open_from_filled(shift, filled.get(shift.pk, Counter())))
    ]
    if not candidates:
        return []
    lo = candidates[0][0].start - LOOKAROUND
    hi = max(s.end for s, _c in candidates) + LOOKAROUND
    quals = list(Qualification.objects.filter(officer=actor).select_related("skill"))
    absences = list(
        Absence.objects.in_force()
        .filter(officer=actor, start__lt=hi)
        .filter(Q(end__isnull=True) | Q(end__gt=lo))
    )
    exempt = night_exempt_days(
        [actor], timezone.localtime(lo).date(), timezone.localtime(hi).date() + dt.timedelta(days=1)
    )[actor.pk]
    trains = training_scope(actor, [s for s, _c in candidates])
    # (shift, open per skill, the skills he may take there: code -> a training place)
    wanted: list[tuple[Shift, dict[str, int], dict[str, bool]]] = []
    for shift, counts in candidates:
        if any(a.start < shift.end and (a.end is None or a.end > shift.start) for a in absences):
            continue
        day = timezone.localtime(shift.start).date()
        held = {q.skill.code for q in quals if q.is_valid_on(day)}
        training = [
            code for code in trains.codes(day, counts, held) if trains.within_number(shift, code)
        ]
        skills = {code: code in training for code in counts if code in held or code in training}
        if skills:
            wanted.append((shift, counts, skills))
    checked = [s for s, _c, _k in wanted]
    addition = AdditionCheck(actor, ref=lo, exempt_days=exempt)
    lawful = lawful_shift_ids(
        actor,
        checked,
        mine,
        exempt,
        lambda _o, shift, near, _e: addition.lawful(shift, near),
        addition.memo_fact,
    )
    places = [
        OpenPlace(
            shift=shift,
            skill=code,
            open=counts[code],
            lent=shift.team_id in lenders,
            training=is_training,
        )
        for shift, counts, skills in wanted
        if shift.pk in lawful
        for code, is_training in skills.items()
    ]
    return places if every_place else with_mentors(actor, places)


def with_mentors(actor: Officer, places: list[OpenPlace]) -> list[OpenPlace]:
    """The places, each training place only while a mentor on its shift accompanies him
    (read now: another officer's roster), with its mentors."""
    training = [(p.shift, p.skill) for p in places if p.training]
    if not training:
        return places
    found = mentored(actor.pk, training)
    return [
        replace(p, mentors=found[p.shift.pk, p.skill]) if p.training else p
        for p in places
        if not p.training or (p.shift.pk, p.skill) in found
    ]


def team_policy(team_id: int) -> TeamSwapPolicy:
    """The team's swap and open-shift policy (the defaults when it has none)."""
    policy = TeamSwapPolicy.objects.filter(team_id=team_id).first()
    return policy or TeamSwapPolicy(team_id=team_id)


def claim_deadline(policy: TeamSwapPolicy, shift: Shift, now: dt.datetime) -> dt.datetime:
    """When a fair-award place is awarded: `claim_window_hours` after the first claim, but
    no later than `award_hours_before_start` before the shift (and never in the past)."""
    latest = shift.start - dt.timedelta(hours=policy.award_hours_before_start)
    return max(now, min(now + dt.timedelta(hours=policy.claim_window_hours), latest))


def open_shift_claim(
    *, actor: Officer, shift: Shift, skill: Skill, approved_by: Officer | None = None
) -> Assignment | OpenShiftClaim | LentClaimRequest:
    """Claim an open place of `skill` on `shift` for the actor.

    Under the team's `first_come` policy (default) the first lawful claimant gets the place
    at once (an Assignment). Under `fair_award` the claim is recorded (an OpenShiftClaim,
    pending) and the place is awarded at the claim deadline (`roster.services.fair_award`);
    the same checks run now and again at the award. A lent place whose claimant's home team
    wants its lead's approval becomes a `LentClaimRequest` (`roster.services.lent_claims`);
    `approved_by`: that lead approved it, the claim runs again (every check) and is made.

    Lock order: period, shift, the claimant's officer row. Raises WrongPhase/ShiftCancelled/
    ShiftStarted (409), AlreadyFilled (409 `already_filled`), AlreadyAssigned/OfficerAbsent/
    AlreadyClaimed (409), NotATeamMember (403), NotQualified (422) or RuleViolation (422
    naming the rule and the officer)."""
    with transaction.atomic():
        period = lock_period(shift.period)
        locked = lock_shift(shift)
        # his roster in every team: serialises with a solve commit of another team
        lock_row(Officer.objects, pk=actor.pk)
        require_phase(period, Phase.PUBLISHED)
        now = timezone.now()
        if locked.cancelled_at is not None:
            raise ShiftCancelled()
        if locked.start <= now:
            raise ShiftStarted()
        filled = Assignment.objects.filter(shift=locked, skill=skill).count()
        if filled >= int(locked.demand.get(skill.code, 0)):
            raise AlreadyFilled(extra={"skill": skill.code})
        check_can_take(actor, locked, skill.code, lent_ok=True)
        asked = [] if approved_by is not None else approval_team_ids(actor, locked)
        if asked:  # his home team's lead agrees first
            return lent_claim_request_create(
                actor=actor, period=period, shift=locked, skill=skill, approver_team_ids=asked
            )
        policy = team_policy(locked.team_id)
        if policy.open_shift_policy == OpenShiftPolicy.FAIR_AWARD:
            return _claim_record(actor, period, locked, skill, policy, now)
        assignment = Assignment.objects.create(
            officer=actor,
            shift=locked,
            skill=skill,
            source=AssignmentSource.CLAIM,
            created_by=actor,
        )
        consent = [actor.pk] if in_fixed_window(locked.start, now) else []
        audit_record(
            actor=actor,
            period=period,
            action="open_shift_claim",
            payload={
                "assignment": assignment.pk,
                "officer": actor.pk,
                "shift": locked.pk,
                "skill": skill.pk,
                "source": AssignmentSource.CLAIM,
                "consent": consent,
                **({"approved_by": approved_by.pk} if approved_by is not None else {}),
            },
        )
        _notify_claimed(actor, locked)
    return assignment


def _claim_record(
    actor: Officer,
    period: RosterPeriod,
    shift: Shift,
    skill: Skill,
    policy: TeamSwapPolicy,
    now: dt.datetime,
) -> OpenShiftClaim:
    """Record a fair-award claim; every claim of one place shares the first one's deadline."""
    pending = OpenShiftClaim.objects.filter(shift=shift, skill=skill, status=ClaimStatus.PENDING)
    if pending.filter(officer=actor).exists():
        raise AlreadyClaimed(extra={"officer": actor.pk})
    first = pending.order_by("created_at", "id").first()
    deadline = first.deadline if first else claim_deadline(policy, shift, now)
    claim = OpenShiftClaim.objects.create(
        shift=shift, skill=skill, officer=actor, deadline=deadline
    )
    audit_record(
        actor=actor,
        period=period,
        action="open_shift_claim_recorded",
        payload={
            "claim": claim.pk,
            "officer": actor.pk,
            "shift": shift.pk,
            "skill": skill.pk,
            "deadline": deadline.isoformat(),
            "consent": [actor.pk] if in_fixed_window(shift.start, now) else [],
        },
    )
    return claim


def open_places_announce(*, shift_ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Tell every officer who may take one of these open places (member of the team,
    qualified on the date, not absent, not on the shift, lawful under the rules module) that
    an open shift is available for him: one notification per officer, delivered after the
    commit by the notification service (preferences and quiet hours apply there). Returns
    the number of officers told."""
    now = now or timezone.now()
    shifts = (
        Shift.objects.filter(
            pk__in=set(shift_ids),
            period__phase=Phase.PUBLISHED,
            cancelled_at__isnull=True,
            start__gt=now,
        )
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("skill"))
        )
        .order_by("start", "id")
    )
    offers: dict[int, list[Shift]] = {}
    for shift in shifts:
        counts = open_counts(shift, shift.assignments.all())
        if not counts:
            continue
        on_shift = [a.officer_id for a in shift.assignments.all()]
        members = Officer.objects.filter(teams=shift.team_id, is_active=True).exclude(
            pk__in=on_shift
        )
        for officer in members.distinct().order_by("pk"):
            for code in counts:
                try:
                    check_can_take(officer, shift, code)
                except DomainError:
                    continue
                offers.setdefault(officer.pk, []).append(shift)
                break
    for officer_id, offered in offers.items():
        notify_on_commit(
            recipient_ids=[officer_id],
            kind=NotificationKind.OPEN_SHIFT_AVAILABLE,
            title=msg(gettext_noop("An open shift is available for you")),
            body=msg(
                gettext_noop("You may claim the shift of %(starts)s under Open shifts."),
                starts=[s.start for s in offered],
            ),
            subject=open_shift_subject(offered[0]),
        )
    return len(offers)


def team_deciders(team_id: int) -> list[int]:
    """Team leads and planners of a team (who hear about roster changes)."""
    return sorted(
        set(
            RoleAssignment.objects.filter(
                team_id=team_id, role__in=[Role.TEAM_LEAD, Role.PLANNER]
            ).values_list("officer_id", flat=True)
        )
    )


def _notify_claimed(actor: Officer, shift: Shift) -> None:
    """The claimant (sent to his roster) and the team's deciders (sent to the shift)."""
    start = timezone.localtime(shift.start)
    deciders = [pk for pk in team_deciders(shift.team_id) if pk != actor.pk]
    for recipients, subject in (
        ([actor.pk], my_shift_subject(shift)),
        (deciders, shift_subject(shift)),
    ):
        notify_on_commit(
            recipient_ids=recipients,
            kind=NotificationKind.OPEN_SHIFT_CLAIMED,
            title=msg(gettext_noop("Open shift claimed")),
            body=msg(
                gettext_noop("%(name)s claimed the shift of %(start)s."),
                name=actor.get_full_name(),
                start=start,
            ),
            subject=subject,
        )
