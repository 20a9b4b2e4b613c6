"""Lexicographic stages: each stage is optimised, then held while the next one runs."""

import json

import pytest

from roster.solver.figures import compute_figures, stage_detail
from roster.solver.io import InputError, parse_input
from roster.solver.types import Placement, StageName
from roster.solver.verify import verify
from tests.roster.solver.helpers import at, make_input, officer, run, shift, worked


def _stages(out):
    return {st["name"]: st for st in out["stages"]}


def test_a_tiny_input_reports_every_stage_proven_with_its_bound():
    # given one officer and one shift he wants
    data = make_input(
        [officer("o1")],
        [shift("s", 0, 7, 8)],
        signups=[{"officer": "o1", "shift": "s", "wish": "want"}],
    )
    # when
    _, result, out = run(data)
    # then every applicable stage is listed in order (no repair: no "changes"), proven
    assert [st["name"] for st in out["stages"]] == ["shortfall", "fairness", "wishes", "totals"]
    assert all(st["status"] == "optimal" for st in out["stages"])
    assert all(st["bound"] == st["value"] for st in out["stages"])
    assert _stages(out)["wishes"] == {
        "name": "wishes",
        "sense": "max",
        "value": 100,
        "bound": 100,
        "status": "optimal",
        "seconds": _stages(out)["wishes"]["seconds"],
        "detail": {"rate_1": 100, "officers_1": 1},
    }
    assert result.status == "optimal"


def _fair_vs_wish():
    # o1 wants both nights; o2 wants none. Fairness (nights per FTE) wants one night each,
    # o1's wishes want both for o1.
    shifts = [
        shift("n1", 0, 23, 8, burdens=["night"]),
        shift("n2", 7, 23, 8, burdens=["night"]),
    ]
    signups = [
        {"officer": "o1", "shift": "n1", "wish": "want"},
        {"officer": "o1", "shift": "n2", "wish": "want"},
    ]
    return [officer("o1"), officer("o2")], shifts, signups


def test_fairness_outranks_the_worst_off_wishes():
    officers, shifts, signups = _fair_vs_wish()
    _, result, out = run(make_input(officers, shifts, days=14, signups=signups))
    assert len(worked(result, "o1")) == 1
    assert len(worked(result, "o2")) == 1
    assert _stages(out)["fairness"]["detail"]["night"] == 0
    assert _stages(out)["wishes"]["value"] == 50


def test_the_stage_order_can_be_overridden_in_the_input():
    officers, shifts, signups = _fair_vs_wish()
    data = make_input(
        officers,
        shifts,
        days=14,
        signups=signups,
        stages=["shortfall", "wishes", "fairness", "totals"],
    )
    _, result, out = run(data)
    assert worked(result, "o1") == ["n1", "n2"]
    assert [st["name"] for st in out["stages"]] == ["shortfall", "wishes", "fairness", "totals"]
    assert _stages(out)["wishes"]["value"] == 100


def test_a_want_never_buys_an_empty_place_even_with_heavy_wish_weights():
    # o1 wants s; o2 can only work s (t overlaps nothing but o2 lacks ovd). Giving s to o1
    # would leave t's place empty when o1 is the only ovd holder.
    shifts = [shift("s", 0, 7, 8), shift("t", 0, 9, 8, {"ovd": 1})]
    data = make_input(
        [officer("o1", ("basis", "ovd")), officer("o2")],
        shifts,
        signups=[{"officer": "o1", "shift": "s", "wish": "want"}],
        weights={"wish": 100000, "shortfall": 1},
    )
    _, result, out = run(data)
    assert worked(result, "o1") == ["t"]
    assert worked(result, "o2") == ["s"]
    assert _stages(out)["shortfall"]["value"] == 0


