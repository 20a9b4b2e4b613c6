"""The solver input of a roster period, built from the database.

- `solve_input_build(period)` returns the `samenroosteren.solve-input/1` JSON object of
  `docs/solver_io.md`. Times are Europe/Amsterdam wall-clock instants written with their
  UTC offset, so the solver's minutes are DST-correct. Officer ids are `o<pk>`, shift ids
  `s<pk>` (`roster.solve_refs`).
- Qualifications are dated but the solver takes ONE skill list per officer, so a skill is
  listed only if the officer holds it on EVERY local day on which a shift of the period
  demands it ("restrict"; a qualification expiring or starting mid-period is left out and
  named in the report's notes). Restricting can only leave places empty; it can never put an
  unqualified officer on a shift.
- An open-ended sick report blocks until its `expected_end`, or to the horizon end without one.
- Dated terms of employment (`organisation.employment`, ADR 0006): the contract minutes are
  the period's pro rata figure when a contract change falls inside it; a night exemption for
  the whole period is `night_exempt`, one for some days blocks exactly the night shifts on
  those days (`unavailable`, reason "night exempt"); a second-team member of this team is an
  officer of the input, blocked on the days outside his membership.
- An officer's own unavailability blocks like any absence, with reason "marked by the
  officer" (every other absence reads "absent"; the officer's own words never leave him).
- Trainees (issue 18, `roster.trainees`): a training in progress on every day of the period
  for a skill the officer does not hold is `training` with the mentors of the input holding
  the skill (his named mentor, else those at the team's mentor level) and the team's
  `shifts_per_period` as target; his pinned place of that skill is kept.
- `pinned`: non-solver assignments (manual, swap, claim) already in the period; a pin that
  has become unlawful (officer now absent, skill left out) is dropped and named in the notes.
- An officer's assignments in other teams inside the horizon are fixed, pinned time
  (`elsewhere`): no double booking or rest rule across teams.
- Repair mode: the published roster is `previous` (the solver uses it as hint and counts
  changes).

Reads only; the rest of solving is in the sibling modules (`jobs`, `run`, `commit`,
`repair_apply`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.i18n import Msg, msg
from organisation.employment_selectors import (
    contract_weekly_average_many,
    night_exempt_days,
    second_team_days,
)
from organisation.models import Absence, AbsenceKind, Officer, Qualification
from organisation.need_to_know import ABSENT
from roster.absence_window import absence_free_until, sick_margins
from roster.burdens import local_wall_clock
from roster.fatigue import solve_fatigue_input
from roster.ledger import ledger_totals_for
from roster.models import (
    Assignment,
    AssignmentSource,
    Phase,
    RosterPeriod,
    Shift,
    SignUp,
    SolveMode,
)
from roster.rules import LOOKAROUND, RuleParams, local_day_index
from roster.services.solver_policy import deployment_stages, team_stages
from roster.services.solving.elsewhere import add_elsewhere
from roster.solve_refs import officer_ref, shift_ref
from roster.solver.io import INPUT_FORMAT
from roster.solver.types import Weights
from roster.trainees import period_training

TIMEZONE = "Europe/Amsterdam"
PUBLISHED_PHASES = (Phase.PUBLISHED, Phase.ARCHIVED)
PINNED_SOURCES = (AssignmentSource.MANUAL, AssignmentSource.SWAP, AssignmentSource.CLAIM)
#: `unavailable` reasons of dated terms (the solve report shows "unavailable (<reason>)").
NIGHT_EXEMPT = "night exempt"
NOT_A_MEMBER = "not in this team on this day"
#: The `reason` of an officer's own unavailability: the planner may know he marked it himself
#: (organisation.need_to_know), never his own words.
MARKED_BY_OFFICER = "marked by the officer"


def _iso(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


def _horizon(period: RosterPeriod) -> tuple[dt.datetime, dt.datetime]:
    return (
        local_wall_clock(period.start_date, dt.time(0)),
        local_wall_clock(period.end_date, dt.time(0)),
    )


@dataclasses.dataclass
class BuiltInput:
    """The solver input plus what the report needs to say about how it was built."""

    data: dict[str, Any]
    # stored in the report as messages, rendered in the reader's language (common.i18n)
    notes: list[Msg]
    names: dict[str, str]


def solve_input_build(period: RosterPeriod, *, mode: str = SolveMode.NORMAL) -> dict[str, Any]:
    """The `samenroosteren.solve-input/1` JSON object for `period` (see module docstring)."""
    return build_input(period, mode=mode).data


def build_input(
    period: RosterPeriod,
    *,
    mode: str = SolveMode.NORMAL,
    also_solving: Sequence[RosterPeriod] = (),
) -> BuiltInput:
    """`also_solving`: the other periods of a joint solve (`joint`), whose shifts are not
    fixed time elsewhere."""
    h0, h1 = _horizon(period)
    notes: list[Msg] = []
    params = _rule_params()
    shifts = list(
        Shift.objects.filter(period=period, cancelled_at__isnull=True).order_by("start", "id")
    )
    outside = [s for s in shifts if not h0 <= s.start < h1]
    if outside:
        notes.append(
            msg(
                gettext_noop("%(count)d shift(s) start outside the period and are left out"),
                count=len(outside),
            )
        )
    shifts = [s for s in shifts if h0 <= s.start < h1]
    shift_ids = {s.pk for s in shifts}
    guest_days = second_team_days(period.team_id, period.start_date, period.end_date)
    officers = list(
        Officer.objects.filter(Q(teams=period.team_id) | Q(pk__in=list(guest_days)), is_active=True)
        .distinct()
        .order_by("pk")
        .prefetch_related("teams")
    )
    officer_ids = {o.pk for o in officers}
    # A home member is a member on every day, whatever second-team rows he has.
    guest_days = {
        o.pk: guest_days[o.pk]
        for o in officers
        if o.pk in guest_days and period.team_id not in {t.pk for t in o.teams.all()}
    }

    skills = _officer_skills(officers, shifts, notes)
    training = period_training(period, officers, skills)
    history = _officer_history(period, officers, h0, params)
    days = (period.end_date - period.start_date).days
    weekly = contract_weekly_average_many(officer_ids, period.start_date, period.end_date)
    exempt_days = night_exempt_days(
        officers, period.start_date - dt.timedelta(days=1), period.end_date + dt.timedelta(days=1)
    )
    period_days = {period.start_date + dt.timedelta(days=n) for n in range(days)}
    officer_rows: list[dict[str, Any]] = []
    blocked_shifts: dict[int, dict[int, str]] = {}
    for o in officers:
        whole_exempt = period_days <= exempt_days[o.pk]
        officer_rows.append(
            {
                "id": officer_ref(o.pk),
                "skills": sorted(skills[o.pk]),
                # pro rata over the period when a contract change falls inside it
                "contract_minutes_per_week": weekly[o.pk],
                "night_exempt": whole_exempt,
                "history": history[o.pk],
                **({"training": training[o.pk]} if o.pk in training else {}),
            }
        )
        blocked_shifts[o.pk] = _dated_blocks(
            shifts,
            exempt_days=set() if whole_exempt else exempt_days[o.pk],
            member_days=guest_days.get(o.pk),
        )
    shift_rows = [
        {
            "id": shift_ref(s.pk),
            "start": _iso(s.start),
            "end": _iso(s.end),
            "kind": s.kind,
            "burdens": [
                name
                for name, flag in (
                    ("night", s.is_night),
                    ("weekend", s.is_weekend),
                    ("holiday", s.is_holiday),
                )
                if flag
            ],
            "demand": {k: int(v) for k, v in sorted(s.demand.items()) if int(v) > 0},
        }
        for s in shifts
    ]
    signups = [
        {"officer": officer_ref(su.officer_id), "shift": shift_ref(su.shift_id), "wish": su.wish}
        for su in SignUp.objects.filter(
            shift_id__in=shift_ids, officer_id__in=officer_ids
        ).order_by("created_at", "id")
    ]
    absences = list(
        Absence.objects.in_force()
        .filter(officer_id__in=officer_ids, start__lt=h1)
        .filter(Q(end__isnull=True) | Q(end__gt=h0))
        .order_by("start", "id")
    )
    unavailable: list[dict[str, Any]] = []
    blocked: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    # As far as the absence frees places (`roster.absence_window`): an open-ended absence up
    # to its expected end plus the team's margin; the officer's later places are at risk,
    # not freed, so a repair solve keeps them.
    margin = sick_margins({period.team_id})[period.team_id]
    now = timezone.now()
    for a in absences:
        end = absence_free_until(a, margin_days=margin, now=now) or a.start
        start = max(a.start, h0 - dt.timedelta(days=1))
        if end <= start:
            continue
        blocked[a.officer_id].append((start, end))
        unavailable.append(
            {
                "officer": officer_ref(a.officer_id),
                "start": _iso(start),
                "end": _iso(end),
                # need-to-know: the input and the report reach line management, never the kind
                "reason": MARKED_BY_OFFICER if a.kind == AbsenceKind.UNAVAILABLE else ABSENT,
            }
        )

    names = {o.pk: o.get_full_name() or o.username for o in officers}
    for officer_id, why_by_shift in blocked_shifts.items():
        unavailable.extend(
            _block_windows(officer_id, shifts, why_by_shift, notes, names.get(officer_id, ""))
        )

    current = list(
        Assignment.objects.filter(shift_id__in=shift_ids)
        .select_related("skill", "shift")
        .order_by("shift__start", "id")
    )
    pinned: list[dict[str, str]] = []
    for assignment in current:
        if assignment.source not in PINNED_SOURCES:
            continue
        able = {
            pk: held | {t["skill"] for t in training.get(pk, [])} for pk, held in skills.items()
        }
        why = _pin_problem(assignment, officer_ids, able, blocked) or blocked_shifts.get(
            assignment.officer_id, {}
        ).get(assignment.shift_id, "")
        if why:
            notes.append(
                msg(
                    gettext_noop("%(name)s's place on the shift of %(start)s was dropped: %(why)s"),
                    name=names.get(assignment.officer_id, ""),
                    start=assignment.shift.start,
                    why=_why_msg(why),
                )
            )
            continue
        pinned.append(_placement(assignment))
    data: dict[str, Any] = {
        "format": INPUT_FORMAT,
        "timezone": TIMEZONE,
        "horizon": {"start": _iso(h0), "end": _iso(h1)},
        "officers": officer_rows,
        "shifts": shift_rows,
        "signups": signups,
        "unavailable": unavailable,
        "pinned": pinned,
        "rules": dataclasses.asdict(params),
        "weights": dataclasses.asdict(_weights()),
    }
    # work in other teams inside the horizon: fixed, pinned time (issue #18)
    add_elsewhere(data, periods=[period, *also_solving], h0=h0, h1=h1, notes=notes, names=names)
    # the team's own order, else the deployment's, else the solver's default (solver_io.md)
    stages = team_stages(period.team_id) or getattr(settings, "SOLVER_STAGES", None)
    if stages:
        data["stages"] = [str(name) for name in stages]
    if mode == SolveMode.REPAIR:
        data["previous"] = [_placement(c) for c in current if c.officer_id in officer_ids]
    fatigue = solve_fatigue_input(period.team_id, officer_ids, h0)  # docs/fatigue.md
    if fatigue is not None:
        data["fatigue"] = fatigue
    return BuiltInput(
        data=data, notes=notes, names={officer_ref(pk): name for pk, name in names.items()}
    )


def agree_stages(built: Sequence[BuiltInput]) -> None:
    """One stage order for the parts of a joint solve (one model, one order): when their
    teams' orders (`TeamSolverPolicy`) differ, every part takes the deployment's and its
    report says so (a note in each part, read by each team's planners)."""
    orders = {tuple(b.data.get("stages") or deployment_stages()) for b in built}
    if len(orders) <= 1:
        return
    order = deployment_stages()
    for b in built:
        b.data["stages"] = list(order)
        b.notes.append(
            msg(
                gettext_noop(
                    "The teams of this joint solve order the solver's stages differently; "
                    "it used the deployment's order: %(order)s."
                ),
                order=", ".join(order),
            )
        )


def _why_msg(why: str | Msg) -> Msg:
    """A dated block's reason or a pin problem as a message for the report's notes."""
    if isinstance(why, Msg):
        return why
    labels = {
        NIGHT_EXEMPT: gettext_noop("night exempt"),
        NOT_A_MEMBER: gettext_noop("not in this team on this day"),
    }
    return msg(labels.get(why, why))


def _placement(a: Assignment) -> dict[str, str]:
    return {
        "officer": officer_ref(a.officer_id),
        "shift": shift_ref(a.shift_id),
        "skill": a.skill.code,
    }


def _pin_problem(
    a: Assignment,
    officer_ids: set[int],
    skills: Mapping[int, set[str]],
    blocked: Mapping[int, list[tuple[dt.datetime, dt.datetime]]],
) -> Msg | str:
    if a.officer_id not in officer_ids:
        return msg(gettext_noop("officer is no longer an active team member"))
    if a.skill.code not in skills[a.officer_id]:
        return msg(
            gettext_noop("officer does not hold %(skill)s for the whole period"),
            skill=a.skill.code,
        )
    if any(s < a.shift.end and a.shift.start < e for s, e in blocked[a.officer_id]):
        return msg(gettext_noop("officer is absent"))
    return ""


def _dated_blocks(
    shifts: Sequence[Shift], *, exempt_days: set[dt.date], member_days: set[dt.date] | None
) -> dict[int, str]:
    """The shifts an officer may not take for a dated reason, with that reason: a night shift
    that starts or ends on a day of his night exemption; for a second-team member, a shift
    that starts on a day outside his membership."""
    out: dict[int, str] = {}
    for s in shifts:
        first = timezone.localtime(s.start).date()
        last = timezone.localtime(s.end - dt.timedelta(microseconds=1)).date()
        if member_days is not None and first not in member_days:
            out[s.pk] = NOT_A_MEMBER
        elif s.is_night and (first in exempt_days or last in exempt_days):
            out[s.pk] = NIGHT_EXEMPT
    return out


def _block_windows(
    officer_id: int,
    shifts: Sequence[Shift],
    why_by_shift: Mapping[int, str],
    notes: list[Msg],
    name: str,
) -> list[dict[str, Any]]:
    """`unavailable` ranges that block exactly the shifts of `why_by_shift` and no other.

    The solver input knows one night-exempt flag and one team per officer, so a dated
    exemption or membership becomes unavailability. Each blocked shift's range is trimmed
    where an allowed shift overlaps it (an evening shift into the night), and neighbouring
    ranges with the same reason merge when no allowed shift lies between them. A shift that
    cannot be blocked alone is named in the notes (the rules check still refuses it)."""
    if not why_by_shift:
        return []
    allowed = [s for s in shifts if s.pk not in why_by_shift]
    windows: list[tuple[dt.datetime, dt.datetime, str]] = []
    for s in shifts:
        why = why_by_shift.get(s.pk)
        if why is None:
            continue
        a, b = s.start, s.end
        for t in allowed:
            if t.start < b and a < t.end:
                if t.start <= a:
                    a = max(a, t.end)
                elif t.end >= b:
                    b = min(b, t.start)
                else:
                    a = b  # an allowed shift lies strictly inside: cannot split
        if a >= b:
            notes.append(
                msg(
                    gettext_noop("%(name)s: %(why)s cannot block the shift of %(start)s alone"),
                    name=name,
                    why=_why_msg(why),
                    start=s.start,
                )
            )
            continue
        windows.append((a, b, why))
    windows.sort()
    merged: list[tuple[dt.datetime, dt.datetime, str]] = []
    for a, b, why in windows:
        if merged:
            pa, pb, pwhy = merged[-1]
            free = not any(t.start < max(b, pb) and pa < t.end for t in allowed)
            if pwhy == why and free:
                merged[-1] = (pa, max(b, pb), why)
                continue
        merged.append((a, b, why))
    return [
        {"officer": officer_ref(officer_id), "start": _iso(a), "end": _iso(b), "reason": why}
        for a, b, why in merged
    ]


def _rule_params() -> RuleParams:
    """Defaults of `solver_io.md`, overridden by `settings.SOLVER_RULES` if set."""
    return RuleParams.from_mapping(getattr(settings, "SOLVER_RULES", {}))


def _weights() -> Weights:
    return Weights.from_mapping(getattr(settings, "SOLVER_WEIGHTS", {}))


def _officer_skills(
    officers: Sequence[Officer], shifts: Sequence[Shift], notes: list[Msg]
) -> dict[int, set[str]]:
    """Skills held on every local day on which a shift demands them (see module docstring)."""
    names = {o.pk: o.get_full_name() or o.username for o in officers}
    days: dict[str, set[dt.date]] = defaultdict(set)
    for s in shifts:
        day = timezone.localtime(s.start).date()
        for code, count in s.demand.items():
            if int(count) > 0:
                days[code].add(day)
    quals: dict[tuple[int, str], list[Qualification]] = defaultdict(list)
    for q in Qualification.objects.filter(officer__in=officers).select_related("skill"):
        quals[q.officer_id, q.skill.code].append(q)
    out: dict[int, set[str]] = {o.pk: set() for o in officers}
    for (officer_id, code), held in sorted(quals.items()):
        needed = days.get(code)
        if not needed:
            continue  # no shift demands it: irrelevant to the solve
        valid = {d for d in needed if any(q.is_valid_on(d) for q in held)}
        if valid == needed:
            out[officer_id].add(code)
        elif valid:
            notes.append(
                msg(
                    gettext_noop(
                        "%(name)s: %(skill)s is valid on only %(valid)d of the %(needed)d days "
                        "that need it; left out for the whole period"
                    ),
                    name=names[officer_id],
                    skill=code,
                    valid=len(valid),
                    needed=len(needed),
                )
            )
    return out


def _officer_history(
    period: RosterPeriod, officers: Sequence[Officer], h0: dt.datetime, params: RuleParams
) -> dict[int, dict[str, Any]]:
    """Fairness ledger of the published periods that start earlier (derived from their
    assignments, `roster.ledger`) plus the rule state at the horizon start."""
    out: dict[int, dict[str, Any]] = {}
    totals = ledger_totals_for(officer_ids=[o.pk for o in officers], before=period.start_date)
    before: dict[int, list[Shift]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(
            officer__in=officers,
            shift__cancelled_at__isnull=True,
            shift__start__lt=h0,
            shift__start__gte=h0 - LOOKAROUND,  # the state at the boundary
            shift__period__phase__in=PUBLISHED_PHASES,
        )
        .exclude(shift__period=period)
        .select_related("shift")
        .order_by("shift__start", "id")
    ):
        before[a.officer_id].append(a.shift)
    for o in officers:
        t = totals[o.pk]
        h: dict[str, Any] = {
            "nights": t.nights,
            "weekends": t.weekends,
            "holidays": t.holidays,
            "minutes_delta": t.minutes_delta,
        }
        h.update(boundary_state(before[o.pk], period.start_date, params))
        out[o.pk] = h
    return out


def boundary_state(
    shifts: Sequence[Shift], start_date: dt.date, params: RuleParams
) -> dict[str, Any]:
    """History fields at the horizon start from the officer's shifts before it (sorted by
    start): the last shift, the run of working days and the night series ending on its start
    day, and the start of the working stretch since the last weekly rest."""
    if not shifts:
        return {}
    ordered = sorted(shifts, key=lambda s: (s.start, s.end))
    last = max(ordered, key=lambda s: (s.end, s.start))
    zone = timezone.get_default_timezone()
    day_of = {s.pk: local_day_index(s.start, zone, start_date) for s in ordered}
    last_day = day_of[last.pk]
    work_days = set(day_of.values())
    night_days = {day_of[s.pk] for s in ordered if s.is_night} - {
        day_of[s.pk] for s in ordered if not s.is_night
    }
    run = 0
    while last_day - run in work_days:
        run += 1
    series = 0
    if last.is_night:
        while last_day - series in night_days:
            series += 1
    stretch_start = ordered[0].start  # no long rest within the lookback: all of it
    # Walk back from the last shift: the stretch starts after the last gap >= weekly rest.
    for prev_end, nxt in reversed(list(_gaps(ordered))):
        if (nxt.start - prev_end) >= dt.timedelta(minutes=params.min_weekly_rest_minutes):
            stretch_start = nxt.start
            break
    return {
        "last_shift_start": _iso(last.start),
        "last_shift_end": _iso(last.end),
        "last_shift_night": last.is_night,
        "consecutive_nights_at_start": series,
        "consecutive_days_at_start": run,
        "last_weekly_rest_end": _iso(stretch_start),
    }


def _gaps(ordered: Sequence[Shift]) -> Iterable[tuple[dt.datetime, Shift]]:
    """(end of all work so far, next shift) for each shift after the first."""
    end = ordered[0].end
    for s in ordered[1:]:
        yield end, s
        end = max(end, s.end)
