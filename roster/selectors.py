"""Read access to the roster, scoped to what the actor may see.

Visibility: members and managers (lead, planner, unit manager) of a team see its periods and
shifts; sign-ups are private to the officer (the team sees counts only); assignments of a
period are visible to the team's managers always and to its members once published. Anything
else is 404.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from common.errors import Forbidden, NotFound
from organisation.employment_selectors import night_exempt_days
from organisation.models import Absence, AbsenceKind, Officer, Team
from organisation.need_to_know import kind_readable_q
from organisation.selectors import actor_scope
from roster.burdens import local_wall_clock
from roster.calendar import token_hash
from roster.compliance import officer_violations
from roster.ledger import LedgerTotals, ledger_totals_for
from roster.models import (
    Assignment,
    AtRiskAssignment,
    CalendarFeed,
    Phase,
    RosterPeriod,
    Shift,
    ShiftTemplate,
    SignUp,
    SolveJob,
    Wish,
)
from roster.report_text import report_render
from roster.rules import LOOKAROUND, Violation
from roster.solve_refs import officer_ref
from roster.solve_report import report_for_officer

PUBLISHED_PHASES = (Phase.PUBLISHED, Phase.ARCHIVED)
FREE_SUNDAYS_MIN = 13


def _visible_team_ids(actor: Officer) -> frozenset[int] | None:
    """None: every team (administrator)."""
    scope = actor_scope(actor)
    return None if scope.is_admin else scope.visible_team_ids


def _managed_team_ids(actor: Officer) -> frozenset[int] | None:
    scope = actor_scope(actor)
    return None if scope.is_admin else scope.managed_team_ids


def period_list(*, actor: Officer) -> QuerySet[RosterPeriod]:
    qs = RosterPeriod.objects.select_related("team")
    teams = _visible_team_ids(actor)
    return qs if teams is None else qs.filter(team_id__in=teams)


def period_get(*, actor: Officer, period_id: int) -> RosterPeriod:
    try:
        return period_list(actor=actor).get(pk=period_id)
    except RosterPeriod.DoesNotExist:
        raise NotFound() from None


def template_list(*, actor: Officer, team: Team) -> QuerySet[ShiftTemplate]:
    return ShiftTemplate.objects.filter(team=team).select_related("team")


def shift_list(
    *,
    actor: Officer,
    period: RosterPeriod | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    team_id: int | None = None,
    mine: bool = False,
) -> QuerySet[Shift]:
    """Shifts of visible teams with sign-up pressure (counts per wish, never names)."""
    qs = Shift.objects.all()
    teams = _visible_team_ids(actor)
    if teams is not None:
        qs = qs.filter(team_id__in=teams)
    if period is not None:
        qs = qs.filter(period=period)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if start is not None:
        qs = qs.filter(end__gt=_local_midnight(start))
    if end is not None:
        qs = qs.filter(start__lt=_local_midnight(end + dt.timedelta(days=1)))
    if mine:
        qs = qs.filter(
            Q(assignments__officer=actor, period__phase__in=PUBLISHED_PHASES)
            | Q(signups__officer=actor)
        ).distinct()
    return qs.annotate(
        want_count=Count("signups", filter=Q(signups__wish=Wish.WANT), distinct=True),
        can_count=Count("signups", filter=Q(signups__wish=Wish.CAN), distinct=True),
        rather_not_count=Count("signups", filter=Q(signups__wish=Wish.RATHER_NOT), distinct=True),
    ).order_by("start", "id")


def shift_get(*, actor: Officer, shift_id: int) -> Shift:
    teams = _visible_team_ids(actor)
    qs = Shift.objects.select_related("period", "team")
    if teams is not None:
        qs = qs.filter(team_id__in=teams)
    try:
        return qs.get(pk=shift_id)
    except Shift.DoesNotExist:
        raise NotFound() from None


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0)))


def signup_list(*, actor: Officer) -> QuerySet[SignUp]:
    """The actor's own sign-ups only."""
    return SignUp.objects.filter(officer=actor).select_related("shift").order_by("shift__start")


def signup_get(*, actor: Officer, signup_id: int) -> SignUp:
    try:
        return signup_list(actor=actor).select_related("shift__period").get(pk=signup_id)
    except SignUp.DoesNotExist:
        raise NotFound() from None


def absence_list(*, actor: Officer) -> QuerySet[Absence]:
    """Own absences, those of officers of teams the actor manages, and those the health desk
    may know of. How much of each the actor may read: `organisation.need_to_know`."""
    qs = Absence.objects.select_related("officer")
    teams = _managed_team_ids(actor)
    if teams is None:
        return qs
    return qs.filter(kind_readable_q(actor) | Q(officer__teams__in=teams)).distinct()


def absence_get(*, actor: Officer, absence_id: int) -> Absence:
    try:
        return absence_list(actor=actor).get(pk=absence_id)
    except Absence.DoesNotExist:
        raise NotFound() from None