def test_the_lowest_grant_rate_comes_before_the_number_of_wants_granted():
    # o1 wants a and b, o2 wants a; a and b overlap for o2... one officer per shift:
    # granting a to o1 grants 2 wants (a, b) but leaves o2 at 0 %; a to o2 gives 50 % / 100 %
    shifts = [shift("a", 0, 7, 8), shift("b", 2, 7, 8)]
    signups = [
        {"officer": "o1", "shift": "a", "wish": "want"},
        {"officer": "o1", "shift": "b", "wish": "want"},
        {"officer": "o2", "shift": "a", "wish": "want"},
    ]
    data = make_input(
        [officer("o1"), officer("o2")], shifts, signups=signups, stages=["shortfall", "wishes"]
    )
    _, result, out = run(data)
    assert worked(result, "o2") == ["a"]
    assert _stages(out)["wishes"]["value"] == 50
    assert _stages(out)["wishes"]["bound"] == 50


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        (["shortfall", "shortfall"], "stages: must not list an item twice"),
        (
            ["lunch"],
            "stages[0]: must be one of shortfall, changes, training, fairness, wishes, totals",
        ),
        ([], "stages: "),
    ],
)
def test_a_bad_stage_list_is_refused_naming_the_field(stages, message):
    data = make_input([officer("o1")], [shift("s", 0, 7, 8)], stages=stages)
    with pytest.raises(InputError) as exc:
        parse_input(data)
    assert str(exc.value).startswith(message)


def test_verify_recomputes_every_stage_value_and_checks_its_bound():
    officers, shifts, signups = _fair_vs_wish()
    inp, _, out = run(make_input(officers, shifts, days=14, signups=signups))
    wishes = next(i for i, st in enumerate(out["stages"]) if st["name"] == "wishes")
    claimed = {**out, "stages": [dict(st) for st in out["stages"]]}
    claimed["stages"][wishes]["value"] = 100
    claimed["stages"][0]["bound"] = 5  # a lower bound above the shortfall of 0
    problems = verify(inp, claimed).problems()
    assert "stages[2] (wishes).value: output says 100, recomputed 50" in problems
    assert "stages[0] (shortfall).bound 5 is beyond its value 0" in problems


def test_verify_recomputes_a_repairs_changed_officers():
    officers = [officer("o1"), officer("o2")]
    previous = [{"officer": "o1", "shift": "a", "skill": "basis"}]
    leave = [{"officer": "o1", "start": at(0, 0), "end": at(1, 0)}]
    data = make_input(officers, [shift("a", 0, 7, 8)], previous=previous, unavailable=leave)
    inp, _, out = run(data)
    assert [c["officer"] for c in out["changed_officers"]] == ["o1", "o2"]
    claimed = {**out, "changed_officers": out["changed_officers"][:1]}
    (problem,) = verify(inp, claimed).problems()
    assert problem.startswith("changed_officers: output says")


def test_totals_must_be_the_last_stage():
    data = make_input(
        [officer("o1")], [shift("s", 0, 7, 8)], stages=["shortfall", "totals", "wishes"]
    )
    with pytest.raises(InputError, match=r"^stages: totals must come last"):
        parse_input(data)


@pytest.mark.parametrize("stages", [["wishes", "shortfall"], ["fairness"], ["totals", "shortfall"]])
def test_shortfall_must_be_the_first_stage(stages):
    # an order may move fairness, wishes and changes, never above an empty place
    data = make_input([officer("o1")], [shift("s", 0, 7, 8)], stages=stages)
    with pytest.raises(InputError, match=r"^stages: shortfall must come first"):
        parse_input(data)


def test_a_released_hold_no_longer_binds():
    from ortools.sat.python import cp_model

    from roster.solver.build import build_model
    from roster.solver.stages import hold, release, shortfall_expr
    from roster.solver.types import StageName

    # given two places and one officer: one place stays empty; a hold "no empty place"
    inp = parse_input(make_input([officer("o1")], [shift("s", 0, 7, 8, {"basis": 2})]))
    built = build_model(inp)
    held = hold(built, StageName.SHORTFALL, {"shortfall": 0})
    assert held
    assert cp_model.CpSolver().solve(built.model) == cp_model.INFEASIBLE
    # when it is released
    release(built, held)
    # then the model is feasible again, with one place empty
    built.model.minimize(shortfall_expr(built))
    solver = cp_model.CpSolver()
    assert solver.solve(built.model) == cp_model.OPTIMAL
    assert solver.objective_value == 1


