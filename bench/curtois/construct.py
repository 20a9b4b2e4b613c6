"""First rosters for the large Curtois & Qu instances, one employee at a time.

Every hard rule of Curtois & Qu is about one employee (days off, shift maxima, minutes, runs,
weekends, successions); the employees only meet in the cover rows, which are soft. So a roster
is feasible as soon as every employee's row is, and one employee's best row, given everybody
else's, is a shortest-path problem over the days: :func:`best_row` solves it by dynamic
programming over (shift class of yesterday, length of the current run, minutes worked so far).

- :func:`construct_by_employee` builds a first roster employee after employee, each row the best
  against the cover the previous ones left;
- :func:`improve_by_employee` then re-plans each employee against all the others (a row is
  replaced only when it lowers the objective), pass after pass, until no row improves or time
  is up.

Two rules are handled outside the recursion: the weekends an employee may work are chosen
first (those of the row with the fewest weekends the minutes allow, plus the ones with the
most to gain; the others are days off), and a shift type used more often than its
``MaxShifts`` is forbidden on every day after its last allowed use and the row planned again.
Both can make the recursion miss a feasible row (never return an infeasible one); :func:`best_row`
then returns ``None`` and the caller falls back to CP-SAT for that employee.
"""

from __future__ import annotations

import math
import multiprocessing
import random
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from bench.curtois.model import build_model, roster_from_values
from bench.curtois.reader import Instance, Roster, Staff

__all__ = [
    "RowPlan",
    "best_row",
    "construct_by_employee",
    "cover_counts",
    "improve_by_employee",
    "plan_weekends",
    "row_rewards",
]

#: Value of an impossible state (a float so that sums stay exact far beyond any objective).
_NEG = -1e15
#: Shifts (of the longest type) that the minutes worked so far may stray from the pace line.
PACE_BAND = 8
#: Price of a worked weekend when a row must work as few weekends as it can.
_WEEKEND_PRICE = 1e9
#: Times a row is planned again after a shift type went over its maximum.
_CAP_ROUNDS = 12
#: Reward added to a weekend shift the weekend plan (:func:`plan_weekends`) gives an employee
#: while :func:`construct_by_employee` plans his row: a cover shortfall's weight on the
#: Curtois-Qu instances, so the row works its planned weekends before weekdays worth as much.
WEEKEND_PLAN_BONUS = 100.0
#: :func:`plan_weekends` gives up on more (employee, weekend day, shift) cells than this.
WEEKEND_PLAN_MAX_CELLS = 60_000


@dataclass(frozen=True)
class RowPlan:
    """One employee's planned row and its reward (the objective decrease it brings)."""

    row: list[str | None]
    reward: float


def cover_counts(roster: Roster, without: str | None = None) -> Counter[tuple[int, str]]:
    """How many employees work each (day, shift), leaving out ``without``."""
    counts: Counter[tuple[int, str]] = Counter()
    for eid, row in roster.items():
        if eid == without:
            continue
        counts.update((d, s) for d, s in enumerate(row) if s is not None)
    return counts


def row_rewards(
    inst: Instance, employee: Staff, counts: Mapping[tuple[int, str], int]
) -> dict[tuple[int, str], float]:
    """Per (day, shift) the objective decrease if ``employee`` works it while the others work
    ``counts``: the cover row's under-cover weight while it is short, minus its over-cover
    weight once full; plus the employee's shift-on and minus their shift-off requests. Exact,
    since one employee adds at most one person to a cover row."""
    reward: dict[tuple[int, str], float] = {}
    for c in inst.cover:
        if employee.max_shifts.get(c.shift_id, 0) <= 0:
            continue
        n = counts.get((c.day, c.shift_id), 0)
        reward[c.day, c.shift_id] = c.weight_under if n < c.requirement else -c.weight_over
    for r in inst.on_requests:
        if r.employee_id == employee.id:
            reward[r.day, r.shift_id] = reward.get((r.day, r.shift_id), 0) + r.weight
    for r in inst.off_requests:
        if r.employee_id == employee.id:
            reward[r.day, r.shift_id] = reward.get((r.day, r.shift_id), 0) - r.weight
    return reward


