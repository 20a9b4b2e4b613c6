"""Leximin over the worst few want-grant rates: the model side of the stage ``wishes``.

The stage raises the officers at the bottom in turn (``WISH_LEVELS`` levels, ``figures``):
it maximises the lowest rate ``rate_1`` and holds it, then minimises the officers left at
``rate_1`` and holds that, then maximises the next rate ``rate_2`` among the others, and so
on. Ordered this way, the stage compares rosters exactly as leximin does on the sorted
rates, cut after ``WISH_LEVELS`` distinct ones (``figures.stage_rank``).

Every count is a sum of literals of one per-officer order encoding built with the model
(``add_grant_steps``: ``steps[k - 1]`` is 1 exactly when the officer got at least ``k`` of his
wants), so "officers at or above rate r" is linear in literals the assignments decide: a
hold on it is a hold on the assignment variables, and every solution of a stage, whatever
its objective, sets them tight (it stays a valid hint). Only the rate of a level above the
first needs a variable of its own while that level is maximised (``level_rate``): it is
constrained only then and released afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from ortools.sat.python import cp_model

from roster.solver.figures import RATE_SCALE, WishLevel

#: Per officer with wants: (wants, granted expression, order encoding of granted).
GrantRow: TypeAlias = tuple[int, cp_model.LinearExprT, Sequence[cp_model.IntVar]]


def add_grant_steps(
    model: cp_model.CpModel, officer: str, wants: int, granted: cp_model.LinearExprT
) -> list[cp_model.IntVar]:
    """``steps[k - 1]`` is 1 exactly when ``granted >= k`` (k = 1..wants)."""
    steps = [model.new_bool_var(f"granted_at_least[{officer},{k}]") for k in range(1, wants + 1)]
    model.add(sum(steps) == granted)
    for higher, lower in zip(steps[1:], steps, strict=False):
        model.add_implication(higher, lower)
    return steps


def needed(wants: int, rate: int) -> int:
    """Wants to grant for a floored rate of at least ``rate`` percent."""
    return -(-wants * rate // RATE_SCALE)


def at_least(rows: Sequence[GrantRow], rate: int) -> cp_model.LinearExprT:
    """The number of officers whose rate is at least ``rate``."""
    constant = 0
    literals: list[cp_model.IntVar] = []
    for wants, _granted, steps in rows:
        k = needed(wants, rate)
        if k <= 0:
            constant += 1
        elif k <= wants:
            literals.append(steps[k - 1])
    expr: cp_model.LinearExprT = sum(literals) + constant
    return expr


def hold_levels(
    model: cp_model.CpModel, rows: Sequence[GrantRow], levels: Sequence[WishLevel], steps: int
) -> None:
    """Hold the first ``steps`` steps of ``levels`` (step 2k: level k's rate, 2k + 1: how
    many officers are at it): every officer at least ``rate_1``; at most ``officers_1``
    officers below ``rate_1 + 1``, at most that many below ``rate_2``; at most
    ``officers_1 + officers_2`` below ``rate_2 + 1``; ... A later roster's sorted rates are
    then at least these, position by position."""
    total = len(rows)
    below = 0  # officers in the levels before
    for step in range(min(steps, 2 * len(levels))):
        level = levels[step // 2]
        if step == 0:  # per officer: a tighter LP than the count
            for wants, granted, _steps in rows:
                model.add(wants * level.rate <= RATE_SCALE * granted)
        elif step % 2 == 0:
            model.add(at_least(rows, level.rate) >= total - below)
        if step % 2 == 1:
            below += level.officers
            if level.rate < RATE_SCALE:
                model.add(at_least(rows, level.rate + 1) >= total - below)


def level_rate(
    model: cp_model.CpModel, rows: Sequence[GrantRow], above: int, name: str
) -> tuple[cp_model.IntVar, list[int]]:
    """A variable at most the rate of every officer above ``above`` percent (maximised, the
    next level's rate) and the indices of its constraints (to release afterwards)."""
    rate = model.new_int_var(0, RATE_SCALE, name)
    first = len(model.proto.constraints)
    for wants, granted, steps in rows:
        k = needed(wants, above + 1)
        if k > wants:
            continue
        constraint = model.add(wants * rate <= RATE_SCALE * granted)
        if k > 0:
            constraint.only_enforce_if(steps[k - 1])
    return rate, list(range(first, len(model.proto.constraints)))
