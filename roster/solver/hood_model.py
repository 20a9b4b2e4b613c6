"""A neighbourhood's own small model, for the stage search on large police models.

``stage_search.StageProblem`` re-solves a neighbourhood on the stage's whole model (every
assignment outside it fixed by narrowing its domain): at 250 officers x 28 days CP-SAT
presolves an 88 000-variable model for each neighbourhood. ``HoodProblem`` builds a model of
the neighbourhood alone with ``build.build_model(modelled=...)``, as a repair's window does
(``window.window_candidates``), on an input of the freed officers only:

- the freed officers' candidate places on the neighbourhood's days are free;
- their other placements are modelled and fixed to 1 (every one, so their rest, weekly rest,
  series and 7-day windows across the edges, their fairness loads and grant rates are exact);
- the other officers are left out: each shift's demand is what they leave open (so the
  shortfall is the roster's, and a place they fill cannot be filled twice).

The stage's objective on the sub-model: what the other officers contribute is a constant
read from the current roster: the worst deviation per fairness family is ``max(others'
worst, freed officers' deviations)``; the lowest grant rate is ``min(others' lowest, freed
officers' rates)``; ``totals`` is the weighted sum with the fairness terms and the lowest
rate over every officer (each other term is a sum whose other officers' part is constant).
The stages before it are held on the freed officers, term by term (each fairness family at
most its current worst, each grant rate at least the current lowest, the shortfall at most
the current one), so no earlier stage's hold can break.

The key the search compares (``_key``) is ``stage_key`` with the searched stage's ties broken
by the number of officers at its worst term (fairness: at each family's worst deviation;
wishes: at the lowest grant rate), and the sub-model minimises that pair: freeing a few
officers rarely moves the worst term itself, but it can take officers off it, which the
next neighbourhood builds on.

Only ``shortfall``, ``fairness``, ``wishes`` and ``totals`` are modelled, and trainees need
mentors who may not be freed (``supports``): a repair (``changes``) or a team with trainees
keeps ``StageProblem``. Whatever the sub-model returns, the key is recomputed from the whole
roster, and a better roster is taken only when ``hard_rules.check_assignments`` finds nothing
(a sub-model missing a rule could cost an improvement, never a lawful roster; counted in
``<stage>_sub_unlawful``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from roster.solver.build import BuiltModel, build_model
from roster.solver.eligibility import Candidates
from roster.solver.figures import (
    RATE_SCALE,
    Figures,
    compute_figures,
    fairness_families,
    family_loads,
)
from roster.solver.hard_rules import check_assignments
from roster.solver.lns import Candidate, Neighbourhood
from roster.solver.stage_search import SUB_PRESOLVE_ITERATIONS, Current, StageProblem, stage_key
from roster.solver.stages import shortfall_expr
from roster.solver.training import trainings
from roster.solver.types import Placement, ShiftData, SolveInput, StageName, Wish
from roster.solver.window import reach_days

#: Stages the sub-model knows how to optimise and to hold.
SUPPORTED = frozenset({StageName.SHORTFALL, StageName.FAIRNESS, StageName.WISHES, StageName.TOTALS})


#: Upper bound of a family's worst deviation in the sub-model (in units).
WORST_MAX = 10_000


#: Neighbourhoods get models of their own only on a stage model above this many variables
#: (``used``). Measured at load 5-7 (docs/benchmarks.md): on 250 officers x 28 days (88 000
#: variables) the stage-model search ran 5-9 neighbourhoods per stage, this one 15-17, and
#: fairness came out 5 against 6 and 8; on 60 x 28 (21 000) the stage-model search ran twice
#: as many neighbourhoods and the stages came out as good or better (wishes 22/16/14 %
#: against 14/14/16 %).
HUGE_MODEL_VARIABLES = 50_000
#: Share of a stage for the whole-model solve when neighbourhoods get models of their own
#: (``lns.WHOLE_SHARE`` otherwise): at 250 x 28 that solve found no roster and proved no
#: bound within 60 s.
HUGE_WHOLE_SHARE = 0.1


def supports(inp: SolveInput, stages: Sequence[tuple[StageName, str]]) -> bool:
    """Every stage of the key can be modelled on a neighbourhood, and no trainee needs a
    mentor (who may be an officer not freed)."""
    return all(name in SUPPORTED for name, _sense in stages) and not trainings(inp)


def used(inp: SolveInput, stages: Sequence[tuple[StageName, str]], variables: int) -> bool:
    """The stage search of ``solve`` uses ``HoodProblem``: outside a repair, on a stage
    model above ``HUGE_MODEL_VARIABLES``, when ``supports``."""
    return not inp.repair and variables > HUGE_MODEL_VARIABLES and supports(inp, stages)


class HoodProblem(StageProblem):
    """``StageProblem`` whose neighbourhoods are re-solved on a model of their own (module
    docstring). ``built`` is used only for the officers' candidate places; its model is left
    untouched, and a found roster carries no solution vector of it (``Current.solution`` is
    ``None``: ``solve`` hints a later whole-model solve with the assignments)."""

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.families = fairness_families(self.inp, self.cands)
        self._day = {s.id: s.day for s in self.inp.shifts}
        # days between two shifts that may still meet in one rule (a fatigue score looks
        # back over the whole horizon); the freed officers' placements further away from a
        # neighbourhood's days are constants
        self._reach = reach_days(self.inp.params) + 1 if self.inp.fatigue is None else 10**6
        self._dropped: dict[str, list[str]] = {}
        self._wants: dict[str, list[str]] = {}
        for su in self.inp.signups:
            if su.wish is Wish.WANT:
                self._wants.setdefault(su.officer, []).append(su.shift)
        self._current_key = self._key(self.current.roster, self.current.figures)
        #: what the sub-solves cost and did (``stats``)
        self.build_s = 0.0
        self.solve_s = 0.0
        self.check_s = 0.0
        self.unlawful = 0
        #: the tie literals of the sub-model being built (``_key``'s second term)
        self._ties: list[cp_model.IntVar] = []

    # --- the key ------------------------------------------------------------------------

    def _key(self, roster: Sequence[Placement], figures: Figures) -> tuple[int, ...]:
        """``stage_key``, with the stage's ties broken by how many officers sit at its worst
        term (per fairness family the officers at the worst deviation; the officers at the
        lowest grant rate): a roster with fewer of them is a step towards a better value,
        which a neighbourhood of a few officers can rarely reach in one go."""
        here = [name for name, _sense in self.stages].index(self.stage) + 1
        return (
            *stage_key(self.stages[:here], figures),
            self._at_worst(roster, figures),
            *stage_key(self.stages[here:], figures),
        )

    def _at_worst(self, roster: Sequence[Placement], figures: Figures) -> int:
        if self.stage is StageName.FAIRNESS:
            worked: dict[str, list[str]] = {}
            for p in roster:
                worked.setdefault(p.officer, []).append(p.shift)
            count = 0
            for fam in self.families:
                worst = figures.worst_deviation.get(fam.name, 0)
                if worst > 0:
                    loads = family_loads(fam, worked)
                    count += sum(1 for o, load in loads.items() if fam.deviation(o, load) == worst)
            return count
        if self.stage is StageName.WISHES and figures.min_grant_pct is not None:
            lowest = figures.min_grant_pct
            return sum(
                1
                for o in figures.officers
                if o.wishes_want and RATE_SCALE * o.wishes_granted // o.wishes_want == lowest
            )
        return 0

    # --- the sub-model ------------------------------------------------------------------

    def _modelled(
        self, hood: Neighbourhood
    ) -> tuple[SolveInput, Candidates, set[tuple[str, str, str]]]:
        """The input of the sub-model (the freed officers only, each shift's demand less the
        places the other officers fill), its pairs, and the free ``x`` keys among them."""
        inp, cands = self.inp, self.cands
        freed = set(hood.officers)
        roster = self.current.roster
        others: dict[tuple[str, str], int] = {}
        for p in roster:
            if p.officer not in freed:
                others[p.shift, p.skill] = others.get((p.shift, p.skill), 0) + 1
        skills: dict[tuple[str, str], tuple[str, ...]] = {}
        free: set[tuple[str, str, str]] = set()
        for officer in freed:
            for s in cands.by_officer[officer]:
                if hood.first <= s.day < hood.stop:
                    pair = (officer, s.id)
                    open_ = tuple(
                        k
                        for k in cands.skills[pair]
                        if s.demand.get(k, 0) > others.get((s.id, k), 0)
                    )
                    if open_:
                        skills[pair] = open_
                        free.update((officer, s.id, k) for k in open_)
        # the freed officers' other placements, fixed; those further from the days than any
        # rule reaches are left out (constants of their loads and grant rates: ``_dropped``)
        lo, hi = hood.first - self._reach, hood.stop + self._reach
        self._dropped = {o: [] for o in hood.officers}
        for p in roster:
            if p.officer in freed and (p.officer, p.shift) not in skills:
                if lo <= self._day[p.shift] < hi:
                    skills[p.officer, p.shift] = (p.skill,)
                else:  # its place is filled, as the other officers' are
                    self._dropped[p.officer].append(p.shift)
                    others[p.shift, p.skill] = others.get((p.shift, p.skill), 0) + 1
        by_officer: dict[str, list[ShiftData]] = {o: [] for o in hood.officers}
        by_shift: dict[str, list[str]] = {s.id: [] for s in inp.shifts}
        for officer in hood.officers:
            for s in cands.by_officer[officer]:  # keeps his shifts in start order
                if (officer, s.id) in skills:
                    by_officer[officer].append(s)
                    by_shift[s.id].append(officer)
        sub_input = replace(
            inp,
            officers=tuple(inp.officer_by_id[o] for o in hood.officers),
            shifts=tuple(
                replace(
                    s,
                    demand={k: n - others.get((s.id, k), 0) for k, n in s.demand.items()},
                )
                for s in inp.shifts
            ),
            signups=tuple(su for su in inp.signups if su.officer in freed),
            unavailable=(),  # already in the candidates
            pinned=tuple(p for p in inp.pinned if p.officer in freed),
        )
        return sub_input, Candidates(skills, by_officer, by_shift), free

    def _objective(
        self, sub: BuiltModel, freed: set[str], stage: StageName, hold: bool
    ) -> cp_model.LinearExprT | None:
        """The stage's objective on ``sub`` (``None`` when ``hold``), or its hold."""
        model = sub.model
        figures = self.current.figures
        if stage is StageName.SHORTFALL:
            if hold:  # the demand is what the others leave: the shortfall is the roster's
                model.add(shortfall_expr(sub) <= sum(figures.missing.values()))
                return None
            return shortfall_expr(sub)
        if stage is StageName.FAIRNESS:
            worsts, _devs = self._fairness(sub, freed, hold)
            if hold:
                return None
            ties = self._ties
            self._ties = []
            return (len(ties) + 1) * sum(worsts) + sum(ties)
        if stage is StageName.WISHES:
            lowest = self._lowest(sub, freed, hold)
            if hold or lowest is None:
                return None
            ties = self._ties
            self._ties = []
            return (len(ties) + 1) * (RATE_SCALE - lowest) + sum(ties)
        # totals: the weighted sum, with the fairness terms and the lowest rate replaced by
        # the ones over every officer (the sub-input's families know the freed ones only)
        worsts, devs = self._fairness(sub, freed, False)
        lowest = self._lowest(sub, freed, False)
        weights = self.inp.weights
        total: list[cp_model.LinearExprT] = [
            int(getattr(weights, p.weight)) * p.expr
            for p in sub.penalties
            if p.weight != "fairness" and p.label != "lowest grant rate"
        ]
        total.append(weights.fairness * (sum(worsts) + sum(devs)))
        if lowest is not None:
            total.append(weights.wish * (RATE_SCALE - lowest))
        return sum(total)

    def _fairness(
        self, sub: BuiltModel, freed: set[str], hold: bool
    ) -> tuple[list[cp_model.IntVar], list[cp_model.IntVar]]:
        """Per family the worst deviation over every officer, and the freed officers'
        deviations (``hold``: each freed officer at most the current worst instead)."""
        model, v = sub.model, sub.vars
        worked: dict[str, list[str]] = {}
        for p in self.current.roster:
            worked.setdefault(p.officer, []).append(p.shift)
        worsts: list[cp_model.IntVar] = []
        devs: list[cp_model.IntVar] = []
        for fam in self.families:
            held = self.current.figures.worst_deviation.get(fam.name, 0)
            worst = None
            if not hold:
                loads = family_loads(fam, worked)
                others = max(
                    (fam.deviation(o, load) for o, load in loads.items() if o not in freed),
                    default=0,
                )
                worst = model.new_int_var(others, WORST_MAX, f"sub_worst[{fam.name}]")
                worsts.append(worst)
            for officer in sorted(freed & set(fam.weight)):
                terms = [
                    (fam.contribution[s.id], v.work[officer, s.id])
                    for s in v.shifts_of(officer)
                    if s.id in fam.contribution
                ]
                dropped = sum(fam.contribution.get(s, 0) for s in self._dropped[officer])
                load = (
                    fam.base[officer]
                    + dropped
                    + cp_model.LinearExpr.weighted_sum(
                        [lit for _c, lit in terms], [c for c, _lit in terms]
                    )
                )
                target = fam.target[officer]
                if worst is None:
                    model.add(load - target <= fam.unit * held)
                    model.add(target - load <= fam.unit * held)
                    continue
                dev = model.new_int_var(0, WORST_MAX, f"sub_dev[{fam.name},{officer}]")
                model.add(load - target <= fam.unit * dev)
                model.add(target - load <= fam.unit * dev)
                model.add(worst >= dev)
                devs.append(dev)
                if held > 0:  # at (or above) the current worst: a tie of ``_key``
                    at = model.new_bool_var(f"sub_at_worst[{fam.name},{officer}]")
                    model.add(dev <= held - 1).only_enforce_if(~at)
                    self._ties.append(at)
        return worsts, devs

    def _lowest(
        self, sub: BuiltModel, free_officers: set[str], hold: bool
    ) -> cp_model.IntVar | None:
        """The lowest grant rate over every officer with wants (``hold``: each freed
        officer's rate at least the current lowest instead)."""
        model, v = sub.model, sub.vars
        figures = self.current.figures
        if figures.min_grant_pct is None:
            return None
        others = RATE_SCALE
        for o in figures.officers:
            if o.wishes_want and o.id not in free_officers:
                others = min(others, RATE_SCALE * o.wishes_granted // o.wishes_want)
        lowest = None if hold else model.new_int_var(0, others, "sub_lowest_pct")
        for officer in sorted(free_officers):
            wants = self._wants.get(officer)
            if not wants:
                continue
            dropped = set(self._dropped[officer])
            granted: cp_model.LinearExprT = sum(1 for s in wants if s in dropped) + sum(
                v.work[officer, s] for s in wants if (officer, s) in v.work
            )
            if lowest is None:  # hold
                model.add(len(wants) * figures.min_grant_pct <= RATE_SCALE * granted)
                continue
            model.add(len(wants) * lowest <= RATE_SCALE * granted)
            if figures.min_grant_pct < RATE_SCALE:  # at the current lowest: a tie of ``_key``
                at = model.new_bool_var(f"sub_at_lowest[{officer}]")
                model.add(
                    RATE_SCALE * granted >= len(wants) * (figures.min_grant_pct + 1)
                ).only_enforce_if(~at)
                self._ties.append(at)
        return lowest

    # --- lns.Problem --------------------------------------------------------------------

    def resolve(self, hood: Neighbourhood, time_limit_s: float, seed: int) -> Candidate | None:
        started = time.perf_counter()
        free_officers = set(hood.officers)
        sub_input, modelled, free = self._modelled(hood)
        sub = build_model(sub_input, self.cands, modelled)
        self._ties = []
        model = sub.model
        chosen = {(p.officer, p.shift): p.skill for p in self.current.roster}
        for (officer, shift, skill), var in sub.vars.x.items():
            if (officer, shift, skill) in free:
                model.add_hint(var, int(chosen.get((officer, shift)) == skill))
            else:  # a freed officer's placement outside the days
                domain = model.proto.variables[var.index].domain
                domain.clear()
                domain.extend((1, 1))
        names = [name for name, _sense in self.stages]
        for name in names[: names.index(self.stage)]:
            self._objective(sub, free_officers, name, True)
        objective = self._objective(sub, free_officers, self.stage, False)
        if objective is None:
            return None
        model.minimize(objective)
        self.build_s += time.perf_counter() - started
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_time_in_seconds = max(0.05, time_limit_s - (time.perf_counter() - started))
        params.num_workers = self.workers
        params.random_seed = seed
        params.max_presolve_iterations = SUB_PRESOLVE_ITERATIONS
        params.cp_model_probing_level = 0
        t0 = time.perf_counter()
        code = solver.solve(model)
        self.solve_s += time.perf_counter() - t0
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        t0 = time.perf_counter()
        placements = [
            p
            for p in self.current.roster
            if not (p.officer in free_officers and hood.first <= self._day[p.shift] < hood.stop)
        ]
        placements += [
            Placement(*pair)
            for pair, var in sub.vars.x.items()
            if pair in free and solver.value(var)
        ]
        figures = compute_figures(self.inp, placements, self.cands)
        key = self._key(placements, figures)
        proved = code == cp_model.OPTIMAL
        if key < self._current_key and check_assignments(self.inp, placements):
            self.unlawful += 1  # never accepted: the sub-model missed a rule
            key = self._current_key
        self.check_s += time.perf_counter() - t0
        if key >= self._current_key:
            return Candidate(key, proved, time.perf_counter() - started)
        return Candidate(
            key, proved, time.perf_counter() - started, Current(placements, None, figures)
        )

    def stats(self, prefix: str) -> dict[str, float]:
        return {
            f"{prefix}sub_build_s": round(self.build_s, 3),
            f"{prefix}sub_solve_s": round(self.solve_s, 3),
            f"{prefix}sub_check_s": round(self.check_s, 3),
            f"{prefix}sub_unlawful": self.unlawful,
        }
