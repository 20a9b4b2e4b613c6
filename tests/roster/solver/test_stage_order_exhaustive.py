"""The stage order, checked against every lawful roster of tiny random inputs.

For each input the test lists every roster the rules allow (``check_assignments``, an
enumeration that never touches the CP-SAT model) and scores each one with ``figures`` alone.
Then, for every stage the solver reports ``optimal``, in the input's order: among the rosters
that keep what the earlier stages hold (the same holds as ``stages.hold``: the shortfall and
change counts and what the trainees miss, each fairness family's worst deviation, the
want-grant levels position by position), none ranks better in this stage than the solver's
roster. So a proven stage is really the best its priority allows, whatever the order the
input asks for. A repair's rosters are those of its scope: anything lawful inside its
window, the roster as published outside it (``roster.solver.window``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from roster.solver.eligibility import Candidates, candidates
from roster.solver.figures import (
    RATE_SCALE,
    Figures,
    compute_figures,
    stage_rank,
    wish_levels,
)
from roster.solver.hard_rules import check_assignments
from roster.solver.io import parse_input
from roster.solver.repair import start_roster
from roster.solver.types import Placement, SolveInput, StageName
from tests.roster.solver.helpers import at, make_input, officer, run

#: Rosters listed per input at most (the enumeration is exhaustive below it).
MAX_ROSTERS = 4000


@st.composite
def tiny_inputs(draw: st.DrawFn) -> dict[str, Any]:
    n_off = draw(st.integers(2, 3))
    officers = []
    for i in range(n_off):
        skills = ("basis", "ovd") if draw(st.booleans()) else ("basis",)
        officers.append(
            officer(
                f"o{i}",
                skills,
                draw(st.sampled_from([1440, 2160])),
                night_exempt=draw(st.integers(0, 4)) == 0,
            )
        )
    trains = False
    mentors = [o["id"] for o in officers if "ovd" in o["skills"]]
    if mentors and len(officers) < 3 and draw(st.booleans()):
        # a trainee for ovd, who fills an ovd place only beside his mentor
        trains = True
        officers.append(
            officer(
                "t",
                ("basis",),
                training=[{"skill": "ovd", "mentors": mentors, "target": draw(st.integers(1, 2))}],
            )
        )
    shifts = []
    for k in range(draw(st.integers(2, 4))):
        day = draw(st.integers(0, 6))
        start_h = draw(st.sampled_from([7, 15, 22]))
        demand = {"basis": draw(st.integers(0, 2))}
        if draw(st.booleans()):
            demand["ovd"] = 1
        burdens = ["night"] if start_h == 22 else []
        if day in (5, 6):
            burdens.append("weekend")
        shifts.append(
            {
                "id": f"s{k}",
                "start": at(day, start_h),
                "end": at(day, start_h + 8),
                "burdens": burdens,
                "demand": demand,
            }
        )
    signups = [
        {"officer": o["id"], "shift": s["id"], "wish": draw(st.sampled_from(["want", "can"]))}
        for o in officers
        for s in shifts
        if draw(st.integers(0, 2)) > 0
    ]
    optional = [StageName.FAIRNESS.value, StageName.WISHES.value]
    if trains:
        optional.append(StageName.TRAINING.value)
    middle = draw(st.permutations(optional))
    stages = ["shortfall", *middle[: draw(st.integers(0, len(optional)))]]
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        # a repair: the previous roster gives one place to each of a few officers
        previous = []
        for s in shifts:
            o = draw(st.sampled_from(officers))
            if draw(st.booleans()):
                previous.append({"officer": o["id"], "shift": s["id"], "skill": "basis"})
        extra["previous"] = previous
        stages.insert(1, StageName.CHANGES.value)
    if draw(st.booleans()):
        stages.append(StageName.TOTALS.value)
    rules = {
        "min_rest_minutes": 660,
        "max_consecutive_nights": draw(st.integers(1, 3)),
        "unsigned_allowed": draw(st.booleans()),
    }
    return make_input(
        officers, shifts, days=7, signups=signups, rules=rules, stages=stages, **extra
    )


def _shift_options(inp: SolveInput, cands: Candidates, shift_id: str) -> list[list[Placement]]:
    """Every way to staff one shift: each officer off it or on it with one of his skills,
    no skill over its demand."""
    shift = inp.shift_by_id[shift_id]
    per_officer: list[list[Placement | None]] = []
    for o in cands.by_shift.get(shift_id, ()):
        per_officer.append(
            [None, *(Placement(o, shift_id, skill) for skill in cands.skills[o, shift_id])]
        )
    options = []
    for choice in itertools.product(*per_officer):
        chosen = [p for p in choice if p is not None]
        if all(
            sum(1 for p in chosen if p.skill == skill) <= need
            for skill, need in shift.demand.items()
        ) and all(p.skill in shift.demand for p in chosen):
            options.append(chosen)
    return options


def lawful_rosters(inp: SolveInput) -> list[list[Placement]] | None:
    """Every roster the hard rules allow, or ``None`` when there are more than
    ``MAX_ROSTERS`` to list. A repair may change only its window (``window``: everything
    outside it stays as published), so outside the window each shift keeps the placements
    the repair starts from."""
    cands = candidates(inp)
    window = None
    if inp.repair:
        start, window = start_roster(inp, cands)
    per_shift = []
    for s in inp.shifts:
        if inp.repair and (window is None or not window.contains(s.day)):
            per_shift.append([[p for p in start if p.shift == s.id]])
        else:
            per_shift.append(_shift_options(inp, cands, s.id))
    count = 1
    for options in per_shift:
        count *= len(options)
    if count > MAX_ROSTERS:
        return None
    out = []
    for combo in itertools.product(*per_shift):
        roster = [p for part in combo for p in part]
        if not check_assignments(inp, roster):
            out.append(roster)
    return out


def _rates(figures: Figures) -> list[int]:
    return sorted(
        RATE_SCALE * o.wishes_granted // o.wishes_want for o in figures.officers if o.wishes_want
    )


def keeps(name: StageName, held: Figures) -> Callable[[Figures], bool]:
    """Whether a roster keeps what ``stages.hold`` holds of stage ``name`` at ``held``."""
    if name is StageName.SHORTFALL:
        return lambda f: sum(f.missing.values()) <= sum(held.missing.values())
    if name is StageName.CHANGES:
        return lambda f: f.changes_others <= held.changes_others
    if name is StageName.TRAINING:
        return lambda f: f.training_short <= held.training_short
    if name is StageName.FAIRNESS:
        worst = dict(held.worst_deviation)
        return lambda f: all(f.worst_deviation[k] <= w for k, w in worst.items())
    if name is StageName.WISHES:
        levels = wish_levels(held.officers)

        def held_levels(f: Figures) -> bool:
            rates = _rates(f)
            below = 0
            for level in levels:
                if sum(1 for r in rates if r < level.rate) > below:
                    return False
                below += level.officers
                if sum(1 for r in rates if r <= level.rate) > below:
                    return False
            return True

        return held_levels
    raise AssertionError(f"no hold for {name}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_inputs())
def test_no_lawful_roster_beats_a_proven_stage_in_the_inputs_order(data):
    inp = parse_input(data)
    rosters = lawful_rosters(inp)
    assume(rosters is not None)
    assert rosters  # the roster the solver starts from is lawful
    cands = candidates(inp)
    scored = [compute_figures(inp, r, cands) for r in rosters]

    # When the solver rosters it (and the verifier accepts its output)
    _, result, out = run(data, time_limit=10.0)
    mine = compute_figures(inp, result.assignments, cands)

    # Then every proven stage is the best among the rosters that keep the earlier holds
    region = scored
    for entry in out["stages"]:
        name = StageName(entry["name"])
        if entry["status"] != "optimal":
            break
        best = min(region, key=lambda f: stage_rank(name, f))
        assert stage_rank(name, mine) == stage_rank(name, best), (
            name,
            out["stages"],
            rosters[scored.index(best)],
            data,
        )
        if name is StageName.TOTALS:
            break
        region = [f for f in region if keeps(name, mine)(f)]
        assert region, name  # the solver's own roster keeps every hold
