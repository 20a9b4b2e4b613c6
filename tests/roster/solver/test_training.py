"""Trainees and mentors (``roster.solver.training``, issue 18): a trainee fills a place of the
skill he trains for only with a mentor on the shift; the stage ``training`` gives him his
target of such shifts when it can; the input, the result and the verifier know the rule."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roster.solver.io import InputError, parse_input
from roster.solver.training import unmentored
from roster.solver.types import Placement
from roster.solver.verify import verify
from tests.roster.solver.helpers import make_input, officer, run, shift

AMS = ZoneInfo("Europe/Amsterdam")


def trainee(oid="t", mentors=("m",), target=0, **kw):
    return officer(
        oid, training=[{"skill": "ovd", "mentors": list(mentors), "target": target}], **kw
    )


def places(result, officer_id):
    return sorted((p.shift, p.skill) for p in result.assignments if p.officer == officer_id)


def test_a_trainee_takes_the_ovd_place_only_on_the_shift_his_mentor_works():
    # given an ovd place on two days; the mentor is unavailable on day 1
    data = make_input(
        [trainee(target=2), officer("m", ("basis", "ovd"))],
        [shift("a", 0, 7, 8, {"ovd": 1, "basis": 1}), shift("b", 1, 7, 8, {"ovd": 1})],
        days=2,
        unavailable=[
            {
                "officer": "m",
                "start": "2026-06-02T00:00:00+02:00",
                "end": "2026-06-03T00:00:00+02:00",
            }
        ],
    )
    _, result, out = run(data)
    # then the trainee fills ovd only on day 0, with the mentor on the same shift
    assert places(result, "t") == [("a", "ovd")]
    assert places(result, "m") == [("a", "basis")]
    # and the place of day 1 stays empty rather than have him alone
    assert [(s.shift, s.skill) for s in result.shortfalls] == [("b", "ovd")]
    assert out["training"] == [{"officer": "t", "skill": "ovd", "shifts": 1, "target": 2}]


def test_one_mentor_accompanies_one_trainee_per_shift():
    data = make_input(
        [trainee("t1"), trainee("t2"), officer("m", ("basis", "ovd"))],
        [shift("a", 0, 7, 8, {"ovd": 2, "basis": 1})],
        days=1,
    )
    _, result, _ = run(data)
    trainees = [p.officer for p in result.assignments if p.skill == "ovd" and p.officer != "m"]
    assert len(trainees) == 1  # two trainees, one mentor on the shift: one trainee place
    assert places(result, "m")


def test_a_named_mentor_is_the_only_one_who_counts():
    # given the trainee's mentor is m1; m2 also holds ovd but is not his mentor
    data = make_input(
        [
            trainee(mentors=("m1",), target=1),
            officer("m1", ("ovd",)),
            officer("m2", ("basis", "ovd")),
        ],
        [shift("a", 0, 7, 8, {"ovd": 1, "basis": 1})],
        days=1,
        signups=[{"officer": "m1", "shift": "a", "wish": "rather_not"}],
        rules={"unsigned_allowed": True},
    )
    _, result, _ = run(data)
    if ("a", "ovd") in places(result, "t"):
        assert places(result, "m1")  # never with m2 alone
    assert not unmentored(parse_input(data), result.assignments)


def test_the_training_stage_gives_each_trainee_his_target_when_possible():
    # given four days with one ovd place each and a mentor on basis every day; two
    # trainees want two training shifts each; a qualified officer could take them all
    data = make_input(
        [
            trainee("t1", target=2),
            trainee("t2", target=2),
            officer("m", ("basis", "ovd")),
            officer("q", ("ovd",)),
        ],
        [shift(f"d{d}", d, 7, 8, {"ovd": 1, "basis": 1}) for d in range(4)],
        days=4,
    )
    _, result, out = run(data)
    assert out["training"] == [
        {"officer": "t1", "skill": "ovd", "shifts": 2, "target": 2},
        {"officer": "t2", "skill": "ovd", "shifts": 2, "target": 2},
    ]
    training = next(s for s in out["stages"] if s["name"] == "training")
    assert (training["value"], training["status"]) == (0, "optimal")
    assert not result.shortfalls


def test_without_a_target_there_is_no_training_stage_and_no_training_report_key():
    data = make_input([officer("o1")], [shift("a", 0, 7, 8)], days=1)
    _, _, out = run(data)
    assert "training" not in out
    assert all(s["name"] != "training" for s in out.get("stages", []))


def test_the_verifier_flags_a_trainee_without_mentor_and_a_wrong_training_count():
    data = make_input(
        [trainee(target=1), officer("m", ("basis", "ovd"))],
        [shift("a", 0, 7, 8, {"ovd": 1, "basis": 1})],
        days=1,
    )
    inp, _result, out = run(data)
    alone = dict(out)
    alone["assignments"] = [{"officer": "t", "shift": "a", "skill": "ovd"}]
    report = verify(inp, alone)
    assert "project.training_mentor" in [str(v.rule) for v in report.violations]
    wrong = dict(out)
    wrong["training"] = [{"officer": "t", "skill": "ovd", "shifts": 0, "target": 1}]
    assert any(m.startswith("training:") for m in verify(inp, wrong).mismatches)


def test_a_pinned_trainee_no_mentor_can_join_makes_the_solve_infeasible():
    data = make_input(
        [trainee(), officer("m", ("basis", "ovd"), night_exempt=True)],
        [shift("n", 0, 23, 8, {"ovd": 1, "basis": 1})],
        days=2,
        pinned=[{"officer": "t", "shift": "n", "skill": "ovd"}],
    )
    _, _, out = run(data)
    assert out["status"] == "infeasible"
    assert [v["rule"] for v in out["violations"]] == ["project.training_mentor"]


def test_a_pinned_trainee_gets_his_mentor_put_on_the_shift():
    data = make_input(
        [trainee(), officer("m", ("basis", "ovd")), officer("b")],
        [shift("a", 0, 7, 8, {"ovd": 1, "basis": 1})],
        days=1,
        pinned=[{"officer": "t", "shift": "a", "skill": "ovd"}],
        signups=[{"officer": "b", "shift": "a", "wish": "want"}],
    )
    _, result, _ = run(data)
    assert places(result, "m") == [("a", "basis")]  # his want is outranked by the rule


def test_a_dst_night_counts_as_one_training_shift_with_the_mentor_on_it():
    # given the night of 25 October 2026 (clocks back: 9 hours from 23:00 to 07:00)
    start = dt.datetime(2026, 10, 25, 0, 0, tzinfo=AMS)
    night = {
        "id": "n",
        "start": dt.datetime(2026, 10, 25, 23, 0, tzinfo=AMS).isoformat(),
        "end": dt.datetime(2026, 10, 26, 7, 0, tzinfo=AMS).isoformat(),
        "burdens": ["night"],
        "demand": {"ovd": 1, "basis": 1},
    }
    data = {
        "format": "samenroosteren.solve-input/1",
        "timezone": "Europe/Amsterdam",
        "horizon": {"start": start.isoformat(), "end": (start + dt.timedelta(days=2)).isoformat()},
        "officers": [trainee(target=1), officer("m", ("basis", "ovd"))],
        "shifts": [night],
    }
    inp, result, out = run(data)
    assert inp.shift_by_id["n"].minutes == 8 * 60  # 23:00-07:00 on the night clocks go back
    assert places(result, "t") == [("n", "ovd")]
    assert places(result, "m") == [("n", "basis")]
    assert out["training"][0]["shifts"] == 1


@pytest.mark.parametrize(
    ("training", "path"),
    [
        ([{"skill": "basis", "mentors": []}], "officers[0] (id=t).training[0].skill"),
        ([{"skill": "ovd", "mentors": ["x"]}], "officers[0] (id=t).training[0].mentors"),
        ([{"skill": "ovd", "mentors": ["t"]}], "officers[0] (id=t).training[0].mentors"),
        ([{"skill": "ovd", "mentors": ["b"]}], "officers[0] (id=t).training[0].mentors"),
        ([{"skill": "ovd", "mentors": [], "target": -1}], "officers[0] (id=t).training[0].target"),
        ([{"skill": "ovd"}], "officers[0] (id=t).training[0].mentors"),
        (
            [{"skill": "ovd", "mentors": []}, {"skill": "ovd", "mentors": []}],
            "officers[0] (id=t).training[1].skill",
        ),
    ],
)
def test_bad_training_input_names_the_field(training, path):
    data = make_input(
        [officer("t", training=training), officer("b"), officer("m", ("ovd",))],
        [shift("a", 0, 7, 8)],
        days=1,
    )
    with pytest.raises(InputError) as err:
        parse_input(data)
    assert err.value.path == path


@settings(max_examples=25, deadline=None)
@given(
    mentor_days=st.sets(st.integers(0, 4)),
    targets=st.tuples(st.integers(0, 4), st.integers(0, 4)),
)
def test_no_solved_roster_has_a_trainee_without_a_mentor(mentor_days, targets):
    # the mentor may work only on mentor_days; every day has one ovd and one basis place
    blocked = [
        {
            "officer": "m",
            "start": f"2026-06-0{d + 1}T00:00:00+02:00",
            "end": f"2026-06-0{d + 2}T00:00:00+02:00",
        }
        for d in range(5)
        if d not in mentor_days
    ]
    data = make_input(
        [
            trainee("t1", target=targets[0]),
            trainee("t2", target=targets[1]),
            officer("m", ("basis", "ovd")),
        ],
        [shift(f"d{d}", d, 7, 8, {"ovd": 1, "basis": 1}) for d in range(5)],
        days=5,
        unavailable=blocked,
    )
    inp, result, _ = run(data, time_limit=5)
    assert unmentored(inp, result.assignments) == []
    trainee_days = {
        int(p.shift[1:]) for p in result.assignments if p.officer != "m" and p.skill == "ovd"
    }
    assert trainee_days <= mentor_days


def test_unmentored_finds_the_place_a_matching_leaves_alone():
    inp = parse_input(
        make_input(
            [
                trainee("t1", mentors=("m",)),
                trainee("t2", mentors=("m",)),
                officer("m", ("basis", "ovd")),
            ],
            [shift("a", 0, 7, 8, {"ovd": 2, "basis": 1})],
            days=1,
        )
    )
    roster = [
        Placement("t1", "a", "ovd"),
        Placement("t2", "a", "ovd"),
        Placement("m", "a", "basis"),
    ]
    assert len(unmentored(inp, roster)) == 1
    assert unmentored(inp, roster[:1] + roster[2:]) == []
