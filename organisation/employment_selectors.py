"""Reads of the dated terms of employment (`organisation.employment`).

The one place that says how many contract minutes an officer owes over some days
(`contract_minutes_between`, `contract_minutes_between_many` for a team at once and
`contract_minutes_over_ranges` for many officers over many ranges), on which
days he is night-exempt, in which teams he is rostered on a day, and his hours mutations.

Date ranges are half-open like a roster period: `start_date` up to, not including, `end_date`.
Pro rata by days: a range that spans a contract change counts each day at the weekly minutes
valid on that day, `sum(minutes_per_week * days) // 7` (so a constant contract gives exactly
`minutes_per_week * days // 7`, as the ledger always counted).

These functions are not scoped to an actor: callers (services, scoped selectors above) decide
who may read the result.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Q

from organisation.employment import (
    ContractHours,
    HoursMutation,
    LeaveEntitlement,
    NightExemption,
    SecondTeamMembership,
)
from organisation.models import FULL_TIME_MINUTES_PER_WEEK, Officer

#: (valid_from, minutes_per_week), sorted by date; the first one holds for every earlier day.
Timeline = list[tuple[dt.date, int]]


def _timelines(officer_ids: Iterable[int]) -> dict[int, Timeline]:
    """Each officer's contract history: his rows, or his current field when he has none."""
    ids = list(officer_ids)
    lines: dict[int, Timeline] = defaultdict(list)
    for officer_id, valid_from, minutes in ContractHours.objects.filter(
        officer_id__in=ids
    ).values_list("officer_id", "valid_from", "minutes_per_week"):
        lines[officer_id].append((valid_from, minutes))
    missing = [i for i in ids if i not in lines]
    if missing:
        for officer_id, minutes in Officer.objects.filter(pk__in=missing).values_list(
            "pk", "contract_minutes_per_week"
        ):
            lines[officer_id].append((dt.date.min, minutes))
    return {i: sorted(line) for i, line in lines.items()}


def _weighted_minutes(line: Timeline, start_date: dt.date, end_date: dt.date) -> int:
    """sum(minutes_per_week * days) over the range, not yet divided by 7."""
    if end_date <= start_date or not line:
        return 0
    total = 0
    for index, (valid_from, minutes) in enumerate(line):
        seg_start = max(start_date, valid_from) if index else start_date
        seg_end = min(end_date, line[index + 1][0]) if index + 1 < len(line) else end_date
        if seg_end > seg_start:
            total += minutes * (seg_end - seg_start).days
    return total


def contract_minutes_between_many(
    officer_ids: Iterable[int], start_date: dt.date, end_date: dt.date
) -> dict[int, int]:
    """Contract minutes each officer owes over `[start_date, end_date)`, pro rata by days
    (see module docstring). Two queries at most, whatever the number of officers."""
    lines = _timelines(officer_ids)
    return {i: _weighted_minutes(line, start_date, end_date) // 7 for i, line in lines.items()}


def contract_minutes_over_ranges(
    ranges: Iterable[tuple[int, dt.date, dt.date]],
) -> dict[tuple[int, dt.date, dt.date], int]:
    """Contract minutes per `(officer id, start_date, end_date)`, pro rata by days: many
    officers over many ranges (the fairness ledger: each officer over each published period)
    in two queries at most."""
    keys = list(ranges)
    lines = _timelines({officer_id for officer_id, _start, _end in keys})
    return {
        (officer_id, start, end): _weighted_minutes(lines.get(officer_id, []), start, end) // 7
        for officer_id, start, end in keys
    }


def contract_weekly_average_many(
    officer_ids: Iterable[int], start_date: dt.date, end_date: dt.date
) -> dict[int, int]:
    """Each officer's weekly contract minutes averaged over `[start_date, end_date)` by days
    (rounded): his weekly minutes when nothing changes in the range, else the pro-rata mix."""
    days = (end_date - start_date).days
    lines = _timelines(officer_ids)
    return {
        i: round(_weighted_minutes(line, start_date, end_date) / days) if days > 0 else 0
        for i, line in lines.items()
    }


def contract_minutes_between(officer: Officer, start_date: dt.date, end_date: dt.date) -> int:
    """Contract minutes `officer` owes over `[start_date, end_date)`, pro rata by days."""
    return contract_minutes_between_many([officer.pk], start_date, end_date).get(officer.pk, 0)


def contract_minutes_per_week_on(officer: Officer, day: dt.date) -> int:
    """The weekly contract minutes valid on `day`."""
    line = _timelines([officer.pk]).get(officer.pk, [])
    current = line[0][1] if line else officer.contract_minutes_per_week
    for valid_from, minutes in line:
        if valid_from <= day:
            current = minutes
    return current


def contract_weekly_on(officer: Officer) -> Callable[[dt.date], int]:
    """A function that gives the weekly contract minutes valid on a day (one query)."""
    line = _timelines([officer.pk]).get(officer.pk) or [
        (dt.date.min, officer.contract_minutes_per_week)
    ]
    starts = [valid_from for valid_from, _minutes in line]

    def on(day: dt.date) -> int:
        return line[max(bisect_right(starts, day) - 1, 0)][1]

    return on


def contract_history(officer: Officer) -> list[ContractHours]:
    """The officer's recorded contract changes, oldest first (empty: never changed)."""
    return list(ContractHours.objects.filter(officer=officer).order_by("valid_from"))


def _days(start_date: dt.date, end_date: dt.date) -> list[dt.date]:
    return [start_date + dt.timedelta(days=n) for n in range((end_date - start_date).days)]


def night_exempt_days(
    officers: Sequence[Officer], start_date: dt.date, end_date: dt.date
) -> dict[int, set[dt.date]]:
    """The days of `[start_date, end_date)` on which each officer is exempt from night
    shifts: every day with the standing `Officer.night_exempt` flag, else the days a dated
    `NightExemption` covers."""
    days = _days(start_date, end_date)
    out: dict[int, set[dt.date]] = {o.pk: set(days) if o.night_exempt else set() for o in officers}
    rows = NightExemption.objects.filter(
        officer_id__in=[o.pk for o in officers if not o.night_exempt],
        valid_from__lt=end_date,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start_date))
    for row in rows:
        out[row.officer_id].update(d for d in days if row.covers(d))
    return out