def unavailability_list(*, actor: Officer, period: RosterPeriod) -> QuerySet[Absence]:
    """Officers' own unavailability (kind `unavailable`) touching the period's days: of every
    member of its team for the team's managers and administrators, else the actor's own only.
    The reason only its officer reads (`organisation.need_to_know.may_read_reason`)."""
    first = local_wall_clock(period.start_date, dt.time(0))
    after = local_wall_clock(period.end_date, dt.time(0))
    qs = Absence.objects.filter(
        kind=AbsenceKind.UNAVAILABLE, start__lt=after, end__gt=first
    ).select_related("officer", "unavailability_reason")
    managed = _managed_team_ids(actor)
    if managed is None or period.team_id in managed:
        members = Officer.teams.through.objects.filter(team_id=period.team_id)
        qs = qs.filter(officer_id__in=members.values("officer_id"))
    else:
        qs = qs.filter(officer=actor)
    return qs.order_by("start", "officer_id", "id")


def unavailability_get(*, actor: Officer, period: RosterPeriod, absence_id: int) -> Absence:
    try:
        return unavailability_list(actor=actor, period=period).get(pk=absence_id)
    except Absence.DoesNotExist:
        raise NotFound() from None


def assignment_list(*, actor: Officer, period: RosterPeriod) -> QuerySet[Assignment]:
    """A period's assignments: managers always, members once published."""
    managed = _managed_team_ids(actor)
    hidden = period.team_id not in managed if managed is not None else False
    if hidden and period.phase not in PUBLISHED_PHASES:
        return Assignment.objects.none()
    return with_at_risk(
        Assignment.objects.filter(shift__period=period).select_related("officer", "shift", "skill")
    )


