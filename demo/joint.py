"""Demo of a joint solve (issue 18): Centrum and Zuid solved together in one run.

Both teams get a `signup_closed` week after every other period of theirs, with an early and a
late shift each day, and three Zuid officers are also rostered with Centrum that week
(second-team membership), so the teams share officers. `roosteraar` plans both: the console's
period page of either week offers "Start joint solve" with the other, and
`POST /api/v1/joint-solves/` `{"periods": [<centrum>, <zuid>]}` does the same. Nothing is
solved here (`make demo` stays fast). Deterministic and idempotent: a second run finds the
weeks and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from organisation.employment import SecondTeamMembership
from organisation.models import Officer, Team
from roster.burdens import compute_burdens, local_wall_clock
from roster.models import Phase, RosterPeriod, Shift, ShiftKind

DAYS = 7
SHIFTS = ((ShiftKind.EARLY, dt.time(7), dt.time(15)), (ShiftKind.LATE, dt.time(15), dt.time(23)))
#: Zuid officers also rostered with Centrum in the joint week.
SHARED = ("zuid01", "zuid02", "zuid03")
SOURCE = "demo:joint"


def _week(team: Team, start: dt.date) -> RosterPeriod:
    period = RosterPeriod.objects.create(
        team=team,
        start_date=start,
        end_date=start + dt.timedelta(days=DAYS),
        phase=Phase.SIGNUP_CLOSED,
        signup_opens_at=local_wall_clock(start - dt.timedelta(days=42), dt.time(8)),
        signup_closes_at=local_wall_clock(start - dt.timedelta(days=28), dt.time(23, 59)),
        publish_on=start - dt.timedelta(days=14),
    )
    for day in range(DAYS):
        date = start + dt.timedelta(days=day)
        for kind, begin, end in SHIFTS:
            s, e = local_wall_clock(date, begin), local_wall_clock(date, end)
            burdens = compute_burdens(s, e)
            Shift.objects.create(
                team=team,
                period=period,
                kind=kind,
                start=s,
                end=e,
                demand={"basis": 2},
                is_night=burdens.night,
                is_weekend=burdens.weekend,
                is_holiday=burdens.holiday,
            )
    return period


def seed_joint(today: dt.date) -> dict[str, Any]:
    """Centrum's and Zuid's closed week that share officers (once)."""
    centrum = Team.objects.get(code="centrum")
    zuid = Team.objects.get(code="zuid")
    with transaction.atomic():
        first = SecondTeamMembership.objects.filter(source=f"{SOURCE}:{SHARED[0]}").first()
        if first is not None:  # seeded before: the weeks exist
            start = first.valid_from
            periods = {
                t.code: RosterPeriod.objects.get(team=t, start_date=start) for t in (centrum, zuid)
            }
        else:
            last = RosterPeriod.objects.filter(team__in=[centrum, zuid]).aggregate(
                end=Max("end_date")
            )["end"]
            start = max(last or today, today + dt.timedelta(days=1))
            start += dt.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
            periods = {t.code: _week(t, start) for t in (centrum, zuid)}
            for username in SHARED:
                SecondTeamMembership.objects.create(
                    officer=Officer.objects.get(username=username),
                    team=centrum,
                    valid_from=start,
                    valid_until=start + dt.timedelta(days=DAYS - 1),
                    source=f"{SOURCE}:{username}",
                )
    return {"periods": {code: p.pk for code, p in periods.items()}, "shared": list(SHARED)}