def _second_officer_needlessly_low():
    # o1 wants x and z but is on leave on z's day: 50 % at best, the lowest rate.
    # o2 wants p and q; o3 wants p, t1, t2, t3; p has one place. u runs at p's time; o2
    # "can" work it, o3 did not sign up for it. Every rate is then at least 50 % whoever
    # gets p, so max-min ties: p to o3 (o2 on u) leaves o2 at 50 % beside o1 and costs no
    # unsigned shift, so the totals prefer it; p to o2 (o3 on u, unsigned) raises o2 to
    # 100 % and lowers o3 only to 75 %: leximin prefers that.
    shifts = [
        shift("x", 1, 7, 8),
        shift("z", 2, 7, 8),
        shift("p", 3, 7, 8),
        shift("u", 3, 7, 8),
        shift("q", 4, 7, 8),
        shift("t1", 5, 7, 8),
        shift("t2", 6, 7, 8),
        shift("t3", 0, 7, 8),
    ]
    wants = {"o1": ["x", "z"], "o2": ["p", "q"], "o3": ["p", "t1", "t2", "t3"]}
    signups = [
        {"officer": o, "shift": s, "wish": "want"} for o, shifts_ in wants.items() for s in shifts_
    ]
    signups += [
        {"officer": "o2", "shift": "u", "wish": "can"},
        {"officer": "o3", "shift": "z", "wish": "can"},
    ]
    leave = [{"officer": "o1", "start": at(2, 0), "end": at(3, 0)}]
    return make_input(
        [officer("o1"), officer("o2"), officer("o3")],
        shifts,
        days=7,
        signups=signups,
        unavailable=leave,
        stages=["shortfall", "wishes", "totals"],
        weights={"fairness": 0},
    )


def test_leximin_raises_a_second_officer_that_max_min_leaves_at_the_lowest_rate():
    data = _second_officer_needlessly_low()
    inp, result, out = run(data)
    # then o2 gets p (and q): 100 %; o3 keeps 3 of his 4 wants; u goes unsigned to o1 or o3
    assert worked(result, "o2") == ["p", "q"]
    assert [s for s in worked(result, "o3") if s.startswith("t")] == ["t1", "t2", "t3"]
    assert {p.officer for p in result.assignments if p.shift == "u"} <= {"o1", "o3"}
    assert sum(o.unsigned_given for o in result.officers) == 1
    wishes = _stages(out)["wishes"]
    assert wishes["value"] == 50
    assert wishes["detail"] == {
        "rate_1": 50,
        "officers_1": 1,
        "rate_2": 75,
        "officers_2": 1,
        "rate_3": 100,
        "officers_3": 1,
    }
    assert wishes["status"] == "optimal"
    assert wishes["detail_bounds"] == {"rate_1": 50, "officers_1": 1, "rate_2": 75, "officers_2": 1}
    # and max-min alone would have tied: the roster with p to o3 has the same lowest rate
    # and a better weighted total (no unsigned shift), so ``totals`` would have kept o2 low
    others = [p for p in result.assignments if p.shift not in ("p", "u")]
    max_min = [*others, Placement("o3", "p", "basis"), Placement("o2", "u", "basis")]
    low = compute_figures(inp, max_min)
    assert low.min_grant_pct == 50
    assert stage_detail(StageName.WISHES, low)["officers_1"] == 2
    assert low.objective < result.objective