def _row_value(row: Sequence[str | None], reward: Mapping[tuple[int, str], float]) -> float:
    return sum(reward.get((d, s), 0.0) for d, s in enumerate(row) if s is not None)


def _weekends_worked(inst: Instance, row: Sequence[str | None]) -> int:
    return sum(
        1 for w in range(inst.num_weeks) if any(row[d] is not None for d in inst.weekend_days(w))
    )


def _weekend_order(
    inst: Instance, employee: Staff, reward: Mapping[tuple[int, str], float], offset: int = 0
) -> list[int]:
    """The weekends that are not days off anyway, by gain (best shift of Saturday plus of
    Sunday), ties to every other weekend first so that they spread over the horizon."""
    off = inst.days_off[employee.id]
    open_weeks = [
        w for w in range(inst.num_weeks) if any(d not in off for d in inst.weekend_days(w))
    ]
    allowed = [s.id for s in inst.shift_types if employee.max_shifts[s.id] > 0]

    def gain(w: int) -> float:
        return sum(
            max((reward.get((d, s), 0.0) for s in allowed), default=0.0)
            for d in inst.weekend_days(w)
            if d not in off
        )

    return sorted(open_weeks, key=lambda w: (-gain(w), (w + offset) % 2, w))


def best_row(
    inst: Instance,
    employee: Staff,
    reward: Mapping[tuple[int, str], float],
    *,
    weekends: set[int] | None = None,
    fewest_weekends: bool = False,
) -> RowPlan | None:
    """The row of ``employee`` with the largest total ``reward`` (see :func:`row_rewards`)
    that keeps every hard rule, or ``None`` when the recursion finds none (see the module
    docstring for the two rules handled around it). With ``fewest_weekends`` the best row among
    those with the fewest weekends the minutes allow: half the work when the weekends bind."""
    if weekends is not None:
        return _best_row_with(inst, employee, reward, weekends)
    order = _weekend_order(inst, employee, reward)
    everything = set(range(inst.num_weeks))
    if employee.max_weekends >= len(order):
        return _best_row_with(inst, employee, reward, everything)
    if fewest_weekends:
        return _best_row_with(inst, employee, reward, everything, _WEEKEND_PRICE)
    # The weekends of the row with the fewest that the minutes allow (each worked weekend
    # costs more than any reward; shift maxima ignored), plus those with the most to gain.
    fewest = _plan(inst, employee, reward, everything, set(), _WEEKEND_PRICE)
    if fewest is None:
        return None
    worked = {
        w for w in range(inst.num_weeks) if any(fewest[d] is not None for d in inst.weekend_days(w))
    }
    if len(worked) > employee.max_weekends:
        return None
    extra = [w for w in order if w not in worked][: max(0, employee.max_weekends - len(worked))]
    plan = _best_row_with(inst, employee, reward, worked | set(extra))
    if plan is not None:
        return plan
    return _best_row_with(inst, employee, reward, everything, _WEEKEND_PRICE)


def _best_row_with(
    inst: Instance,
    employee: Staff,
    reward: Mapping[tuple[int, str], float],
    weekends: set[int],
    weekend_price: float = 0.0,
) -> RowPlan | None:
    banned: set[tuple[int, str]] = set()
    for _ in range(_CAP_ROUNDS):
        row = _plan(inst, employee, reward, weekends, banned, weekend_price)
        if row is None:
            return None
        counts = Counter(s for s in row if s is not None)
        over = [s for s, n in counts.items() if n > employee.max_shifts[s]]
        if not over:
            if _weekends_worked(inst, row) > employee.max_weekends:
                return None  # even the fewest weekends the minutes allow are too many
            return RowPlan(row, _row_value(row, reward))
        for sid in over:
            # forbid it on every day after its last allowed use
            last = [d for d, s in enumerate(row) if s == sid][employee.max_shifts[sid] - 1]
            banned.update((d, sid) for d in range(last + 1, inst.horizon))
    return None


def _plan(
    inst: Instance,
    employee: Staff,
    reward: Mapping[tuple[int, str], float],
    weekends: set[int],
    banned: set[tuple[int, str]],
    weekend_price: float = 0.0,
) -> list[str | None] | None:
    """:func:`_recursion` within ``PACE_BAND`` shifts of the pace line first (a few times
    faster on a year), on every minute value when that finds nothing."""
    row = _recursion(inst, employee, reward, weekends, banned, weekend_price, PACE_BAND)
    if row is None:
        row = _recursion(inst, employee, reward, weekends, banned, weekend_price)
    return row


