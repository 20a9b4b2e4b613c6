"""The police model seen by the shared search (``roster.solver.lns``), inside one stage.

A neighbourhood is re-solved on the stage's own model (``BuiltModel``, with the holds of the
stages before it and the stage's objective): every assignment variable outside it is fixed
to the current roster by narrowing its domain to one value, the complete current solution is
the hint, and the domains are restored afterwards. No copy of the model is made, and CP-SAT's
presolve removes the fixed part in one pass (measured on 60 officers x 28 days: ~0.3 s per
neighbourhood on an idle machine, against 5-10 s for a whole-model presolve under load).

The key of a roster is the value of every stage in ``SolveInput.stages`` order, each to be
minimised (``max`` stages negated), recomputed from the roster by ``figures``: the search
accepts a roster only when this tuple is lexicographically smaller, so a stage before the
current one can never get worse (its hold keeps it anyway) and a later one only breaks ties.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.solver.build import BuiltModel
from roster.solver.eligibility import Candidates
from roster.solver.figures import (
    RATE_SCALE,
    Figures,
    compute_figures,
    fairness_families,
    family_loads,
    stage_rank,
)
from roster.solver.lns import Candidate, Neighbourhood
from roster.solver.types import Placement, SolveInput, StageName, Wish

#: Presolve passes of a neighbourhood's solve (CP-SAT's default repeats them).
SUB_PRESOLVE_ITERATIONS = 1
#: Changes of colleagues an unproved neighbourhood, or an ejection chain
#: (``roster.solver.chains``), may add per place it fills (repairs): the issue's target is at
#: most 3 x the places lost, and a direct refill costs 1.
CHANGES_PER_PLACE = 3
#: At most this many officers of the worst term are freed together (plus others to trade).
WORST_OFFICERS = 4


@dataclass(frozen=True)
class Current:
    """A roster, its complete solution vector of the stage's model (``None`` when found on
    a neighbourhood's own model, ``hood_model``) and its figures."""

    roster: list[Placement]
    solution: list[int] | None
    figures: Figures


def stage_key(stages: Sequence[tuple[StageName, str]], figures: Figures) -> tuple[int, ...]:
    """Every stage's rank on a roster (``figures.stage_rank``: its value, for ``wishes`` its
    leximin levels), in stage order, each entry to be minimised."""
    return tuple(entry for name, _sense in stages for entry in stage_rank(name, figures))


def rank_offset(stages: Sequence[tuple[StageName, str]], index: int, figures: Figures) -> int:
    """Where ``stages[index]``'s rank starts in ``stage_key``."""
    return sum(len(stage_rank(name, figures)) for name, _sense in stages[:index])


