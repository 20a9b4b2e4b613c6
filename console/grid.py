"""Read models for the console pages: the roster grid, coverage, report look-ups.

Read-only and built in a fixed number of queries (the grid of 60 officers x 28 days is
benchmarked by `make bench-console`). Cells are precomputed here so the template only
prints strings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organisation.models import Absence, AbsenceKind, Officer
from organisation.need_to_know import ABSENT, kind_for
from roster.burdens import local_wall_clock
from roster.fatigue import fatigue_by_officer, team_fatigue_policy
from roster.models import Assignment, RosterPeriod, Shift, ShiftKind, SolveJob

KIND_ORDER: dict[str, int] = {
    ShiftKind.EARLY: 0,
    ShiftKind.CUSTOM: 1,
    ShiftKind.LATE: 2,
    ShiftKind.EVENING: 3,
    ShiftKind.NIGHT: 4,
}


def kind_letter(kind: str) -> str:
    letters: dict[str, str] = {
        ShiftKind.EARLY: pgettext("shift kind abbreviation", "E"),
        ShiftKind.LATE: pgettext("shift kind abbreviation", "L"),
        ShiftKind.NIGHT: pgettext("shift kind abbreviation", "N"),
        ShiftKind.EVENING: pgettext("shift kind abbreviation", "Ev"),
        ShiftKind.CUSTOM: pgettext("shift kind abbreviation", "C"),
    }
    return letters.get(kind, "?")


def absence_letter(kind: str) -> str:
    """The cell's letters for a kind, or for `absent` (a reader who may not learn why)."""
    letters: dict[str, str] = {
        AbsenceKind.LEAVE: pgettext("absence abbreviation", "LV"),
        AbsenceKind.SICK: pgettext("absence abbreviation", "SK"),
        AbsenceKind.TRAINING: pgettext("absence abbreviation", "TR"),
        AbsenceKind.OTHER: pgettext("absence abbreviation", "AB"),
        AbsenceKind.UNAVAILABLE: pgettext("absence abbreviation", "NA"),
    }
    return letters.get(kind) or pgettext("absence abbreviation", "AB")


def period_days(period: RosterPeriod) -> list[dt.date]:
    return [
        period.start_date + dt.timedelta(days=i)
        for i in range((period.end_date - period.start_date).days)
    ]


def local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def absence_days(absence: Absence, first: dt.date, last: dt.date) -> Iterable[dt.date]:
    """Local days in [first, last] that the absence touches (open-ended: to `last`)."""
    end = absence.end or absence.expected_end
    lo = max(local_day(absence.start), first)
    hi = min(local_day(end - dt.timedelta(seconds=1)) if end else last, last)
    day = lo
    while day <= hi:
        yield day
        day += dt.timedelta(days=1)


# --- the grid ------------------------------------------------------------------------------


@dataclass
class Cell:
    css: str
    label: str
    title: str
    url: str
    fatigue: int = 0
    heat: str = ""


#: A cell is "warm" from this share of the team's fatigue cap, "hot" above the cap.
FATIGUE_WARM_SHARE = 0.8


def fatigue_heat(score: int, cap: int) -> str:
    """The cell's fatigue class: `fat-hot` above the cap, `fat-warm` from 80 % of it."""
    if score > cap:
        return "fat-hot"
    if score >= FATIGUE_WARM_SHARE * cap:
        return "fat-warm"
    return ""


@dataclass
class DayHead:
    day: dt.date
    css: str
    shortfalls: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GridRow:
    officer_id: int
    name: str
    number: str
    cells: list[Cell]
    shifts: int
    hours: float
    nights: int
    weekends: int


@dataclass
class Grid:
    period: RosterPeriod
    days: list[DayHead]
    rows: list[GridRow]
    shortfall_places: int
    shift_count: int
    assignment_count: int
    fatigue_cap: int = 0
    fatigue_cap_enabled: bool = False


