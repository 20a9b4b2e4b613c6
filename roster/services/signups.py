"""Sign-up (intekenen): officers mark shifts `want` / `can` / `rather_not`.

An officer signs up only for shifts of his own teams, only while the period's sign-up window
is open, and only if he holds a skill the shift demands, valid on the shift's local date.
Lock order: periods (by id), then the officer's sign-ups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from common.errors import NotFound
from organisation.models import Officer, Qualification, SecondTeamMembership
from roster.errors import NotATeamMember, NotQualified, ShiftCancelled, SignupWindowClosed
from roster.models import RosterPeriod, Shift, SignUp
from roster.services.locking import lock_periods, lock_rows
from roster.services.phases import signup_window_open


@dataclass(frozen=True)
class SignUpItem:
    shift_id: int
    wish: str


def qualified_skill_codes(
    officer: Officer, shift: Shift, qualifications: Sequence[Qualification] | None = None
) -> set[str]:
    """Codes of the skills `officer` holds on the shift's local date that the shift demands.
    `qualifications`: the officer's qualifications (skills loaded) when already read, so that
    a batch costs no query per shift."""
    day = timezone.localtime(shift.start).date()
    if qualifications is not None:
        return {
            q.skill.code
            for q in qualifications
            if q.officer_id == officer.pk and q.skill.code in shift.demand and q.is_valid_on(day)
        }
    held = set(
        Qualification.objects.valid_on(day)
        .filter(officer=officer, skill__code__in=list(shift.demand))
        .values_list("skill__code", flat=True)
    )
    return held


def officer_qualifications(officer: Officer) -> list[Qualification]:
    """All of `officer`'s qualifications with their skills, for `qualified_skill_codes`."""
    return list(Qualification.objects.filter(officer=officer).select_related("skill"))


def signups_set(*, actor: Officer, items: Sequence[SignUpItem]) -> list[SignUp]:
    """Create or update the actor's sign-ups for many shifts in one transaction (all or
    nothing). A later wish for the same shift replaces the earlier one but keeps its filing
    time. Raises NotFound for an unknown shift, NotATeamMember, SignupWindowClosed (409),
    ShiftCancelled (409) or NotQualified (422). A fixed number of queries per call."""
    wishes = {item.shift_id: item.wish for item in items}
    team_ids = set(actor.teams.values_list("pk", flat=True))
    with transaction.atomic():
        shifts = {s.pk: s for s in Shift.objects.filter(pk__in=list(wishes))}
        missing = set(wishes) - set(shifts)
        if missing:
            raise NotFound(extra={"shifts": sorted(missing)})
        periods = lock_periods({s.period_id for s in shifts.values()})
        now = timezone.now()
        qualifications = officer_qualifications(actor)
        # A second-team member signs up for that team's shifts on the days of his membership
        # (read only when a shift is outside his home teams: the usual call costs nothing).
        outside = {s.team_id for s in shifts.values() if s.team_id not in team_ids}
        guest = (
            list(SecondTeamMembership.objects.filter(officer=actor, team_id__in=outside))
            if outside
            else []
        )
        for shift in shifts.values():
            if shift.team_id not in team_ids and not any(
                g.team_id == shift.team_id and g.covers(timezone.localtime(shift.start).date())
                for g in guest
            ):
                raise NotATeamMember(extra={"shift": shift.pk})
            if not signup_window_open(periods[shift.period_id], now):
                raise SignupWindowClosed(extra={"shift": shift.pk})
            if shift.cancelled_at is not None:
                raise ShiftCancelled(extra={"shift": shift.pk})
            if not qualified_skill_codes(actor, shift, qualifications):
                raise NotQualified(extra={"shift": shift.pk})
        existing = {
            s.shift_id: s
            for s in lock_rows(SignUp.objects.filter(officer=actor, shift_id__in=wishes))
        }
        result: list[SignUp] = []
        new: list[SignUp] = []
        changed: list[SignUp] = []
        for shift_id, wish in wishes.items():
            signup = existing.get(shift_id)
            if signup is None:
                signup = SignUp(officer=actor, shift=shifts[shift_id], wish=wish)
                new.append(signup)
            else:
                signup.wish = wish
                changed.append(signup)
            # officer and shift were read above: skip the per-row existence queries
            signup.full_clean(exclude=["officer", "shift"], validate_unique=False)
            result.append(signup)
        SignUp.objects.bulk_create(new)  # in filing order: created_at and ids ascend
        for signup in changed:
            signup.updated_at = now
        SignUp.objects.bulk_update(changed, ["wish", "updated_at"])
    return result


def signup_withdraw(*, actor: Officer, signup: SignUp) -> None:
    """Withdraw one of the actor's own sign-ups while the window is open."""
    if signup.officer_id != actor.pk:
        raise NotFound()
    with transaction.atomic():
        period = lock_periods([signup.shift.period_id])[signup.shift.period_id]
        if not signup_window_open(period):
            raise SignupWindowClosed()
        SignUp.objects.filter(pk=signup.pk).delete()


@dataclass(frozen=True)
class PatternItem:
    """A week pattern entry: every shift of `kind` starting on local `weekday` (0 = Monday)."""

    weekday: int
    kind: str
    wish: str


@dataclass(frozen=True)
class PatternResult:
    signups: list[SignUp]
    skipped_unqualified: list[int]


def signups_set_pattern(
    *, actor: Officer, period: RosterPeriod, pattern: Sequence[PatternItem]
) -> PatternResult:
    """Sign up for a whole period from a week pattern in one request (all or nothing).

    Expands the pattern to the period's shifts (not cancelled) whose local start weekday and
    kind match; shifts for which the officer holds no valid qualification on that date are
    skipped and reported, the rest go through `signups_set` with all its checks. Raises
    NotATeamMember (403) for an officer outside the period's team, like `signups_set`."""
    if not actor.teams.filter(pk=period.team_id).exists():
        # as for single sign-ups: only members of the period's team sign up
        raise NotATeamMember(extra={"period": period.pk})
    wanted = {(item.weekday, item.kind): item.wish for item in pattern}
    items: list[SignUpItem] = []
    skipped: list[int] = []
    shifts = Shift.objects.filter(period=period, cancelled_at__isnull=True).order_by("start")
    qualifications = officer_qualifications(actor)
    for shift in shifts:
        wish = wanted.get((timezone.localtime(shift.start).weekday(), shift.kind))
        if wish is None:
            continue
        if not qualified_skill_codes(actor, shift, qualifications):
            skipped.append(shift.pk)
            continue
        items.append(SignUpItem(shift_id=shift.pk, wish=wish))
    return PatternResult(signups=signups_set(actor=actor, items=items), skipped_unqualified=skipped)