def with_at_risk(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate `at_risk`: the place is flagged because its officer is absent (open-ended)
    and may not be back by then (no extra query; a flag on a place that changed hands since
    does not count)."""
    flags = AtRiskAssignment.objects.filter(
        assignment_id=OuterRef("pk"), absence__officer_id=OuterRef("officer_id")
    )
    return assignments.annotate(at_risk=Exists(flags))


def at_risk_list(*, actor: Officer, team: Team) -> QuerySet[AtRiskAssignment]:
    """The team's coming places at risk (their officer is absent, open-ended), soonest
    first: for its leads, planners, unit manager and administrators; a member of the team
    gets Forbidden (the caller resolved the team's visibility, 404, before)."""
    managed = _managed_team_ids(actor)
    if managed is not None and team.pk not in managed:
        raise Forbidden()
    return (
        AtRiskAssignment.objects.filter(
            assignment__shift__team=team,
            assignment__shift__end__gt=timezone.now(),
            assignment__officer_id=F("absence__officer_id"),
            absence__cancelled_at__isnull=True,
        )
        .select_related("assignment__shift", "assignment__officer", "assignment__skill", "absence")
        .order_by("assignment__shift__start", "id")
    )


def assignment_get(*, actor: Officer, assignment_id: int) -> Assignment:
    managed = _managed_team_ids(actor)
    qs = Assignment.objects.select_related("shift__period", "officer", "skill")
    if managed is not None:
        qs = qs.filter(shift__team_id__in=managed)
    try:
        return qs.get(pk=assignment_id)
    except Assignment.DoesNotExist:
        raise NotFound() from None


def my_roster(*, actor: Officer, start: dt.date, end: dt.date) -> QuerySet[Assignment]:
    """The actor's published assignments on local days `start`..`end` (inclusive)."""
    return (
        Assignment.objects.filter(
            officer=actor,
            shift__period__phase__in=PUBLISHED_PHASES,
            shift__cancelled_at__isnull=True,
            shift__end__gt=_local_midnight(start),
            shift__start__lt=_local_midnight(end + dt.timedelta(days=1)),
        )
        .select_related("shift__team", "skill")
        .order_by("shift__start", "id")
    )


def team_roster(*, actor: Officer, team: Team, start: dt.date, end: dt.date) -> QuerySet[Shift]:
    """Published shifts of a team with who works them (names only)."""
    return (
        Shift.objects.filter(
            team=team,
            period__phase__in=PUBLISHED_PHASES,
            cancelled_at__isnull=True,
            end__gt=_local_midnight(start),
            start__lt=_local_midnight(end + dt.timedelta(days=1)),
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("officer", "skill").order_by(
                    "officer__last_name", "id"
                ),
            )
        )
        .order_by("start", "id")
    )


def calendar_assignments(*, token: str) -> tuple[Officer, QuerySet[Assignment]]:
    """The officer behind a feed token and his published assignments (all of them).

    404 for an unknown or revoked token and for a deactivated officer's feed."""
    try:
        feed = CalendarFeed.objects.select_related("officer").get(
            token_hash=token_hash(token), officer__is_active=True
        )
    except CalendarFeed.DoesNotExist:
        raise NotFound() from None
    assignments = (
        Assignment.objects.filter(
            officer=feed.officer,
            shift__period__phase__in=PUBLISHED_PHASES,
            shift__cancelled_at__isnull=True,
        )
        .select_related("shift__team", "skill")
        .order_by("shift__start", "id")
    )
    return feed.officer, assignments


def ledger_totals(*, officer: Officer) -> LedgerTotals:
    """The officer's fairness ledger, derived from his assignments (`roster.ledger`)."""
    return ledger_totals_for(officer_ids=[officer.pk])[officer.pk]


def team_ledger_distribution(*, team: Team) -> list[dict[str, int]]:
    """Anonymised: each current member's totals, sorted, without ids or names."""
    members = list(team.members.filter(is_active=True).values_list("pk", flat=True))
    totals = ledger_totals_for(officer_ids=members)
    rows = [
        {
            "nights": t.nights,
            "weekends": t.weekends,
            "holidays": t.holidays,
            "minutes_delta": t.minutes_delta,
        }
        for t in totals.values()
    ]
    return sorted(
        rows, key=lambda r: (r["nights"], r["weekends"], r["holidays"], r["minutes_delta"])
    )


@dataclass
class ComplianceReport:
    violations: list[Violation] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    officers_checked: int = 0


def period_compliance(*, period: RosterPeriod) -> ComplianceReport:
    """Every working-time rule over the whole roster of a period, per assigned officer,
    including assignments up to 14 days around it (so boundary series count). Warnings: an
    officer with fewer than 13 free Sundays in the 52 weeks up to the period end, and shifts
    whose demand is not covered."""
    report = ComplianceReport()
    lo = _local_midnight(period.start_date) - LOOKAROUND
    hi = _local_midnight(period.end_date) + LOOKAROUND
    year_ago = _local_midnight(period.end_date) - dt.timedelta(weeks=52)
    officer_ids = set(
        Assignment.objects.filter(
            shift__period=period, shift__cancelled_at__isnull=True
        ).values_list("officer_id", flat=True)
    )
    officers = list(Officer.objects.filter(pk__in=officer_ids).order_by("pk"))
    exempt = night_exempt_days(
        officers,
        period.start_date - LOOKAROUND - dt.timedelta(days=1),
        period.end_date + LOOKAROUND + dt.timedelta(days=1),
    )
    for officer in officers:
        shifts = list(
            Shift.objects.filter(
                assignments__officer=officer,
                cancelled_at__isnull=True,
                start__lt=hi,
                end__gt=lo,
            )
        )
        report.violations.extend(
            officer_violations(officer, shifts, exempt_days=exempt[officer.pk])
        )
        report.officers_checked += 1
        sundays = {
            d
            for start, end in Shift.objects.filter(
                assignments__officer=officer,
                cancelled_at__isnull=True,
                start__lt=_local_midnight(period.end_date),
                end__gt=year_ago,
            ).values_list("start", "end")
            for d in _local_days(start, end)
            if d.weekday() == 6
        }
        free = 52 - len(sundays)
        if free < FREE_SUNDAYS_MIN:
            report.warnings.append(
                {"rule": "atw.free_sundays", "officer": officer.pk, "free_sundays": free}
            )
    period_shifts = Shift.objects.filter(period=period, cancelled_at__isnull=True).prefetch_related(
        "assignments__skill"
    )
    for shift in period_shifts:
        filled: dict[str, int] = defaultdict(int)
        for a in shift.assignments.all():
            filled[a.skill.code] += 1
        short = {k: v - filled[k] for k, v in shift.demand.items() if filled[k] < v}
        if short:
            report.warnings.append({"rule": "coverage", "shift": shift.pk, "shortfall": short})
    return report


def _local_days(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    first = timezone.localtime(start).date()
    last = timezone.localtime(end - dt.timedelta(seconds=1)).date()
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def solve_job_get(*, actor: Officer, job_id: int) -> SolveJob:
    """A solve job of a team the actor plans or leads (any, for an administrator); else 404."""
    scope = actor_scope(actor)
    qs = SolveJob.objects.select_related("period", "period__team")
    if not scope.is_admin:
        qs = qs.filter(period__team_id__in=scope.planned_team_ids | scope.led_team_ids)
    try:
        return qs.get(pk=job_id)
    except SolveJob.DoesNotExist:
        raise NotFound() from None


def period_report(*, actor: Officer, period: RosterPeriod) -> dict[str, Any]:
    """The report of the solve that made the period's current roster. Planners and team
    leads of the team (and administrators) see all of it; a member of the team sees his own
    part once the roster is published; anyone else, or no solved roster yet: 404."""
    job = (
        SolveJob.objects.filter(period=period, applied_at__isnull=False, report__isnull=False)
        .order_by("-applied_at", "-id")
        .first()
    )
    if job is None or job.report is None:
        raise NotFound()
    scope = actor_scope(actor)
    meta = {"job": job.pk, "mode": job.mode, "period": period.pk, "phase": period.phase}
    # explanations are rendered in the reader's language, names in place of solver ids
    if scope.is_admin or period.team_id in scope.planned_team_ids | scope.led_team_ids:
        return {**meta, "scope": "team", **report_render(job.report)}
    if period.team_id in scope.member_team_ids and period.phase in PUBLISHED_PHASES:
        mine = report_for_officer(report_render(job.report), officer_ref(actor.pk))
        return {**meta, "scope": "officer", **mine}
    raise NotFound()
