"""A proven upper bound on the lowest want-grant rate, one officer at a time.

The lowest rate among officers with wants is at most any one officer's rate, so it is at
most the best rate each of them could reach on his own: with every working-time rule that
binds him (his own model, built by ``build_model`` from an input holding only him, his
sign-ups, absences and pinned shifts) and the fairness stage's holds on his loads (each
family's held worst deviation around his target), but without colleagues competing for the
places he wants. Dropping that competition only raises what he could reach, so the bound
is valid; it is the smallest rate found over the officers tried.

Which officers: a cheap count first (wanted shifts he may take at all, over his wants; the
lowest is already a bound), then the one-officer solve in the order of that count until
every officer is done or the time is up. Any subset of officers gives a valid bound, so
stopping early only weakens it. On a police-scale team CP-SAT's own bound of the
``wishes`` stage comes from the whole model and often proves nothing in the stage's time
(measured: 250 x 28, 60 s: none).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

from roster.solver.build import build_model
from roster.solver.eligibility import Candidates, candidates
from roster.solver.figures import RATE_SCALE, FairnessFamily
from roster.solver.types import SolveInput, Wish

__all__ = ["lowest_rate_upper_bound"]

#: CP-SAT time for one officer's model (his bound is its proven bound when not proved).
OFFICER_TIME_S = 0.5


def _wants(inp: SolveInput) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for su in inp.signups:
        if su.wish is Wish.WANT:
            out.setdefault(su.officer, []).append(su.shift)
    return out


def _alone(inp: SolveInput, officer: str) -> SolveInput:
    """The input reduced to one officer (his sign-ups, absences, pinned shifts)."""
    return dataclasses.replace(
        inp,
        officers=(inp.officer_by_id[officer],),
        signups=tuple(s for s in inp.signups if s.officer == officer),
        unavailable=tuple(u for u in inp.unavailable if u.officer == officer),
        pinned=tuple(p for p in inp.pinned if p.officer == officer),
        previous=None,
    )


def _officer_best(
    inp: SolveInput,
    officer: str,
    wanted: Sequence[str],
    families: Sequence[FairnessFamily],
    held: Mapping[str, int] | None,
    time_limit_s: float,
) -> int:
    """The most of his ``wanted`` shifts he can be given on his own (CP-SAT's proven
    upper bound when it does not prove the optimum in time)."""
    alone = _alone(inp, officer)
    built = build_model(alone, candidates(alone))
    model, work = built.model, built.vars.work
    for fam in families:
        if held is None or fam.name not in held or officer not in fam.weight:
            continue
        load = fam.base[officer] + sum(
            fam.contribution[s] * lit for (o, s), lit in work.items() if s in fam.contribution
        )
        slack = fam.unit * held[fam.name]
        model.add(load <= fam.target[officer] + slack)
        model.add(load >= fam.target[officer] - slack)
    lits = [work[officer, s] for s in wanted if (officer, s) in work]
    if not lits:
        return 0
    model.clear_hints()  # type: ignore[no-untyped-call]  # untyped upstream
    model.maximize(sum(lits))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.num_workers = 1
    code = solver.solve(model)
    if code == cp_model.OPTIMAL:
        return round(solver.objective_value)
    if code == cp_model.FEASIBLE:
        return min(len(lits), int(solver.best_objective_bound + 1e-6))
    return len(lits)  # nothing proved: the count


def lowest_rate_upper_bound(
    inp: SolveInput,
    cands: Candidates,
    families: Sequence[FairnessFamily],
    held: Mapping[str, int] | None,
    *,
    deadline: float,
) -> int | None:
    """An upper bound (whole percent, floored as the stage's rates are) on the lowest
    want-grant rate of any roster keeping the fairness holds ``held`` (family -> worst
    deviation; ``None``: no fairness hold). ``None`` when no officer has wants."""
    wants = _wants(inp)
    if not wants:
        return None
    counted = sorted(
        (RATE_SCALE * sum(1 for s in shifts if cands.has(o, s)) // len(shifts), o)
        for o, shifts in wants.items()
    )
    best = counted[0][0]
    for _count, officer in counted:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        granted = _officer_best(
            inp, officer, wants[officer], families, held, min(OFFICER_TIME_S, left)
        )
        best = min(best, RATE_SCALE * granted // len(wants[officer]))
    return best