def test_verify_recomputes_the_wishes_levels_and_checks_their_bounds():
    inp, _, out = run(_second_officer_needlessly_low())
    wishes = next(i for i, st in enumerate(out["stages"]) if st["name"] == "wishes")
    claimed = {**out, "stages": [dict(st) for st in out["stages"]]}
    claimed["stages"][wishes]["detail"] = {**out["stages"][wishes]["detail"], "officers_1": 2}
    claimed["stages"][wishes]["detail_bounds"] = {"rate_2": 70, "officers_1": 2}
    problems = verify(inp, claimed).problems()
    assert any(p.startswith("stages[1] (wishes).detail: output says") for p in problems)
    assert "stages[1] (wishes).detail_bounds.rate_2 70 is beyond its value 75" in problems
    assert "stages[1] (wishes).detail_bounds.officers_1 2 is beyond its value 1" in problems
    assert len(problems) == 3


def test_the_command_line_prints_the_wishes_levels_and_verify_accepts_them(tmp_path, capsys):
    from roster.solver.__main__ import main

    path = tmp_path / "input.json"
    path.write_text(json.dumps(_second_officer_needlessly_low()), encoding="utf-8")
    assert main(["solve", str(path), "--time-limit", "10", "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    wishes = _stages(json.loads(printed))["wishes"]
    assert wishes["detail"]["officers_1"] == 1
    assert wishes["detail"]["rate_2"] == 75
    output = tmp_path / "output.json"
    output.write_text(printed, encoding="utf-8")
    assert main(["verify", str(path), str(output)]) == 0
    assert "violations:  0" in capsys.readouterr().out


@pytest.mark.parametrize(("o2_works", "feasible"), [("p", True), ("u", False)])
def test_the_wishes_hold_keeps_every_level(o2_works, feasible):
    from ortools.sat.python import cp_model

    from roster.solver.build import build_model
    from roster.solver.stages import hold

    # given the levels 50 % (one officer), 75 % (one), 100 % (one) held
    inp = parse_input(_second_officer_needlessly_low())
    built = build_model(inp)
    levels = {"rate_1": 50, "officers_1": 1, "rate_2": 75, "officers_2": 1}
    hold(built, StageName.WISHES, {**levels, "rate_3": 100, "officers_3": 1})
    # when o2 works u (p goes to o3: o2 at 50 % beside o1) or p
    built.model.add(built.vars.x["o2", o2_works, "basis"] == 1)
    # then only p keeps every level
    code = cp_model.CpSolver().solve(built.model)
    assert (code in (cp_model.OPTIMAL, cp_model.FEASIBLE)) is feasible


def test_the_time_follows_the_rank_not_the_name():
    from roster.solver.stages import STAGE_SHARES, time_share

    default = [StageName.SHORTFALL, StageName.FAIRNESS, StageName.WISHES, StageName.TOTALS]
    # the default order (or any part of it): each stage its own share of what is left
    for index, name in enumerate(default):
        rest = sum(STAGE_SHARES[s] for s in default[index:])
        assert time_share(default, index, 60.0) == pytest.approx(60.0 * STAGE_SHARES[name] / rest)
    # wishes ranked above fairness: wishes gets the second place's share, fairness the third's
    ranked = [StageName.SHORTFALL, StageName.WISHES, StageName.FAIRNESS, StageName.TOTALS]
    assert time_share(ranked, 1, 60.0) == pytest.approx(time_share(default, 1, 60.0))
    assert time_share(ranked, 2, 30.0) == pytest.approx(time_share(default, 2, 30.0))
    assert time_share(ranked, 1, 60.0) > time_share(ranked, 2, 60.0 - time_share(ranked, 1, 60.0))


def test_the_wish_swaps_are_limited_by_fairness_only_once_fairness_is_held():
    from roster.solver.solve import UNLIMITED_DEVIATION, swap_limits

    worst = {"night": 2, "weekend": 1, "minutes": 3}
    # held (fairness ranks above the wishes): what it holds, else the roster's worst
    assert swap_limits(worst, {"night": 1, "minutes": 2}) == {
        "night": 1,
        "weekend": 1,
        "minutes": 2,
    }
    # not held (fairness after the wishes, or not in the order): no limit
    assert swap_limits(worst, None) == dict.fromkeys(worst, UNLIMITED_DEVIATION)
