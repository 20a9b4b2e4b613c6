"""Unit capacity: per team and local day, the places asked and filled, who is away, hours
against contract and how the burdens are spread; and the same per period as a trend.

Read-only and scoped (issue 18): a unit manager reads every team of his unit, a planner or
team lead the teams he plans or leads, an administrator every team. The unit itself must be
visible to the actor (else 404, `organisation.selectors.unit_get`); a visible unit with no
team the actor manages is 403.

Definitions (docs/capacity.md):
- a shift counts on the local (Europe/Amsterdam) day it starts, so a night shift of
  22:00-07:00 is on the evening's day; its minutes are real elapsed minutes (a night across
  the last Sunday of October lasts an hour longer);
- demand: the places of the team's shifts that are not cancelled (per skill, summed);
  filled: per shift and skill the assigned officers, at most the demand; open: the rest;
  assignments of every phase count (a planner reads a proposed roster too);
- absent / unavailable: COUNTS of the team's members with an absence in force on any part of
  the day; `unavailable` is the officer's own "I cannot work then" (every reader who may see
  an absence may read that kind, `organisation.need_to_know`), `absent` every other kind,
  never split further: no kinds, no names. An open-ended (sick) absence counts up to its
  expected end, or up to now when there is none or it has passed (he is still absent now;
  beyond that nobody knows);
- rostered minutes of an officer: the minutes of his assignments on the team's shifts;
  contract minutes: a member's contract over the days, pro rata
  (`organisation.employment_selectors`); an officer who works in the team without being a
  member (a second-team membership) has no contract minutes there;
- burden spread: nights and weekend shifts per officer (the team's members and whoever is
  assigned), as min / median / max (`Shift.is_night`/`is_weekend`, computed once by
  `roster.burdens`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from common.errors import Forbidden
from organisation.employment_selectors import contract_minutes_over_ranges
from organisation.models import Absence, AbsenceKind, Officer, Skill, Team, Unit
from organisation.selectors import actor_scope, unit_get
from roster.burdens import local_wall_clock
from roster.models import Assignment, Phase, RosterPeriod, Shift

#: At most this many days in one capacity read (as the roster ranges of the API).
MAX_DAYS = 93
#: The trend's default and largest number of periods per team.
TREND_DEFAULT_PERIODS = 6
TREND_MAX_PERIODS = 24

_MINUTE = dt.timedelta(minutes=1)
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Spread:
    minimum: int
    median: float
    maximum: int


@dataclass(frozen=True)
class DayFigures:
    day: dt.date
    demand: int
    filled: int
    open: int
    absent: int
    unavailable: int
    rostered_minutes: int


@dataclass(frozen=True)
class OfficerFigures:
    officer_id: int
    name: str
    member: bool
    shifts: int
    nights: int
    weekends: int
    rostered_minutes: int
    contract_minutes: int | None


@dataclass(frozen=True)
class PeriodRef:
    period_id: int
    start: dt.date
    end: dt.date
    phase: str


@dataclass(frozen=True)
class Totals:
    demand: int
    filled: int
    open: int
    absent_days: int
    unavailable_days: int
    rostered_minutes: int
    contract_minutes: int
    officers: int
    nights: Spread | None
    weekends: Spread | None


@dataclass(frozen=True)
class TeamCapacity:
    team: Team
    periods: list[PeriodRef]
    days: list[DayFigures]
    totals: Totals
    officers: list[OfficerFigures]


@dataclass(frozen=True)
class UnitCapacity:
    unit: Unit
    start: dt.date
    end: dt.date  # inclusive
    teams: list[TeamCapacity]


@dataclass(frozen=True)
class PeriodTrend:
    period: PeriodRef
    totals: Totals


@dataclass(frozen=True)
class TeamTrend:
    team: Team
    periods: list[PeriodTrend]


@dataclass(frozen=True)
class UnitTrend:
    unit: Unit
    teams: list[TeamTrend]


# --- scope ---------------------------------------------------------------------------------


def capacity_teams(*, actor: Officer, unit_id: int) -> tuple[Unit, list[Team]]:
    """The unit (404 if the actor may not see it) and the teams of it whose capacity he may
    read: all for its unit manager and administrators, else those he plans or leads (none:
    403)."""
    unit = unit_get(actor=actor, unit_id=unit_id)
    scope = actor_scope(actor)
    teams = Team.objects.filter(unit=unit).order_by("name", "id")
    if not scope.is_admin:
        teams = teams.filter(pk__in=scope.managed_team_ids)
    found = list(teams)
    if not found:
        raise Forbidden()
    return unit, found


def may_read_capacity(actor: Officer) -> bool:
    """Whether the actor manages any team (for the console's navigation)."""
    scope = actor_scope(actor)
    return scope.is_admin or bool(scope.managed_team_ids)


# --- the tally ----------------------------------------------------------------------------


@dataclass
class _ShiftRow:
    team_id: int
    period_id: int
    day: dt.date
    minutes: int
    night: bool
    weekend: bool
    demand: dict[int, int]  # places by skill id
    assigned: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # by skill id


@dataclass(frozen=True)
class _AssignmentRow:
    shift_id: int
    officer_id: int


@dataclass
class _AbsenceRow:
    officer_id: int
    unavailable: bool
    start: dt.datetime
    reach: dt.datetime


def _local_day(instant: dt.datetime) -> dt.date:
    return timezone.localtime(instant).date()


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return local_wall_clock(day, dt.time(0)), local_wall_clock(day + _DAY, dt.time(0))


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _shift_rows(shift_filter: Q) -> tuple[dict[int, _ShiftRow], list[_AssignmentRow]]:
    """The shifts (not cancelled) and their assignments: three queries (the skills' codes
    apart, so the large one joins nothing)."""
    skill_ids = dict(Skill.objects.values_list("code", "pk"))
    shifts: dict[int, _ShiftRow] = {}
    for pk, team_id, period_id, start, end, night, weekend, demand in (
        Shift.objects.filter(shift_filter, cancelled_at__isnull=True)
        .values_list(
            "pk", "team_id", "period_id", "start", "end", "is_night", "is_weekend", "demand"
        )
        .order_by()
    ):
        shifts[pk] = _ShiftRow(
            team_id=team_id,
            period_id=period_id,
            day=_local_day(start),
            minutes=(end - start) // _MINUTE,
            night=night,
            weekend=weekend,
            # a skill code that names no skill is a place nobody can fill
            demand={
                skill_ids.get(str(k), 0): int(v) for k, v in (demand or {}).items() if int(v) > 0
            },
        )
    assignments = []
    for shift_id, officer_id, skill_id in (
        Assignment.objects.filter(
            shift__in=Shift.objects.filter(shift_filter, cancelled_at__isnull=True)
        )
        .values_list("shift_id", "officer_id", "skill_id")
        .order_by()
    ):
        shifts[shift_id].assigned[skill_id] += 1
        assignments.append(_AssignmentRow(shift_id, officer_id))
    return shifts, assignments


def _names(officer_ids: Iterable[int]) -> dict[int, str]:
    return {
        pk: _name(first, last, username)
        for pk, first, last, username in Officer.objects.filter(pk__in=list(officer_ids))
        .values_list("pk", "first_name", "last_name", "username")
        .order_by()
    }


def _members(team_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """The active members of each team with their names: one query."""
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for team_id, officer_id, first, last, username in (
        Officer.teams.through.objects.filter(team_id__in=list(team_ids), officer__is_active=True)
        .values_list(
            "team_id",
            "officer_id",
            "officer__first_name",
            "officer__last_name",
            "officer__username",
        )
        .order_by()
    ):
        out[team_id][officer_id] = _name(first, last, username)
    return out


def _name(first: object, last: object, username: object) -> str:
    return f"{first or ''} {last or ''}".strip() or str(username)


def _absences(
    officer_ids: Iterable[int], first: dt.date, last: dt.date, now: dt.datetime
) -> dict[int, list[_AbsenceRow]]:
    """Absences in force of these officers that touch the local days first..last: one
    query. Only who and when is read, never the kind beyond `unavailable` or not."""
    lo, _ = _day_bounds(first)
    _, hi = _day_bounds(last)
    out: dict[int, list[_AbsenceRow]] = defaultdict(list)
    rows = (
        Absence.objects.in_force()
        .filter(officer_id__in=list(officer_ids), start__lt=hi)
        .filter(Q(end__isnull=True) | Q(end__gt=lo))
        .values_list("officer_id", "kind", "start", "end", "expected_end")
        .order_by()
    )
    for officer_id, kind, start, end, expected_end in rows:
        if end is not None:
            reach = end
        elif expected_end is not None and expected_end > now:
            reach = expected_end
        else:  # open-ended and past its expected end (or none): away until now at least
            reach = max(start + _DAY, now)
        if reach > lo:
            out[officer_id].append(
                _AbsenceRow(officer_id, kind == AbsenceKind.UNAVAILABLE, start, reach)
            )
    return out


def _away_counts(
    members: Iterable[int], absences: dict[int, list[_AbsenceRow]], day: dt.date
) -> tuple[int, int]:
    """(absent, unavailable) members on a local day: each officer counted once, an absence
    before his own unavailability."""
    lo, hi = _day_bounds(day)
    absent = unavailable = 0
    for officer_id in members:
        touching = [a for a in absences.get(officer_id, ()) if a.start < hi and a.reach > lo]
        if any(not a.unavailable for a in touching):
            absent += 1
        elif touching:
            unavailable += 1
    return absent, unavailable


def _spread(values: Sequence[int]) -> Spread | None:
    if not values:
        return None
    return Spread(min(values), float(statistics.median(values)), max(values))


def _tally(
    *,
    days: list[dt.date],
    shifts: dict[int, _ShiftRow],
    assignments: Iterable[_AssignmentRow],
    members: dict[int, str],
    others: dict[int, str],
    absences: dict[int, list[_AbsenceRow]],
    contracts: dict[int, int],
) -> tuple[list[DayFigures], Totals, list[OfficerFigures]]:
    """Per day and per officer figures of one team over some days (a range or a period):
    `shifts` are that team's, an assignment on another shift or day is skipped."""
    per_day: dict[dt.date, list[int]] = {d: [0, 0, 0] for d in days}  # demand, filled, minutes
    for shift in shifts.values():
        if shift.day in per_day:
            per_day[shift.day][0] += sum(shift.demand.values())
            per_day[shift.day][1] += sum(
                min(n, shift.assigned.get(k, 0)) for k, n in shift.demand.items()
            )
    officers: dict[int, list[int]] = {pk: [0, 0, 0, 0] for pk in members}  # n, nights, wk, min
    for a in assignments:
        s = shifts.get(a.shift_id)
        if s is None or s.day not in per_day:
            continue
        per_day[s.day][2] += s.minutes
        row = officers.setdefault(a.officer_id, [0, 0, 0, 0])
        row[0] += 1
        row[1] += int(s.night)
        row[2] += int(s.weekend)
        row[3] += s.minutes
    day_rows = []
    for d in days:
        demand, filled, minutes = per_day[d]
        absent, unavailable = _away_counts(members, absences, d)
        day_rows.append(
            DayFigures(d, demand, filled, demand - filled, absent, unavailable, minutes)
        )
    officer_rows = sorted(
        (
            OfficerFigures(
                officer_id=pk,
                name=members.get(pk) or others.get(pk, ""),
                member=pk in members,
                shifts=f[0],
                nights=f[1],
                weekends=f[2],
                rostered_minutes=f[3],
                contract_minutes=contracts.get(pk, 0) if pk in members else None,
            )
            for pk, f in officers.items()
        ),
        key=lambda o: (o.name, o.officer_id),
    )
    totals = Totals(
        demand=sum(r.demand for r in day_rows),
        filled=sum(r.filled for r in day_rows),
        open=sum(r.open for r in day_rows),
        absent_days=sum(r.absent for r in day_rows),
        unavailable_days=sum(r.unavailable for r in day_rows),
        rostered_minutes=sum(r.rostered_minutes for r in day_rows),
        contract_minutes=sum(contracts.get(pk, 0) for pk in members),
        officers=len(officer_rows),
        nights=_spread([o.nights for o in officer_rows]),
        weekends=_spread([o.weekends for o in officer_rows]),
    )
    return day_rows, totals, officer_rows


def _period_refs(
    team_ids: Sequence[int], first: dt.date, last: dt.date
) -> dict[int, list[PeriodRef]]:
    out: dict[int, list[PeriodRef]] = defaultdict(list)
    for pk, team_id, start, end, phase in (
        RosterPeriod.objects.filter(team_id__in=team_ids, start_date__lte=last, end_date__gt=first)
        .values_list("pk", "team_id", "start_date", "end_date", "phase")
        .order_by("start_date", "pk")
    ):
        out[team_id].append(PeriodRef(pk, start, end, phase))
    return out


# --- the reads -----------------------------------------------------------------------------


def unit_capacity(
    *,
    actor: Officer,
    unit_id: int,
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
) -> UnitCapacity:
    """Per team the actor may read (`capacity_teams`) and local day `start`..`end`
    (inclusive): demand, filled, open, absent and unavailable counts, rostered minutes; per
    team the totals with contract minutes and the burden spread, and per officer his figures
    (the actor manages the team, so he may read them: `can_see_personal`). A fixed number of
    queries, whatever the number of teams, officers and days."""
    now = now or timezone.now()
    unit, teams = capacity_teams(actor=actor, unit_id=unit_id)
    team_ids = [t.pk for t in teams]
    lo, _ = _day_bounds(start)
    _, hi = _day_bounds(end)
    shifts, assignments = _shift_rows(Q(team_id__in=team_ids, start__gte=lo, start__lt=hi))
    members = _members(team_ids)
    member_ids = {pk for team in members.values() for pk in team}
    absences = _absences(member_ids, start, end, now)
    contracts = contract_minutes_over_ranges((pk, start, end + _DAY) for pk in sorted(member_ids))
    periods = _period_refs(team_ids, start, end)
    days = _days(start, end)
    # the names of officers who work in a team without being a member of it: those of the
    # unit's other teams are known, the rest cost one query
    others = {pk: name for team in members.values() for pk, name in team.items()}
    others.update(_names({a.officer_id for a in assignments} - member_ids))
    shifts_of: dict[int, dict[int, _ShiftRow]] = defaultdict(dict)
    for pk, s in shifts.items():
        shifts_of[s.team_id][pk] = s
    assignments_of: dict[int, list[_AssignmentRow]] = defaultdict(list)
    for a in assignments:
        assignments_of[shifts[a.shift_id].team_id].append(a)
    result = []
    for team in teams:
        day_rows, totals, officer_rows = _tally(
            days=days,
            shifts=shifts_of.get(team.pk, {}),
            assignments=assignments_of.get(team.pk, []),
            members=members.get(team.pk, {}),
            others=others,
            absences=absences,
            contracts={pk: contracts[pk, start, end + _DAY] for pk in members.get(team.pk, {})},
        )
        result.append(TeamCapacity(team, periods.get(team.pk, []), day_rows, totals, officer_rows))
    return UnitCapacity(unit, start, end, result)


def unit_capacity_trend(
    *,
    actor: Officer,
    unit_id: int,
    periods: int = TREND_DEFAULT_PERIODS,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> UnitTrend:
    """Per team the actor may read, its last `periods` periods that have started (by start
    day, oldest first), each with the totals of `unit_capacity` over its days. The members
    of a published period are those at publication (`RosterPeriod.published_members`, as the
    fairness ledger counts them); of any other period the current ones."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    unit, teams = capacity_teams(actor=actor, unit_id=unit_id)
    team_ids = [t.pk for t in teams]
    chosen: dict[int, list[PeriodRef]] = defaultdict(list)
    for pk, team_id, start, end, phase in (
        RosterPeriod.objects.filter(team_id__in=team_ids, start_date__lte=today)
        .values_list("pk", "team_id", "start_date", "end_date", "phase")
        .order_by("team_id", "-start_date", "-pk")
    ):
        if len(chosen[team_id]) < periods:
            chosen[team_id].append(PeriodRef(pk, start, end, phase))
    refs = [ref for team_refs in chosen.values() for ref in team_refs]
    if not refs:
        return UnitTrend(unit, [TeamTrend(team, []) for team in teams])
    period_ids = [ref.period_id for ref in refs]
    shifts, assignments = _shift_rows(Q(period_id__in=period_ids))
    current = _members(team_ids)
    published: dict[int, set[int]] = defaultdict(set)
    for period_id, officer_id in RosterPeriod.published_members.through.objects.filter(
        rosterperiod_id__in=[
            r.period_id for r in refs if r.phase in (Phase.PUBLISHED, Phase.ARCHIVED)
        ]
    ).values_list("rosterperiod_id", "officer_id"):
        published[period_id].add(officer_id)
    names = {pk: name for team in current.values() for pk, name in team.items()}
    missing = {pk for ids in published.values() for pk in ids} - names.keys()
    for pk, first_name, last_name, username in Officer.objects.filter(pk__in=missing).values_list(
        "pk", "first_name", "last_name", "username"
    ):
        names[pk] = _name(first_name, last_name, username)
    period_members: dict[int, dict[int, str]] = {}
    for team_id, team_refs in chosen.items():
        for ref in team_refs:
            if ref.phase in (Phase.PUBLISHED, Phase.ARCHIVED):
                period_members[ref.period_id] = {pk: names[pk] for pk in published[ref.period_id]}
            else:
                period_members[ref.period_id] = dict(current.get(team_id, {}))
    everyone = {pk for m in period_members.values() for pk in m}
    first = min(r.start for r in refs)
    last = max(r.end for r in refs) - _DAY
    absences = _absences(everyone, first, last, now)
    contracts = contract_minutes_over_ranges(
        (pk, ref.start, ref.end) for ref in refs for pk in period_members[ref.period_id]
    )
    by_period: dict[int, dict[int, _ShiftRow]] = defaultdict(dict)
    for pk, s in shifts.items():
        by_period[s.period_id][pk] = s
    assignments_of: dict[int, list[_AssignmentRow]] = defaultdict(list)
    for a in assignments:
        assignments_of[shifts[a.shift_id].period_id].append(a)
    result = []
    for team in teams:
        rows = []
        for ref in reversed(chosen.get(team.pk, [])):
            members = period_members[ref.period_id]
            _days_rows, totals, _officers = _tally(
                days=_days(ref.start, ref.end - _DAY),
                shifts=by_period.get(ref.period_id, {}),
                assignments=assignments_of.get(ref.period_id, []),
                members=members,
                others={},  # the trend names nobody
                absences=absences,
                contracts={pk: contracts[pk, ref.start, ref.end] for pk in members},
            )
            rows.append(PeriodTrend(ref, totals))
        result.append(TeamTrend(team, rows))
    return UnitTrend(unit, result)
