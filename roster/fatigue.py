"""Fatigue scores of officers on local days, from their assignments (`docs/fatigue.md`).

`roster.rules.fatigue` defines the score on minutes and day indices; this module reads the
assignments (one query, whatever the number of officers) and converts their aware instants
with `roster.rules.fatigue.timed_items`, so a DST night counts its real hours. The shifts of
the `lookback_days()` days before the first day count (a series that began earlier).

Which assignments count: `published_only` (what an officer sees of himself) takes the
published and archived periods; otherwise (a planner looking at his team's proposal too)
every period's. Cancelled shifts never count. Readers: the API (`/me/fatigue/`,
`/teams/{id}/fatigue/`) and the console grid.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from organisation.models import Officer
from roster.models import Assignment, Phase, TeamFatiguePolicy
from roster.rules.fatigue import (
    DEFAULT_FATIGUE,
    FatigueParams,
    FatigueScore,
    fatigue_scores,
    lookback_days,
    timed_items,
)
from roster.solve_refs import officer_ref

PUBLISHED = (Phase.PUBLISHED, Phase.ARCHIVED)


@dataclass(frozen=True)
class DayFatigue:
    date: dt.date
    score: FatigueScore


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0)))


def fatigue_by_officer(
    officer_ids: Collection[int],
    first: dt.date,
    last: dt.date,
    *,
    published_only: bool,
    params: FatigueParams = DEFAULT_FATIGUE,
) -> dict[int, list[DayFatigue]]:
    """Each officer's score on every local day `first`..`last` (inclusive). One query."""
    start = first - dt.timedelta(days=lookback_days(params) + 1)
    rows = Assignment.objects.filter(
        officer_id__in=list(officer_ids),
        shift__cancelled_at__isnull=True,
        shift__end__gt=_midnight(start),
        shift__start__lt=_midnight(last + dt.timedelta(days=1)),
    )
    if published_only:
        rows = rows.filter(shift__period__phase__in=PUBLISHED)
    spans: dict[int, list[tuple[str, dt.datetime, dt.datetime]]] = defaultdict(list)
    for officer_id, shift_id, s_start, s_end in rows.values_list(
        "officer_id", "shift_id", "shift__start", "shift__end"
    ).distinct():
        spans[officer_id].append((str(shift_id), s_start, s_end))
    count = (last - first).days + 1
    dates = [first + dt.timedelta(days=i) for i in range(count)]
    result: dict[int, list[DayFatigue]] = {}
    for officer_id in officer_ids:
        items = timed_items(spans.get(officer_id, []), first)
        scores = fatigue_scores(items, range(count), params)
        result[officer_id] = [DayFatigue(d, s) for d, s in zip(dates, scores, strict=True)]
    return result


def team_fatigue_policy(team_id: int) -> TeamFatiguePolicy:
    """The team's fatigue policy (the defaults, unsaved, when it has none)."""
    policy = TeamFatiguePolicy.objects.filter(team_id=team_id).first()
    return policy or TeamFatiguePolicy(team_id=team_id)


class FatigueCaps:
    """The fatigue cap that binds one officer when he takes a place outside the solver (a
    claim, a swap, a chain, a planner's assignment; `roster.compliance`): the lowest enabled
    cap among the place's team and the officer's own teams (`Officer.teams`), None when none
    of them caps. The policies are read once, on first use, in one query."""

    def __init__(self, officer_id: int) -> None:
        self._officer_id = officer_id
        self._caps: dict[int, int] | None = None
        self._home: int | None = None

    @classmethod
    def for_officers(cls, officer_ids: Collection[int]) -> dict[int, FatigueCaps]:
        """Each officer's caps, read together (a search over many officers): one query, two
        when a team caps."""
        caps = dict(
            TeamFatiguePolicy.objects.filter(cap_enabled=True).values_list("team_id", "cap")
        )
        out = {pk: cls(pk) for pk in officer_ids}
        for one in out.values():
            one._caps = caps
        if caps:
            for officer_id, team_id in Officer.teams.through.objects.filter(
                officer_id__in=list(out), team_id__in=list(caps)
            ).values_list("officer_id", "team_id"):
                one, cap = out[officer_id], caps[team_id]
                one._home = cap if one._home is None else min(one._home, cap)
        return out

    def _load(self) -> dict[int, int]:
        if self._caps is None:
            home = Officer.teams.through.objects.filter(
                officer_id=self._officer_id, team_id=OuterRef("team_id")
            )
            rows = (
                TeamFatiguePolicy.objects.filter(cap_enabled=True)
                .annotate(home=Exists(home))
                .values_list("team_id", "cap", "home")
            )
            self._caps = {}
            for team_id, cap, is_home in rows:
                self._caps[team_id] = cap
                if is_home:
                    self._home = cap if self._home is None else min(self._home, cap)
        return self._caps

    def cap(self, team_id: int) -> int | None:
        """The cap for a place of team `team_id` (None: no cap)."""
        caps = [c for c in (self._load().get(team_id), self._home) if c is not None]
        return min(caps, default=None)


def solve_fatigue_input(
    team_id: int, officer_ids: Collection[int], horizon_start: dt.datetime
) -> dict[str, Any] | None:
    """The solve input's `fatigue` object (`docs/solver_io.md`) when the team caps fatigue:
    the cap and each officer's published shifts of the `lookback_days()` before the horizon
    (any team), which count towards the score. None when the cap is off. One or two queries."""
    policy = team_fatigue_policy(team_id)
    if not policy.cap_enabled:
        return None
    since = horizon_start - dt.timedelta(days=lookback_days() + 1)
    rows = (
        Assignment.objects.filter(
            officer_id__in=list(officer_ids),
            shift__cancelled_at__isnull=True,
            shift__period__phase__in=PUBLISHED,
            shift__start__gte=since,
            shift__start__lt=horizon_start,
        )
        .order_by("shift__start", "shift_id", "officer_id")
        .values_list("officer_id", "shift__start", "shift__end")
        .distinct()
    )
    earlier = [
        {"officer": officer_ref(officer_id), "start": start.isoformat(), "end": end.isoformat()}
        for officer_id, start, end in rows
    ]
    return {"cap": policy.cap, "earlier": earlier}
