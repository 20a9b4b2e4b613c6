"""Joint inputs of several teams (roster.solver.joint): one officer across teams."""

import datetime as dt

import pytest

from roster.solver.io import parse_input, result_to_dict
from roster.solver.joint import merge_inputs, split_result
from roster.solver.solve import solve
from roster.solver.verify import verify


def _part(team, shift_id, start, officers, *, skills=("basis",)):
    return {
        "format": "samenroosteren.solve-input/1",
        "timezone": "Europe/Amsterdam",
        "horizon": {"start": "2027-01-04T00:00:00+01:00", "end": "2027-01-06T00:00:00+01:00"},
        "officers": [
            {"id": o, "skills": list(skills), "contract_minutes_per_week": 2160} for o in officers
        ],
        "shifts": [
            {
                "id": shift_id,
                "start": f"2027-01-04T{start}:00+01:00",
                "end": (
                    dt.datetime.fromisoformat(f"2027-01-04T{start}:00+01:00")
                    + dt.timedelta(hours=8)
                ).isoformat(),
                "demand": {"basis": 1},
            }
        ],
    }


def test_skills_are_namespaced_per_team_and_a_shared_officer_is_one_officer():
    a = _part("a", "s1", "07:00", ["o1", "o9"])
    b = _part("b", "s2", "09:00", ["o9"])
    merged = merge_inputs([("ta", a), ("tb", b)])
    assert [(o["id"], o["skills"]) for o in merged["officers"]] == [
        ("o1", ["ta:basis"]),
        ("o9", ["ta:basis", "tb:basis"]),
    ]
    assert [(s["id"], s["demand"]) for s in merged["shifts"]] == [
        ("s1", {"ta:basis": 1}),
        ("s2", {"tb:basis": 1}),
    ]


def test_a_training_skill_is_namespaced_with_its_team():
    a = _part("a", "s1", "07:00", ["o1", "o2"])
    a["officers"][1]["skills"] = ["basis", "ovd"]  # o2, his mentor, holds it
    a["officers"][0]["training"] = [{"skill": "ovd", "mentors": ["o2"], "target": 1}]
    merged = merge_inputs([("ta", a), ("tb", _part("b", "s2", "09:00", ["o1"]))])
    row = next(o for o in merged["officers"] if o["id"] == "o1")
    assert row["training"] == [{"skill": "ta:ovd", "mentors": ["o2"], "target": 1}]
    parse_input(merged)


def test_a_joint_solve_never_double_books_the_shared_officer():
    # given: team a's early 07-15 and team b's 09-17 overlap; o9 is in both teams and
    # the only officer of team b
    a = _part("a", "s1", "07:00", ["o1", "o9"])
    b = _part("b", "s2", "09:00", ["o9"])
    inp = parse_input(merge_inputs([("ta", a), ("tb", b)]))
    # when
    out = result_to_dict(solve(inp, time_limit_s=5, workers=1, seed=0))
    # then: o1 takes a's shift, o9 b's; every rule holds; split hands back plain skills
    assert verify(inp, out).violations == []
    assert split_result(["ta", "tb"], out["assignments"]) == {
        "ta": [{"officer": "o1", "shift": "s1", "skill": "basis"}],
        "tb": [{"officer": "o9", "shift": "s2", "skill": "basis"}],
    }
    assert out["shortfalls"] == []


def test_an_officer_of_one_team_is_never_placed_on_the_other_teams_shift():
    a = _part("a", "s1", "07:00", ["o1"])
    b = _part("b", "s2", "20:00", ["o2"])
    b["shifts"][0]["demand"] = {"basis": 2}
    inp = parse_input(merge_inputs([("ta", a), ("tb", b)]))
    out = result_to_dict(solve(inp, time_limit_s=5, workers=1, seed=0))
    assert {(p["officer"], p["shift"]) for p in out["assignments"]} == {("o1", "s1"), ("o2", "s2")}
    assert [(s["shift"], s["missing"]) for s in out["shortfalls"]] == [("s2", 1)]


def test_fixed_work_elsewhere_in_two_parts_is_merged_once():
    a = _part("a", "s1", "07:00", ["o1"], skills=("basis", "@other_team"))
    b = _part("b", "s2", "07:00", ["o2"], skills=("basis", "@other_team"))
    for part, officer in ((a, "o1"), (b, "o2")):
        part["shifts"].append(
            {
                "id": "s99",
                "start": "2027-01-05T07:00:00+01:00",
                "end": "2027-01-05T15:00:00+01:00",
                "demand": {"@other_team": 1},
            }
        )
        part["pinned"] = [{"officer": officer, "shift": "s99", "skill": "@other_team"}]
    merged = merge_inputs([("ta", a), ("tb", b)])
    fixed = [s for s in merged["shifts"] if s["id"] == "s99"]
    assert [s["demand"] for s in fixed] == [{"@other_team": 2}]
    inp = parse_input(merged)
    out = result_to_dict(solve(inp, time_limit_s=5, workers=1, seed=0))
    assert verify(inp, out).violations == []
    assert split_result(["ta", "tb"], out["assignments"]) == {
        "ta": [{"officer": "o1", "shift": "s1", "skill": "basis"}],
        "tb": [{"officer": "o2", "shift": "s2", "skill": "basis"}],
    }


@pytest.mark.parametrize(
    "parts",
    [
        [],
        [("t:a", {})],
        [("ta", {}), ("ta", {})],
    ],
)
def test_bad_parts_are_refused(parts):
    with pytest.raises(ValueError):  # noqa: PT011 - the message names the parts
        merge_inputs(parts)


def test_one_shift_in_two_parts_is_refused():
    a = _part("a", "s1", "07:00", ["o1"])
    b = _part("b", "s1", "07:00", ["o2"])
    with pytest.raises(ValueError, match="s1 is in two parts"):
        merge_inputs([("ta", a), ("tb", b)])
