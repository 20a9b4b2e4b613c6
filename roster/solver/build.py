"""CP-SAT model of a roster period: one Boolean per officer, shift and skill.

Variables are keyed by ids and named: ``x[officer,shift,skill]`` is 1 when the officer fills
a place of the shift for that skill; ``w[officer,shift]`` (the ``x`` itself when only one
skill applies) is 1 when he works the shift. Each rule family is one ``add_<rule>`` function
returning its soft penalties; hard rules return ``[]``. The encodings follow the exact
definitions in ``roster.rules.checks`` (module docstring), so every model solution passes
``roster.rules.check_officer`` and every lawful roster is a model solution.

Building is linear in the input: every pairwise or window constraint comes from a sorted
sweep over one officer's candidate shifts, limited to the rule's horizon (rest, 7 x 24 h,
46 h), never from an all-pairs loop.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from ortools.sat.python import cp_model
from ortools.sat.python import cp_model_helper as cmh

from roster.rules import WEEK_MINUTES, required_rest_after
from roster.rules.checks import history_night_days, history_working_days
from roster.solver.eligibility import Candidates, candidates
from roster.solver.fatigue import add_fatigue_cap
from roster.solver.figures import RATE_SCALE, fairness_families
from roster.solver.leximin import add_grant_steps
from roster.solver.training import add_mentors_and_quota
from roster.solver.types import ShiftData, SolveInput, Weights, Wish
from roster.solver.window import absent_officers

#: A literal that may be decided at build time: True/False or a model literal.
DayLit: TypeAlias = bool | cmh.Literal


@dataclass(frozen=True)
class Penalty:
    """A soft term: ``weight`` names a field of ``Weights``; ``expr`` counts its units."""

    weight: str
    expr: cp_model.LinearExprT
    label: str


@dataclass
class ModelVars:
    model: cp_model.CpModel
    cands: Candidates  # the pairs modelled (a repair models only its window freely)
    #: every statically allowed pair: defines the fairness families and a repair's lost
    #: placements exactly as ``figures`` does (``None``: the same as ``cands``)
    eligible: Candidates | None = None
    x: dict[tuple[str, str, str], cp_model.IntVar] = field(default_factory=dict)
    work: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    night_day: dict[tuple[str, int], DayLit] = field(default_factory=dict)
    #: the terms the lexicographic stages optimise and hold (``roster.solver.stages``)
    worst: dict[str, cp_model.IntVar] = field(default_factory=dict)
    lowest_pct: cp_model.IntVar | None = None
    changes_others: cp_model.LinearExprT = 0
    changes_others_max: int = 0  # the most ``changes_others`` can be (its number of terms)
    #: family -> (load, target, unit) per officer: a stage holds fairness on these, not on
    #: ``worst`` (which a solution of another stage need not keep tight)
    loads: dict[str, list[tuple[cp_model.LinearExprT, int, int]]] = field(default_factory=dict)
    #: (wants, granted) per officer with wants: a stage holds the grant rate on these
    wants: list[tuple[int, cp_model.LinearExprT]] = field(default_factory=list)
    #: per officer in ``wants``, the order encoding of his wants granted (``leximin``)
    grant_steps: list[list[cp_model.IntVar]] = field(default_factory=list)
    #: training shifts missing against the trainees' targets (stage ``training``; issue 18)
    training_short: cp_model.LinearExprT | None = None

    def shifts_of(self, officer: str) -> Sequence[ShiftData]:
        return self.cands.by_officer[officer]


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    vars: ModelVars
    penalties: list[Penalty]
    build_time_s: float


def _officer_starts(shifts: Sequence[ShiftData]) -> list[int]:
    return [s.start for s in shifts]


def _overlapping(
    shifts: Sequence[ShiftData], starts: list[int], lo: int, hi: int, longest: int
) -> list[ShiftData]:
    """Shifts (sorted by start) that overlap ``[lo, hi)``, found by bisection."""
    first = bisect.bisect_right(starts, lo - longest)
    last = bisect.bisect_left(starts, hi)
    return [s for s in shifts[first:last] if s.end > lo]


# --- variables and hard structure -------------------------------------------------------------


def add_variables(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Hard (qualification, one place per shift): ``x`` exists only for a skill the officer
    has and the shift asks for, on statically allowed pairs; ``w = sum of x <= 1``."""
    for (officer, shift), skills in vars.cands.skills.items():
        xs = []
        for skill in skills:
            var = model.new_bool_var(f"x[{officer},{shift},{skill}]")
            vars.x[officer, shift, skill] = var
            xs.append(var)
        if len(xs) == 1:
            vars.work[officer, shift] = xs[0]
        else:
            w = model.new_bool_var(f"w[{officer},{shift}]")
            model.add(sum(xs) == w)
            vars.work[officer, shift] = w
    return []


