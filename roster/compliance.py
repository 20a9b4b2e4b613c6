"""The working-time rules applied to an officer's shifts as the database holds them.

`roster.rules` is pure and knows minutes and day indexes; this module turns `Shift` rows into
its `WorkItem`s and runs `check_officer`. It reads nothing itself, so selectors (the
compliance report) and services (`check_assignable`, open shifts) share it.

A change that puts an officer on shifts outside the solver (a claim, a fair award, a swap, a
chain, a planner's assignment) is judged by `change_violations` (or `AdditionCheck` for many
candidates at once): the working-time rules that a taken shift breaks and the team's fatigue
cap (`roster.fatigue.FatigueCaps`, `roster.rules.fatigue.cap_breaches`: no day above
`max(cap, its score before the change)`, the solver's limit), as `project.fatigue_cap`. The
team policies behind the caps are the only thing read here: once per check or list read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from django.utils import timezone

from organisation.models import Officer
from roster.fatigue import FatigueCaps
from roster.models import Shift
from roster.rules import (
    DEFAULT_TZ,
    RuleId,
    RuleParams,
    Violation,
    WorkItem,
    check_night_exempt,
    check_officer,
    local_day_index,
    to_minutes,
)
from roster.rules.fatigue import cap_breaches


def work_items(shifts: Iterable[Shift]) -> tuple[list[WorkItem], dt.datetime, dt.date]:
    """The rules module's view of shifts: minutes and local day index from the earliest."""
    ordered = sorted(shifts, key=lambda s: s.start)
    if not ordered:
        now = timezone.now()
        return [], now, timezone.localtime(now).date()
    ref = ordered[0].start
    ref_date = timezone.localtime(ref).date()
    items = [
        WorkItem(
            shift_id=str(s.pk),
            start=to_minutes(s.start, ref),
            end=to_minutes(s.end, ref),
            night=s.is_night,
            day=local_day_index(s.start, DEFAULT_TZ, ref_date),
        )
        for s in ordered
    ]
    return items, ref, ref_date


def officer_violations(
    officer: Officer,
    shifts: Iterable[Shift],
    params: RuleParams | None = None,
    *,
    exempt_days: AbstractSet[dt.date] | None = None,
) -> list[Violation]:
    """Every working-time rule over `shifts` for one officer.

    `exempt_days`: the local days of a dated night exemption (`organisation.employment`,
    read by the caller); a night shift that starts or ends on one of them breaks the
    exemption rule. Without it only the standing `Officer.night_exempt` flag counts."""
    shifts = list(shifts)
    items, _ref, _day = work_items(shifts)
    if officer.night_exempt or not exempt_days:
        return check_officer(
            items,
            params or RuleParams(),
            officer=str(officer.pk),
            night_exempt=officer.night_exempt,
        )
    barred = {
        str(s.pk)
        for s in shifts
        if s.is_night and ({_local_date(s.start), _local_date(s.end)} & exempt_days)
    }
    return [
        *check_officer(items, params or RuleParams(), officer=str(officer.pk)),
        *check_night_exempt(
            [i for i in items if i.shift_id in barred], True, officer=str(officer.pk)
        ),
    ]


