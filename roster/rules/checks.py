"""The working-time rules, one function per rule, and ``check_officer`` running them all.

Every rule works on one officer's ``WorkItem`` list on an integer minute scale (UTC-based)
plus local day indices, and on the officer's ``History`` at the period start. The solver
(``roster.solver.build``) encodes exactly the definitions below; ``roster.solver.verify``
re-checks every solve with these functions. Definitions (``L`` = 10080 minutes = 7 x 24 h):

- ``atw.max_shift`` (ATW 5:7): ``end - start <= max_shift_minutes``.
- ``atw.night_max_len`` (ATW 5:8): a night item lasts ``<= max_night_shift_minutes``.
- ``project.overlap``: one shift at a time; no item starts before the end of an earlier item
  (nor before ``history.last_shift_end``).
- ``atw.daily_rest`` (ATW 5:3) and ``atw.rest_after_night`` (ATW 5:8): items sorted by
  start; for each consecutive pair (a, b) the rest ``b.start - a.end`` is at least
  ``min_rest_minutes``; when ``a`` is a night item at least ``max(min_rest_minutes,
  min_rest_after_night_minutes)`` and the pair is reported as ``atw.rest_after_night`` only.
  The project applies the night rest after every night shift, also one ending before 02:00
  (stricter than the ATW). Without overlaps, "every consecutive pair" equals "every pair
  with a before b", which is what the solver encodes.
- ``atw.max_week`` (ATW 5:7, rolling, stricter than the calendar week): for every real
  window ``[t, t + L)`` the worked minutes inside it, sum over items of
  ``|[start, end) & [t, t + L)|``, are at most ``max_minutes_per_7_days``. Without overlaps
  the maximum over t is attained at an item start, so the windows anchored at item starts
  decide it (the solver uses the starts of all candidate shifts). Work before the period is
  not known minute by minute and is not counted: pass earlier shifts as items for that.
- ``atw.weekly_rest`` (ATW 5:5): every real window ``[t, t + L)`` contains a continuous
  rest of at least ``D = min_weekly_rest_minutes``. Free time after the last item counts
  as rest (the known part only); before the period the history block
  ``[last_weekly_rest_end, last_shift_end)`` counts as work and the time before it as rest.
  Equivalent form that is checked: call a maximal free gap *long* when it is ``>= D``; the
  *working stretch* from the end of one long gap to the start of the next lasts at most
  ``L - 2 * D`` (96 h with the defaults). Proof: a long gap ``[a, b)`` gives a window
  ``[t, t + L)`` a rest ``>= D`` exactly for ``a + D - L <= t <= b - D``; consecutive
  intervals cover every t iff ``a_next - b <= L - 2D``. Only stretches holding an item are
  reported.
- ``atw.night_series_len`` (ATW 5:8; 5 is a stricter project value): a *night day* is a
  local day on which the officer starts a night item and no other item. A *night series*
  is a maximal run of consecutive night days (so a shift in between ends the series). Its
  length is at most ``max_consecutive_nights``. History: when ``last_shift_night``, the
  ``consecutive_nights_at_start`` days ending on ``last_shift_day`` are night days.
- ``atw.rest_after_night_series`` (ATW 5:8): after a series of at least
  ``night_series_length`` night days, the first item starting after the last night of the
  series (the latest-starting night of its last day; for a series ending in history the
  history's last shift) starts at least ``rest_after_night_series_minutes`` after its end.
- ``project.max_consecutive_days``: a *working day* is a local day on which an item starts;
  a run of consecutive working days is at most ``max_consecutive_working_days`` long. The
  ``consecutive_days_at_start`` days ending on ``last_shift_day`` count as working days.
- ``project.night_exempt`` (Regeling nachtdienstontheffing politie): an exempt officer has
  no night item.

Rules on runs/stretches are reported only when the run holds at least one item, so a
history that already broke a rule before the period is not blamed on the period.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence

from roster.rules.ids import RuleId
from roster.rules.model import (
    WEEK_MINUTES,
    History,
    RuleParams,
    Violation,
    WorkItem,
)

#: The empty history (no shift before the period); a module-level singleton default.
NO_HISTORY = History()


def fmt_minutes(minutes: int) -> str:
    """``2760`` -> ``"46h 00m"``; negative durations keep their sign."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    return f"{sign}{minutes // 60}h {minutes % 60:02d}m"


def sort_items(items: Iterable[WorkItem]) -> list[WorkItem]:
    return sorted(items, key=lambda i: (i.start, i.end, i.shift_id))


def history_last_day(history: History, horizon_start_day: int) -> int:
    """Local day of the start of the history's last shift (assumed: the day before)."""
    if history.last_shift_day is not None:
        return history.last_shift_day
    return horizon_start_day - 1


def history_night_days(history: History, horizon_start_day: int) -> list[int]:
    """Days of the night series that the history's last shift ended (may be empty)."""
    if history.last_shift_end is None or not history.last_shift_night:
        return []
    count = history.consecutive_nights_at_start
    if history.last_shift_day is not None:
        count = max(count, 1)
    last = history_last_day(history, horizon_start_day)
    return list(range(last - count + 1, last + 1))


def history_working_days(history: History, horizon_start_day: int) -> list[int]:
    """Days of the run of working days that the history's last shift ended."""
    count = history.consecutive_days_at_start
    if history.last_shift_end is not None and history.last_shift_day is not None:
        count = max(count, 1)
    last = history_last_day(history, horizon_start_day)
    return list(range(last - count + 1, last + 1))


def required_rest_after(night: bool, params: RuleParams) -> int:
    """Minimum rest after a shift: longer after a night shift (ATW 5:3, 5:8)."""
    if night:
        return max(params.min_rest_minutes, params.min_rest_after_night_minutes)
    return params.min_rest_minutes


# --- single-item rules -----------------------------------------------------------------


def check_max_shift(
    items: Sequence[WorkItem], params: RuleParams, *, officer: str | None = None
) -> list[Violation]:
    """ATW art. 5:7: a shift lasts at most 12 h (``max_shift_minutes``), breaks included."""
    return [
        Violation(
            RuleId.MAX_SHIFT,
            officer,
            (i.shift_id,),
            f"shift {i.shift_id} lasts {fmt_minutes(i.minutes)}, more than the maximum "
            f"{fmt_minutes(params.max_shift_minutes)}",
            i.minutes,
            params.max_shift_minutes,
        )
        for i in items
        if i.minutes > params.max_shift_minutes
    ]


def check_night_max_len(
    items: Sequence[WorkItem], params: RuleParams, *, officer: str | None = None
) -> list[Violation]:
    """ATW art. 5:8: a night shift lasts at most 10 h (``max_night_shift_minutes``)."""
    return [
        Violation(
            RuleId.NIGHT_MAX_LEN,
            officer,
            (i.shift_id,),
            f"night shift {i.shift_id} lasts {fmt_minutes(i.minutes)}, more than the night "
            f"maximum {fmt_minutes(params.max_night_shift_minutes)}",
            i.minutes,
            params.max_night_shift_minutes,
        )
        for i in items
        if i.night and i.minutes > params.max_night_shift_minutes
    ]


def check_night_exempt(
    items: Sequence[WorkItem], night_exempt: bool, *, officer: str | None = None
) -> list[Violation]:
    """Regeling nachtdienstontheffing politie: an exempt officer works no night shift."""
    if not night_exempt:
        return []
    return [
        Violation(
            RuleId.NIGHT_EXEMPT,
            officer,
            (i.shift_id,),
            f"officer is exempt from night shifts but works night shift {i.shift_id}",
        )
        for i in items
        if i.night
    ]


# --- pair rules --------------------------------------------------------------------------


def check_overlap(
    items: Sequence[WorkItem], history: History = NO_HISTORY, *, officer: str | None = None
) -> list[Violation]:
    """One shift at a time: no item starts before an earlier item (or the history's last
    shift) has ended."""
    out: list[Violation] = []
    if history.last_shift_end is not None:
        for i in items:
            if i.start < history.last_shift_end:
                out.append(
                    Violation(
                        RuleId.OVERLAP,
                        officer,
                        (i.shift_id,),
                        f"shift {i.shift_id} starts before the officer's previous shift ends",
                    )
                )
    latest: WorkItem | None = None
    for i in sort_items(items):
        if latest is not None and i.start < latest.end:
            out.append(
                Violation(
                    RuleId.OVERLAP,
                    officer,
                    (latest.shift_id, i.shift_id),
                    f"shifts {latest.shift_id} and {i.shift_id} overlap",
                )
            )
        if latest is None or i.end > latest.end:
            latest = i
    return out


def _rest_pairs(
    items: Sequence[WorkItem], history: History
) -> list[tuple[str | None, int, bool, WorkItem]]:
    """(previous id or None for history, previous end, previous night, next item)."""
    ordered = sort_items(items)
    pairs: list[tuple[str | None, int, bool, WorkItem]] = []
    if ordered and history.last_shift_end is not None:
        first = ordered[0]
        if first.start >= history.last_shift_end:
            pairs.append((None, history.last_shift_end, history.last_shift_night, first))
    for a, b in itertools.pairwise(ordered):
        if b.start >= a.end:
            pairs.append((a.shift_id, a.end, a.night, b))
    return pairs


def _rest_message(prev: str | None, nxt: str, gap: int, need: int, what: str) -> str:
    before = f"shift {prev}" if prev is not None else "the last shift before the period"
    return (
        f"rest between {before} and shift {nxt} is {fmt_minutes(gap)}, less than the "
        f"{fmt_minutes(need)} {what}"
    )


def check_daily_rest(
    items: Sequence[WorkItem],
    params: RuleParams,
    history: History = NO_HISTORY,
    *,
    officer: str | None = None,
) -> list[Violation]:
    """ATW art. 5:3: at least 11 h (``min_rest_minutes``) of rest between two consecutive
    shifts. Pairs whose first shift is a night are checked by ``check_rest_after_night``."""
    out: list[Violation] = []
    for prev, prev_end, prev_night, nxt in _rest_pairs(items, history):
        if prev_night:
            continue
        gap = nxt.start - prev_end
        if gap < params.min_rest_minutes:
            ids = (prev, nxt.shift_id) if prev is not None else (nxt.shift_id,)
            out.append(
                Violation(
                    RuleId.DAILY_REST,
                    officer,
                    ids,
                    _rest_message(prev, nxt.shift_id, gap, params.min_rest_minutes, "minimum"),
                    gap,
                    params.min_rest_minutes,
                )
            )
    return out


def check_rest_after_night(
    items: Sequence[WorkItem],
    params: RuleParams,
    history: History = NO_HISTORY,
    *,
    officer: str | None = None,
) -> list[Violation]:
    """ATW art. 5:8: at least 14 h (``min_rest_after_night_minutes``, never less than
    ``min_rest_minutes``) of rest after a night shift (the project applies it after every
    night shift)."""
    need = required_rest_after(True, params)
    out: list[Violation] = []
    for prev, prev_end, prev_night, nxt in _rest_pairs(items, history):
        if not prev_night:
            continue
        gap = nxt.start - prev_end
        if gap < need:
            ids = (prev, nxt.shift_id) if prev is not None else (nxt.shift_id,)
            out.append(
                Violation(
                    RuleId.REST_AFTER_NIGHT,
                    officer,
                    ids,
                    _rest_message(prev, nxt.shift_id, gap, need, "required after a night shift"),
                    gap,
                    need,
                )
            )
    return out


# --- rolling windows ---------------------------------------------------------------------


def worked_minutes_in_window(items: Sequence[WorkItem], t: int, length: int) -> int:
    """Sum over items of the overlap of ``[start, end)`` with ``[t, t + length)``."""
    return sum(max(0, min(i.end, t + length) - max(i.start, t)) for i in items)


def check_max_week(
    items: Sequence[WorkItem], params: RuleParams, *, officer: str | None = None
) -> list[Violation]:
    """ATW art. 5:7 (stricter rolling form): at most ``max_minutes_per_7_days`` (60 h) of
    work in every window of 7 x 24 h, counting the part of each shift inside the window."""
    if sum(i.minutes for i in items) <= params.max_minutes_per_7_days:
        return []  # no window can hold more than all the work there is
    ordered = sort_items(items)
    starts = [i.start for i in ordered]
    longest = max(i.minutes for i in ordered)
    anchors = sorted({i.start for i in ordered} | {i.end - WEEK_MINUTES for i in ordered})
    out: list[Violation] = []
    seen: set[tuple[str, ...]] = set()
    for t in anchors:
        lo = bisect.bisect_right(starts, t - longest)
        hi = bisect.bisect_left(starts, t + WEEK_MINUTES)
        inside = [i for i in ordered[lo:hi] if i.end > t]
        worked = worked_minutes_in_window(inside, t, WEEK_MINUTES)
        if worked > params.max_minutes_per_7_days:
            ids = tuple(i.shift_id for i in inside)
            if ids in seen:
                continue
            seen.add(ids)
            out.append(
                Violation(
                    RuleId.MAX_WEEK,
                    officer,
                    ids,
                    f"{fmt_minutes(worked)} of work in the 7 x 24 h from minute {t} "
                    f"(shifts {', '.join(ids)}), more than "
                    f"{fmt_minutes(params.max_minutes_per_7_days)}",
                    worked,
                    params.max_minutes_per_7_days,
                )
            )
    return out


def work_blocks(
    items: Sequence[WorkItem], history: History = NO_HISTORY
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Merged work intervals ``(start, end, shift ids)``; the history block
    ``[last_weekly_rest_end, last_shift_end)`` is included with no ids."""
    intervals: list[tuple[int, int, str | None]] = [(i.start, i.end, i.shift_id) for i in items]
    h_start, h_end = history.last_weekly_rest_end, history.last_shift_end
    if h_start is not None and h_end is not None and h_start < h_end:
        intervals.append((h_start, h_end, None))
    intervals.sort(key=lambda v: (v[0], v[1]))
    blocks: list[tuple[int, int, tuple[str, ...]]] = []
    for start, end, sid in intervals:
        ids = (sid,) if sid is not None else ()
        if blocks and start <= blocks[-1][1]:
            b_start, b_end, b_ids = blocks[-1]
            blocks[-1] = (b_start, max(b_end, end), b_ids + ids)
        else:
            blocks.append((start, end, ids))
    return blocks


def check_weekly_rest(
    items: Sequence[WorkItem],
    params: RuleParams,
    history: History = NO_HISTORY,
    *,
    officer: str | None = None,
) -> list[Violation]:
    """ATW art. 5:5: a continuous rest of at least 36 h (``min_weekly_rest_minutes``) in
    every window of 7 x 24 h; checked as "a working stretch between two rests of >= 36 h
    lasts at most 7 x 24 h - 2 x 36 h" (see the module docstring)."""
    rest = params.min_weekly_rest_minutes
    limit = WEEK_MINUTES - 2 * rest
    blocks = work_blocks(items, history)
    out: list[Violation] = []
    # Stretches: runs of blocks separated by gaps shorter than ``rest``.
    stretch: list[tuple[int, int, tuple[str, ...]]] = []
    for block in [*blocks, None]:
        if block is not None and (not stretch or block[0] - stretch[-1][1] < rest):
            stretch.append(block)
            continue
        if stretch:
            start, end = stretch[0][0], stretch[-1][1]
            ids = tuple(sid for b in stretch for sid in b[2])
            if ids and end - start > limit:
                out.append(
                    Violation(
                        RuleId.WEEKLY_REST,
                        officer,
                        ids,
                        f"{fmt_minutes(end - start)} of work between two rests of "
                        f"{fmt_minutes(rest)} (shifts {', '.join(ids)}): some 7 x 24 h has "
                        f"no rest of {fmt_minutes(rest)} (at most {fmt_minutes(limit)} allowed)",
                        end - start,
                        limit,
                    )
                )
        stretch = [block] if block is not None else []
    return out


# --- runs of days ------------------------------------------------------------------------


def _runs(days: Iterable[int]) -> list[list[int]]:
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for d in ordered:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def night_days(
    items: Sequence[WorkItem], history: History = NO_HISTORY, horizon_start_day: int = 0
) -> set[int]:
    """Local days on which the officer starts a night item and no other item (history
    night days count unless a non-night item starts that day)."""
    nights = {i.day for i in items if i.night}
    others = {i.day for i in items if not i.night}
    nights |= set(history_night_days(history, horizon_start_day))
    return nights - others


def check_night_series_len(
    items: Sequence[WorkItem],
    params: RuleParams,
    history: History = NO_HISTORY,
    *,
    officer: str | None = None,
    horizon_start_day: int = 0,
) -> list[Violation]:
    """ATW art. 5:8 (project value 5): at most ``max_consecutive_nights`` night days in a
    row; the series may have started before the period (history)."""
    days = night_days(items, history, horizon_start_day)
    out: list[Violation] = []
    ordered = sort_items(items) if days else []
    for run in _runs(days):
        members = set(run)
        ids = tuple(i.shift_id for i in ordered if i.night and i.day in members)
        if ids and len(run) > params.max_consecutive_nights:
            out.append(
                Violation(
                    RuleId.NIGHT_SERIES_LEN,
                    officer,
                    ids,
                    f"{len(run)} night shifts in a row (shifts {', '.join(ids)}), more than "
                    f"{params.max_consecutive_nights}",
                    len(run),
                    params.max_consecutive_nights,
                )
            )
    return out


def check_rest_after_night_series(
    items: Sequence[WorkItem],
    params: RuleParams,
    history: History = NO_HISTORY,
    *,
    officer: str | None = None,
    horizon_start_day: int = 0,
) -> list[Violation]:
    """ATW art. 5:8: at least 46 h (``rest_after_night_series_minutes``) of rest after a
    series of ``night_series_length`` (3) or more night shifts."""
    days = night_days(items, history, horizon_start_day)
    hist_days = set(history_night_days(history, horizon_start_day))
    ordered = sort_items(items)
    need = params.rest_after_night_series_minutes
    out: list[Violation] = []
    for run in _runs(days):
        if len(run) < params.night_series_length:
            continue
        last_day = run[-1]
        last_nights = [i for i in ordered if i.night and i.day == last_day]
        last_id: str | None
        if last_nights:
            last = last_nights[-1]
            last_id, last_start, last_end = last.shift_id, last.start, last.end
        elif last_day in hist_days and history.last_shift_end is not None:
            last_id, last_start, last_end = None, history.last_shift_end - 1, history.last_shift_end
        else:  # pragma: no cover - a night day always has a night item or history
            continue
        following = [i for i in ordered if i.start > last_start and i.shift_id != last_id]
        if not following:
            continue
        nxt = following[0]
        gap = nxt.start - last_end
        if gap < need:
            before = f"night {last_id}" if last_id is not None else "the night before the period"
            ids = (last_id, nxt.shift_id) if last_id is not None else (nxt.shift_id,)
            out.append(
                Violation(
                    RuleId.REST_AFTER_NIGHT_SERIES,
                    officer,
                    ids,
                    f"rest after a series of {len(run)} nights (ending with {before}) until "
                    f"shift {nxt.shift_id} is {fmt_minutes(gap)}, less than {fmt_minutes(need)}",
                    gap,
                    need,
                )
            )
    return out


def check_consecutive_days(
    items: Sequence[WorkItem],
    params: RuleParams,
    history: History = NO_HISTORY,
    *,
    officer: str | None = None,
    horizon_start_day: int = 0,
) -> list[Violation]:
    """Project rule (CAO/roster policy): at most ``max_consecutive_working_days`` local days
    in a row on which a shift starts, counting the run that history carries in."""
    days = {i.day for i in items} | set(history_working_days(history, horizon_start_day))
    out: list[Violation] = []
    ordered = sort_items(items)
    for run in _runs(days):
        if len(run) <= params.max_consecutive_working_days:
            continue  # lawful whatever it holds
        members = set(run)
        ids = tuple(i.shift_id for i in ordered if i.day in members)
        if ids and len(run) > params.max_consecutive_working_days:
            out.append(
                Violation(
                    RuleId.MAX_CONSECUTIVE_DAYS,
                    officer,
                    ids,
                    f"{len(run)} working days in a row (shifts {', '.join(ids)}), more than "
                    f"{params.max_consecutive_working_days}",
                    len(run),
                    params.max_consecutive_working_days,
                )
            )
    return out


def check_officer(
    items: Sequence[WorkItem],
    params: RuleParams,
    history: History = NO_HISTORY,
    *,
    officer: str | None = None,
    night_exempt: bool = False,
    horizon_start_day: int = 0,
) -> list[Violation]:
    """Run every working-time rule on one officer's items; an empty list means lawful."""
    day0 = horizon_start_day
    return [
        *check_max_shift(items, params, officer=officer),
        *check_night_max_len(items, params, officer=officer),
        *check_night_exempt(items, night_exempt, officer=officer),
        *check_overlap(items, history, officer=officer),
        *check_daily_rest(items, params, history, officer=officer),
        *check_rest_after_night(items, params, history, officer=officer),
        *check_max_week(items, params, officer=officer),
        *check_weekly_rest(items, params, history, officer=officer),
        *check_night_series_len(items, params, history, officer=officer, horizon_start_day=day0),
        *check_rest_after_night_series(
            items, params, history, officer=officer, horizon_start_day=day0
        ),
        *check_consecutive_days(items, params, history, officer=officer, horizon_start_day=day0),
    ]