class StageProblem:
    """``lns.Problem`` for one stage of ``solve``: ``built.model`` must already carry the
    stage's objective and the holds of the stages before it.

    ``wish_level``: in the ``wishes`` stage, the level (0: the lowest rate) whose officers
    the worst-term neighbourhood frees.

    ``proved_only``: take a neighbourhood's roster only when CP-SAT proved it optimal for
    the stage's objective, or it fills places with few changes (``_few_changes``). ``solve``
    sets it for the stage before ``changes`` in a repair, whose objective breaks its ties by
    the changes of colleagues: a neighbourhood cut off by its time limit fills an empty place
    with whatever changes it found first (measured at load 14: 48 changes of colleagues for
    12 places lost; the proved roster needs 12)."""

    def __init__(
        self,
        *,
        inp: SolveInput,
        built: BuiltModel,
        cands: Candidates,
        stages: Sequence[tuple[StageName, str]],
        stage: StageName,
        current: Current,
        days: tuple[int, int],
        workers: int,
        proved_only: bool = False,
        wish_level: int = 0,
    ) -> None:
        self.inp = inp
        self.built = built
        self.cands = cands
        self.stages = list(stages)
        self.stage = stage
        self.current = current
        self.workers = workers
        self.proved_only = proved_only
        self.wish_level = wish_level
        self._current_key = stage_key(self.stages, current.figures)
        self._x = [
            (var.index, officer, inp.shift_by_id[shift].day)
            for (officer, shift, _skill), var in built.vars.x.items()
        ]
        # the domains as built (a pinned variable may be fixed already): restored after each
        # neighbourhood
        self._domains = {
            index: tuple(built.model.proto.variables[index].domain) for index, _o, _d in self._x
        }
        first, stop = days
        inside = {o for _i, o, d in self._x if first <= d < stop}
        self.officers = sorted(inside)
        self.days = days
        span = max(1, stop - first)
        n_inside = sum(1 for _i, _o, d in self._x if first <= d < stop)
        self.cells_per_officer_day = n_inside / max(1, len(self.officers) * span)
        officer_set = set(self.officers)
        skills = sorted({s for o in inp.officers for s in o.skills})
        self._groups = [
            [o.id for o in inp.officers if s in o.skills and o.id in officer_set] for s in skills
        ]
        self._families = fairness_families(inp, cands) if stage is StageName.FAIRNESS else []
        self._rng = random.Random(0)  # noqa: S311 -- which worst term first, not security

    # --- lns.Problem -------------------------------------------------------------------

    def key(self) -> tuple[int, ...]:
        return self._current_key

    def skill_groups(self) -> Sequence[Sequence[str]]:
        return self._groups

    def worst(self) -> tuple[Sequence[str], int | None]:
        """The officers (and a day) of the stage's worst term on the current roster: a shift
        left empty (officers who may fill it), a colleague's change (that colleague), the
        worst-off officers of the worst fairness family, the lowest want-grant rates."""
        figures = self.current.figures
        inside = set(self.officers)
        first, stop = self.days
        if self.stage is StageName.SHORTFALL:
            empty = [key for key, n in figures.missing.items() if n > 0]
            if not empty:
                return [], None
            shift_id, _skill = self._rng.choice(sorted(empty))
            day = self.inp.shift_by_id[shift_id].day
            able = [o for o in self.cands.by_shift.get(shift_id, ()) if o in inside]
            picked = self._rng.sample(able, min(len(able), WORST_OFFICERS))
            return picked, day if first <= day < stop else None
        if self.stage is StageName.FAIRNESS:
            worst_family = None
            worst_value = 0
            for fam in self._families:
                if figures.worst_deviation.get(fam.name, 0) > worst_value:
                    worst_family, worst_value = fam, figures.worst_deviation[fam.name]
            if worst_family is None:
                return [], None
            worked: dict[str, list[str]] = {}
            for p in self.current.roster:
                worked.setdefault(p.officer, []).append(p.shift)
            loads = family_loads(worst_family, worked)
            devs = sorted(
                ((worst_family.deviation(o, load), o) for o, load in loads.items() if o in inside),
                reverse=True,
            )
            return [o for _d, o in devs[:WORST_OFFICERS] if _d == worst_value], None
        if self.stage is StageName.WISHES:
            return self._worst_wishes(figures, inside)
        return [], None

    def _worst_wishes(self, figures: Figures, inside: set[str]) -> tuple[Sequence[str], int | None]:
        """An officer at the level being raised (the ``wish_level``-th lowest rate among
        the officers searched; their highest when they have fewer levels), one of his wants
        not granted (its day), and the officers who work that shift now (to swap it to
        him)."""
        rates = [
            (o.wishes_granted * RATE_SCALE // o.wishes_want, o.id)
            for o in figures.officers
            if o.wishes_want and o.id in inside
        ]
        if not rates:
            return [], None
        distinct = sorted({rate for rate, _o in rates})
        level = distinct[min(self.wish_level, len(distinct) - 1)]
        officer = self._rng.choice(sorted(o for rate, o in rates if rate == level))
        mine = {p.shift for p in self.current.roster if p.officer == officer}
        first, stop = self.days
        wanted = [
            su.shift
            for su in self.inp.signups
            if su.officer == officer
            and su.wish is Wish.WANT
            and su.shift not in mine
            and first <= self.inp.shift_by_id[su.shift].day < stop
        ]
        if not wanted:
            return [officer], None
        shift = self._rng.choice(sorted(wanted))
        holders = sorted({p.officer for p in self.current.roster if p.shift == shift} & inside)
        return [officer, *holders], self.inp.shift_by_id[shift].day

    def resolve(self, hood: Neighbourhood, time_limit_s: float, seed: int) -> Candidate | None:
        started = time.perf_counter()
        model = self.built.model
        proto = model.proto
        solution = self.current.solution
        assert solution is not None  # noqa: S101 -- this problem's rosters carry their vector
        free = set(hood.officers)
        fixed: list[int] = []
        for index, officer, day in self._x:
            if officer in free and hood.first <= day < hood.stop:
                continue
            domain = proto.variables[index].domain
            domain.clear()
            domain.extend((solution[index], solution[index]))
            fixed.append(index)
        model.clear_hints()  # type: ignore[no-untyped-call]  # untyped upstream
        proto.solution_hint.vars.extend(range(len(solution)))
        proto.solution_hint.values.extend(solution)
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_time_in_seconds = max(0.05, time_limit_s - (time.perf_counter() - started))
        params.num_workers = self.workers
        params.random_seed = seed
        # the fixed part needs one presolve pass, not CP-SAT's repeated ones and probing
        # (measured: ~40 % less time per neighbourhood on 60 x 28, same results)
        params.max_presolve_iterations = SUB_PRESOLVE_ITERATIONS
        params.cp_model_probing_level = 0
        try:
            code = solver.solve(model)
        finally:
            for index in fixed:
                domain = proto.variables[index].domain
                domain.clear()
                domain.extend(self._domains[index])
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        values = solver.response_proto.solution
        placements = [
            Placement(o, s, k) for (o, s, k), var in self.built.vars.x.items() if values[var.index]
        ]
        figures = compute_figures(self.inp, placements, self.cands)
        key = stage_key(self.stages, figures)
        proved = code == cp_model.OPTIMAL
        if self.proved_only and not proved and not self._few_changes(key):
            return Candidate(self._current_key, False, time.perf_counter() - started)
        found = Current(placements, list(solver.response_proto.solution), figures)
        return Candidate(key, proved, time.perf_counter() - started, found)

    def _few_changes(self, key: tuple[int, ...]) -> bool:
        """An unproved roster of a ``proved_only`` stage is still taken when it improves the
        stage with at most ``CHANGES_PER_PLACE`` more changes of colleagues per unit gained
        (one place filled)."""
        names = [name for name, _sense in self.stages]
        here = names.index(self.stage)
        gained = self._current_key[here] - key[here]
        if StageName.CHANGES not in names or gained <= 0:
            return False
        there = names.index(StageName.CHANGES)
        return key[there] - self._current_key[there] <= CHANGES_PER_PLACE * gained

    def accept(self, candidate: Candidate) -> None:
        self.current = candidate.payload
        self._current_key = candidate.key
