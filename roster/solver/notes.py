"""The solver's own notes as reason codes and parameters, never as sentences.

A note says something about how a roster was made that the figures do not: the pinned
placements break a rule, a repair's window, no time left for CP-SAT, CP-SAT found nothing in
time. ``SolveResult.notes`` holds them; ``roster.solver.io`` writes each as
``{"code", "params"}`` (``docs/solver_io.md``), and the reader's side renders them in his
language (``roster.report_text``), naming officers instead of solver refs. Parameters are
plain JSON: days as ISO dates (the local date of the solver's day index, never the index),
officers as the input's refs, which a reader's side turns into names.

``Note.text`` is the English sentence for the command line and benchmarks; it is not what
the report shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo


class NoteCode(StrEnum):
    """What a note says (a stable code, never translated)."""

    #: the pinned placements themselves break a hard rule: nothing is solved.
    #: params: ``officers`` (refs of the officers whose pins break a rule), ``rules``
    PINNED_BREAK_RULES = "pinned_break_rules"
    #: a repair with no lost place and no empty place: the published roster is kept
    REPAIR_NOTHING_LOST = "repair_nothing_lost"
    #: a repair's window. params: ``lost_first``/``lost_last`` (dates with lost places),
    #: ``change_first``/``change_last`` (the dates that may change)
    REPAIR_WINDOW = "repair_window"
    #: building the model used up the time limit: the starting roster is returned.
    #: params: ``time_limit_s``
    NO_TIME_FOR_SEARCH = "no_time_for_search"
    #: CP-SAT found no roster in its time: the starting roster is returned. params:
    #: ``repair`` (true: the start is the published roster minus the lost places, refilled)
    NO_ROSTER_IN_TIME = "no_roster_in_time"


@dataclass(frozen=True)
class Note:
    """A note: its code and its JSON parameters."""

    code: NoteCode
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "params": dict(self.params)}

    def text(self) -> str:
        """The note as an English sentence (command line, benchmarks, logs)."""
        return note_text_en(self.as_dict())


def local_date(horizon_start: dt.datetime, timezone: str, day: int) -> dt.date:
    """The local date of solver day index ``day`` (days count from the horizon's first local
    day, ``roster.solver.types``)."""
    return horizon_start.astimezone(ZoneInfo(timezone)).date() + dt.timedelta(days=day)


def pinned_break_rules(officers: Iterable[str], rules: Iterable[str]) -> Note:
    return Note(
        NoteCode.PINNED_BREAK_RULES,
        {"officers": sorted(set(officers)), "rules": sorted(set(rules))},
    )


def repair_nothing_lost() -> Note:
    return Note(NoteCode.REPAIR_NOTHING_LOST)


def repair_window(
    horizon_start: dt.datetime,
    timezone: str,
    *,
    lost: tuple[int, int],
    change: tuple[int, int],
) -> Note:
    """``lost`` and ``change``: (first, last) solver day indexes, written as dates."""

    def day(index: int) -> str:
        return local_date(horizon_start, timezone, index).isoformat()

    return Note(
        NoteCode.REPAIR_WINDOW,
        {
            "lost_first": day(lost[0]),
            "lost_last": day(lost[1]),
            "change_first": day(change[0]),
            "change_last": day(change[1]),
        },
    )


def no_time_for_search(time_limit_s: float) -> Note:
    return Note(NoteCode.NO_TIME_FOR_SEARCH, {"time_limit_s": time_limit_s})


def no_roster_in_time(*, repair: bool) -> Note:
    return Note(NoteCode.NO_ROSTER_IN_TIME, {"repair": repair})


def is_note_json(value: Any) -> bool:
    """Whether ``value`` is a note as ``roster.solver.io`` writes it (not an old string)."""
    return isinstance(value, Mapping) and isinstance(value.get("code"), str)


def note_text_en(note: Mapping[str, Any]) -> str:
    """A written note (``Note.as_dict``) as an English sentence; an unknown code as itself."""
    p = note.get("params") or {}
    code = note.get("code")
    if code == NoteCode.PINNED_BREAK_RULES:
        return "the pinned assignments themselves break a hard rule" + (
            f" (officers {', '.join(p['officers'])})" if p.get("officers") else ""
        )
    if code == NoteCode.REPAIR_NOTHING_LOST:
        return "repair: nothing was lost and no place is empty; roster kept"
    if code == NoteCode.REPAIR_WINDOW:
        return (
            f"repair: lost places from {p['lost_first']} to {p['lost_last']}; "
            f"only {p['change_first']} to {p['change_last']} may change"
        )
    if code == NoteCode.NO_TIME_FOR_SEARCH:
        return (
            "no time was left for CP-SAT after building the model; the starting roster is returned"
        )
    if code == NoteCode.NO_ROSTER_IN_TIME:
        return "CP-SAT found no roster in the time limit; the starting roster is returned" + (
            " (the published roster minus the lost places, refilled lawfully)"
            if p.get("repair")
            else ""
        )
    return str(code)