def is_night_exempt_on(officer: Officer, day: dt.date) -> bool:
    return day in night_exempt_days([officer], day, day + dt.timedelta(days=1))[officer.pk]


def second_team_days(
    team_id: int, start_date: dt.date, end_date: dt.date
) -> dict[int, set[dt.date]]:
    """Officers who are rostered with `team_id` through a second-team membership on some day
    of `[start_date, end_date)`, with those days."""
    days = _days(start_date, end_date)
    out: dict[int, set[dt.date]] = defaultdict(set)
    for row in SecondTeamMembership.objects.filter(
        team_id=team_id, valid_from__lt=end_date, valid_until__gte=start_date
    ):
        out[row.officer_id].update(d for d in days if row.covers(d))
    return dict(out)


def in_team_on(officer: Officer, team_id: int, day: dt.date) -> bool:
    """Whether `officer` is rostered with `team_id` on `day`: a home team (`Officer.teams`)
    or a second-team membership that covers the day."""
    if officer.teams.filter(pk=team_id).exists():
        return True
    return SecondTeamMembership.objects.filter(
        officer=officer, team_id=team_id, valid_from__lte=day, valid_until__gte=day
    ).exists()


def second_team_ids_on(officer: Officer, day: dt.date) -> set[int]:
    """Teams `officer` is a second-team member of on `day`."""
    return set(
        SecondTeamMembership.objects.filter(
            officer=officer, valid_from__lte=day, valid_until__gte=day
        ).values_list("team_id", flat=True)
    )


def hours_mutations_between(
    officer: Officer, start_date: dt.date, end_date: dt.date
) -> list[HoursMutation]:
    return list(
        HoursMutation.objects.filter(
            officer=officer, date__gte=start_date, date__lt=end_date
        ).order_by("date", "id")
    )


def leave_entitlement_minutes(officer: Officer, year: int) -> tuple[int, bool]:
    """The officer's leave entitlement for `year` in minutes, and whether HR set it.

    Default (no `LeaveEntitlement` row): the statutory 4 * the weekly contract hours
    (Burgerlijk Wetboek 7:634) plus the CAO's extra leave, `LEAVE_EXTRA_MINUTES_FULL_TIME`
    (default 64 h) pro rata to the contract; both over the year's average weekly contract,
    so a contract change during the year counts pro rata. A full-time 36-hour week gets
    144 h + 64 h = 208 h.
    """
    row = LeaveEntitlement.objects.filter(officer=officer, year=year).first()
    if row is not None:
        return row.minutes, True
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    days = (after - first).days
    weekly = _weighted_minutes(_timelines([officer.pk]).get(officer.pk, []), first, after) / days
    extra_full_time = int(settings.LEAVE_EXTRA_MINUTES_FULL_TIME)
    return round(4 * weekly + extra_full_time * weekly / FULL_TIME_MINUTES_PER_WEEK), False


def employment_export(officer: Officer) -> dict[str, Any]:
    """The officer's dated terms of employment, for his own data export."""
    return {
        "contract_hours": [
            {"valid_from": r.valid_from.isoformat(), "minutes_per_week": r.minutes_per_week}
            for r in ContractHours.objects.filter(officer=officer).order_by("valid_from")
        ],
        "night_exemptions": [
            {
                "valid_from": r.valid_from.isoformat(),
                "valid_until": r.valid_until.isoformat() if r.valid_until else None,
            }
            for r in NightExemption.objects.filter(officer=officer).order_by("valid_from")
        ],
        "second_teams": [
            {
                "team": r.team.code,
                "valid_from": r.valid_from.isoformat(),
                "valid_until": r.valid_until.isoformat(),
            }
            for r in SecondTeamMembership.objects.filter(officer=officer)
            .select_related("team")
            .order_by("valid_from")
        ],
        "hours_mutations": [
            {"date": r.date.isoformat(), "minutes": r.minutes, "kind": r.kind}
            for r in HoursMutation.objects.filter(officer=officer).order_by("date", "id")
        ],
        "leave_entitlements": [
            {"year": r.year, "minutes": r.minutes}
            for r in LeaveEntitlement.objects.filter(officer=officer).order_by("year")
        ],
    }
