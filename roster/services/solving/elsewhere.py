"""An officer's work in OTHER teams as fixed time of a solve (issue #18: teams lend officers).

An officer may work for more than one team: a second-team membership, a second home team, or
an open place of another team that he claimed (lending). A solve of one team must never
double-book him or break a rest rule across teams, so every solve input carries his
assignments on shifts of other periods inside the horizon as FIXED work:

- each such shift is an input shift whose only demand is the reserved skill
  `ELSEWHERE_SKILL` (one place per officer of the input on it), with no burdens (the other
  team's fairness ledger counts it, not this one's);
- the officer holds `ELSEWHERE_SKILL` and is pinned to it, so the solver treats the time as
  worked for overlap, daily and weekly rest, the 7 x 24 h hours and the night rules (the
  same rules module, `roster.rules`, through the solver's verify);
- the result's placements on those shifts are not the team's: `team_placements` leaves
  them out before anything is written.

A fixed shift that collides with his unavailability in this input (he is absent then, or a
dated block covers it) is left out and named in the notes: the block already keeps him off
this team's shifts then.

At commit the solve re-checks each officer's roster against the other teams' assignments
as they are NOW (`elsewhere_conflicts`), under row locks on the officers (lock order
period, solve job, officers), so two solves of teams that share officers, committing at the
same time, or a claim or manual assignment in between, can never leave him double-booked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from common.i18n import Msg, msg
from organisation.employment_selectors import night_exempt_days
from organisation.models import Officer
from roster.compliance import exempt_day_range, officer_violations
from roster.models import Assignment, RosterPeriod, Shift
from roster.rules import Violation
from roster.solve_refs import officer_ref, ref_pk, shift_ref

#: The reserved skill of a fixed place in another team (never a real skill code: those are
#: slugs, this starts with "@").
ELSEWHERE_SKILL = "@other_team"


def _iso(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


def elsewhere_assignments(
    officer_ids: Iterable[int], *, exclude_periods: Iterable[int], lo: dt.datetime, hi: dt.datetime
) -> list[Assignment]:
    """Assignments of these officers on shifts outside `exclude_periods` (not cancelled)
    that start in `[lo, hi)`, their shifts loaded, by start."""
    return list(
        Assignment.objects.filter(
            officer_id__in=list(officer_ids),
            shift__cancelled_at__isnull=True,
            shift__start__gte=lo,
            shift__start__lt=hi,
        )
        .exclude(shift__period_id__in=list(exclude_periods))
        .select_related("shift")
        .order_by("shift__start", "shift_id", "officer_id")
    )


def add_elsewhere(
    data: dict[str, Any],
    *,
    periods: Sequence[RosterPeriod],
    h0: dt.datetime,
    h1: dt.datetime,
    notes: list[Msg],
    names: Mapping[int, str],
) -> None:
    """Add the input officers' work in other periods inside the horizon as fixed, pinned
    shifts of `ELSEWHERE_SKILL` (module docstring). `periods`: the periods this input
    solves (one, or several in a joint solve)."""
    officer_ids = [ref_pk(o["id"]) for o in data["officers"]]
    found = elsewhere_assignments(
        officer_ids, exclude_periods=[p.pk for p in periods], lo=h0, hi=h1
    )
    if not found:
        return
    blocks: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for u in data["unavailable"]:
        blocks[u["officer"]].append(
            (dt.datetime.fromisoformat(u["start"]), dt.datetime.fromisoformat(u["end"]))
        )
    exempt = {o["id"] for o in data["officers"] if o.get("night_exempt")}
    on_shift: dict[int, list[str]] = defaultdict(list)
    shifts: dict[int, Shift] = {}
    for a in found:
        ref = officer_ref(a.officer_id)
        s = a.shift
        if any(b0 < s.end and s.start < b1 for b0, b1 in blocks[ref]) or (
            s.is_night and ref in exempt
        ):
            notes.append(
                msg(
                    gettext_noop(
                        "%(name)s's shift of %(start)s in another team is not counted: "
                        "he is unavailable then in this roster"
                    ),
                    name=names.get(a.officer_id, ""),
                    start=s.start,
                )
            )
            continue
        shifts[s.pk] = s
        on_shift[s.pk].append(ref)
    if not shifts:
        return
    for o in data["officers"]:
        if any(o["id"] in refs for refs in on_shift.values()):
            o["skills"] = sorted({*o["skills"], ELSEWHERE_SKILL})
    for pk, s in sorted(shifts.items(), key=lambda kv: (kv[1].start, kv[0])):
        data["shifts"].append(
            {
                "id": shift_ref(pk),
                "start": _iso(s.start),
                "end": _iso(s.end),
                "kind": s.kind,
                "burdens": [],
                "demand": {ELSEWHERE_SKILL: len(on_shift[pk])},
            }
        )
        data["pinned"].extend(
            {"officer": ref, "shift": shift_ref(pk), "skill": ELSEWHERE_SKILL}
            for ref in on_shift[pk]
        )


def team_placements(placements: Iterable[Mapping[str, str]]) -> list[Mapping[str, str]]:
    """The placements that belong to the solved roster (not the fixed work elsewhere)."""
    return [p for p in placements if p["skill"] != ELSEWHERE_SKILL]


def elsewhere_conflicts(
    periods: Sequence[RosterPeriod],
    placements: Iterable[Mapping[str, str]],
    *,
    h0: dt.datetime,
    h1: dt.datetime,
) -> list[Violation]:
    """Working-time violations between the solved placements of `periods` and each
    officer's assignments elsewhere that start in the horizon `[h0, h1)` (the ones the
    input carries) as the database holds them NOW. Only violations that involve both a
    solved shift and a shift elsewhere count: the solved roster itself was verified. The
    caller holds the officer rows locked."""
    by_officer: dict[int, set[int]] = defaultdict(set)
    for p in team_placements(placements):
        by_officer[ref_pk(p["officer"])].add(ref_pk(p["shift"]))
    if not by_officer:
        return []
    solved = {
        s.pk: s
        for s in Shift.objects.filter(pk__in={pk for ids in by_officer.values() for pk in ids})
    }
    other: dict[int, list[Shift]] = defaultdict(list)
    for a in elsewhere_assignments(
        by_officer, exclude_periods=[p.pk for p in periods], lo=h0, hi=h1
    ):
        other[a.officer_id].append(a.shift)
    out: list[Violation] = []
    officers = {o.pk: o for o in Officer.objects.filter(pk__in=list(other))}
    for officer_id, theirs in sorted(other.items()):
        mine = [solved[pk] for pk in sorted(by_officer[officer_id]) if pk in solved]
        shifts = [*mine, *theirs]
        officer = officers[officer_id]
        exempt = night_exempt_days([officer], *exempt_day_range(shifts))[officer.pk]
        mine_ids = {str(s.pk) for s in mine}
        theirs_ids = {str(s.pk) for s in theirs}
        out.extend(
            v
            for v in officer_violations(officer, shifts, exempt_days=exempt)
            if mine_ids & set(v.shift_ids) and theirs_ids & set(v.shift_ids)
        )
    return out


def lock_officers(officer_ids: Iterable[int]) -> None:
    """Level 3 of `roster.services.locking`: the officer rows, by primary key (serialises
    every change to one officer's roster: a solve commit, a claim, a manual assignment)."""
    list(
        Officer.objects.select_for_update(of=("self",))
        .filter(pk__in=set(officer_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
