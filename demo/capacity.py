"""The unit capacity demo (issue 18, item 1): three archived 4-week periods of each team
before this week, so the unit manager's capacity page (`eenheidschef`, `/console/capacity/`)
and `GET /api/v1/units/{id}/capacity/trend/` show a trend, not one period.

Each team's officers (not its lead or planner) work in three groups that move through
early (07-15), late (15-23) and night (23-07) in blocks of nine days, two days on and one
off, and a night worker's last two days of a block free, so the roster keeps the
working-time rules (tested); demand rises a little from period to period, so more places
stay open in the later ones. The last two days before this week only earlies are worked
(the current period starts with any shift). A few officers had leave or training there
(never sick: the demo's sick reports are the current ones); night-exempt officers work no
nights. Idempotent: nothing is added when the first archived period exists. Run after the
other scenes, so their periods keep their ids (README).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from organisation.employment_selectors import night_exempt_days
from organisation.models import Absence, AbsenceKind, Officer, Qualification, Team
from roster.burdens import compute_burdens, local_wall_clock
from roster.models import Assignment, AssignmentSource, Phase, RosterPeriod, Shift, ShiftKind

PAST_PERIODS = 3
DAYS = 28
#: The shift kinds in the order a group moves through them, a block of days each.
GROUPS = [  # kind, local start, local end
    (ShiftKind.EARLY, dt.time(7), dt.time(15)),
    (ShiftKind.LATE, dt.time(15), dt.time(23)),
    (ShiftKind.NIGHT, dt.time(23), dt.time(7)),
]
BLOCK = 9
#: Places per shift kind in the oldest period; each later period asks one more.
DEMAND = {ShiftKind.EARLY: 13, ShiftKind.LATE: 12, ShiftKind.NIGHT: 8}
MANAGERS = ("teamchef", "teamchef-zuid", "roosteraar")


def seed_capacity(today: dt.date) -> dict[str, Any]:
    """Archived periods before this week's Monday for teams Centrum and Zuid (once)."""
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(days=DAYS * PAST_PERIODS)
    created = 0
    for team in Team.objects.filter(code__in=["centrum", "zuid"]).order_by("pk"):
        if RosterPeriod.objects.filter(team=team, start_date=first).exists():
            continue
        with transaction.atomic():
            for n in range(PAST_PERIODS):
                _archived_period(team, first + dt.timedelta(days=DAYS * n), n, monday)
                created += 1
    return {
        "archived_periods": RosterPeriod.objects.filter(phase=Phase.ARCHIVED).count(),
        "created": created,
    }


def _archived_period(team: Team, start: dt.date, index: int, monday: dt.date) -> None:
    end = start + dt.timedelta(days=DAYS)
    now = timezone.now()
    period = RosterPeriod.objects.create(
        team=team,
        start_date=start,
        end_date=end,
        phase=Phase.ARCHIVED,
        signup_opens_at=local_wall_clock(start - dt.timedelta(days=42), dt.time(8)),
        signup_closes_at=local_wall_clock(start - dt.timedelta(days=28), dt.time(23, 59)),
        publish_on=start - dt.timedelta(days=14),
        published_at=now,
    )
    held = set(
        Qualification.objects.valid_on(start)
        .filter(skill__code="basis")
        .values_list("officer_id", flat=True)
    )
    officers = list(
        Officer.objects.filter(teams=team, is_active=True, pk__in=held)
        .exclude(username__in=MANAGERS)
        .order_by("pk")
    )
    period.published_members.set(Officer.objects.filter(teams=team, is_active=True))
    basis_id = Qualification.objects.filter(skill__code="basis").values_list("skill_id", flat=True)[
        0
    ]
    away = _absences(officers, start, index)
    exempt = night_exempt_days(officers, start, end)
    groups = [officers[g :: len(GROUPS)] for g in range(len(GROUPS))]
    assignments: list[Assignment] = []
    for day in range(DAYS):
        date = start + dt.timedelta(days=day)
        block, in_block = divmod(date.toordinal(), BLOCK)
        for k, (kind, begin, finish) in enumerate(GROUPS):
            if kind != ShiftKind.EARLY and date >= monday - dt.timedelta(days=2):
                continue  # nothing but earlies just before this week
            s = local_wall_clock(date, begin)
            e = local_wall_clock(date + dt.timedelta(days=int(finish <= begin)), finish)
            burdens = compute_burdens(s, e)
            demand = DEMAND[kind] + index
            shift = Shift.objects.create(
                team=team,
                period=period,
                kind=kind,
                start=s,
                end=e,
                demand={"basis": demand},
                is_night=burdens.night,
                is_weekend=burdens.weekend,
                is_holiday=burdens.holiday,
            )
            # the group whose turn this kind is in this block; two days on, one off, each
            # officer on his own phase; a night worker's last block day is free (the next
            # block starts him on earlies)
            group = groups[(k - block) % len(GROUPS)]
            working = [
                o
                for i, o in enumerate(group)
                if (date.toordinal() + i) % 3 != 2
                and (o.pk, date) not in away
                and not (
                    kind == ShiftKind.NIGHT and (in_block >= BLOCK - 2 or date in exempt[o.pk])
                )
            ]
            assignments.extend(
                Assignment(
                    officer=o, shift=shift, skill_id=basis_id, source=AssignmentSource.SOLVER
                )
                for o in working[:demand]
            )
    Assignment.objects.bulk_create(assignments)


def _absences(officers: list[Officer], start: dt.date, index: int) -> set[tuple[int, dt.date]]:
    """A week of leave for every ninth officer and two days of training for a few, spread over
    the period; returns the (officer, day) pairs away."""
    away: set[tuple[int, dt.date]] = set()
    rows = []
    for i, officer in enumerate(officers):
        if (i + index) % 9 == 0:
            first, days, kind = start + dt.timedelta(days=(i * 5) % 21), 7, AbsenceKind.LEAVE
        elif (i + index) % 13 == 5:
            first, days, kind = start + dt.timedelta(days=(i * 3) % 26), 2, AbsenceKind.TRAINING
        else:
            continue
        rows.append(
            Absence(
                officer=officer,
                kind=kind,
                start=local_wall_clock(first, dt.time(0)),
                end=local_wall_clock(first + dt.timedelta(days=days), dt.time(0)),
                source="demo",
                created_by=officer,
            )
        )
        away.update((officer.pk, first + dt.timedelta(days=d)) for d in range(days))
    Absence.objects.bulk_create(rows)
    return away
