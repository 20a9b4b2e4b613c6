"""Every figure of a result, computed from the assignments alone (never from the model).

The objective is defined HERE, term by term; ``build.py`` encodes the same quantities so
that, once its slack variables are tight, the model objective equals ``Terms.total``:

- ``shortfall`` = ``weights.shortfall`` x missing places (demand minus filled, per skill).
- ``fairness`` = ``weights.fairness`` x sum over families of (worst deviation + total
  deviation). Families: ``night``, ``weekend``, ``holiday`` (count of assigned shifts with
  that burden plus the history ledger) and ``minutes`` (assigned minutes plus the history's
  ``minutes_delta``). Each officer has an integer *target*: his share of the family's total
  (history plus every place filled) in proportion to his FTE weight (FTE = contract minutes
  per week / 2160, the 36 h police week; for ``minutes`` scaled by the share of the horizon
  he is available), rounded to the nearest load he can reach (whole burdens; for minutes
  ``minutes_delta`` plus whole 8 h shifts). ``deviation = ceil(|load - target| / unit)``
  with ``unit`` one burden or 480 minutes, so a fairness unit (weight 100) stays far below
  a missing place (10000): fairness never buys an empty place. Integer targets keep the
  LP relaxation tight (no rounding cost the LP cannot see). A burden family covers only
  officers who could take at least one shift with that burden (night-exempt officers are
  not "behind" on nights).
- ``wish`` = ``weights.wish`` x (wants not granted + (100 - lowest grant percentage among
  officers with wants, floored per officer)) + ``weights.rather_not`` x rather-not shifts
  given + ``weights.unsigned`` x shifts given without a sign-up.
- ``stability`` = ``weights.stability`` x changes against ``previous`` (an officer-shift
  pair that was added, removed or changed skill); 0 when ``previous`` is absent or empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from roster.solver.eligibility import Candidates, candidates, fillable
from roster.solver.training import training_figures
from roster.solver.types import (
    FTE_MINUTES,
    Fairness,
    OfficerFigures,
    Placement,
    SolveInput,
    StageName,
    Terms,
    TrainingFigures,
    Wish,
)
from roster.solver.window import absent_officers

#: Deviation unit of the minutes family: one standard 8 h shift.
MINUTES_UNIT = 480
#: Grant rates are compared in whole percent.
RATE_SCALE = 100

FAMILY_NAMES = ("night", "weekend", "holiday", "minutes")
#: The wishes stage raises this many of the lowest grant levels in turn (leximin over the
#: worst few: the lowest rate, how many officers are at it, the next rate, ...).
WISH_LEVELS = 3
#: The sense of a stage: ``wishes`` is maximised, every other stage minimised.
MIN, MAX = "min", "max"


def _round_div(num: int, den: int) -> int:
    """Integer division rounded half up (for non-negative den)."""
    return (2 * num + den) // (2 * den)


@dataclass(frozen=True)
class FairnessFamily:
    name: str
    unit: int  # load per deviation unit: 1 burden, or MINUTES_UNIT minutes
    weight: Mapping[str, int]  # officer -> FTE weight (> 0); only covered officers
    base: Mapping[str, int]  # officer -> history part of the load
    contribution: Mapping[str, int]  # shift -> load added per assignment
    target: Mapping[str, int]  # officer -> integer target load

    def deviation(self, officer: str, load: int) -> int:
        """ceil(|load - target| / unit)"""
        return -(-abs(load - self.target[officer]) // self.unit)

    def per_fte(self, officer: str, load: int) -> float:
        """Load per FTE, in burdens or in hours."""
        hours = 60 if self.unit == MINUTES_UNIT else 1
        return load * FTE_MINUTES / self.weight[officer] / hours


def _targets(
    total: int, weight: Mapping[str, int], base: Mapping[str, int], step: int
) -> dict[str, int]:
    """Share of ``total`` per FTE weight, rounded to ``base + k * step`` (k >= 0 whole)."""
    full = sum(weight.values())
    out = {}
    for o, w in weight.items():
        share = _round_div(total * w, full)
        out[o] = base[o] + step * max(0, _round_div(share - base[o], step))
    return out


def available_minutes(inp: SolveInput, officer: str) -> int:
    """Minutes of the horizon not covered by the officer's unavailability."""
    horizon = inp.horizon_minutes
    spans = sorted(
        (max(0, u.start), min(horizon, u.end))
        for u in inp.unavailable_by_officer.get(officer, ())
        if u.end > 0 and u.start < horizon
    )
    covered, reach = 0, 0
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return horizon - covered


