"""What a repair lost and where it may change the roster.

A repair (a non-empty ``previous`` roster) starts from the published roster. Its *lost
placements* are the published placements that are no longer allowed (the officer is now
unavailable, lost the skill, became night-exempt, ...: every static obstacle of
``eligibility.static_block``); their officers are the *absent* ones. A repair may only change
the roster inside its *window*: the local days of the lost places (or, when nothing was lost,
of the places the published roster leaves empty; placements that now break a rule count as
lost too) widened on both sides by
``REPAIR_MARGIN_DAYS`` (a night shift runs into the next day; the daily rests reach into the
neighbouring days). Everything outside the window is kept as published, and stays in the
model as fixed placements, so every rule (up to ``reach_days`` apart) is checked across the
window's edges. ``window_candidates`` leaves only those fixed pairs outside the window, so
the model a repair solves is small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roster.rules import WEEK_MINUTES, RuleParams
from roster.solver.eligibility import Block, Candidates, static_block
from roster.solver.types import Placement, ShiftData, SolveInput

DAY_MINUTES = 1440
#: Days around the lost places that a repair may change as well.
REPAIR_MARGIN_DAYS = 1


def reach_days(params: RuleParams) -> int:
    """Days two shifts may lie apart (by start day) and still meet in one working-time rule:
    the rolling 7 x 24 h windows (``atw.max_week``, ``atw.weekly_rest``; a shift starting up
    to one shift length before the window still overlaps it), the runs of working days and of
    nights, and the rest after a night series. Finer than ``roster.rules.LOOKAROUND_DAYS``,
    which also covers other settings."""
    week = -(-(WEEK_MINUTES + params.max_shift_minutes) // DAY_MINUTES)
    series_rest = -(
        -(params.rest_after_night_series_minutes + params.max_shift_minutes) // DAY_MINUTES
    )
    return max(
        week,
        params.max_consecutive_working_days,
        params.max_consecutive_nights,
        series_rest,
    )


@dataclass(frozen=True)
class LostPlacement:
    placement: Placement
    block: Block | None  # None: the shift no longer asks for the skill


def lost_placements(inp: SolveInput, cands: Candidates) -> list[LostPlacement]:
    """Placements of ``previous`` that are no longer allowed, with the static obstacle."""
    lost = []
    for p in inp.previous or ():
        if p.skill in cands.skills.get((p.officer, p.shift), ()):
            continue
        officer = inp.officer_by_id[p.officer]
        shift = inp.shift_by_id[p.shift]
        block = static_block(inp, officer, shift)
        lost.append(LostPlacement(p, None if block is None else block[0]))
    return lost


def absent_officers(inp: SolveInput, cands: Candidates) -> frozenset[str]:
    """Officers with a lost placement: their own changes are not the repair's to avoid."""
    return frozenset(lp.placement.officer for lp in lost_placements(inp, cands))


def _empty_place_days(inp: SolveInput, kept: Sequence[Placement]) -> set[int]:
    filled: dict[tuple[str, str], int] = {}
    for p in kept:
        filled[p.shift, p.skill] = filled.get((p.shift, p.skill), 0) + 1
    return {
        s.day
        for s in inp.shifts
        for skill, need in s.demand.items()
        if need > filled.get((s.id, skill), 0)
    }


@dataclass(frozen=True)
class RepairWindow:
    """Local days ``first .. last`` (inclusive) a repair may change; ``core`` the days of the
    lost (or empty) places themselves."""

    first: int
    last: int
    core_first: int
    core_last: int

    def contains(self, day: int) -> bool:
        return self.first <= day <= self.last


def repair_window(
    inp: SolveInput, cands: Candidates, dropped: Sequence[Placement] = ()
) -> RepairWindow | None:
    """The window of a repair around its lost placements and those ``dropped`` because they
    now break a rule, or ``None`` when nothing was lost and no place is empty (or this is
    no repair): then nothing may change."""
    if not inp.repair:
        return None
    lost = [lp.placement for lp in lost_placements(inp, cands)] + list(dropped)
    if lost:
        days = {inp.shift_by_id[p.shift].day for p in lost}
    else:
        days = _empty_place_days(inp, inp.previous or ())
    if not days:
        return None
    margin = REPAIR_MARGIN_DAYS
    lo, hi = min(days), max(days)
    return RepairWindow(lo - margin, hi + margin, lo, hi)


def window_candidates(
    inp: SolveInput,
    cands: Candidates,
    window: RepairWindow | None,
    kept: Sequence[Placement],
) -> Candidates:
    """``cands`` inside ``window``; outside it only the ``kept`` placements (each for its own
    skill), which ``solve`` fixes."""
    keep = {(p.officer, p.shift): p.skill for p in kept}
    skills: dict[tuple[str, str], tuple[str, ...]] = {}
    by_officer: dict[str, list[ShiftData]] = {o: [] for o in cands.by_officer}
    by_shift: dict[str, list[str]] = {s: [] for s in cands.by_shift}
    for officer, shifts in cands.by_officer.items():
        for shift in shifts:
            pair = (officer, shift.id)
            if window is not None and window.contains(shift.day):
                skills[pair] = cands.skills[pair]
            elif pair in keep and keep[pair] in cands.skills[pair]:
                skills[pair] = (keep[pair],)
            else:
                continue
            by_officer[officer].append(shift)
            by_shift[shift.id].append(officer)
    return Candidates(skills, by_officer, by_shift)
