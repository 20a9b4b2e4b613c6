from tests.roster.solver.helpers import make_input, officer, run, shift


def test_pinned_assignment_is_kept_even_against_wishes():
    data = make_input(
        [officer("o1"), officer("o2")],
        [shift("s", 0, 7, 8)],
        signups=[
            {"officer": "o2", "shift": "s", "wish": "want"},
            {"officer": "o1", "shift": "s", "wish": "rather_not"},
        ],
        pinned=[{"officer": "o1", "shift": "s", "skill": "basis"}],
    )
    _, result, _ = run(data)
    assert [(p.officer, p.shift) for p in result.assignments] == [("o1", "s")]


def test_pinned_assignments_breaking_a_rule_make_the_solve_infeasible_and_are_named():
    # given two pinned shifts with 8 h of rest between them
    data = make_input(
        [officer("o1")],
        [shift("a", 0, 7, 8), shift("b", 0, 23, 8)],
        pinned=[
            {"officer": "o1", "shift": "a", "skill": "basis"},
            {"officer": "o1", "shift": "b", "skill": "basis"},
        ],
    )
    _, _result, out = run(data)
    assert out["status"] == "infeasible"
    assert out["assignments"] == []
    assert [(v["rule"], v["shifts"]) for v in out["violations"]] == [("atw.daily_rest", ["a", "b"])]


def test_pinned_without_the_skill_is_infeasible():
    data = make_input(
        [officer("o1")],
        [shift("a", 0, 7, 8, {"ovd": 1})],
        pinned=[{"officer": "o1", "shift": "a", "skill": "ovd"}],
    )
    _, _result, out = run(data)
    assert out["status"] == "infeasible"
    assert out["violations"][0]["rule"] == "project.qualification"