def _recursion(
    inst: Instance,
    employee: Staff,
    reward: Mapping[tuple[int, str], float],
    weekends: set[int],
    banned: set[tuple[int, str]],
    weekend_price: float = 0.0,
    band: int | None = None,
) -> list[str | None] | None:
    """The recursion of :func:`best_row` without the shift maxima (see :func:`_minutes_band`
    for ``band``).

    States after day ``d``: off with an off run of ``k`` days (``k`` capped at
    MinConsecutiveDaysOff), or working with a work run of ``k`` days whose last shift has the
    forbidden-successor set ``f``; each holds a vector over the minutes worked so far (in units
    of the greatest common divisor of the shift lengths). Before day 0 the employee is off "for
    long enough", so an off run touching day 0 is never too short; a work run that started on
    day 0 (``k == d``) may end early, and every state is final, so runs touching the last day
    may be short too (the border rule).
    """
    h = inst.horizon
    shifts = [s for s in inst.shift_types if employee.max_shifts[s.id] > 0]
    if not shifts:
        return [None] * h if employee.min_total_minutes <= 0 else None
    unit = math.gcd(*(s.length_minutes for s in shifts))
    min_u = -(-employee.min_total_minutes // unit)
    max_u = employee.max_total_minutes // unit
    if min_u > max_u:
        return None
    u1 = max_u + 1
    # what a shift forbids tomorrow, among the shifts this employee may work
    ids = frozenset(s.id for s in shifts)
    forbids = {s.id: s.forbidden_next & ids for s in shifts}
    modes = sorted(set(forbids.values()), key=sorted)
    mode_of = {f: i for i, f in enumerate(modes)}
    classes = sorted({(forbids[s.id], s.length_minutes // unit) for s in shifts}, key=str)
    members = {
        c: [s for s in shifts if (forbids[s.id], s.length_minutes // unit) == c] for c in classes
    }
    n_f = len(modes)
    runs = employee.max_consecutive_shifts
    min_run = employee.min_consecutive_shifts
    cap = max(1, employee.min_consecutive_days_off)
    blocked = set(inst.days_off[employee.id])
    for w in range(inst.num_weeks):
        if w not in weekends:
            blocked.update(inst.weekend_days(w))
    if runs <= 0:
        return [None] * h if min_u <= 0 else None

    off = np.full((cap, u1), _NEG)
    off[cap - 1, 0] = 0.0
    work = np.full((n_f, runs, u1), _NEG)
    # back pointers per day: source state (off k -> k-1, work f,k -> cap + f*runs + k-1), class
    back_off: list[np.ndarray] = []
    back_work: list[np.ndarray] = []
    back_cls: list[np.ndarray] = []
    chosen: list[dict[tuple[int, int], str]] = []
    # source index of work state (f, k - 1), to decode an argmax over the modes
    run_index = np.arange(runs - 1).reshape(-1, 1)
    lows, highs = _minutes_band(h, blocked, min_u, max_u, max(c[1] for c in classes), band)
    for d in range(h):
        lo, hi = lows[d], highs[d]
        new_off = np.full((cap, u1), _NEG)
        width = hi - lo  # back pointers hold the band only: index u - lo
        b_off = np.full((cap, width), -1, dtype=np.int16)
        # stay off (the last state keeps counting)
        if cap > 1:
            new_off[1:, lo:hi] = off[:-1, lo:hi]
            b_off[1:] = np.arange(cap - 1).reshape(-1, 1)
            _relax(
                new_off[cap - 1, lo:hi],
                b_off[cap - 1],
                None,
                off[cap - 1, lo:hi],
                cap - 1,
                None,
            )
        else:
            new_off[0, lo:hi] = off[0, lo:hi]
            b_off[0] = 0
        # end a work run: long enough, or it started on day 0
        ends = [k for k in range(1, runs + 1) if k >= min_run or k == d]
        if ends:
            idx = np.array([k - 1 for k in ends])
            cand = work[:, idx, lo:hi].reshape(n_f * len(ends), hi - lo)
            arg = cand.argmax(axis=0)
            f_arg, k_arg = np.divmod(arg, len(ends))
            source = cap + f_arg * runs + idx[k_arg]
            _relax(new_off[0, lo:hi], b_off[0], None, cand.max(axis=0), source, None)
        new_work = np.full((n_f, runs, u1), _NEG)
        b_work = np.full((n_f, runs, width), -1, dtype=np.int16)
        b_cls = np.full((n_f, runs, width), -1, dtype=np.int16)
        pick: dict[tuple[int, int], str] = {}
        # a weekend counts once: on Saturday, or on Sunday after a Saturday off
        price_from_off = weekend_price if d % 7 in (5, 6) else 0.0
        price_from_work = weekend_price if d % 7 == 5 else 0.0
        if d not in blocked:
            for ci, c in enumerate(classes):
                length = c[1]
                first = max(lo, length)  # minutes after the shift: first .. hi - 1
                if first >= hi:
                    continue
                target = mode_of[c[0]]
                options = [
                    (reward.get((d, s.id), 0.0), employee.max_shifts[s.id], s.id)
                    for s in members[c]
                    if (d, s.id) not in banned
                ]
                if not options:
                    continue
                # from off (a full off run; see the docstring for the borders)
                best = max(options)
                pick[n_f, ci] = best[2]
                _relax(
                    new_work[target, 0, first:hi],
                    b_work[target, 0, first - lo :],
                    b_cls[target, 0, first - lo :],
                    off[cap - 1, first - length : hi - length] + (best[0] - price_from_off),
                    cap - 1,
                    ci,
                )
                if runs < 2:
                    continue
                sources, gains = [], []
                for f, forbidden in enumerate(modes):
                    allowed = [o for o in options if o[2] not in forbidden]
                    if allowed:
                        best = max(allowed)
                        pick[f, ci] = best[2]
                        sources.append(f)
                        gains.append(best[0] - price_from_work)
                if not sources:
                    continue
                cand = work[sources, : runs - 1, first - length : hi - length] + np.array(
                    gains
                ).reshape(-1, 1, 1)
                arg = np.asarray(sources)[cand.argmax(axis=0)]
                _relax(
                    new_work[target, 1:, first:hi],
                    b_work[target, 1:, first - lo :],
                    b_cls[target, 1:, first - lo :],
                    cand.max(axis=0),
                    cap + arg * runs + run_index,
                    ci,
                )
        off, work = new_off, new_work
        back_off.append(b_off)
        back_work.append(b_work)
        back_cls.append(b_cls)
        chosen.append(pick)

    # best final state with the minutes in range
    best_value, state, units = _NEG / 2, -1, -1
    for k in range(cap):
        u = int(np.argmax(off[k, min_u:])) + min_u
        if off[k, u] > best_value:
            best_value, state, units = off[k, u], k, u
    for f in range(n_f):
        for k in range(runs):
            u = int(np.argmax(work[f, k, min_u:])) + min_u
            if work[f, k, u] > best_value:
                best_value, state, units = work[f, k, u], cap + f * runs + k, u
    if state < 0:
        return None
    row: list[str | None] = [None] * h
    for d in range(h - 1, -1, -1):
        at = units - lows[d]
        if state < cap:
            state = int(back_off[d][state, at])
            continue
        f, k = divmod(state - cap, runs)
        ci = int(back_cls[d][f, k, at])
        src = int(back_work[d][f, k, at])
        mode = n_f if src < cap else (src - cap) // runs
        row[d] = chosen[d][mode, ci]
        units -= classes[ci][1]
        state = src
    return row


def _minutes_band(
    h: int, blocked: set[int], min_u: int, max_u: int, longest: int, band: int | None
) -> tuple[list[int], list[int]]:
    """Per day, the range ``[low, high)`` of minutes worked so far that the recursion keeps.
    Without ``band`` every value up to the maximum; with it, only those within ``band``
    shifts of the longest type of the pace line (the middle of the minute range, spread over
    the days that can be worked), and never one the end of the horizon cannot reach."""
    if band is None:
        return [0] * h, [max_u + 1] * h
    open_days = [d for d in range(h) if d not in blocked]
    total = max(1, len(open_days))
    middle = (min_u + max_u) / 2
    width = band * longest
    lows, highs = [], []
    seen = 0
    for d in range(h):
        if d not in blocked:
            seen += 1
        pace = middle * seen / total
        left = (total - seen) * longest  # more than the rest of the horizon can add
        lows.append(max(0, math.floor(pace - width), min_u - left))
        highs.append(max(lows[-1], min(max_u, math.ceil(pace + width)) + 1))
    return lows, highs


def _relax(
    value: np.ndarray,
    back: np.ndarray,
    cls: np.ndarray | None,
    candidate: np.ndarray,
    source: int | np.ndarray,
    ci: int | None,
) -> None:
    """Keep ``candidate`` where it beats ``value`` (views, updated in place)."""
    better = candidate > value
    if not better.any():
        return
    np.copyto(value, candidate, where=better)
    np.copyto(back, source, where=better)
    if cls is not None and ci is not None:
        np.copyto(cls, ci, where=better)


def _cp_sat_row(
    inst: Instance, roster: Roster, eid: str, time_limit_s: float, seed: int
) -> list[str | None] | None:
    """The employee's row by CP-SAT over the whole horizon (others fixed), first solution."""
    model, v, _ = build_model(inst, [eid], (0, inst.horizon), roster)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    solver.parameters.stop_after_first_solution = True
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if status == cp_model.INFEASIBLE:
            raise RuntimeError(f"employee {eid} has no feasible roster")
        return None
    values = {
        key: bool(solver.boolean_value(cell))
        for key, cell in v.x.items()
        if not isinstance(cell, int)
    }
    return roster_from_values(inst, v, values)[eid]


_WORKER_INSTANCE: Instance | None = None  # the instance held by a planning worker process


def _hold_instance(inst: Instance) -> None:
    global _WORKER_INSTANCE  # one instance per worker process, set once
    _WORKER_INSTANCE = inst


def _plan_in_worker(
    eid: str, reward: dict[tuple[int, str], float], quick: bool, weekends: set[int] | None
) -> RowPlan | None:
    if _WORKER_INSTANCE is None:
        raise RuntimeError("a planning worker without its instance")
    return _planned_row(
        _WORKER_INSTANCE, _WORKER_INSTANCE.staff_by_id[eid], reward, quick, weekends
    )


def _planned_row(
    inst: Instance,
    employee: Staff,
    reward: Mapping[tuple[int, str], float],
    quick: bool,
    weekends: set[int] | None,
) -> RowPlan | None:
    """:func:`best_row` on the weekends given (``None``: its own choice), or, when it finds
    no row on them, on its own choice."""
    if weekends is not None:
        plan = best_row(inst, employee, reward, weekends=weekends)
        if plan is not None:
            return plan
    return best_row(inst, employee, reward, fewest_weekends=quick)


class _Planner:
    """Plans rows with :func:`best_row` (``quick``: with ``fewest_weekends``), ``workers`` at a
    time in forked worker processes that each hold the instance (here when ``workers`` is 1)."""

    def __init__(self, inst: Instance, workers: int, *, quick: bool = False) -> None:
        self.inst = inst
        self.quick = quick
        self.width = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        if self.width > 1:
            self._pool = ProcessPoolExecutor(
                self.width,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_hold_instance,
                initargs=(inst,),
            )

    def __enter__(self) -> _Planner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def plan(
        self,
        jobs: Sequence[tuple[Staff, dict[tuple[int, str], float]]],
        weekends: Sequence[set[int] | None] | None = None,
    ) -> list[RowPlan | None]:
        """Each job's row; ``weekends``: per job the weekends it works (``None``: its own
        choice)."""
        chosen = list(weekends) if weekends is not None else [None] * len(jobs)
        if self._pool is None or len(jobs) == 1:
            return [
                _planned_row(self.inst, e, reward, self.quick, w)
                for (e, reward), w in zip(jobs, chosen, strict=True)
            ]
        futures = [
            self._pool.submit(_plan_in_worker, e.id, reward, self.quick, w)
            for (e, reward), w in zip(jobs, chosen, strict=True)
        ]
        return [f.result() for f in futures]


def construct_by_employee(
    inst: Instance,
    deadline: float,
    seed: int = 0,
    *,
    workers: int = 1,
    weekend_plan: Mapping[str, Mapping[int, str]] | None = None,
    echo: bool = False,
) -> dict[str, list[str | None]] | None:
    """A first feasible roster: each employee (in a seeded random order) gets the best row
    against the cover left by those before (:func:`best_row`; CP-SAT when the recursion finds
    none); with ``workers`` > 1 that many rows are planned at once, against the same cover.
    Each row works the fewest weekends the minutes allow (half the work where the weekends
    bind; :func:`improve_by_employee` spends the others). With ``weekend_plan``
    (:func:`plan_weekends`) each row works the weekends the plan gives its employee instead,
    its planned weekend shifts rewarded ``WEEKEND_PLAN_BONUS`` more (its own choice when no
    row fits them). ``None`` when the deadline passes first."""
    rng = random.Random(seed)  # noqa: S311 -- search diversification, not security
    roster: dict[str, list[str | None]] = {e.id: [None] * inst.horizon for e in inst.staff}
    order = list(inst.staff)
    rng.shuffle(order)
    counts: Counter[tuple[int, str]] = Counter()
    fallbacks = 0
    with _Planner(inst, workers, quick=True) as planner:
        for first in range(0, len(order), planner.width):
            if time.monotonic() >= deadline:
                return None
            batch = order[first : first + planner.width]
            jobs = [(e, row_rewards(inst, e, counts)) for e in batch]
            weekends: list[set[int] | None] | None = None
            if weekend_plan is not None:
                weekends = []
                for e, reward in jobs:
                    planned = weekend_plan.get(e.id, {})
                    for d, sid in planned.items():
                        reward[d, sid] = reward.get((d, sid), 0.0) + WEEKEND_PLAN_BONUS
                    weekends.append({d // 7 for d in planned})
            plans = planner.plan(jobs, weekends)
            for e, plan in zip(batch, plans, strict=True):
                if plan is not None:
                    row = plan.row
                else:
                    fallbacks += 1
                    found = _cp_sat_row(inst, roster, e.id, deadline - time.monotonic(), seed)
                    if found is None:
                        return None
                    row = found
                roster[e.id] = row
                counts.update((d, s) for d, s in enumerate(row) if s is not None)
    if echo:
        print(f"# construct by employee: {len(order)} rows, {fallbacks} by CP-SAT", flush=True)
    return roster


def plan_weekends(
    inst: Instance, deadline: float, workers: int = 1, seed: int = 0
) -> dict[str, dict[int, str]] | None:
    """Who works which shift on the weekend days, by CP-SAT on the weekend days alone: the
    cover and the requests of those days, each employee within ``MaxWeekends``, his
    ``MaxShifts`` and days off and the forbidden successions from Saturday to Sunday (the
    rules of the days between are left to the rows). The weekends are where a horizon-wide
    rule binds hardest (Instance15: they need 128 people and 134 may work them; Instance13
    251 and 250), and a row planned alone works the fewest or the cheapest ones, so the
    first roster's weekends miss the need (docs/benchmarks.md, "Instances 13 and 15 (7 Dec
    seventh session)"). Per employee his planned (day: shift); ``None`` when nothing is
    found before the ``deadline`` or there are more than ``WEEKEND_PLAN_MAX_CELLS`` cells."""
    weekend_days = [d for w in range(inst.num_weeks) for d in inst.weekend_days(w)]
    cells = [
        (e, d, s)
        for e in inst.staff
        for d in weekend_days
        if d not in inst.days_off[e.id]
        for s in inst.shift_types
        if e.max_shifts[s.id] > 0
    ]
    if not cells or len(cells) > WEEKEND_PLAN_MAX_CELLS:
        return None
    model = cp_model.CpModel()
    z = {(e.id, d, s.id): model.new_bool_var(f"z_{e.id}_{d}_{s.id}") for e, d, s in cells}
    by_day: dict[tuple[str, int], list[cp_model.IntVar]] = {}
    by_shift: dict[tuple[int, str], list[cp_model.IntVar]] = {}
    for (eid, d, sid), var in z.items():
        by_day.setdefault((eid, d), []).append(var)
        by_shift.setdefault((d, sid), []).append(var)
    for e in inst.staff:
        worked = []
        for w in range(inst.num_weeks):
            days = [v for d in inst.weekend_days(w) for v in by_day.get((e.id, d), [])]
            if not days:
                continue
            y = model.new_bool_var(f"y_{e.id}_{w}")
            for var in days:
                model.add_implication(var, y)
            worked.append(y)
            sat, sun = inst.weekend_days(w)
            for s in inst.shift_types:
                for nxt in s.forbidden_next:
                    first, second = z.get((e.id, sat, s.id)), z.get((e.id, sun, nxt))
                    if first is not None and second is not None:
                        model.add_bool_or([first.Not(), second.Not()])
        model.add(sum(worked) <= e.max_weekends)
        for d in weekend_days:
            if (e.id, d) in by_day:
                model.add_at_most_one(by_day[e.id, d])
        for s in inst.shift_types:
            uses = [z[e.id, d, s.id] for d in weekend_days if (e.id, d, s.id) in z]
            if len(uses) > e.max_shifts[s.id]:
                model.add(sum(uses) <= e.max_shifts[s.id])
    terms: list[Any] = []
    weekend = set(weekend_days)
    for c in inst.cover:
        if c.day not in weekend:
            continue
        there = sum(by_shift.get((c.day, c.shift_id), []))
        under = model.new_int_var(0, c.requirement, f"under_{c.day}_{c.shift_id}")
        over = model.new_int_var(0, len(inst.staff), f"over_{c.day}_{c.shift_id}")
        model.add(there + under - over == c.requirement)
        terms += [c.weight_under * under, c.weight_over * over]
    for r in inst.on_requests:
        if r.day in weekend and (r.employee_id, r.day, r.shift_id) in z:
            terms.append(r.weight * (1 - z[r.employee_id, r.day, r.shift_id]))
    for r in inst.off_requests:
        if r.day in weekend and (r.employee_id, r.day, r.shift_id) in z:
            terms.append(r.weight * z[r.employee_id, r.day, r.shift_id])
    model.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, deadline - time.monotonic())
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    plan: dict[str, dict[int, str]] = {e.id: {} for e in inst.staff}
    for (eid, d, sid), var in z.items():
        if solver.boolean_value(var):
            plan[eid][d] = sid
    return plan


def improve_by_employee(
    inst: Instance,
    roster: Roster,
    deadline: float,
    seed: int = 0,
    *,
    workers: int = 1,
    max_passes: int = 10,
    echo: bool = False,
) -> dict[str, list[str | None]]:
    """Re-plan each employee against all the others (:func:`best_row`), keeping a new row only
    when it lowers the objective; passes over all employees (in a seeded random order) until a
    pass improves nothing, ``max_passes`` or the deadline. With ``workers`` > 1 that many rows
    are planned at once; each is then kept only if it still lowers the objective once the rows
    kept before it are in."""
    rng = random.Random(seed)  # noqa: S311 -- search diversification, not security
    current = {eid: list(row) for eid, row in roster.items()}
    counts = cover_counts(current)
    order = list(inst.staff)

    def without(eid: str) -> Counter[tuple[int, str]]:
        rest = counts.copy()
        rest.subtract((d, s) for d, s in enumerate(current[eid]) if s is not None)
        return rest

    with _Planner(inst, workers) as planner:
        for number in range(max_passes):
            rng.shuffle(order)
            changed = 0
            for first in range(0, len(order), planner.width):
                if time.monotonic() >= deadline:
                    return current
                batch = order[first : first + planner.width]
                jobs = [(e, row_rewards(inst, e, without(e.id))) for e in batch]
                plans = planner.plan(jobs)
                for i, ((e, reward), plan) in enumerate(zip(jobs, plans, strict=True)):
                    if plan is None:
                        continue
                    if i > 0:  # against the rows kept before it in this batch
                        reward = row_rewards(inst, e, without(e.id))
                    old = current[e.id]
                    if _row_value(plan.row, reward) > _row_value(old, reward) + 1e-9:
                        counts.subtract((d, s) for d, s in enumerate(old) if s is not None)
                        counts.update((d, s) for d, s in enumerate(plan.row) if s is not None)
                        current[e.id] = plan.row
                        changed += 1
            if echo:
                print(f"# improve by employee: pass {number + 1}, {changed} rows changed")
            if not changed:
                break
    return current
