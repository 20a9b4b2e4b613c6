"""An officer's hours and leave balances for a calendar year (reads only; issue 14, item 7).

Hours (`hours`): for each day of the year before today (a day counts once it is over)
- worked: the minutes of his assignments to shifts of published (or archived) periods, by
  the local day the shift starts on (a night across the end of summer time counts 9 h);
- contract: the weekly contract minutes valid on that day (`ContractHours`), 1/7 per day,
  except on a day on which he was absent (leave, training, sick: any kind, so the balance
  says nothing of why; leave is counted in the leave balance instead);
- mutations: the signed `HoursMutation`s dated in the year (registered overtime), whatever
  the day;
- balance = worked + mutations - contract (positive: more hours worked than owed).
Per ISO week (clipped to the year), per roster period (published periods of his teams, or
with his places, clipped to the year) and for the year.

Leave (`leave`): the approved (approved, in fulfilment, fulfilled, closed) annual-leave
requests (`LEAVE_AGAINST_ENTITLEMENT`). Their minutes are the form's `hours`; a form without
hours counts the working days (Monday to Friday) of its range at a fifth of the weekly
contract each. A range across New Year is split by its working days. Booked: every
approved minute in the year; taken: those on days before today; left: entitlement - booked.
An approved change or withdrawal (`leave_change`) replaces the leave's range
(`roster.leave_changes.effective_forms`).
Entitlement: `organisation.employment_selectors.leave_entitlement_minutes`.

Not scoped: the API view decides who may read (the officer, and whoever may see his personal
details: the lead, planner or unit manager of one of his teams, an administrator).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q
from django.utils import timezone

from organisation.employment_selectors import (
    contract_weekly_on,
    hours_mutations_between,
    leave_entitlement_minutes,
)
from organisation.models import Absence, Officer
from requests_desk.models import Request, State
from roster.burdens import local_wall_clock
from roster.leave_changes import effective_forms
from roster.models import Assignment, Phase, RosterPeriod

PUBLISHED = (Phase.PUBLISHED, Phase.ARCHIVED)
APPROVED_STATES = (State.APPROVED, State.IN_FULFILMENT, State.FULFILLED, State.CLOSED)
#: Leave types that count against the yearly entitlement (other leave has its own rules).
LEAVE_AGAINST_ENTITLEMENT = ("annual_leave",)


@dataclass
class Figures:
    """Hours figures over some days."""

    start: dt.date
    end: dt.date  # exclusive
    worked_minutes: int = 0
    contract_minutes: int = 0
    mutation_minutes: int = 0
    absent_days: int = 0

    @property
    def balance_minutes(self) -> int:
        return self.worked_minutes + self.mutation_minutes - self.contract_minutes

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "worked_minutes": self.worked_minutes,
            "contract_minutes": self.contract_minutes,
            "mutation_minutes": self.mutation_minutes,
            "absent_days": self.absent_days,
            "balance_minutes": self.balance_minutes,
        }


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days)]


def _figures(
    start: dt.date,
    end: dt.date,
    *,
    past_end: dt.date,
    worked: dict[dt.date, int],
    weekly: Callable[[dt.date], int],
    absent: set[dt.date],
    mutations: dict[dt.date, int],
) -> Figures:
    out = Figures(start=start, end=end)
    sevenths = 0
    for day in _days(start, end):
        out.mutation_minutes += mutations.get(day, 0)
        if day >= past_end:
            continue
        out.worked_minutes += worked.get(day, 0)
        if day in absent:
            out.absent_days += 1
        else:
            sevenths += weekly(day)
    out.contract_minutes = sevenths // 7
    return out


def _absent_days(officer: Officer, start: dt.date, end: dt.date) -> set[dt.date]:
    lo, hi = local_wall_clock(start, dt.time(0)), local_wall_clock(end, dt.time(0))
    now = timezone.now()
    out: set[dt.date] = set()
    for a in Absence.objects.filter(officer=officer, start__lt=hi).filter(
        Q(end__isnull=True) | Q(end__gt=lo)
    ):
        last = a.end or max(now, a.start + dt.timedelta(minutes=1))
        first_day = timezone.localtime(a.start).date()
        last_day = timezone.localtime(last - dt.timedelta(microseconds=1)).date()
        out.update(_days(max(first_day, start), min(last_day + dt.timedelta(days=1), end)))
    return out


def _leave_minutes(
    form: dict[str, Any], weekly_on: Callable[[dt.date], int]
) -> tuple[dict[dt.date, Decimal], dt.date, dt.date] | None:
    """Minutes of one leave form per working day of its range (see module docstring)."""
    rng = form.get("range")
    try:
        first = dt.date.fromisoformat(str(rng["from"]))  # type: ignore[index]
        last = dt.date.fromisoformat(str(rng["to"]))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None
    days = _days(first, last + dt.timedelta(days=1))
    working = [d for d in days if d.weekday() < 5] or days
    try:
        hours = Decimal(str(form.get("hours")))
    except InvalidOperation:
        hours = Decimal(0)
    if hours > 0:
        per_day = hours * 60 / len(working)
        return {d: per_day for d in working}, first, last
    return {d: Decimal(weekly_on(d)) / 5 for d in working if d.weekday() < 5}, first, last


def officer_balances(
    *, officer: Officer, year: int, today: dt.date | None = None
) -> dict[str, Any]:
    """The hours and leave balances of `officer` for calendar `year` (module docstring)."""
    today = today or timezone.localdate()
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    past_end = min(max(today, first), after)

    leave_requests = list(
        Request.objects.filter(
            requester=officer,
            request_type__code__in=LEAVE_AGAINST_ENTITLEMENT,
            state__in=APPROVED_STATES,
        ).order_by("id")
    )
    weekly = contract_weekly_on(officer)

    worked: dict[dt.date, int] = defaultdict(int)
    for a in Assignment.objects.filter(
        officer=officer,
        shift__cancelled_at__isnull=True,
        shift__period__phase__in=PUBLISHED,
        shift__start__gte=local_wall_clock(first, dt.time(0)),
        shift__start__lt=local_wall_clock(after, dt.time(0)),
    ).select_related("shift"):
        worked[timezone.localtime(a.shift.start).date()] += a.shift.minutes
    absent = _absent_days(officer, first, after)
    mutations: dict[dt.date, int] = defaultdict(int)
    for m in hours_mutations_between(officer, first, after):
        mutations[m.date] += m.minutes

    def figures(start: dt.date, end: dt.date) -> Figures:
        return _figures(
            start,
            end,
            past_end=past_end,
            worked=worked,
            weekly=weekly,
            absent=absent,
            mutations=mutations,
        )

    weeks = []
    monday = first - dt.timedelta(days=first.weekday())
    while monday < after:
        start, end = max(monday, first), min(monday + dt.timedelta(days=7), after)
        if start < past_end or any(mutations.get(d) for d in _days(start, end)):
            iso = monday.isocalendar() if monday >= first else start.isocalendar()
            weeks.append({"week": f"{iso.year}-W{iso.week:02d}", **figures(start, end).as_dict()})
        monday += dt.timedelta(days=7)

    team_ids = set(officer.teams.values_list("pk", flat=True))
    periods = (
        RosterPeriod.objects.filter(
            Q(team_id__in=team_ids) | Q(shifts__assignments__officer=officer),
            phase__in=PUBLISHED,
            start_date__lt=past_end,  # at least one day over
            end_date__gt=first,
        )
        .select_related("team")
        .distinct()
        .order_by("start_date", "id")
    )
    period_rows = [
        {
            "period": p.pk,
            "team": p.team.code,
            **figures(max(p.start_date, first), min(p.end_date, after)).as_dict(),
        }
        for p in periods
    ]

    booked = taken = Decimal(0)
    leave_rows = []
    forms = effective_forms(leave_requests)
    for r in leave_requests:
        form = forms[r.pk]
        parsed = _leave_minutes(form, weekly) if form is not None else None
        if parsed is None:
            continue
        per_day, start_day, end_day = parsed
        in_year = {d: m for d, m in per_day.items() if first <= d < after}
        if not in_year:
            continue
        minutes = sum(in_year.values(), Decimal(0))
        booked += minutes
        taken += sum((m for d, m in in_year.items() if d < today), Decimal(0))
        leave_rows.append(
            {
                "request": r.pk,
                "from": start_day.isoformat(),
                "to": end_day.isoformat(),
                "minutes": round(minutes),
            }
        )
    entitlement, set_by_hr = leave_entitlement_minutes(officer, year)
    total = figures(first, after)
    return {
        "officer": officer.pk,
        "year": year,
        "as_of": today.isoformat(),
        "hours": {**total.as_dict(), "weeks": weeks, "periods": period_rows},
        "leave": {
            "entitlement_minutes": entitlement,
            "entitlement_set_by_hr": set_by_hr,
            "booked_minutes": round(booked),
            "taken_minutes": round(taken),
            "left_minutes": entitlement - round(booked),
            "requests": leave_rows,
        },
    }


def balances_export(officer: Officer) -> dict[str, Any]:
    """Last year's and this year's balances, for the officer's own data export."""
    today = timezone.localdate()
    return {
        str(year): officer_balances(officer=officer, year=year, today=today)
        for year in (today.year - 1, today.year)
    }
