"""The objective as lexicographic stages: each optimised, then held while the next runs.

Stages (``types.StageName``; the order is ``SolveInput.stages``, default ``DEFAULT_STAGES``):

- ``shortfall``: empty places (min).
- ``changes`` (repairs only): officer-shift pairs changed against ``previous`` for officers
  other than the absent ones (``window.absent_officers``) (min).
- ``training`` (only with a trainee's target): the training shifts missing against the
  trainees' targets, summed (min; ``roster.solver.training``).
- ``fairness``: per family (nights, weekends, holidays, minutes against contract; history
  included) the worst officer's deviation from his FTE-proportional target, in units (one
  burden, or 480 minutes); the stage minimises their sum and then holds EACH family's worst.
- ``wishes``: the lowest want-grant percentage among officers with wants (max), then
  leximin over the next few levels (``roster.solver.leximin``): the officers at the lowest
  rate (min), the next rate (max), ...; held: every level reached.
- ``totals``: the weighted sum of ``figures`` (wants not granted, rather-not and unsigned
  shifts given, fairness totals, all changes): the weights break the ties left by the stages
  before it.

A stage's value is recomputed from the roster (``figures.compute_figures``), never taken from
the model, and held as a constraint (``value <= found``, ``>=`` for ``max``) that every later
stage keeps. ``STAGE_SHARES`` splits the time by rank (``ranked_shares``): each stage gets
its share of the time that is left, so time a stage does not need (proved early, or
trivially optimal: its value is already the best possible) goes to the stages after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.solver.build import BuiltModel
from roster.solver.figures import MAX, MIN, RATE_SCALE, detail_levels
from roster.solver.leximin import GrantRow, hold_levels
from roster.solver.types import DEFAULT_STAGES, StageName, Weights

#: Relative share of the time limit per stage, larger for the stages that come first in the
#: default order (a stage ranks above everything after it); a stage that ends early (proved,
#: or nothing to improve) leaves its time to the stages after it.
STAGE_SHARES: Mapping[StageName, int] = {
    StageName.SHORTFALL: 5,
    StageName.CHANGES: 4,
    StageName.TRAINING: 3,
    StageName.FAIRNESS: 3,
    StageName.WISHES: 2,
    StageName.TOTALS: 1,
}


@dataclass(frozen=True)
class StageModel:
    """What a stage minimises in the model (for ``max`` stages: RATE_SCALE - value), times
    ``scale`` when a tie-break is added (``with_changes_tie_break``)."""

    name: StageName
    sense: str
    objective: cp_model.LinearExprT
    scale: int = 1


def weighted_total(built: BuiltModel, weights: Weights) -> cp_model.LinearExprT:
    """The weighted sum of every penalty (``figures.Terms.total``)."""
    total: cp_model.LinearExprT = sum(
        int(getattr(weights, p.weight)) * p.expr for p in built.penalties
    )
    return total


def shortfall_expr(built: BuiltModel) -> cp_model.LinearExprT:
    short: cp_model.LinearExprT = sum(p.expr for p in built.penalties if p.weight == "shortfall")
    return short


def stage_model(name: StageName, built: BuiltModel, weights: Weights) -> StageModel | None:
    """The stage's objective, or ``None`` when it does not apply (``changes`` outside a
    repair, ``wishes`` without wants, ``fairness`` without families)."""
    v = built.vars
    if name is StageName.SHORTFALL:
        return StageModel(name, MIN, shortfall_expr(built))
    if name is StageName.CHANGES:
        if not any(p.weight == "stability" for p in built.penalties):
            return None
        return StageModel(name, MIN, v.changes_others)
    if name is StageName.TRAINING:
        if v.training_short is None:
            return None
        return StageModel(name, MIN, v.training_short)
    if name is StageName.FAIRNESS:
        if not v.worst:
            return None
        return StageModel(name, MIN, sum(v.worst.values()))
    if name is StageName.WISHES:
        if v.lowest_pct is None:
            return None
        return StageModel(name, MAX, RATE_SCALE - v.lowest_pct)
    return StageModel(name, MIN, weighted_total(built, weights))


def with_changes_tie_break(stage: StageModel, built: BuiltModel) -> StageModel:
    """The stage before ``changes`` in a repair breaks its ties by the changes of other
    officers: ``(changes_max + 1) x value + changes``, so among the rosters with its best
    value CP-SAT looks for the one that moves fewest colleagues (an empty place refilled by
    reshuffling half the team would otherwise be as good as one refilled by one change).
    The value's bound is the objective's bound divided by the scale, rounded down."""
    scale = built.vars.changes_others_max + 1
    objective: cp_model.LinearExprT = cp_model.LinearExpr.sum(
        [scale * stage.objective, built.vars.changes_others]
    )
    return StageModel(stage.name, stage.sense, objective, scale)


def hold(built: BuiltModel, name: StageName, detail: Mapping[str, int]) -> list[int]:
    """Keep every later roster at least as good as ``detail`` (``figures.stage_detail``) in
    this stage. Held on the assignment variables themselves (the shortfall and change
    counts, every officer's load against his target, every officer's grant rate and the
    counts of officers per grant level, ``leximin.hold_levels``), never on the auxiliary
    ``worst``/``lowest`` variables, which a later stage's solution need not keep
    tight, so the roster of each stage stays a solution (and a valid hint) of the next.
    ``totals`` is not held: it is the last stage (``io.parse_input`` checks that). Returns
    the indices of the constraints added (``release`` lifts them)."""
    model, v = built.model, built.vars
    first = len(model.proto.constraints)
    if name is StageName.SHORTFALL:
        model.add(shortfall_expr(built) <= detail["shortfall"])
    elif name is StageName.CHANGES:
        model.add(v.changes_others <= detail["changes"])
    elif name is StageName.TRAINING and v.training_short is not None:
        model.add(v.training_short <= detail["training"])
    elif name is StageName.FAIRNESS:
        for family, rows in v.loads.items():
            worst = detail[family]
            for load, target, unit in rows:
                model.add(load - target <= unit * worst)
                model.add(target - load <= unit * worst)
    elif name is StageName.WISHES:
        levels = detail_levels(detail)
        hold_levels(model, grant_rows(built), levels, 2 * len(levels))
    return list(range(first, len(model.proto.constraints)))


def grant_rows(built: BuiltModel) -> list[GrantRow]:
    """Per officer with wants: his wants, wants granted and their order encoding."""
    v = built.vars
    return [
        (wants, granted, steps)
        for (wants, granted), steps in zip(v.wants, v.grant_steps, strict=True)
    ]


#: A domain no linear expression of the model reaches: a released hold always holds.
_FREE = (-(2**62), 2**62)


def release(built: BuiltModel, indices: Sequence[int]) -> None:
    """Lift the holds ``hold`` added (CP-SAT cannot delete a constraint: its domain is
    widened to everything, and presolve drops it)."""
    constraints = built.model.proto.constraints
    for index in indices:
        domain = constraints[index].linear.domain
        domain.clear()
        domain.extend(_FREE)


def ranked_shares(stages: Sequence[StageName]) -> list[int]:
    """The shares of ``stages`` by rank: the k-th stage gets the share the k-th of the same
    stages has in the default order, so the time follows the rank, not the name (a team
    that ranks wishes above fairness gives wishes the larger share). For the default order,
    or any part of it, that is each stage's own share."""
    return [STAGE_SHARES[s] for s in sorted(stages, key=DEFAULT_STAGES.index)]


def time_share(stages: Sequence[StageName], index: int, remaining_s: float) -> float:
    """Seconds for ``stages[index]`` out of ``remaining_s`` for it and the stages after."""
    shares = ranked_shares(stages)
    return remaining_s * shares[index] / sum(shares[index:])
