"""Neighbourhoods re-solved on a model of their own (``roster.solver.hood_model``): on small
generated teams, every roster a neighbourhood returns keeps the hard rules, the holds of the
stages before the searched one, and everything outside the neighbourhood."""

from __future__ import annotations

import random

import pytest

from bench.scenario import generate
from roster.solver import hood_model
from roster.solver.baseline import greedy
from roster.solver.build import build_model
from roster.solver.eligibility import candidates
from roster.solver.figures import compute_figures, stage_detail, stage_value
from roster.solver.hard_rules import check_assignments
from roster.solver.hood_model import HoodProblem, supports
from roster.solver.io import parse_input
from roster.solver.lns import Neighbourhood
from roster.solver.stage_search import Current, stage_key
from roster.solver.types import StageName
from tests.roster.solver.helpers import run

STAGES = [
    (StageName.SHORTFALL, "min"),
    (StageName.FAIRNESS, "min"),
    (StageName.WISHES, "max"),
    (StageName.TOTALS, "min"),
]


DAYS = 21  # longer than the rules reach: far placements of a freed officer are constants


def _problem(seed: int, stage: StageName) -> HoodProblem:
    inp = parse_input(generate(10, DAYS, seed))
    cands = candidates(inp)
    start = greedy(inp, cands)
    return HoodProblem(
        inp=inp,
        built=build_model(inp, cands),
        cands=cands,
        stages=STAGES,
        stage=stage,
        current=Current(start, None, compute_figures(inp, start, cands)),
        days=(0, DAYS),
        workers=1,
    )


def _held(name: StageName, figures) -> dict[str, int]:
    return stage_detail(name, figures)


@pytest.mark.parametrize("seed", [1, 2, 3])
# ``solve`` searches only the fairness stage on neighbourhood models (``_StageRun._hoods``):
# a neighbourhood model holds the lowest rate, not the leximin levels of ``wishes``
@pytest.mark.parametrize("stage", [StageName.FAIRNESS, StageName.WISHES])
def test_every_roster_of_a_neighbourhood_is_lawful_and_keeps_the_holds(seed, stage):
    problem = _problem(seed, stage)
    inp = problem.inp
    day = {s.id: s.day for s in inp.shifts}
    officers = [o.id for o in inp.officers]
    earlier = [name for name, _sense in STAGES[: [n for n, _s in STAGES].index(stage)]]
    rng = random.Random(seed)
    found = 0
    for _ in range(8):
        first = rng.randrange(0, DAYS - 2)
        hood = Neighbourhood(
            "officers", tuple(rng.sample(officers, rng.randint(1, 5))), first, first + 3
        )
        before = problem.current
        candidate = problem.resolve(hood, 5.0, rng.randrange(1000))
        if candidate is None or candidate.payload is None:
            continue
        found += 1
        roster = candidate.payload.roster
        # lawful
        assert check_assignments(inp, roster) == []
        # nothing changed outside the neighbourhood
        freed = set(hood.officers)

        def outside(placements, freed=freed, hood=hood):
            return {
                p
                for p in placements
                if not (p.officer in freed and hood.first <= day[p.shift] < hood.stop)
            }

        assert outside(roster) == outside(before.roster)
        # every stage before the searched one is held term by term (each fairness family,
        # the lowest rate, the shortfall), and the key is the recomputed one
        figures = compute_figures(inp, roster)
        for name in earlier:
            old, new = _held(name, before.figures), _held(name, figures)
            assert all(new[k] <= old[k] for k in old), (name, old, new)
        assert candidate.key[: len(earlier) + 1] == stage_key(STAGES, figures)[: len(earlier) + 1]
        assert candidate.key < problem.key()
        problem.accept(candidate)
    # and the neighbourhoods found better rosters (the first-come start leaves room); a
    # sub-model that broke a hold or a rule would have shown as infeasible or unlawful
    assert found >= 1
    assert problem.unlawful == 0


def test_the_key_breaks_a_stage_tie_by_the_officers_at_its_worst():
    problem = _problem(1, StageName.FAIRNESS)
    figures = problem.current.figures
    key = problem.key()
    # (shortfall, fairness, officers at the worst deviation, wishes' levels, totals)
    assert len(key) == len(stage_key(STAGES, figures)) + 1
    assert key[:2] == (
        stage_value(StageName.SHORTFALL, figures),
        stage_value(StageName.FAIRNESS, figures),
    )
    assert key[2] >= 1


def test_a_repair_a_trainee_or_a_smaller_model_keeps_the_search_on_the_stage_model():
    inp = parse_input(generate(10, 10, 1))
    assert supports(inp, STAGES)
    assert hood_model.used(inp, STAGES, hood_model.HUGE_MODEL_VARIABLES + 1)
    assert not hood_model.used(inp, STAGES, hood_model.HUGE_MODEL_VARIABLES)
    assert not supports(inp, [(StageName.SHORTFALL, "min"), (StageName.CHANGES, "min")])
    assert not supports(inp, [(StageName.TRAINING, "min")])


def test_solve_searches_neighbourhood_models_on_a_large_model(monkeypatch):
    # given a model counted as large and a whole-model solve without time
    monkeypatch.setattr(hood_model, "HUGE_WHOLE_SHARE", 0.0)
    monkeypatch.setattr(hood_model, "HUGE_MODEL_VARIABLES", 0)
    data = generate(12, 14, 2)
    # when (``run`` verifies the result: lawful, every figure and stage value recomputed)
    inp, result, out = run(data, time_limit=8.0)
    # then the stages were searched on neighbourhood models, never worse than first-come
    assert "fairness_sub_build_s" in result.stats
    assert result.stats["fairness_sub_unlawful"] == 0
    first_come = compute_figures(inp, greedy(inp, candidates(inp)))
    stages = {st["name"]: st for st in out["stages"]}
    assert stages["shortfall"]["value"] <= stage_value(StageName.SHORTFALL, first_come)
