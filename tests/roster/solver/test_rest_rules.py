"""atw.daily_rest / atw.rest_after_night / project.overlap in the model (hard)."""

from tests.roster.solver.helpers import make_input, missing, officer, run, shift, worked


def test_one_officer_works_two_shifts_exactly_eleven_hours_apart():
    # given a late shift ending 23:00 and an early one starting 10:00 the next day
    data = make_input([officer("o1")], [shift("a", 0, 15, 8), shift("b", 1, 10, 8)])
    # when
    _, result, _ = run(data)
    # then both are filled by the only officer
    assert worked(result, "o1") == ["a", "b"]
    assert result.status == "optimal"


def test_659_minutes_of_rest_leaves_one_place_empty():
    data = make_input([officer("o1")], [shift("a", 0, 15, 8), shift("b", 1, 10 - 1 / 60, 8)])
    _, result, _ = run(data)
    assert len(worked(result, "o1")) == 1
    assert missing(result) == 1


def test_rest_after_a_night_is_fourteen_hours():
    night = shift("n", 0, 23, 8)  # ends day 1 07:00
    ok = make_input([officer("o1")], [night, shift("b", 1, 21, 8)])
    short = make_input([officer("o1")], [night, shift("b", 1, 21 - 1 / 60, 8)])
    assert missing(run(ok)[1]) == 0
    assert missing(run(short)[1]) == 1


def test_overlapping_shifts_are_never_both_worked():
    data = make_input([officer("o1")], [shift("a", 0, 7, 8), shift("b", 0, 14, 8)])
    _, result, _ = run(data)
    assert len(worked(result, "o1")) == 1


def test_rest_is_owed_after_the_last_shift_before_the_period():
    # given a night that ended on day 0 at 07:00
    hist = {"last_shift_end": "2026-06-01T07:00:00+02:00", "last_shift_night": True}
    shifts = [shift("early", 0, 15, 8), shift("ok", 0, 21, 8)]
    data = make_input([officer("o1", history=hist)], shifts)
    _, result, out = run(data)
    # then the 15:00 shift (8 h rest) stays empty and the 21:00 one (14 h) is worked
    assert worked(result, "o1") == ["ok"]
    reasons = out["shortfalls"][0]["reasons"]
    assert any("atw.rest_after_night" in r for r in reasons)


def test_three_mutually_clashing_shifts_become_one_at_most_one_without_pair_clauses():
    # given early, late and night of one day (every pair clashes: overlap or < 11 h rest)
    from ortools.sat.python import cp_model

    from roster.solver.build import ModelVars, add_rest, add_variables
    from roster.solver.eligibility import candidates
    from roster.solver.io import parse_input

    shifts = [shift("e", 0, 7, 8), shift("l", 0, 15, 8), shift("n", 0, 23, 8)]
    inp = parse_input(make_input([officer("o1")], shifts))
    model = cp_model.CpModel()
    vars = ModelVars(model, candidates(inp))
    add_variables(model, vars, inp)
    # when the rest rule is encoded
    add_rest(model, vars, inp)
    constraints = list(model.proto.constraints)
    # then one at-most-one covers all three pairs and no pair clause repeats it
    assert sum(1 for c in constraints if c.has_at_most_one()) == 1
    assert sum(1 for c in constraints if c.has_bool_or()) == 0
    _, result, _ = run(make_input([officer("o1")], shifts))
    assert len(worked(result, "o1")) == 1
