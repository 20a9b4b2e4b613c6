"""Demo of teams lending officers (issue #18): team Zuid opens its open places to Centrum.

Zuid gets a published one-week period from tomorrow with a day shift (10:00-18:00) on each
day, none of them filled, and a `TeamLendingPolicy` that lends its open places to team
Centrum. Centrum's `agent` sees the ones lawful for him (next to his Centrum shifts from
`demo.swaps`) in the app's open-shift list marked `lent`, and claims one through the
ordinary claim flow; Zuid's team lead (`teamchef-zuid`) is told. Deterministic and
idempotent: a second run finds the period and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from organisation.models import Team
from roster.burdens import compute_burdens, local_wall_clock
from roster.models import Phase, RosterPeriod, Shift, ShiftKind, TeamLendingPolicy

DAYS = 7
DAY_SHIFT = (dt.time(10), dt.time(18))


def seed_lending(today: dt.date) -> dict[str, Any]:
    """Zuid's published week with open day shifts, lent to Centrum (once)."""
    zuid = Team.objects.get(code="zuid")
    centrum = Team.objects.get(code="centrum")
    start = today + dt.timedelta(days=1)  # every shift lies ahead, whatever the weekday
    with transaction.atomic():
        # a later run (another day) keeps the week it made, while it lasts
        period = RosterPeriod.objects.filter(
            team=zuid, phase=Phase.PUBLISHED, end_date__gt=today
        ).first()
        if period is None:
            period = RosterPeriod.objects.create(
                team=zuid,
                start_date=start,
                end_date=start + dt.timedelta(days=DAYS),
                phase=Phase.PUBLISHED,
                signup_opens_at=local_wall_clock(start - dt.timedelta(days=42), dt.time(8)),
                signup_closes_at=local_wall_clock(start - dt.timedelta(days=28), dt.time(23, 59)),
                publish_on=start - dt.timedelta(days=14),
                published_at=timezone.now(),
            )
            for day in range(DAYS):
                date = start + dt.timedelta(days=day)
                s, e = local_wall_clock(date, DAY_SHIFT[0]), local_wall_clock(date, DAY_SHIFT[1])
                burdens = compute_burdens(s, e)
                Shift.objects.create(
                    team=zuid,
                    period=period,
                    kind=ShiftKind.CUSTOM,
                    start=s,
                    end=e,
                    demand={"basis": 1},
                    is_night=burdens.night,
                    is_weekend=burdens.weekend,
                    is_holiday=burdens.holiday,
                )
        policy, _new = TeamLendingPolicy.objects.update_or_create(
            team=zuid, defaults={"lends_open_places": True, "within_hours": None}
        )
        policy.to_teams.set([centrum])
    return {
        "zuid_lends_to": "centrum",
        "open_day_shifts": Shift.objects.filter(period=period).count(),
    }
