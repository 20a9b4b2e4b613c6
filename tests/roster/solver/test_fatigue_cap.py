"""The fatigue cap (`roster.solver.fatigue`, docs/fatigue.md): hard in solve and repair."""

import pytest

from roster.rules.fatigue import fatigue_scores
from roster.solver.io import InputError, parse_input, result_to_dict
from roster.solver.solve import solve
from roster.solver.verify import verify
from tests.roster.solver.helpers import at, make_input, missing, officer, run, shift, worked


def _nights(days):
    return [shift(f"n{d}", d, 23, 8) for d in days]


def _scores(inp, result, officer_id):
    items = [inp.shift_by_id[s].work_item() for s in worked(result, officer_id)]
    earlier = inp.fatigue.earlier.get(officer_id, ()) if inp.fatigue else ()
    return [s.total for s in fatigue_scores([*earlier, *items], range(28))]


def test_without_a_cap_one_officer_works_four_nights_scoring_50():
    inp, result, _ = run(make_input([officer("o0")], _nights(range(4))))
    assert missing(result) == 0
    assert max(_scores(inp, result, "o0")) == 32 + 12 + 6


def test_the_cap_leaves_the_fourth_night_empty_rather_than_exceed_it():
    data = make_input([officer("o0")], _nights(range(4)), fatigue={"cap": 40})
    inp, result, _ = run(data)
    assert missing(result) == 1
    assert max(_scores(inp, result, "o0")) <= 40


def test_a_cap_at_the_score_changes_nothing():
    data = make_input([officer("o0")], _nights(range(4)), fatigue={"cap": 50})
    _, result, _ = run(data)
    assert missing(result) == 0


def test_with_two_officers_the_cap_costs_no_place():
    data = make_input([officer("o0"), officer("o1")], _nights(range(4)), fatigue={"cap": 40})
    inp, result, _ = run(data)
    assert missing(result) == 0
    assert max(_scores(inp, result, "o0") + _scores(inp, result, "o1")) <= 40


def test_earlier_nights_before_the_horizon_count():
    earlier = [{"officer": "o0", "start": at(d, 23), "end": at(d + 1, 7)} for d in (-2, -1)]
    free = make_input([officer("o0")], _nights([0, 1]), fatigue={"cap": 40})
    _, result, _ = run(free)
    assert missing(result) == 0
    tired = make_input([officer("o0")], _nights([0, 1]), fatigue={"cap": 40, "earlier": earlier})
    inp, result, _ = run(tired)
    assert missing(result) == 1  # the fourth night in a row would score 50
    assert max(_scores(inp, result, "o0")) <= 40


def test_verify_reports_a_roster_above_the_cap():
    uncapped = make_input([officer("o0")], _nights(range(4)))
    _, _result, out = run(uncapped)
    capped = parse_input({**uncapped, "fatigue": {"cap": 40}})
    report = verify(capped, out)
    rules = {str(v.rule) for v in report.violations}
    assert rules == {"project.fatigue_cap"}
    # days 3 to 6 hold all four nights in their 7 days
    assert [v.value for v in report.violations] == [50, 50, 50, 50]
    v = report.violations[0]
    assert (v.value, v.limit, v.officer) == (50, 40, "o0")
    assert v.shift_ids == ("n0", "n1", "n2", "n3")


def test_fixed_time_above_the_cap_is_no_violation_and_no_infeasibility():
    # pinned nights already score 50 on day 3: the solve keeps them and adds nothing
    data = make_input(
        [officer("o0"), officer("o1")],
        [*_nights(range(4)), shift("e6", 6, 15, 8)],
        pinned=[{"officer": "o0", "shift": f"n{d}", "skill": "basis"} for d in range(4)],
        fatigue={"cap": 40},
    )
    _inp, result, _ = run(data)
    assert missing(result) == 0
    assert "e6" not in worked(result, "o0")  # it would raise days already above the cap


def test_repair_respects_the_cap():
    officers = [officer("o0"), officer("o1")]
    shifts = _nights(range(4))
    previous = [{"officer": "o0", "shift": f"n{d}", "skill": "basis"} for d in range(3)] + [
        {"officer": "o1", "shift": "n3", "skill": "basis"}
    ]
    leave = [{"officer": "o1", "start": at(3, 0), "end": at(4, 12), "reason": "sick"}]
    uncapped = make_input(officers, shifts, previous=previous, unavailable=leave)
    _, result, _ = run(uncapped)
    assert worked(result, "o0") == ["n0", "n1", "n2", "n3"]
    capped = make_input(officers, shifts, previous=previous, unavailable=leave, fatigue={"cap": 40})
    inp, result, _ = run(capped)
    assert "n3" not in worked(result, "o0")
    assert missing(result) == 1
    assert max(_scores(inp, result, "o0")) <= 40


def test_the_greedy_fallback_keeps_to_the_cap():
    data = make_input([officer("o0")], _nights(range(4)), fatigue={"cap": 40})
    inp = parse_input(data)
    result = solve(inp, time_limit_s=0.0, workers=1, seed=0)
    assert verify(inp, result_to_dict(result)).ok


@pytest.mark.parametrize(
    ("fatigue", "path"),
    [
        ({"cap": 0}, "fatigue.cap"),
        ({}, "fatigue.cap"),
        (
            {"cap": 50, "earlier": [{"officer": "nobody", "start": at(-1, 7), "end": at(-1, 15)}]},
            "fatigue.earlier[0] (officer=nobody).officer",
        ),
        (
            {"cap": 50, "earlier": [{"officer": "o0", "start": at(0, 7), "end": at(0, 15)}]},
            "fatigue.earlier[0] (officer=o0).start",
        ),
        ({"cap": 50, "colour": 1}, "fatigue.colour"),
    ],
)
def test_bad_fatigue_input_names_the_field(fatigue, path):
    with pytest.raises(InputError) as err:
        parse_input(make_input([officer("o0")], _nights([0]), fatigue=fatigue))
    assert err.value.path == path
