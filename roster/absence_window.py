"""How far an absence reaches into the roster: until when it frees its officer's places.

Shared by the freeing (`roster.services.absence_effects`) and the solver input
(`roster.services.solving.input`), so that a repair solve treats the officer as the freeing
did: unavailable up to `absence_free_until`, available (his places at risk) after it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from organisation.models import Absence
from roster.models import TeamAbsencePolicy


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def _plus_local_days(moment: dt.datetime, days: int) -> dt.datetime:
    """`moment` + `days` on the wall clock (a DST night makes such a day 23 or 25 hours)."""
    local = timezone.localtime(moment)
    return dt.datetime.combine(
        local.date() + dt.timedelta(days=days), local.time(), tzinfo=local.tzinfo
    )


def absence_free_until(
    absence: Absence, *, margin_days: int, now: dt.datetime
) -> dt.datetime | None:
    """Until when `absence` frees its officer's places: its end when it has one; else its
    expected end plus `margin_days`; with neither, the end of the day it is reported on (today,
    or its first day when that is later) plus `margin_days`. None: it frees nothing
    (cancelled)."""
    if absence.cancelled_at is not None:
        return None
    if absence.end is not None:
        return absence.end
    if absence.expected_end is not None:
        return _plus_local_days(absence.expected_end, margin_days)
    first = max(timezone.localtime(absence.start).date(), timezone.localtime(now).date())
    return _local_midnight(first + dt.timedelta(days=1 + margin_days))


def sick_margins(team_ids: set[int]) -> dict[int, int]:
    """Each team's sick margin in days (the policy's default for a team without a row)."""
    default = TeamAbsencePolicy._meta.get_field("sick_margin_days").get_default()
    margins = {team_id: int(default) for team_id in team_ids}
    for team_id, margin in TeamAbsencePolicy.objects.filter(team_id__in=team_ids).values_list(
        "team_id", "sick_margin_days"
    ):
        margins[team_id] = margin
    return margins