def fairness_families(inp: SolveInput, cands: Candidates | None = None) -> list[FairnessFamily]:
    cands = cands if cands is not None else candidates(inp)
    params = inp.params
    fillable_shifts = [s for s in inp.shifts if fillable(s, params)]
    families: list[FairnessFamily] = []
    for burden in ("night", "weekend", "holiday"):
        contribution = {s.id: 1 for s in fillable_shifts if burden in s.burdens}
        weight = {
            o.id: o.contract_minutes_per_week
            for o in inp.officers
            if any(s.id in contribution for s in cands.by_officer[o.id])
        }
        if not weight:
            continue
        base = {o: inp.officer_by_id[o].history.burden(burden) for o in weight}
        demand = sum(inp.shift_by_id[s].places for s in contribution)
        target = _targets(sum(base.values()) + demand, weight, base, 1)
        families.append(FairnessFamily(burden, 1, weight, base, contribution, target))
    horizon = inp.horizon_minutes
    weight = {}
    for o in inp.officers:
        w = _round_div(o.contract_minutes_per_week * available_minutes(inp, o.id), horizon)
        if w > 0 and cands.by_officer[o.id]:
            weight[o.id] = w
    if weight:
        contribution = {s.id: s.minutes for s in fillable_shifts}
        base = {o: inp.officer_by_id[o].history.minutes_delta for o in weight}
        demand = sum(s.minutes * s.places for s in fillable_shifts)
        target = _targets(sum(base.values()) + demand, weight, base, MINUTES_UNIT)
        families.append(FairnessFamily("minutes", MINUTES_UNIT, weight, base, contribution, target))
    return families


@dataclass(frozen=True)
class Figures:
    """Everything ``solve`` reports about a roster, recomputed from its assignments."""

    officers: tuple[OfficerFigures, ...]
    fairness: Fairness
    changes: int
    terms: Terms
    missing: Mapping[tuple[str, str], int]  # (shift, skill) -> missing places
    #: family -> the worst officer's deviation from his target, in units (stage ``fairness``)
    worst_deviation: Mapping[str, int]
    #: the lowest want-grant percentage (floored per officer); None without wants
    min_grant_pct: int | None
    #: changes of officers other than the absent ones (stage ``changes``; 0 without repair)
    changes_others: int
    #: per trainee his training shifts against his target, and the sum of what is missing
    #: (stage ``training``; ``roster.solver.training``)
    training: tuple[TrainingFigures, ...] = ()
    training_short: int = 0

    @property
    def objective(self) -> int:
        return self.terms.total


def family_loads(family: FairnessFamily, worked: Mapping[str, Iterable[str]]) -> dict[str, int]:
    return {
        o: family.base[o] + sum(family.contribution.get(s, 0) for s in worked.get(o, ()))
        for o in family.weight
    }


def missing_places(inp: SolveInput, assignments: Sequence[Placement]) -> dict[tuple[str, str], int]:
    filled: dict[tuple[str, str], int] = {}
    for p in assignments:
        filled[p.shift, p.skill] = filled.get((p.shift, p.skill), 0) + 1
    missing: dict[tuple[str, str], int] = {}
    for s in inp.shifts:
        for skill, need in s.demand.items():
            gap = need - filled.get((s.id, skill), 0)
            if gap > 0:
                missing[s.id, skill] = gap
    return missing


def changed_pairs(inp: SolveInput, assignments: Sequence[Placement]) -> set[tuple[str, str]]:
    """(officer, shift) pairs added, removed or given another skill against ``previous``."""
    if not inp.repair or inp.previous is None:
        return set()
    before = {(p.officer, p.shift): p.skill for p in inp.previous}
    after = {(p.officer, p.shift): p.skill for p in assignments}
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def count_changes(inp: SolveInput, assignments: Sequence[Placement]) -> int:
    return len(changed_pairs(inp, assignments))