def add_pinned(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Hard: pinned assignments are kept (checked lawful beforehand by ``solve``)."""
    for p in data.pinned:
        model.add(vars.x[p.officer, p.shift, p.skill] == 1)
    return []


def add_demand(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Hard: no over-staffing (places beyond the demand stay empty). Soft (``shortfall``,
    highest priority): every missing place. A shift breaking ``atw.max_shift`` or
    ``atw.night_max_len`` has no variables, so all its places are missing."""
    penalties = []
    for shift in data.shifts:
        for skill, need in shift.demand.items():
            if need <= 0:
                continue
            filled = [
                vars.x[o, shift.id, skill]
                for o in vars.cands.by_shift[shift.id]
                if (o, shift.id, skill) in vars.x
            ]
            if len(filled) > need:
                model.add(sum(filled) <= need)
            penalties.append(Penalty("shortfall", need - sum(filled), f"{shift.id}/{skill}"))
    return penalties


# --- rest and windows -------------------------------------------------------------------------


def add_rest(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Hard: ``project.overlap``, ``atw.daily_rest`` (ATW 5:3, 11 h) and
    ``atw.rest_after_night`` (ATW 5:8, 14 h after a night): two shifts that overlap or leave
    less than the rest owed after the earlier one are never both worked. The rest from the
    shift before the horizon is applied statically (eligibility)."""
    params = data.params
    reach = params.max_rest_minutes

    def conflict(a: ShiftData, b: ShiftData) -> bool:  # a starts no later than b
        return b.start < a.end or b.start - a.end < required_rest_after(a.night, params)

    for officer in data.officer_by_id:
        shifts = vars.shifts_of(officer)
        last_clique: set[str] = set()
        covered: set[tuple[str, str]] = set()  # pairs inside an emitted at-most-one
        for i, a in enumerate(shifts):
            clique = [a]
            clashes = []
            for b in shifts[i + 1 :]:
                if b.start >= a.end + reach:
                    break
                if conflict(a, b):
                    clashes.append(b)
                    if all(conflict(c, b) for c in clique[1:]):
                        clique.append(b)
            # One at-most-one per maximal run of mutually clashing shifts (e.g. early, late
            # and night of one day) instead of its pairs: a smaller model and a tighter LP.
            ids = {c.id for c in clique}
            if len(clique) >= 3 and not ids <= last_clique:
                model.add_at_most_one(vars.work[officer, c.id] for c in clique)
                last_clique = ids
                covered.update((c.id, d.id) for k, c in enumerate(clique) for d in clique[k + 1 :])
            wa = vars.work[officer, a.id]
            for b in clashes:
                if (a.id, b.id) not in covered:
                    model.add_bool_or([~wa, ~vars.work[officer, b.id]])
    return []


def add_max_week(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Hard: ``atw.max_week`` (ATW 5:7, rolling form): in every window of 7 x 24 h anchored
    at a candidate shift start, sum of worked minutes inside the window
    <= ``max_minutes_per_7_days``."""
    limit = data.params.max_minutes_per_7_days
    for officer in data.officer_by_id:
        shifts = vars.shifts_of(officer)
        if not shifts:
            continue
        starts = _officer_starts(shifts)
        longest = max(s.minutes for s in shifts)
        for t in sorted(set(starts)):
            inside = _overlapping(shifts, starts, t, t + WEEK_MINUTES, longest)
            coefs = [min(s.end, t + WEEK_MINUTES) - max(s.start, t) for s in inside]
            if sum(coefs) <= limit:
                continue
            lits = [vars.work[officer, s.id] for s in inside]
            model.add(cp_model.LinearExpr.weighted_sum(lits, coefs) <= limit)
    return []


class _FreeSpans:
    """Memoised ``free[o,r]`` literals: ``[r, r + rest)`` holds no worked shift of ``o``
    (True/False when decided at build time)."""

    def __init__(
        self,
        model: cp_model.CpModel,
        vars: ModelVars,
        officer: str,
        shifts: Sequence[ShiftData],
        rest: int,
        block: tuple[int, int] | None,
    ) -> None:
        self.model, self.vars, self.officer = model, vars, officer
        self.shifts, self.rest, self.block = shifts, rest, block
        self.starts = _officer_starts(shifts)
        self.longest = max(s.minutes for s in shifts)
        self.cache: dict[int, DayLit] = {}

    def free_at(self, r: int) -> DayLit:
        if r in self.cache:
            return self.cache[r]
        lit: DayLit
        if self.block is not None and self.block[0] < r + self.rest and r < self.block[1]:
            lit = False
        else:
            busy = _overlapping(self.shifts, self.starts, r, r + self.rest, self.longest)
            if not busy:
                lit = True
            else:
                var = self.model.new_bool_var(f"free[{self.officer},{r}]")
                off = [~self.vars.work[self.officer, s.id] for s in busy]
                self.model.add_bool_and(off).only_enforce_if(var)
                lit = var
        self.cache[r] = lit
        return lit


def add_weekly_rest(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Hard: ``atw.weekly_rest`` (ATW 5:5, 36 h in every 7 x 24 h). Equivalent window form
    of the stretch rule in ``roster.rules.checks``: for every candidate shift start ``a``,
    the window ``[a - D + 1, a - D + L)`` holds a free ``[r, r + D)``, where ``r`` is the
    window start or the end of a candidate shift (a free interval can always be slid left to
    one of those). ``free[o,r]`` implies that no shift overlapping ``[r, r + D)`` is worked.
    The history block ``[last_weekly_rest_end, last_shift_end)`` counts as work and anchors
    one more window, which may also end at ``last_shift_end``."""
    rest = data.params.min_weekly_rest_minutes
    for officer_data in data.officers:
        officer = officer_data.id
        shifts = vars.shifts_of(officer)
        if not shifts:
            continue
        starts = _officer_starts(shifts)
        hist = officer_data.history
        block: tuple[int, int] | None = None
        if (
            hist.last_weekly_rest_end is not None
            and hist.last_shift_end is not None
            and hist.last_weekly_rest_end < hist.last_shift_end
        ):
            block = (hist.last_weekly_rest_end, hist.last_shift_end)
        ends = sorted({s.end for s in shifts} | ({block[1]} if block else set()))
        occupied = _FreeSpans(model, vars, officer, shifts, rest, block)
        anchors = sorted(set(starts)) + ([block[0]] if block else [])
        for a in anchors:
            lo, hi = a - rest + 1, a - rest + WEEK_MINUTES
            rs = [lo, *ends[bisect.bisect_left(ends, lo) : bisect.bisect_right(ends, hi - rest)]]
            if block is not None and a == block[0]:
                rs.append(block[1])
            lits = [occupied.free_at(r) for r in rs]
            if any(lit is True for lit in lits):
                continue
            model.add_bool_or([lit for lit in lits if lit is not False])
    return []


# --- runs of days ----------------------------------------------------------------------------


def _neg(lit: DayLit) -> DayLit:
    if isinstance(lit, bool):
        return not lit
    return ~lit


def _or_literal(model: cp_model.CpModel, lits: Sequence[cp_model.IntVar], name: str) -> DayLit:
    """A literal equal to OR(lits)."""
    if not lits:
        return False
    if len(lits) == 1:
        return lits[0]
    var = model.new_bool_var(name)
    model.add_max_equality(var, lits)
    return var


def _sum_at_most(model: cp_model.CpModel, lits: Iterable[DayLit], limit: int) -> None:
    """Add ``sum(lits) <= limit`` with build-time constants folded in."""
    constant = 0
    variables: list[cmh.Literal] = []
    for lit in lits:
        if lit is True:
            constant += 1
        elif lit is not False:
            variables.append(lit)
    if variables and len(variables) + constant > limit:
        model.add(sum(variables) <= limit - constant)


def add_consecutive_days(
    model: cp_model.CpModel, vars: ModelVars, data: SolveInput
) -> list[Penalty]:
    """Hard: ``project.max_consecutive_days``: among any ``max + 1`` consecutive local days
    at least one has no shift start; the history run counts as worked days."""
    m = data.params.max_consecutive_working_days
    for officer_data in data.officers:
        officer = officer_data.id
        by_day: dict[int, list[cp_model.IntVar]] = {}
        for s in vars.shifts_of(officer):
            by_day.setdefault(s.day, []).append(vars.work[officer, s.id])
        if not by_day:
            continue
        worked: dict[int, DayLit] = {
            d: True for d in history_working_days(officer_data.history.rules_history(), 0)
        }
        for d, lits in by_day.items():
            if len(lits) == 1:
                worked[d] = lits[0]
            else:  # only an upper bound on the sum matters: w_d >= each shift of the day
                var = model.new_bool_var(f"day[{officer},{d}]")
                for lit in lits:
                    model.add_implication(lit, var)
                worked[d] = var
        for d0 in range(min(by_day) - m, max(by_day) + 1):
            _sum_at_most(model, (worked.get(d, False) for d in range(d0, d0 + m + 1)), m)
    return []


def _night_days(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> None:
    """Fully reified ``night_day[o,d]``: the officer starts a night and no other shift on
    local day ``d`` (history night days are True)."""
    for officer_data in data.officers:
        officer = officer_data.id
        nights: dict[int, list[cp_model.IntVar]] = {}
        others: dict[int, list[cp_model.IntVar]] = {}
        for s in vars.shifts_of(officer):
            (nights if s.night else others).setdefault(s.day, []).append(vars.work[officer, s.id])
        for d in history_night_days(officer_data.history.rules_history(), 0):
            vars.night_day[officer, d] = True
        for d, lits in nights.items():
            any_night = _or_literal(model, lits, f"night[{officer},{d}]")
            other = others.get(d, [])
            if not other:
                vars.night_day[officer, d] = any_night
                continue
            var = model.new_bool_var(f"nightday[{officer},{d}]")
            model.add_implication(var, any_night)
            for lit in other:
                model.add_implication(var, ~lit)
            model.add_bool_or([var, ~any_night, *other])
            vars.night_day[officer, d] = var


def add_night_series_len(
    model: cp_model.CpModel, vars: ModelVars, data: SolveInput
) -> list[Penalty]:
    """Hard: ``atw.night_series_len`` (ATW 5:8; project maximum 5): among any ``max + 1``
    consecutive days at least one is not a night day."""
    if not vars.night_day:
        _night_days(model, vars, data)
    m = data.params.max_consecutive_nights
    days_of: dict[str, list[int]] = {}
    for o, d in vars.night_day:
        days_of.setdefault(o, []).append(d)
    for officer, unsorted_days in days_of.items():
        days = sorted(unsorted_days)
        for d0 in range(days[0] - m, days[-1] + 1):
            lits = [vars.night_day.get((officer, d), False) for d in range(d0, d0 + m + 1)]
            _sum_at_most(model, lits, m)
    return []


class _SeriesEnds:
    """Memoised ``series[o,d]``: days ``d - span + 1 .. d`` are all night days. Only the
    direction "all night days -> series" is needed (it is used as a premise)."""

    def __init__(self, model: cp_model.CpModel, vars: ModelVars, officer: str, span: int) -> None:
        self.model, self.vars, self.officer, self.span = model, vars, officer, span
        self.cache: dict[int, DayLit] = {}

    def at(self, d: int) -> DayLit:
        if d in self.cache:
            return self.cache[d]
        lits = [
            self.vars.night_day.get((self.officer, k), False)
            for k in range(d - self.span + 1, d + 1)
        ]
        lit: DayLit
        if any(x is False for x in lits):
            lit = False
        else:
            open_lits = [x for x in lits if x is not True]
            if not open_lits:
                lit = True
            elif len(open_lits) == 1:
                lit = open_lits[0]
            else:
                var = self.model.new_bool_var(f"series[{self.officer},{d}]")
                self.model.add_bool_or([var, *(~x for x in open_lits)])
                lit = var
        self.cache[d] = lit
        return lit


def add_rest_after_night_series(
    model: cp_model.CpModel, vars: ModelVars, data: SolveInput
) -> list[Penalty]:
    """Hard: ``atw.rest_after_night_series`` (ATW 5:8, 46 h after 3+ nights). For a worked
    night ``n`` on day ``d`` that closes ``night_series_length`` night days, a shift ``j``
    starting within ``rest_after_night_series_minutes`` after ``n`` ends is forbidden when
    it is not a night, and allowed when it is a later night only if day ``d + 1`` is a night
    day (the series goes on). The history's last night acts as a worked night."""
    if not vars.night_day:
        _night_days(model, vars, data)
    params = data.params
    span = params.night_series_length
    rest = params.rest_after_night_series_minutes
    for officer_data in data.officers:
        officer = officer_data.id
        shifts = vars.shifts_of(officer)
        if not shifts:
            continue
        starts = _officer_starts(shifts)
        series = _SeriesEnds(model, vars, officer, span)
        sources: list[tuple[DayLit, int, int, str]] = [
            (vars.work[officer, s.id], s.end, s.day, s.id) for s in shifts if s.night
        ]
        hist = officer_data.history
        hist_days = history_night_days(hist.rules_history(), 0)
        if hist_days and hist.last_shift_end is not None:
            sources.append((True, hist.last_shift_end, hist_days[-1], ""))
        for lit_n, end_n, day_n, sid in sources:
            ser = series.at(day_n)
            if ser is False:
                continue
            lo = bisect.bisect_left(starts, end_n)
            hi = bisect.bisect_left(starts, end_n + rest)
            for j in shifts[lo:hi]:
                if j.id == sid or (j.night and j.day == day_n):
                    continue
                clause: list[DayLit] = [_neg(lit_n), _neg(ser), ~vars.work[officer, j.id]]
                if j.night:
                    clause.append(vars.night_day.get((officer, day_n + 1), False))
                if any(c is True for c in clause):
                    continue
                model.add_bool_or([c for c in clause if c is not False])
    return []


# --- soft terms --------------------------------------------------------------------------------


def add_fairness(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Soft (``fairness``), DESIGN 5: per family (nights, weekends, holidays, minutes vs
    contract; history ledger included) the worst deviation from the FTE-proportional target
    (``worst >= dev`` for every officer: minimised, so equal to the maximum, with no extra
    max-linearisation) plus the total; see ``roster.solver.figures``."""
    penalties = []
    for fam in fairness_families(data, vars.eligible or vars.cands):
        devs = []
        ubs = [0]
        for officer in fam.weight:
            terms = [
                (fam.contribution[s.id], vars.work[officer, s.id])
                for s in vars.shifts_of(officer)
                if s.id in fam.contribution
            ]
            lo = fam.base[officer]
            hi = lo + sum(c for c, _ in terms)
            ub = max(fam.deviation(officer, lo), fam.deviation(officer, hi))
            dev = model.new_int_var(0, ub, f"dev[{fam.name},{officer}]")
            load = lo + cp_model.LinearExpr.weighted_sum(
                [lit for _, lit in terms], [c for c, _ in terms]
            )
            target = fam.target[officer]
            vars.loads.setdefault(fam.name, []).append((load, target, fam.unit))
            model.add(fam.unit * dev >= load - target)
            model.add(fam.unit * dev >= target - load)
            devs.append(dev)
            ubs.append(ub)
        worst = model.new_int_var(0, max(ubs), f"worst[{fam.name}]")
        for dev in devs:  # worst >= max(devs); minimisation makes it equal
            model.add(worst >= dev)
        vars.worst[fam.name] = worst
        penalties.append(Penalty("fairness", worst, f"worst {fam.name}"))
        penalties.append(Penalty("fairness", sum(devs), f"total {fam.name}"))
    return penalties


def add_wishes(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Soft (``wish``, ``rather_not``, ``unsigned``): maximise the lowest want-grant
    percentage among officers with wants, then the wants granted; a ``rather_not`` shift
    given and a shift given without a sign-up cost their weights."""
    not_granted: list[cp_model.LinearExprT] = []
    rather_not: list[cp_model.IntVar] = []
    granted_by: dict[str, list[cp_model.IntVar]] = {}
    wants_by: dict[str, int] = {}
    for su in data.signups:
        lit = vars.work.get((su.officer, su.shift))
        if su.wish is Wish.WANT:
            wants_by[su.officer] = wants_by.get(su.officer, 0) + 1
            not_granted.append(1 if lit is None else 1 - lit)
            if lit is not None:
                granted_by.setdefault(su.officer, []).append(lit)
        elif su.wish is Wish.RATHER_NOT and lit is not None:
            rather_not.append(lit)
    unsigned = [lit for key, lit in vars.work.items() if key not in data.signup_by_key]
    penalties = [
        Penalty("wish", sum(not_granted), "wants not granted"),
        Penalty("rather_not", sum(rather_not), "rather-not shifts given"),
        Penalty("unsigned", sum(unsigned), "unsigned shifts given"),
    ]
    if wants_by:
        lowest = model.new_int_var(0, RATE_SCALE, "lowest_grant_pct")
        for officer, wants in wants_by.items():
            granted: cp_model.LinearExprT = sum(granted_by.get(officer, []))
            vars.wants.append((wants, granted))
            vars.grant_steps.append(add_grant_steps(model, officer, wants, granted))
            model.add(wants * lowest <= RATE_SCALE * granted)
        vars.lowest_pct = lowest
        penalties.append(Penalty("wish", RATE_SCALE - lowest, "lowest grant rate"))
    return penalties


def add_stability(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Soft (``stability``): each officer-shift pair added, removed or moved to another skill
    against ``previous`` (repair); nothing when there is no previous roster. The changes of
    officers other than the absent ones (``window.absent_officers``) are also the value of
    the stage ``changes``."""
    if not data.repair or data.previous is None:
        return []
    absent = absent_officers(data, vars.eligible or vars.cands)
    before = {(p.officer, p.shift): p.skill for p in data.previous}
    others: list[cp_model.LinearExprT] = []
    own: list[cp_model.LinearExprT] = []
    for (officer, shift), skill in before.items():
        var = vars.x.get((officer, shift, skill))
        (own if officer in absent else others).append(1 if var is None else 1 - var)
    for (officer, shift), lit in vars.work.items():
        if (officer, shift) not in before:
            (own if officer in absent else others).append(lit)
    vars.changes_others = sum(others)
    vars.changes_others_max = len(others)
    return [
        Penalty("stability", sum(others), "changes of other officers against previous"),
        Penalty("stability", sum(own), "changes of the absent officers against previous"),
    ]


def add_training(model: cp_model.CpModel, vars: ModelVars, data: SolveInput) -> list[Penalty]:
    """Hard: ``project.training_mentor``, a trainee's place only with a mentor on the shift;
    and the trainees' quota for the stage ``training`` (``roster.solver.training``)."""
    add_mentors_and_quota(model, vars, data)
    return []


def build_objective(
    model: cp_model.CpModel, penalties: Sequence[Penalty], weights: Weights
) -> cp_model.LinearExprT:
    """The objective, in ONE place: sum of ``weights.<name> * units`` over all penalties."""
    objective: cp_model.LinearExprT = sum(
        int(getattr(weights, p.weight)) * p.expr for p in penalties
    )
    model.minimize(objective)
    return objective


RULE_FAMILIES = (
    add_variables,
    add_pinned,
    add_demand,
    add_rest,
    add_max_week,
    add_weekly_rest,
    add_consecutive_days,
    add_night_series_len,
    add_rest_after_night_series,
    add_training,
    add_fairness,
    add_wishes,
    add_stability,
    add_fatigue_cap,  # roster.solver.fatigue: hard, only with a ``fatigue`` cap in the input
)


def build_model(
    data: SolveInput, cands: Candidates | None = None, modelled: Candidates | None = None
) -> BuiltModel:
    """The full model with its objective. ``solve`` checks pinned assignments first.
    ``modelled`` (a subset of ``cands``) limits the variables, e.g. to a repair's window."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    eligible = cands if cands is not None else candidates(data)
    vars = ModelVars(model, modelled if modelled is not None else eligible, eligible)
    penalties: list[Penalty] = []
    for family in RULE_FAMILIES:
        penalties.extend(family(model, vars, data))
    build_objective(model, penalties, data.weights)
    return BuiltModel(model, vars, penalties, time.perf_counter() - started)


def hint_assignments(built: BuiltModel, assignments: Mapping[tuple[str, str], str]) -> None:
    """Hint every ``x``: 1 for the (officer, shift) -> skill given, else 0."""
    for (officer, shift, skill), var in built.vars.x.items():
        built.model.add_hint(var, 1 if assignments.get((officer, shift)) == skill else 0)
