"""Demo of fatigue (docs/fatigue.md) for team `centrum`: the officer `agent` works four nights
in a row near the end of the published period, so his fatigue score passes the team's cap.
The planner (`roosteraar`) and team lead (`teamchef`) see the hot cells in the console grid;
`agent` sees his own scores in the app (`GET /api/v1/me/fatigue/?from=&to=`).

The nights are extra one-place night shifts of the period; his own places on the days around
them (none that a swap refers to) go to a team member outside the rotation, so his roster
stays lawful. The team's fatigue policy gets a cap of 50 points, switched off (the grid still
marks the days above it; a planner may switch it on for the next solve). Deterministic and
idempotent: a second run finds the policy and changes nothing. Called from `seed_demo` after
the swaps (it needs the published period).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from organisation.models import Absence, Officer, Qualification, Team
from roster.burdens import compute_burdens, local_wall_clock
from roster.models import (
    Assignment,
    AssignmentSource,
    RosterPeriod,
    Shift,
    ShiftKind,
    Swap,
    TeamFatiguePolicy,
)

#: The first period day (from its Monday) the four nights may start on, latest first; the
#: first one whose surrounding days hold no place a swap refers to is taken.
FIRST_NIGHT_DAYS = range(9, 0, -1)
NIGHTS = 4
DEMO_CAP = 50


def seed_fatigue(today: dt.date) -> dict[str, Any]:
    """Give `agent` four nights in a row in Centrum's published period (once)."""
    team = Team.objects.get(code="centrum")
    start = today - dt.timedelta(days=today.weekday())
    period = RosterPeriod.objects.filter(team=team, start_date=start).first()
    agent = Officer.objects.filter(username="agent").first()
    if period is None or agent is None:
        return {}
    if not TeamFatiguePolicy.objects.filter(team=team).exists():
        with transaction.atomic():
            for first in FIRST_NIGHT_DAYS:
                if _nights(team, period, agent, first):
                    break
            TeamFatiguePolicy.objects.create(team=team, cap=DEMO_CAP, cap_enabled=False)
    nights = Shift.objects.filter(
        period=period, kind=ShiftKind.NIGHT, assignments__officer=agent
    ).count()
    return {"officer": agent.username, "nights": nights, "cap": DEMO_CAP}


def _nights(team: Team, period: RosterPeriod, agent: Officer, first: int) -> bool:
    """Four nights from period day `first`, unless he is absent then or a swap refers to one
    of his places on the days around them (then False: try other days)."""
    start = period.start_date
    lo = local_wall_clock(start + dt.timedelta(days=first - 1), dt.time(0))
    hi = local_wall_clock(start + dt.timedelta(days=first + NIGHTS + 2), dt.time(0))
    if (
        Absence.objects.in_force()
        .filter(officer=agent, start__lt=hi)
        .filter(Q(end__isnull=True) | Q(end__gt=lo))
    ):
        return False
    in_swaps = set(
        Swap.objects.filter(Q(offerer=agent) | Q(receiver=agent)).values_list(
            "offered_shift_id", flat=True
        )
    ) | set(
        Swap.objects.filter(Q(offerer=agent) | Q(receiver=agent)).values_list(
            "wanted_shift_id", flat=True
        )
    )
    around = list(
        Assignment.objects.filter(
            officer=agent, shift__period=period, shift__start__gte=lo, shift__start__lt=hi
        ).select_related("shift")
    )
    if any(a.shift_id in in_swaps for a in around):
        return False
    busy = set(Assignment.objects.filter(shift__period=period).values_list("officer_id", flat=True))
    spare = (
        Officer.objects.filter(teams=team, is_active=True)
        .exclude(pk__in=busy)
        .exclude(pk=agent.pk)
        .order_by("username")
        .first()
    )
    basis = Qualification.objects.filter(officer=agent, skill__code="basis").first()
    if spare is None or basis is None:
        return False
    for a in around:
        a.officer = spare
        a.save(update_fields=["officer"])
    for day in range(first, first + NIGHTS):
        date = start + dt.timedelta(days=day)
        s = local_wall_clock(date, dt.time(22))
        e = local_wall_clock(date + dt.timedelta(days=1), dt.time(7))
        burdens = compute_burdens(s, e)
        shift = Shift.objects.create(
            team=team,
            period=period,
            kind=ShiftKind.NIGHT,
            start=s,
            end=e,
            demand={"basis": 1},
            is_night=burdens.night,
            is_weekend=burdens.weekend,
            is_holiday=burdens.holiday,
        )
        Assignment.objects.create(
            officer=agent, shift=shift, skill_id=basis.skill_id, source=AssignmentSource.SOLVER
        )
    return True
