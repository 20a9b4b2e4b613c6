"""CP-SAT model of the Curtois & Qu (2014) shift scheduling benchmark, in builder style.

One Boolean ``x[e,d,s]`` per employee, day and shift type the employee may work that day, and one
``work[e,d]`` per employee and day. Each rule family is an ``add_<rule>(model, v, inst)`` function
that returns its objective terms (an empty list for a hard rule). The rules, and the border rule
for runs, follow ``benchmarks/curtois/SOURCE.md``.

The same builder makes the sub-models of the large-neighbourhood search: only some employees are
modelled (the others count towards cover as constants) and, for those, only a window of days is
free. Days next to the window are kept in the model as constants (``Cell`` = 0 or 1) so that run
rules across the window's edges are checked; days further away are summarised as constants
(minutes, shift counts, weekends). Clauses and sums over constants fold away in Python, so a
sub-model costs time in proportion to its free part. Its objective is the objective of the whole
instance (the fixed part is :func:`fixed_objective`), so sub-model values compare directly with
the value of the full roster.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from bench.curtois.reader import Instance, Roster, Staff

__all__ = [
    "RUN_ENCODINGS",
    "Cell",
    "Penalty",
    "RosterVars",
    "add_cover",
    "add_forbidden_successions",
    "add_lagrangian_cuts",
    "add_max_consecutive_shifts",
    "add_max_shifts_per_type",
    "add_max_weekends",
    "add_min_consecutive_days_off",
    "add_min_consecutive_shifts",
    "add_one_shift_per_day",
    "add_shift_off_requests",
    "add_shift_on_requests",
    "add_total_minutes",
    "add_work_density",
    "build_model",
    "max_worked",
    "max_worked_in_window",
    "new_roster_vars",
    "roster_from_values",
]

#: A model cell: a Boolean variable, or the integer 0/1 when its value is fixed.
Cell = cp_model.IntVar | int
#: A literal for a clause: the cell and whether it appears positively.
_Lit = tuple[Cell, bool]
#: Forbid under > 0 and over > 0 on the same cover row (see add_cover).
EXACT_COVER = False
#: Encodings of the minimum-run rules, see :func:`_forbid_short_runs`.
RUN_ENCODINGS = ("tight", "sequence")


@dataclass(frozen=True, slots=True)
class Penalty:
    """An objective term ``weight * expr`` with the name of its rule family."""

    name: str
    weight: int
    expr: cp_model.LinearExprT


@dataclass
class RosterVars:
    """The cells of one (sub-)model.

    ``x[e, d, s]`` exists for modelled employees and ``d in days``, except when ``e`` can never
    work ``s`` on ``d`` (a day off, or ``MaxShifts[s] = 0``): that is how the days-off rule and
    zero maxima are modelled. ``work[e, d]`` is 1 when ``e`` works on ``d``. Days outside
    ``days``, and employees that are not modelled, take their values from ``fixed``.
    """

    employees: tuple[Staff, ...]
    days: range
    free_days: range
    x: dict[tuple[str, int, str], Cell]
    fixed: Roster | None = None
    run_encoding: str = "tight"
    implied: bool = True
    work: dict[tuple[str, int], Cell] = field(default_factory=dict)

    def shifts_on(self, inst: Instance, eid: str, d: int) -> list[tuple[str, Cell]]:
        """The (shift id, cell) pairs that exist for employee ``eid`` on a model day ``d``."""
        x = self.x
        return [(s.id, x[eid, d, s.id]) for s in inst.shift_types if (eid, d, s.id) in x]

    def work_at(self, eid: str, d: int) -> Cell:
        """``work[e,d]`` for a model day, else the fixed value."""
        if d in self.days:
            return self.work[eid, d]
        if self.fixed is None:
            raise ValueError(f"day {d} is outside the model and nothing is fixed")
        return int(self.fixed[eid][d] is not None)

    def outside_days(self, eid: str) -> list[str | None]:
        """The fixed shifts of ``eid`` on the days that are not in the model."""
        if self.fixed is None or len(self.days) == len(self.fixed[eid]):
            return []
        row = self.fixed[eid]
        return [*row[: self.days.start], *row[self.days.stop :]]


def run_margin(inst: Instance, employees: Iterable[Staff]) -> int:
    """Days kept as constants on each side of a window so that every run rule touching the
    window only reads days of the model."""
    return 2 + max(
        (
            max(e.max_consecutive_shifts + 1, e.min_consecutive_shifts, e.min_consecutive_days_off)
            for e in employees
        ),
        default=0,
    )


def new_roster_vars(
    model: cp_model.CpModel,
    inst: Instance,
    employees: Collection[str] | None = None,
    window: tuple[int, int] | None = None,
    fixed: Roster | None = None,
    run_encoding: str = "tight",
    implied: bool = True,
) -> RosterVars:
    """Create ``x[e,d,s]`` for the modelled employees (all by default) and days.

    With a ``window`` ``(first, stop)`` only those days are free; the others come from ``fixed``,
    as do the employees left out of ``employees``. Hard rule, days off (SECTION_DAYS_OFF) and
    ``MaxShifts = 0`` (SECTION_STAFF): no cell exists for a shift that may never be worked.
    """
    if run_encoding not in RUN_ENCODINGS:
        raise ValueError(f"run_encoding must be one of {RUN_ENCODINGS}")
    chosen = set(employees) if employees is not None else {e.id for e in inst.staff}
    first, stop = window if window is not None else (0, inst.horizon)
    if not 0 <= first < stop <= inst.horizon:
        raise ValueError(f"bad window {window}")
    partial = len(chosen) < len(inst.staff) or stop - first < inst.horizon
    if partial and fixed is None:
        raise ValueError("a sub-model needs the fixed roster")
    modelled = tuple(e for e in inst.staff if e.id in chosen)
    margin = run_margin(inst, modelled)
    days = range(max(0, first - margin), min(inst.horizon, stop + margin))
    free_days = range(first, stop)
    allowed = {e.id: [s.id for s in inst.shift_types if e.max_shifts[s.id] > 0] for e in modelled}
    x: dict[tuple[str, int, str], Cell] = {}
    for e in modelled:
        off = inst.days_off[e.id]
        for d in days:
            if d in off:
                continue
            if first <= d < stop:
                for sid in allowed[e.id]:
                    x[e.id, d, sid] = model.new_bool_var(f"x[{e.id},{d},{sid}]")
            elif fixed is not None:  # always set here: a partial model needs ``fixed``
                for sid in allowed[e.id]:
                    x[e.id, d, sid] = int(fixed[e.id][d] == sid)
    return RosterVars(
        modelled, days, free_days, x, fixed if partial else None, run_encoding, implied
    )


# --------------------------------------------------------------------------------------------
# Helpers that fold constants away


def _add_clause(model: cp_model.CpModel, lits: Iterable[_Lit]) -> None:
    """Add the clause OR(lits); constant literals fold (a true one drops the clause)."""
    out: list[cp_model.LiteralT] = []
    for cell, positive in lits:
        if isinstance(cell, int):
            if bool(cell) == positive:
                return
            continue
        out.append(cell if positive else cell.negated())
    model.add_bool_or(out)  # an empty clause makes the model infeasible, as it should


def _bounded_sum(
    model: cp_model.CpModel,
    terms: Sequence[tuple[int, Cell]],
    lo: int | None,
    hi: int | None,
    const: int = 0,
) -> None:
    """Add ``lo <= const + sum(coef * cell) <= hi`` for positive coefficients; constants fold."""
    const += sum(c * v for c, v in terms if isinstance(v, int))
    variables = [(c, v) for c, v in terms if not isinstance(v, int)]
    low = -cp_model.INT_MAX if lo is None else lo - const
    high = cp_model.INT_MAX if hi is None else hi - const
    if not variables:
        if low > 0 or high < 0:
            model.add_bool_or([])
        return
    if low <= 0 and high >= sum(c for c, _ in variables):
        return  # cannot bind
    if high == 1 and low <= 0 and all(c == 1 for c, _ in variables):
        model.add_at_most_one([v for _, v in variables])
        return
    expr = cp_model.LinearExpr.weighted_sum([v for _, v in variables], [c for c, _ in variables])
    model.add_linear_constraint(expr, low, high)


# --------------------------------------------------------------------------------------------
# Hard rules


def add_one_shift_per_day(model: cp_model.CpModel, v: RosterVars, inst: Instance) -> list[Penalty]:
    """Hard: an employee works at most one shift a day. Defines ``work[e,d] = sum_s x[e,d,s]``."""
    for e in v.employees:
        for d in v.days:
            cells = [c for _, c in v.shifts_on(inst, e.id, d)]
            constants = [c for c in cells if isinstance(c, int)]
            if len(constants) == len(cells):
                v.work[e.id, d] = sum(constants)
            else:
                w = model.new_bool_var(f"work[{e.id},{d}]")
                model.add(cp_model.LinearExpr.sum(cells) == w)
                v.work[e.id, d] = w
    return []


def add_max_shifts_per_type(
    model: cp_model.CpModel, v: RosterVars, inst: Instance
) -> list[Penalty]:
    """Hard: at most ``MaxShifts[s]`` shifts of type ``s`` over the horizon (SECTION_STAFF)."""
    for e in v.employees:
        outside = Counter(v.outside_days(e.id))
        for s in inst.shift_types:
            terms = [(1, v.x[e.id, d, s.id]) for d in v.days if (e.id, d, s.id) in v.x]
            _bounded_sum(model, terms, None, e.max_shifts[s.id], outside[s.id])
    return []


def add_total_minutes(model: cp_model.CpModel, v: RosterVars, inst: Instance) -> list[Penalty]:
    """Hard: worked minutes within [MinTotalMinutes, MaxTotalMinutes] (SECTION_STAFF)."""
    for e in v.employees:
        const = sum(inst.shift_by_id[s].length_minutes for s in v.outside_days(e.id) if s)
        terms = [
            (inst.shift_by_id[sid].length_minutes, cell)
            for d in v.days
            for sid, cell in v.shifts_on(inst, e.id, d)
        ]
        _bounded_sum(model, terms, e.min_total_minutes, e.max_total_minutes, const)
    return []


def add_max_consecutive_shifts(
    model: cp_model.CpModel, v: RosterVars, inst: Instance
) -> list[Penalty]:
    """Hard: at most ``MaxConsecutiveShifts`` worked days in a row: every window of ``max + 1``
    days has a day off. Days outside the horizon are days off (border rule), so windows stay
    inside it."""
    for e in v.employees:
        k = e.max_consecutive_shifts
        for start in range(v.days.start, v.days.stop - k):
            terms = [(1, v.work[e.id, d]) for d in range(start, start + k + 1)]
            _bounded_sum(model, terms, None, k)
    return []


def _forbid_short_runs(
    model: cp_model.CpModel,
    cells: Sequence[Cell],
    min_length: int,
    *,
    of_ones: bool,
    encoding: str,
) -> None:
    """Forbid runs (of 1s if ``of_ones``, else of 0s) shorter than ``min_length`` that have a
    neighbour on both sides. ``cells`` are consecutive days; when they are the whole horizon this
    is the border rule (a run touching day 0 or h-1 is never too short), and in a sub-model the
    window margin keeps every clause that touches a free day inside ``cells``.

    Write ``a(i)`` for "day i is in such a run". ``"sequence"``: for each ``L < min_length`` the
    pattern ``not a, a^L, not a`` is forbidden by ``a(i-1) or not a(i..i+L-1) or a(i+L)``, as in
    OR-Tools ``shift_scheduling_sat``. ``"tight"``: a run starting at ``i`` also holds day
    ``i+j`` for ``1 <= j < min_length`` (``a(i-1) or not a(i) or a(i+j)``), and mirrored for a run
    ending at ``i``. Same integer solutions; three literals a clause give a stronger LP.
    """
    n = len(cells)

    def run(i: int, positive: bool) -> _Lit:
        """Literal "day i is (not) in a run", i.e. worked (off) when ``of_ones`` (not)."""
        return cells[i], positive == of_ones

    if encoding == "sequence":
        for length in range(1, min_length):
            for i in range(1, n - length):
                lits = [run(i - 1, True)]
                lits.extend(run(j, False) for j in range(i, i + length))
                lits.append(run(i + length, True))
                _add_clause(model, lits)
        return
    for i in range(1, n):
        for j in range(1, min_length):
            if i + j < n:  # a run starting at i also holds day i+j
                _add_clause(model, [run(i - 1, True), run(i, False), run(i + j, True)])
    for i in range(n - 1):
        for j in range(1, min_length):
            if i - j >= 0:  # a run ending at i also holds day i-j
                _add_clause(model, [run(i + 1, True), run(i, False), run(i - j, True)])


def add_min_consecutive_shifts(
    model: cp_model.CpModel, v: RosterVars, inst: Instance
) -> list[Penalty]:
    """Hard: every run of worked days lasts at least ``MinConsecutiveShifts`` days, except a run
    touching day 0 or the last day (border rule of the Curtois & Qu IP model)."""
    for e in v.employees:
        cells = [v.work[e.id, d] for d in v.days]
        _forbid_short_runs(
            model,
            cells,
            e.min_consecutive_shifts,
            of_ones=True,
            encoding=v.run_encoding,
        )
    return []


def add_min_consecutive_days_off(
    model: cp_model.CpModel, v: RosterVars, inst: Instance
) -> list[Penalty]:
    """Hard: every run of days off lasts at least ``MinConsecutiveDaysOff`` days, except a run
    touching day 0 or the last day (border rule of the Curtois & Qu IP model)."""
    for e in v.employees:
        cells = [v.work[e.id, d] for d in v.days]
        _forbid_short_runs(
            model,
            cells,
            e.min_consecutive_days_off,
            of_ones=False,
            encoding=v.run_encoding,
        )
    return []


def add_max_weekends(model: cp_model.CpModel, v: RosterVars, inst: Instance) -> list[Penalty]:
    """Hard: at most ``MaxWeekends`` weekends worked; a weekend counts when its Saturday or Sunday
    is worked. ``weekend[e,w]`` is only bounded from below, which is exact for a maximum."""
    for e in v.employees:
        terms: list[tuple[int, Cell]] = []
        for w in range(inst.num_weeks):
            cells = [v.work_at(e.id, d) for d in inst.weekend_days(w)]
            variables = [c for c in cells if not isinstance(c, int)]
            if not variables or any(c == 1 for c in cells if isinstance(c, int)):
                terms.append((1, int(any(c == 1 for c in cells if isinstance(c, int)))))
                continue
            k = model.new_bool_var(f"weekend[{e.id},{w}]")
            for c in variables:
                model.add_implication(c, k)
            terms.append((1, k))
        _bounded_sum(model, terms, None, e.max_weekends)
    return []


def max_worked(available: Sequence[bool], max_run: int, min_off: int) -> int:
    """The most days that can be worked on consecutive days (``available[i]`` False: a day that
    must be off) when work runs last at most ``max_run`` days and every day-off run between two
    worked days lasts at least ``min_off`` days; off runs at either end may be shorter, as they
    may continue outside. Dynamic programme over (worked today?, length of the current run,
    did this off run start at the left end?)."""
    if not available:
        return 0
    best: dict[tuple[bool, int, bool], int] = {(False, 1, True): 0}
    if available[0]:
        best[True, 1, False] = 1
    for today in available[1:]:
        nxt: dict[tuple[bool, int, bool], int] = {}
        for (worked, run, edge), value in best.items():
            options: list[tuple[tuple[bool, int, bool], int]] = []
            if worked:
                options.append(((False, 1, False), value))
                if today and run < max_run:
                    options.append(((True, run + 1, False), value + 1))
            else:
                options.append(((False, min(run + 1, min_off), edge), value))
                if today and (edge or run >= min_off):
                    options.append(((True, 1, False), value + 1))
            for key, val in options:
                if val > nxt.get(key, -1):
                    nxt[key] = val
        best = nxt
    return max(best.values())


def max_worked_in_window(length: int, max_run: int, min_off: int) -> int:
    """:func:`max_worked` for ``length`` days without forced days off."""
    return max_worked([True] * length, max_run, min_off)


def add_work_density(model: cp_model.CpModel, v: RosterVars, inst: Instance) -> list[Penalty]:
    """Implied (redundant) hard rule: any ``k + m`` consecutive days hold at most ``k`` worked
    days, and any ``2(k + m)`` at most :func:`max_worked_in_window` of them, where ``k`` is
    MaxConsecutiveShifts and ``m`` MinConsecutiveDaysOff. It follows from those two rules (a
    window with more work would hold a work run over ``k`` or an interior day-off run under
    ``m``), border rule included, and gives the LP the true work capacity (5 days in 7 rather
    than 5 in 6), which CP-SAT needs on the tightly contracted staff of e.g. Instance20."""
    if not v.implied:
        return []
    for e in v.employees:
        k, m = e.max_consecutive_shifts, max(1, e.min_consecutive_days_off)
        for length in (k + m, 2 * (k + m)):
            cap = max_worked_in_window(length, k, m)
            if cap >= length - 1:
                continue  # no stronger than the max-consecutive windows
            for start in range(v.days.start, v.days.stop - length + 1):
                cells = [v.work[e.id, d] for d in range(start, start + length)]
                if all(isinstance(c, int) for c in cells):
                    continue
                _bounded_sum(model, [(1, c) for c in cells], None, cap)
    return []


def add_forbidden_successions(
    model: cp_model.CpModel, v: RosterVars, inst: Instance
) -> list[Penalty]:
    """Hard: shift ``t`` may not be worked the day after shift ``s`` when ``t`` is listed as
    forbidden after ``s`` (SECTION_SHIFTS); nothing is forbidden across the horizon's ends.

    One at-most-one per day and distinct forbidden set ``F``: the shifts whose forbidden set
    contains ``F`` on day ``d``, with the shifts of ``F`` on day ``d+1``. Every pair in it is
    either forbidden or on the same day, and every forbidden pair is in one of them, so this is
    exact, and much smaller than one clause per pair (Instance24 has 32 shift types).
    """
    groups = []
    for f in sorted({s.forbidden_next for s in inst.shift_types if s.forbidden_next}, key=sorted):
        before = [s.id for s in inst.shift_types if f <= s.forbidden_next]
        groups.append((before, sorted(f)))
    for e in v.employees:
        for d in range(v.days.start, v.days.stop - 1):
            for before, after in groups:
                terms = [(1, v.x[e.id, d, s]) for s in before if (e.id, d, s) in v.x]
                if not terms:
                    continue
                terms += [(1, v.x[e.id, d + 1, t]) for t in after if (e.id, d + 1, t) in v.x]
                _bounded_sum(model, terms, None, 1)
    return []


# --------------------------------------------------------------------------------------------
# Soft rules


def add_shift_on_requests(model: cp_model.CpModel, v: RosterVars, inst: Instance) -> list[Penalty]:
    """Soft: ``Weight`` when an employee does not get a requested shift (SHIFT_ON_REQUESTS).
    Requests outside the model are part of :func:`fixed_objective`."""
    modelled = {e.id for e in v.employees}
    return [
        Penalty("shift_on_request", r.weight, 1 - v.x.get((r.employee_id, r.day, r.shift_id), 0))
        for r in inst.on_requests
        if r.employee_id in modelled and r.day in v.days
    ]


def add_shift_off_requests(model: cp_model.CpModel, v: RosterVars, inst: Instance) -> list[Penalty]:
    """Soft: ``Weight`` when an employee gets a shift they asked not to work
    (SHIFT_OFF_REQUESTS). Requests outside the model are part of :func:`fixed_objective`."""
    modelled = {e.id for e in v.employees}
    return [
        Penalty("shift_off_request", r.weight, v.x.get((r.employee_id, r.day, r.shift_id), 0))
        for r in inst.off_requests
        if r.employee_id in modelled and r.day in v.days
    ]


def add_cover(model: cp_model.CpModel, v: RosterVars, inst: Instance) -> list[Penalty]:
    """Soft: ``WeightUnder`` per missing and ``WeightOver`` per extra person on a shift on a day
    (SECTION_COVER), with integer ``under``/``over`` variables where staffing can vary. Days
    outside the model are part of :func:`fixed_objective`."""
    others: Counter[tuple[int, str]] = Counter()
    modelled = {e.id for e in v.employees}
    if v.fixed is not None:
        for eid, row in v.fixed.items():
            if eid not in modelled:
                others.update((d, sid) for d in v.days if (sid := row[d]) is not None)
    penalties: list[Penalty] = []
    for c in inst.cover:
        if c.day not in v.days:
            continue
        key = (c.day, c.shift_id)
        cells = [v.x[e.id, c.day, c.shift_id] for e in v.employees if (e.id, *key) in v.x]
        const = others[key] + sum(x for x in cells if isinstance(x, int))
        free = [x for x in cells if not isinstance(x, int)]
        if not free:
            penalties.append(Penalty("cover_under", c.weight_under, max(0, c.requirement - const)))
            penalties.append(Penalty("cover_over", c.weight_over, max(0, const - c.requirement)))
            continue
        name = f"{c.day},{c.shift_id}"
        max_under = max(0, c.requirement - const)
        max_over = max(0, const + len(free) - c.requirement)
        under = model.new_int_var(0, max_under, f"under[{name}]")
        over = model.new_int_var(0, max_over, f"over[{name}]")
        model.add(cp_model.LinearExpr.sum(free) + const + under - over == c.requirement)
        if EXACT_COVER and max_under > 0 and max_over > 0:
            # Not both: keeps the objective of every solution (not only the optimum) equal to
            # the instance objective of its roster.
            short = model.new_bool_var(f"short[{name}]")
            model.add(over == 0).only_enforce_if(short)
            model.add(under == 0).only_enforce_if(short.negated())
        penalties.append(Penalty("cover_under", c.weight_under, under))
        penalties.append(Penalty("cover_over", c.weight_over, over))
    return penalties


def add_lagrangian_cuts(
    model: cp_model.CpModel,
    v: RosterVars,
    cuts: Iterable[tuple[str, dict[tuple[int, str], int], int]],
) -> int:
    """Valid inequalities ``sum(coef * x[e, d, s]) >= rhs``, one per ``(e, coefs, rhs)`` with
    ``coefs`` keyed by ``(d, s)`` (``bench.curtois.pricing.LagrangianCut``: a proved pricing
    bound on every lawful row of ``e``). Constant cells fold; a cell that does not exist is 0
    in every roster, so it drops. Cuts of employees that are not modelled are skipped. The
    number of cuts added."""
    modelled = {e.id for e in v.employees}
    added = 0
    for eid, coefs, rhs in cuts:
        if eid not in modelled:
            continue
        const = 0
        variables: list[cp_model.IntVar] = []
        weights: list[int] = []
        for (d, sid), coef in coefs.items():
            cell = v.x.get((eid, d, sid), 0)
            if isinstance(cell, int):
                const += coef * cell
            else:
                variables.append(cell)
                weights.append(coef)
        model.add(cp_model.LinearExpr.weighted_sum(variables, weights) >= rhs - const)
        added += 1
    return added


HARD_RULES = (
    add_one_shift_per_day,  # first: defines work[e,d]
    add_max_shifts_per_type,
    add_total_minutes,
    add_max_consecutive_shifts,
    add_min_consecutive_shifts,
    add_min_consecutive_days_off,
    add_max_weekends,
    add_forbidden_successions,
    add_work_density,
)
SOFT_RULES = (add_shift_on_requests, add_shift_off_requests, add_cover)


def fixed_objective(inst: Instance, v: RosterVars) -> int:
    """The objective terms that no model cell touches: requests of employees that are not
    modelled or on days outside the model, and cover on days outside the model."""
    if v.fixed is None:
        return 0
    fixed = v.fixed
    modelled = {e.id for e in v.employees}

    def outside(eid: str, d: int) -> bool:
        return eid not in modelled or d not in v.days

    total = sum(
        r.weight
        for r in inst.on_requests
        if outside(r.employee_id, r.day) and fixed[r.employee_id][r.day] != r.shift_id
    )
    total += sum(
        r.weight
        for r in inst.off_requests
        if outside(r.employee_id, r.day) and fixed[r.employee_id][r.day] == r.shift_id
    )
    staffed: Counter[tuple[int, str]] = Counter()
    for row in fixed.values():
        staffed.update(
            (d, s)
            for d in (*range(v.days.start), *range(v.days.stop, inst.horizon))
            if (s := row[d])
        )
    for c in inst.cover:
        if c.day not in v.days:
            n = staffed[c.day, c.shift_id]
            total += c.weight_under * max(0, c.requirement - n)
            total += c.weight_over * max(0, n - c.requirement)
    return total


def build_model(
    inst: Instance,
    employees: Collection[str] | None = None,
    window: tuple[int, int] | None = None,
    fixed: Roster | None = None,
    run_encoding: str = "tight",
    implied: bool = True,
) -> tuple[cp_model.CpModel, RosterVars, list[Penalty]]:
    """Build the whole model (or a sub-model, see :func:`new_roster_vars`) and its objective,
    which equals the instance objective of the full roster, fixed parts included."""
    model = cp_model.CpModel()
    v = new_roster_vars(model, inst, employees, window, fixed, run_encoding, implied)
    for hard in HARD_RULES:
        hard(model, v, inst)
    penalties: list[Penalty] = []
    for soft in SOFT_RULES:
        penalties.extend(soft(model, v, inst))
    objective = fixed_objective(inst, v) + cp_model.LinearExpr.sum(
        [p.weight * p.expr for p in penalties]
    )
    model.minimize(objective)
    return model, v, penalties


def roster_from_values(
    inst: Instance, v: RosterVars, value: dict[tuple[str, int, str], bool]
) -> dict[str, list[str | None]]:
    """A full roster from the values of the variable cells (``value[e,d,s]``); everything else
    comes from the fixed roster."""
    roster: dict[str, list[str | None]] = {}
    if v.fixed is not None:
        roster = {eid: list(row) for eid, row in v.fixed.items()}
    for e in v.employees:
        row = roster.setdefault(e.id, [None] * inst.horizon)
        for d in v.free_days:
            row[d] = None
            for sid, cell in v.shifts_on(inst, e.id, d):
                if value[e.id, d, sid] if not isinstance(cell, int) else cell:
                    row[d] = sid
    return roster