def _spread(values: list[float]) -> float:
    return round(max(values) - min(values), 4) if values else 0.0


def compute_figures(
    inp: SolveInput, assignments: Sequence[Placement], cands: Candidates | None = None
) -> Figures:
    weights = inp.weights
    cands = cands if cands is not None else candidates(inp)
    worked: dict[str, list[str]] = {o.id: [] for o in inp.officers}
    for p in assignments:
        worked.setdefault(p.officer, []).append(p.shift)

    wants_of: dict[str, list[str]] = {}
    for signup in inp.signups:
        if signup.wish is Wish.WANT:
            wants_of.setdefault(signup.officer, []).append(signup.shift)
    officers: list[OfficerFigures] = []
    not_granted = rather_not = unsigned = 0
    rates: list[tuple[int, int]] = []
    for o in inp.officers:
        shifts = [inp.shift_by_id[s] for s in worked[o.id]]
        mine = {s.id for s in shifts}
        wants = wants_of.get(o.id, [])
        granted = sum(1 for shift_id in wants if shift_id in mine)
        rn = sum(
            1
            for s in shifts
            if (su := inp.signup_by_key.get((o.id, s.id))) is not None
            and su.wish is Wish.RATHER_NOT
        )
        uns = sum(1 for s in shifts if (o.id, s.id) not in inp.signup_by_key)
        officers.append(
            OfficerFigures(
                id=o.id,
                minutes=sum(s.minutes for s in shifts),
                nights=sum(1 for s in shifts if "night" in s.burdens),
                weekends=sum(1 for s in shifts if "weekend" in s.burdens),
                holidays=sum(1 for s in shifts if "holiday" in s.burdens),
                wishes_want=len(wants),
                wishes_granted=granted,
                rather_not_given=rn,
                unsigned_given=uns,
            )
        )
        not_granted += len(wants) - granted
        rather_not += rn
        unsigned += uns
        if wants:
            rates.append((granted, len(wants)))

    families = fairness_families(inp, cands)
    fairness_units = 0
    spreads: dict[str, float] = {}
    worst: dict[str, int] = {}
    for fam in families:
        loads = family_loads(fam, worked)
        devs = [fam.deviation(o, load) for o, load in loads.items()]
        worst[fam.name] = max(devs)
        fairness_units += max(devs) + sum(devs)
        spreads[fam.name] = _spread([fam.per_fte(o, load) for o, load in loads.items()])

    min_pct = min((RATE_SCALE * g // w for g, w in rates), default=RATE_SCALE)
    min_rate = min((g / w for g, w in rates), default=1.0)
    wish_units = not_granted + (RATE_SCALE - min_pct if rates else 0)
    missing = missing_places(inp, assignments)
    changed = changed_pairs(inp, assignments)
    changes = len(changed)
    absent = absent_officers(inp, cands) if changed else frozenset()
    changes_others = sum(1 for officer, _shift in changed if officer not in absent)
    terms = Terms(
        shortfall=weights.shortfall * sum(missing.values()),
        fairness=weights.fairness * fairness_units,
        wish=weights.wish * wish_units
        + weights.rather_not * rather_not
        + weights.unsigned * unsigned,
        stability=weights.stability * changes,
    )
    fairness = Fairness(
        nights_per_fte_spread=spreads.get("night", 0.0),
        weekends_per_fte_spread=spreads.get("weekend", 0.0),
        holidays_per_fte_spread=spreads.get("holiday", 0.0),
        hours_balance_per_fte_spread=spreads.get("minutes", 0.0),
        min_wish_grant_rate=round(min_rate, 4),
    )
    training, training_short = training_figures(inp, assignments)
    return Figures(
        tuple(officers),
        fairness,
        changes,
        terms,
        missing,
        worst_deviation=worst,
        min_grant_pct=min_pct if rates else None,
        changes_others=changes_others,
        training=training,
        training_short=training_short,
    )


def stage_detail(name: StageName, figures: Figures) -> dict[str, int]:
    """The held values of a stage on a roster (``stages.hold``): per family the worst
    deviation for ``fairness``, the lowest ``WISH_LEVELS`` levels for ``wishes``
    (``levels_detail``)."""
    if name is StageName.SHORTFALL:
        return {"shortfall": sum(figures.missing.values())}
    if name is StageName.CHANGES:
        return {"changes": figures.changes_others}
    if name is StageName.TRAINING:
        return {"training": figures.training_short}
    if name is StageName.FAIRNESS:
        return dict(figures.worst_deviation)
    if name is StageName.WISHES:
        return levels_detail(wish_levels(figures.officers))
    return {"totals": figures.objective}


def stage_value(name: StageName, figures: Figures) -> int:
    """The stage's reported value on a roster: the sum of its held terms; for ``wishes`` the
    lowest want-grant percentage (100 without wants)."""
    if name is StageName.WISHES:
        return RATE_SCALE if figures.min_grant_pct is None else figures.min_grant_pct
    return sum(stage_detail(name, figures).values())


def stage_rank(name: StageName, figures: Figures) -> tuple[int, ...]:
    """What the search compares of a stage, each entry to be minimised, the first the most
    important: the stage's value (negated for ``max``); for ``wishes`` the leximin levels,
    ``(-rate_1, officers_1, -rate_2, officers_2, ...)`` over ``WISH_LEVELS`` levels (a
    level that does not exist, every officer being in a lower one, compares as
    ``(-(RATE_SCALE + 1), 0)``: only rosters with the same levels before it meet it)."""
    if name is not StageName.WISHES:
        value = stage_value(name, figures)
        return (-value if stage_sense(name) == MAX else value,)
    levels = wish_levels(figures.officers)
    out: list[int] = []
    for k in range(WISH_LEVELS):
        level = levels[k] if k < len(levels) else WishLevel(RATE_SCALE + 1, 0)
        out += [-level.rate, level.officers]
    return tuple(out)


@dataclass(frozen=True)
class WishLevel:
    """A want-grant level of a roster: a rate (whole percent, floored per officer) and how
    many officers with wants are at exactly that rate."""

    rate: int
    officers: int


def wish_levels(
    officers: Iterable[OfficerFigures], levels: int = WISH_LEVELS
) -> tuple[WishLevel, ...]:
    """The lowest ``levels`` distinct want-grant rates among officers with wants, lowest
    first, each with the number of officers at it (sorted, these are the leximin vector)."""
    count: dict[int, int] = {}
    for o in officers:
        if o.wishes_want:
            rate = RATE_SCALE * o.wishes_granted // o.wishes_want
            count[rate] = count.get(rate, 0) + 1
    return tuple(WishLevel(rate, count[rate]) for rate in sorted(count)[:levels])


def levels_detail(levels: Sequence[WishLevel]) -> dict[str, int]:
    """``{"rate_1": .., "officers_1": .., "rate_2": ..}``: the ``wishes`` stage's detail."""
    out: dict[str, int] = {}
    for k, level in enumerate(levels, start=1):
        out[f"rate_{k}"] = level.rate
        out[f"officers_{k}"] = level.officers
    return out


def detail_levels(detail: Mapping[str, int]) -> list[WishLevel]:
    """The levels of a ``wishes`` detail (``levels_detail`` inverted)."""
    out = []
    k = 1
    while f"rate_{k}" in detail:
        out.append(WishLevel(detail[f"rate_{k}"], detail[f"officers_{k}"]))
        k += 1
    return out


def detail_sense(name: StageName, key: str) -> str:
    """Whether a detail entry is better higher (``max``: a wishes rate) or lower."""
    return MAX if name is StageName.WISHES and key.startswith("rate_") else MIN


def stage_ideal(name: StageName) -> int:
    """The best value a stage can have: no time is spent on a roster that has it."""
    return RATE_SCALE if name is StageName.WISHES else 0


def stage_sense(name: StageName) -> str:
    return MAX if name is StageName.WISHES else MIN
