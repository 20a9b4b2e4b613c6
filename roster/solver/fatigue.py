"""The fatigue cap: hard, no officer's daily fatigue score above the team's cap.

The score is ``roster.rules.fatigue`` (``docs/fatigue.md``, derived from the HSE Fatigue and
Risk Index, RR446). The officer's shifts before the horizon (``FatigueCap.earlier``) count,
and so do pinned places (they are model variables fixed to 1).

**The limit of a day** is ``max(cap, fixed score)``, where the fixed score is the day's
score from the time the solve cannot change: the earlier shifts, the pinned places and, in
a repair, the previous roster. So a day that is already above the cap before the solve
(a series that began in the last period, a published roster from before the cap) is no
violation as long as the solve does not make it worse, and a solve is never infeasible
because of the past. ``limits``, ``added_fatigue`` (the greedy start) and
``fatigue_violations`` (``verify``) use this one definition.

**Encoding** (exact, linear): per officer and horizon day ``d``,
``sum(minutes_s * w_s) + 60 * points <= 60 * limit(d) + 59`` over the shifts and events of
the days ``d - 6 .. d`` (``floor(minutes / 60) + points <= limit`` in integers). The events
are Booleans bounded from below only (``wd >= w``, ``nd >= w_night - sum(w_other)``,
``series >= nd[k] + nd[k-1] - 1``, ``run >= sum(wd) - 4``, ``rest >= w_a + w_b - 1``): every
coefficient on them is positive in a ``<=`` constraint, so a solution can always take them at
their exact value, and at that value the constraint is the score. A pair of shifts that the
rest rules already forbid together gets no rest event.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from roster.rules import Violation, WorkItem, required_rest_after
from roster.rules.checks import night_days
from roster.rules.fatigue import (
    DEFAULT_FATIGUE,
    WINDOW_DAYS,
    day_events,
    fatigue_scores,
    rest_kind,
)
from roster.rules.ids import RuleId
from roster.solver.types import Placement, SolveInput

MINUTES_PER_POINT = 60


def horizon_days(inp: SolveInput) -> int:
    """Local days of the horizon (the days whose score the cap bounds)."""
    last = max((s.day for s in inp.shifts), default=-1)
    tz = ZoneInfo(inp.timezone)
    end_day = (inp.horizon_end.astimezone(tz) - dt.timedelta(minutes=1)).date()
    first = inp.horizon_start.astimezone(tz).date()
    return max(last + 1, (end_day - first).days + 1)


def _fixed_items(inp: SolveInput) -> dict[str, list[WorkItem]]:
    fixed: dict[str, list[WorkItem]] = {}
    cap = inp.fatigue
    if cap is not None:
        for officer, items in cap.earlier.items():
            fixed.setdefault(officer, []).extend(items)
    seen: set[tuple[str, str]] = set()
    for p in (*inp.pinned, *(inp.previous or ())):
        if (p.officer, p.shift) in seen or p.shift not in inp.shift_by_id:
            continue
        seen.add((p.officer, p.shift))
        fixed.setdefault(p.officer, []).append(inp.shift_by_id[p.shift].work_item())
    return fixed


def limits(inp: SolveInput) -> dict[str, list[int]]:
    """Per officer, the limit of each horizon day: ``max(cap, fixed score)``."""
    if inp.fatigue is None:
        return {}
    days = range(horizon_days(inp))
    fixed = _fixed_items(inp)
    cap = inp.fatigue.cap
    out: dict[str, list[int]] = {}
    for o in inp.officers:
        items = fixed.get(o.id, [])
        if not items:
            out[o.id] = [cap] * len(days)
            continue
        out[o.id] = [max(cap, s.total) for s in fatigue_scores(items, days)]
    return out


def _officer_items(inp: SolveInput, officer: str, shifts: Iterable[WorkItem]) -> list[WorkItem]:
    earlier = inp.fatigue.earlier.get(officer, ()) if inp.fatigue else ()
    return [*earlier, *shifts]


def fatigue_violations(inp: SolveInput, assignments: Sequence[Placement]) -> list[Violation]:
    """Every officer and horizon day whose score exceeds its limit (``verify``)."""
    if inp.fatigue is None:
        return []
    bounds = limits(inp)
    worked: dict[str, dict[str, WorkItem]] = {}
    for p in assignments:
        shift = inp.shift_by_id.get(p.shift)
        if shift is not None:
            worked.setdefault(p.officer, {})[shift.id] = shift.work_item()
    out = []
    for officer, by_id in sorted(worked.items()):
        if officer not in bounds:
            continue
        items = _officer_items(inp, officer, by_id.values())
        for score in fatigue_scores(items, range(len(bounds[officer]))):
            limit = bounds[officer][score.day]
            if score.total > limit:
                in_window = tuple(
                    sorted(
                        i.shift_id
                        for i in by_id.values()
                        if score.day - WINDOW_DAYS < i.day <= score.day
                    )
                )
                out.append(
                    Violation(
                        RuleId.FATIGUE_CAP,
                        officer,
                        in_window,
                        f"fatigue score {score.total} on day {score.day}, at most {limit}",
                        value=score.total,
                        limit=limit,
                    )
                )
    return out


def added_fatigue(
    inp: SolveInput, officer: str, items: Sequence[WorkItem], new: WorkItem, bounds: Any
) -> bool:
    """True when adding ``new`` to the officer's ``items`` puts a day above its limit (the
    greedy start and fallback keep to the cap). ``bounds``: ``limits(inp)``."""
    if inp.fatigue is None or officer not in bounds:
        return False
    days = bounds[officer]
    lo = max(0, new.day)
    hi = min(len(days), new.day + WINDOW_DAYS + DEFAULT_FATIGUE.consecutive_days_from)
    if lo >= hi:
        return False
    near = [i for i in items if abs(i.day - new.day) <= 2 * WINDOW_DAYS]
    scores = fatigue_scores(_officer_items(inp, officer, [*near, new]), range(lo, hi))
    return any(s.total > days[s.day] for s in scores)


# --- the model ------------------------------------------------------------------------------


def add_fatigue_cap(model: cp_model.CpModel, model_vars: Any, data: SolveInput) -> list[Any]:
    """Hard: every officer's fatigue score stays at or below its day's limit (see the module
    docstring; source: ``docs/fatigue.md``, HSE RR446). No ``fatigue`` in the input: no-op.

    ``model_vars`` is ``build.ModelVars`` (untyped here: this module may not import ``build``,
    which calls it). The night-day literals are this rule's own, bounded from below, rather
    than ``ModelVars.night_day`` (built by ``build`` for the night rules, which this module
    cannot call), so the two never depend on which rule ran first."""
    if data.fatigue is None:
        return []
    bounds = limits(data)
    params = DEFAULT_FATIGUE
    for officer in data.officers:
        shifts = sorted(
            model_vars.cands.by_officer.get(officer.id, ()), key=lambda s: (s.start, s.id)
        )
        shifts = [s for s in shifts if (officer.id, s.id) in model_vars.work]
        if shifts:
            _add_officer(model, model_vars, data, officer.id, shifts, bounds[officer.id], params)
    return []


def _add_officer(
    model: cp_model.CpModel,
    model_vars: Any,
    data: SolveInput,
    officer: str,
    shifts: Sequence[Any],
    days: Sequence[int],
    params: Any,
) -> None:
    earlier = list(data.fatigue.earlier.get(officer, ())) if data.fatigue else []
    const = day_events(earlier, params)  # events of days < 0: constants
    w = {s.id: model_vars.work[officer, s.id] for s in shifts}
    by_day: dict[int, list[Any]] = {}
    for s in shifts:
        by_day.setdefault(s.day, []).append(s)

    def name(kind: str, key: object) -> str:
        return f"fatigue_{kind}[{officer},{key}]"

    earlier_days = {i.day for i in earlier}
    earlier_nights = night_days(earlier)
    working: dict[int, Any] = {}
    night: dict[int, Any] = {}
    for k, on_day in by_day.items():
        if len(on_day) == 1:
            working[k] = w[on_day[0].id]
        else:
            lit = model.new_bool_var(name("work_day", k))
            for s in on_day:
                model.add(lit >= w[s.id])
            working[k] = lit
        nights = [s for s in on_day if s.night]
        others = [s for s in on_day if not s.night]
        if nights and not others and len(nights) == 1:
            night[k] = w[nights[0].id]
        elif nights:
            lit = model.new_bool_var(name("night_day", k))
            for s in nights:
                model.add(lit >= w[s.id] - sum(w[t.id] for t in others))
            night[k] = lit

    def working_at(k: int) -> Any:
        return (k in earlier_days) if k < 0 else working.get(k, False)

    def night_at(k: int) -> Any:
        return (k in earlier_nights) if k < 0 else night.get(k, False)

    points: dict[int, list[Any]] = {}  # day -> point terms (coefficient, literal)

    def event(day: int, coef: int, lits: list[Any]) -> None:
        """``coef`` points when every literal holds (a constant True is dropped)."""
        if coef == 0 or any(lit is False for lit in lits):
            return
        live = [lit for lit in lits if lit is not True]
        if not live:
            points.setdefault(day, []).append((coef, True))
        elif len(live) == 1:
            points.setdefault(day, []).append((coef, live[0]))
        else:
            both = model.new_bool_var(name("event", f"{day},{len(points.get(day, []))}"))
            model.add(both >= sum(live) - (len(live) - 1))
            points.setdefault(day, []).append((coef, both))

    for k in by_day:
        event(k, params.night_series_points, [night_at(k), night_at(k - 1)])
        run = [working_at(k - j) for j in range(params.consecutive_days_from)]
        event(k, params.consecutive_day_points, run)

    items: list[tuple[WorkItem, Any]] = [(i, True) for i in earlier]
    items += [(s.work_item(), w[s.id]) for s in shifts]
    items.sort(key=lambda p: (p[0].start, p[0].end, p[0].shift_id))
    ends = sorted(items, key=lambda p: p[0].end)
    end_keys = [p[0].end for p in ends]
    for b, lit_b in items:
        if lit_b is True:
            continue  # both earlier: a constant of a day < 0
        first = bisect.bisect_left(end_keys, b.start - params.short_rest_minutes + 1)
        last = bisect.bisect_right(end_keys, b.start)
        for a, lit_a in ends[first:last]:
            if a is b or a.start > b.start:
                continue
            kind = rest_kind(b.start - a.end, params)
            if kind is None:
                continue
            if lit_a is not True and b.start - a.end < required_rest_after(a.night, data.params):
                continue  # the rest rules forbid the pair
            coef = params.quick_return_points if kind == "quick" else params.short_rest_points
            event(b.day, coef, [lit_a, lit_b])

    for d, limit in enumerate(days):
        terms: list[Any] = []
        constant = 0
        for k in range(d - WINDOW_DAYS + 1, d + 1):
            if k < 0:
                e = const.get(k)
                if e is not None:
                    constant += e.minutes + MINUTES_PER_POINT * (
                        e.nights
                        + e.night_series
                        + e.quick_returns
                        + e.short_rests
                        + e.consecutive_days
                    )
                continue
            for s in by_day.get(k, ()):
                coef = s.end - s.start + (MINUTES_PER_POINT * params.night_points if s.night else 0)
                terms.append(coef * w[s.id])
            for coef, lit in points.get(k, ()):
                if lit is True:
                    constant += MINUTES_PER_POINT * coef
                else:
                    terms.append(MINUTES_PER_POINT * coef * lit)
        if terms:
            model.add(
                sum(terms) + constant <= MINUTES_PER_POINT * limit + MINUTES_PER_POINT - 1
            ).with_name(name("cap", d))