class AdditionCheck:
    """ "May the officer add this shift to his own shifts around it?" for many shifts.

    The same answer as `officer_violations(officer, [*around, shift], exempt_days=...)` having
    no violation that names `shift` and no fatigue-cap breach (`change_violations`), but each
    shift is turned into a rules `WorkItem` at most once, when a question first needs it (one
    reference instant for all: the rules look only at differences of minutes and local day
    indices), not once per question. The caps are read once per instance (`FatigueCaps`)."""

    def __init__(
        self,
        officer: Officer,
        *,
        ref: dt.datetime,
        exempt_days: AbstractSet[dt.date] | None = None,
        params: RuleParams | None = None,
        caps: FatigueCaps | None = None,
    ) -> None:
        self._officer = officer
        self._caps = caps or FatigueCaps(officer.pk)
        self._ref = ref
        self._ref_date = timezone.localtime(ref).date()
        self._params = params or RuleParams()
        self._exempt = exempt_days if exempt_days and not officer.night_exempt else None
        self._items: dict[int, WorkItem] = {}

    def _item(self, s: Shift) -> WorkItem:
        item = self._items.get(s.pk)
        if item is None:
            item = self._items[s.pk] = WorkItem(
                shift_id=str(s.pk),
                start=to_minutes(s.start, self._ref),
                end=to_minutes(s.end, self._ref),
                night=s.is_night,
                day=local_day_index(s.start, DEFAULT_TZ, self._ref_date),
            )
        return item

    def lawful(self, shift: Shift, around: Sequence[Shift]) -> bool:
        """No rule broken that involves `shift`, with `around` (his shifts near it)."""
        sid = str(shift.pk)
        shifts = [*around, shift]
        items = sorted((self._item(s) for s in shifts), key=lambda i: i.start)
        officer = str(self._officer.pk)
        if self._exempt is None:
            violations = check_officer(
                items, self._params, officer=officer, night_exempt=self._officer.night_exempt
            )
        else:
            barred = {
                str(s.pk)
                for s in shifts
                if s.is_night and ({_local_date(s.start), _local_date(s.end)} & self._exempt)
            }
            violations = [
                *check_officer(items, self._params, officer=officer),
                *check_night_exempt(
                    [i for i in items if i.shift_id in barred], True, officer=officer
                ),
            ]
        if any(sid in v.shift_ids for v in violations):
            return False
        cap = self._caps.cap(shift.team_id)
        if cap is None:
            return True
        added = self._item(shift)
        kept = [i for i in items if i.shift_id != sid]
        return not cap_breaches(kept, items, [added.day], cap)

    def memo_fact(self, shift: Shift) -> str:
        """What `lawful` reads beyond the shifts (for `roster.lawful_memo`): the cap."""
        return f"fatigue_cap={self._caps.cap(shift.team_id)}"


def change_violations(
    officer: Officer,
    *,
    takes: Sequence[Shift],
    around: Sequence[Shift],
    gives: Sequence[Shift] = (),
    exempt_days: AbstractSet[dt.date] | None = None,
    caps: FatigueCaps | None = None,
) -> list[Violation]:
    """What a change of `officer`'s roster outside the solver breaks: he takes `takes`, keeps
    `around` (his other shifts near them, any team) and gives up `gives`. The working-time
    rules that name a taken shift (`officer_violations`), then the fatigue cap of the taken
    shifts' team (the first taken shift's; a chain or swap stays in one team) and of his own
    teams: one `project.fatigue_cap` violation per day put above its limit, naming the taken
    shifts, with the score and the limit (`value`, `limit`) and the day in `message`."""
    after = [*around, *takes]
    taken = {str(s.pk) for s in takes}
    violations = [
        v
        for v in officer_violations(officer, after, exempt_days=exempt_days)
        if taken & set(v.shift_ids)
    ]
    cap = (caps or FatigueCaps(officer.pk)).cap(takes[0].team_id) if takes else None
    if cap is None:
        return violations
    items, _ref, ref_date = work_items([*after, *gives])
    by_id = {i.shift_id: i for i in items}
    before_ids = {str(s.pk) for s in [*around, *gives]}
    changed = [by_id[str(s.pk)].day for s in [*takes, *gives]]
    breaches = cap_breaches(
        [by_id[i] for i in sorted(before_ids)],
        [by_id[str(s.pk)] for s in after],
        changed,
        cap,
    )
    names = tuple(str(s.pk) for s in sorted(takes, key=lambda s: s.start))
    for score, limit in breaches:
        day = ref_date + dt.timedelta(days=score.day)
        violations.append(
            Violation(
                RuleId.FATIGUE_CAP,
                str(officer.pk),
                names,
                f"fatigue score {score.total} on {day.isoformat()}, at most {limit}",
                value=score.total,
                limit=limit,
            )
        )
    return violations


def _local_date(instant: dt.datetime) -> dt.date:
    return timezone.localtime(instant).date()


def exempt_day_range(shifts: Iterable[Shift]) -> tuple[dt.date, dt.date]:
    """The local days `[first, after)` that the night-exemption check of `shifts` needs."""
    ordered = list(shifts)
    if not ordered:
        today = timezone.localdate()
        return today, today
    first = min(_local_date(s.start) for s in ordered)
    last = max(_local_date(s.end) for s in ordered)
    return first, last + dt.timedelta(days=1)