def absence_title(kind: str) -> str:
    return _("Absent") if kind == ABSENT else str(AbsenceKind(kind).label)


def grid_build(
    period: RosterPeriod,
    *,
    actor: Officer | None = None,
    changed: Mapping[tuple[int, int], str] | None = None,
) -> Grid:
    """Officers x days of a period: shift kinds, absences, and per day the places left empty.

    An absence shows its kind only to who may learn it (`organisation.need_to_know`; no
    `actor`: to nobody), else "absent". `changed` marks cells `(officer_id, shift_id)` as
    "added"/"removed" (the compare view). Queries: shifts, assignments, officers, absences (4),
    plus one for a reader on the health desk."""
    days = period_days(period)
    index = {d: i for i, d in enumerate(days)}
    first, last = days[0], days[-1]
    shifts = {
        s.pk: s
        for s in Shift.objects.filter(period=period, cancelled_at__isnull=True).only(
            "pk", "kind", "start", "end", "demand", "is_night", "is_weekend", "is_holiday"
        )
    }
    shift_day = {pk: local_day(s.start) for pk, s in shifts.items()}
    placements = list(
        Assignment.objects.filter(shift_id__in=shifts.keys()).values_list(
            "officer_id", "shift_id", "skill__code"
        )
    )
    member_q = Q(teams=period.team_id, is_active=True)
    assigned_ids = {o for o, _s, _k in placements}
    officers = list(
        Officer.objects.filter(member_q | Q(pk__in=assigned_ids))
        .distinct()
        .order_by("last_name", "first_name", "id")
        .only("pk", "first_name", "last_name", "username", "employee_number")
    )
    absences = (
        Absence.objects.in_force()
        .filter(
            officer_id__in=[o.pk for o in officers],
            start__lt=local_wall_clock(period.end_date, dt.time(0)),
        )
        .filter(Q(end__isnull=True) | Q(end__gt=local_wall_clock(period.start_date, dt.time(0))))
        .only("officer_id", "kind", "start", "end", "expected_end")
    )
    absent: dict[tuple[int, int], str] = {}
    for a in absences:
        shown = kind_for(actor, a.officer_id, a.kind)
        for d in absence_days(a, first, last):
            absent.setdefault((a.officer_id, index[d]), shown)

    work: dict[tuple[int, int], list[tuple[Shift, str]]] = defaultdict(list)
    filled: dict[tuple[int, str], int] = defaultdict(int)
    for officer_id, shift_id, skill in placements:
        shift = shifts[shift_id]
        work[officer_id, index[shift_day[shift_id]]].append((shift, skill))
        filled[shift_id, skill] += 1
    removed: dict[tuple[int, int], list[tuple[Shift, str]]] = defaultdict(list)
    for (officer_id, shift_id), how in (changed or {}).items():
        if how == "removed" and shift_id in shifts:
            removed[officer_id, index[shift_day[shift_id]]].append((shifts[shift_id], ""))

    heads = []
    for d in days:
        css = "wknd" if d.weekday() >= 5 else ""
        heads.append(DayHead(day=d, css=css))
    short_total = 0
    for pk, s in sorted(shifts.items(), key=lambda kv: (kv[1].start, kv[0])):
        for skill, demand in sorted(s.demand.items()):
            missing = int(demand) - filled.get((pk, skill), 0)
            if missing > 0:
                short_total += missing
                heads[index[shift_day[pk]]].shortfalls.append(
                    {
                        "shift": pk,
                        "label": kind_letter(s.kind),
                        "skill": skill,
                        "missing": missing,
                        "kind": s.kind,
                    }
                )
        if s.is_holiday:
            heads[index[shift_day[pk]]].css = "hol"

    # Fatigue (docs/fatigue.md): every assignment of the officer counts, this proposal, other
    # teams' and the days before the period (two queries).
    policy = team_fatigue_policy(period.team_id)
    fatigue = fatigue_by_officer([o.pk for o in officers], first, last, published_only=False)

    base = f"/console/periods/{period.pk}/officers/"
    tz = timezone.get_current_timezone()
    rows = []
    change_marks = changed or {}
    for o in officers:
        cells = []
        minutes = nights = weekends = count = 0
        name = f"{o.last_name}, {o.first_name}".strip(", ") or o.username
        for i, d in enumerate(days):
            items = work.get((o.pk, i), [])
            absence = absent.get((o.pk, i))
            classes = []
            labels = []
            titles = []
            for shift, skill in items:
                count += 1
                minutes += int((shift.end - shift.start).total_seconds() // 60)
                nights += int(shift.is_night)
                weekends += int(shift.is_weekend)
                classes.append(f"k-{shift.kind}")
                labels.append(kind_letter(shift.kind))
                start = shift.start.astimezone(tz)
                end = shift.end.astimezone(tz)
                titles.append(f"{start:%H:%M}\u2013{end:%H:%M} {skill}")
                mark = change_marks.get((o.pk, shift.pk))
                if mark:
                    classes.append(f"chg-{mark}")
            for shift, _skill in removed.get((o.pk, i), []):
                classes.append("chg-removed")
                labels.append("\u2212" + kind_letter(shift.kind))
                titles.append(_("removed by the proposal"))
            if absence:
                classes.append(f"abs abs-{absence}")
                if not items:
                    labels.append(absence_letter(absence))
                titles.append(absence_title(absence))
            score = fatigue[o.pk][i].score.total
            heat = fatigue_heat(score, policy.cap)
            if heat:
                titles.append(
                    _("Fatigue score %(score)s (cap %(cap)s)") % {"score": score, "cap": policy.cap}
                )
            cells.append(
                Cell(
                    css=" ".join(classes) or "off",
                    label=" ".join(labels),
                    title="; ".join(titles),
                    url=f"{base}{o.pk}/days/{d.isoformat()}/" if (items or absence) else "",
                    fatigue=score,
                    heat=heat,
                )
            )
        rows.append(
            GridRow(
                officer_id=o.pk,
                name=name,
                number=o.employee_number,
                cells=cells,
                shifts=count,
                hours=round(minutes / 60, 1),
                nights=nights,
                weekends=weekends,
            )
        )
    return Grid(
        period=period,
        days=heads,
        rows=rows,
        shortfall_places=short_total,
        shift_count=len(shifts),
        assignment_count=len(placements),
        fatigue_cap=policy.cap,
        fatigue_cap_enabled=policy.cap_enabled,
    )


# --- report look-ups -----------------------------------------------------------------------


def current_job(period: RosterPeriod) -> SolveJob | None:
    """The solve job that made the period's current roster (as `roster.selectors.period_report`)."""
    return (
        SolveJob.objects.filter(period=period, applied_at__isnull=False, report__isnull=False)
        .order_by("-applied_at", "-id")
        .first()
    )


def latest_job(period: RosterPeriod) -> SolveJob | None:
    return SolveJob.objects.filter(period=period).order_by("-created_at", "-id").first()


OFFICER_REF = re.compile(r"\bo(\d+)\b")


def name_refs(text: str, names: Mapping[str, str]) -> str:
    """Replace the solver's officer refs (`o17`) in a reason by the officer's name."""
    return OFFICER_REF.sub(lambda m: names.get(m.group(0), m.group(0)), text)


SHIFT_REF = re.compile(r"\bshift s(\d+)\b")


def name_shift_refs(lines: list[str]) -> list[str]:
    """Replace the solver's shift refs (`shift s12`) by the shift's local day and time."""
    ids = {int(m.group(1)) for line in lines for m in SHIFT_REF.finditer(line)}
    if not ids:
        return lines
    labels = {
        s.pk: f"{s.get_kind_display().lower()} {timezone.localtime(s.start):%a %d %b %H:%M}"
        for s in Shift.objects.filter(pk__in=ids)
    }
    return [
        SHIFT_REF.sub(lambda m: labels.get(int(m.group(1)), m.group(0)), line) for line in lines
    ]


def report_names(report: Mapping[str, Any]) -> dict[str, str]:
    return {row["officer"]: row["name"] for row in report.get("officers", [])}


# --- coverage ------------------------------------------------------------------------------


def coverage_from_db(period: RosterPeriod) -> list[dict[str, Any]]:
    """The report's `coverage` rows, computed from the current roster (no solve yet)."""
    shifts = list(Shift.objects.filter(period=period, cancelled_at__isnull=True).order_by("start"))
    filled: dict[tuple[int, str], int] = defaultdict(int)
    for shift_id, skill in Assignment.objects.filter(shift__in=shifts).values_list(
        "shift_id", "skill__code"
    ):
        filled[shift_id, skill] += 1
    rows = []
    for s in shifts:
        demand = {k: int(v) for k, v in s.demand.items() if int(v) > 0}
        rows.append(
            {
                "shift": f"s{s.pk}",
                "start": timezone.localtime(s.start).isoformat(),
                "end": timezone.localtime(s.end).isoformat(),
                "kind": s.kind,
                "demand": demand,
                "filled": {k: filled.get((s.pk, k), 0) for k in demand},
                "missing": {k: max(0, v - filled.get((s.pk, k), 0)) for k, v in demand.items()},
            }
        )
    return rows


@dataclass
class HeatCell:
    demand: int
    filled: int
    css: str
    url: str
    title: str


@dataclass
class HeatRow:
    kind: str
    kind_label: str
    skill: str
    cells: list[HeatCell | None]


def heat_level(filled: int, demand: int) -> str:
    """A colour class on a 5-step scale from empty (h0) to fully covered (h4); over: hx."""
    if demand <= 0:
        return "hna"
    ratio = filled / demand
    if ratio > 1:
        return "hx"
    if ratio >= 1:
        return "h4"
    if ratio >= 0.75:
        return "h3"
    if ratio >= 0.5:
        return "h2"
    if ratio > 0:
        return "h1"
    return "h0"


def heat_rows(period: RosterPeriod, coverage: list[dict[str, Any]]) -> list[HeatRow]:
    """(shift kind, skill) x days: demand and filled summed over that kind's shifts of a day."""
    days = period_days(period)
    index = {d: i for i, d in enumerate(days)}
    sums: dict[tuple[str, str], list[list[int]]] = {}
    links: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for row in coverage:
        day = dt.datetime.fromisoformat(row["start"]).date()
        if day not in index:
            continue
        i = index[day]
        for skill, demand in row["demand"].items():
            key = (row["kind"], skill)
            cells = sums.setdefault(key, [[0, 0] for _ in days])
            cells[i][0] += int(demand)
            cells[i][1] += int(row["filled"].get(skill, 0))
            links[row["kind"], skill, i].append(int(str(row["shift"])[1:]))
    labels = dict(ShiftKind.choices)
    out = []
    for (kind, skill), cells in sorted(
        sums.items(), key=lambda kv: (KIND_ORDER.get(kv[0][0], 9), kv[0][1])
    ):
        heat: list[HeatCell | None] = []
        for i, (demand, got) in enumerate(cells):
            if demand == 0:
                heat.append(None)
                continue
            ids = links[kind, skill, i]
            url = f"/console/periods/{period.pk}/shifts/{ids[0]}/" if len(ids) == 1 else ""
            heat.append(
                HeatCell(
                    demand=demand,
                    filled=got,
                    css=heat_level(got, demand),
                    url=url,
                    title=_("%(day)s: %(filled)s of %(demand)s filled")
                    % {"day": days[i].isoformat(), "filled": got, "demand": demand},
                )
            )
        out.append(
            HeatRow(kind=kind, kind_label=str(labels.get(kind, kind)), skill=skill, cells=heat)
        )
    return out


def shift_url(period_id: int, shift_id: int) -> str:
    return reverse("console:shift", args=[period_id, shift_id])
