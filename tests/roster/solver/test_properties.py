"""Properties on small random instances.

1. Every ``solve`` output passes ``verify`` (all hard rules via ``roster.rules``, every
   figure recomputed), and at a proven optimum the model objective is the recomputed one.
2. The model encodes the rules EXACTLY: a random roster (qualified, not over-staffed) is a
   model solution if and only if ``roster.rules`` finds no violation.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from roster.solver.build import build_model
from roster.solver.eligibility import candidates
from roster.solver.hard_rules import check_assignments
from roster.solver.io import parse_input
from roster.solver.types import Placement
from tests.roster.solver.helpers import at, make_input, officer, run

SKILLS = ("basis", "ovd")


@st.composite
def instances(draw: st.DrawFn) -> dict[str, Any]:
    n_off = draw(st.integers(1, 4))
    officers = []
    for i in range(n_off):
        skills = ("basis", "ovd") if draw(st.booleans()) else ("basis",)
        extra: dict[str, Any] = {"night_exempt": draw(st.integers(0, 5)) == 0}
        if draw(st.booleans()):
            gap_h = draw(st.integers(0, 30))
            night = draw(st.booleans())
            run_len = draw(st.integers(1, 6))
            extra["history"] = {
                "nights": draw(st.integers(0, 5)),
                "minutes_delta": draw(st.integers(-600, 600)),
                "last_shift_start": at(0, -gap_h - 8 - 24 * draw(st.integers(0, 1))),
                "last_shift_end": at(0, -gap_h),
                "last_shift_night": night,
                "consecutive_nights_at_start": run_len if night else 0,
                "consecutive_days_at_start": run_len,
            }
            if draw(st.booleans()):
                extra["history"]["last_weekly_rest_end"] = at(0, -gap_h - 8 * run_len - 20)
        officers.append(officer(f"o{i}", skills, draw(st.sampled_from([1440, 2160])), **extra))
    shifts = []
    for k in range(draw(st.integers(1, 12))):
        day = draw(st.integers(0, 9))
        start_h = draw(st.sampled_from([0, 3, 7, 9, 15, 19, 22, 23]))
        hours = draw(st.sampled_from([4, 8, 9, 10, 11, 13]))
        demand = {"basis": draw(st.integers(0, 2))}
        if draw(st.booleans()):
            demand["ovd"] = 1
        burdens = draw(st.lists(st.sampled_from(["night", "weekend", "holiday"]), unique=True))
        shifts.append(
            {
                "id": f"s{k}",
                "start": at(day, start_h),
                "end": at(day, start_h + hours),
                "burdens": burdens,
                "demand": demand,
            }
        )
    signups = []
    for o in officers:
        for s in shifts:
            if draw(st.integers(0, 3)) == 0:
                wish = draw(st.sampled_from(["want", "can", "rather_not"]))
                signups.append({"officer": o["id"], "shift": s["id"], "wish": wish})
    unavailable = []
    if draw(st.booleans()):
        o = draw(st.sampled_from(officers))
        d = draw(st.integers(0, 9))
        unavailable.append({"officer": o["id"], "start": at(d, 0), "end": at(d + 2, 0)})
    rules = {
        "min_rest_minutes": draw(st.sampled_from([600, 660])),
        "max_minutes_per_7_days": draw(st.sampled_from([1440, 2400, 3600])),
        "max_consecutive_nights": draw(st.integers(1, 5)),
        "night_series_length": draw(st.integers(1, 3)),
        "rest_after_night_series_minutes": draw(st.sampled_from([1200, 2760])),
        "max_consecutive_working_days": draw(st.integers(1, 6)),
        "min_weekly_rest_minutes": draw(st.sampled_from([0, 1800, 2160, 3000])),
        "unsigned_allowed": draw(st.integers(0, 3)) > 0,
    }
    return make_input(
        officers, shifts, days=14, signups=signups, unavailable=unavailable, rules=rules
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_solve_output_passes_verify(data):
    run(data, time_limit=2.0)  # run() asserts verify and the objective identity


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**31))
def test_model_accepts_exactly_the_lawful_rosters(data, seed):
    inp = parse_input(data)
    cands = candidates(inp)
    rng = random.Random(seed)
    for _ in range(4):
        # a random qualified roster without over-staffing
        roster: list[Placement] = []
        for s in inp.shifts:
            for skill, need in s.demand.items():
                pool = [o for o in cands.by_shift[s.id] if skill in cands.skills[o, s.id]]
                taken = {p.officer for p in roster if p.shift == s.id}
                pool = [o for o in pool if o not in taken]
                for o in rng.sample(pool, min(len(pool), rng.randint(0, need))):
                    roster.append(Placement(o, s.id, skill))
        lawful = not check_assignments(inp, roster)
        built = build_model(inp, cands)
        chosen = {(p.officer, p.shift, p.skill) for p in roster}
        for key, var in built.vars.x.items():
            built.model.add(var == int(key in chosen))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 10
        code = solver.solve(built.model)
        assert code in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)
        accepted = code != cp_model.INFEASIBLE
        assert accepted == lawful, (roster, check_assignments(inp, roster))
