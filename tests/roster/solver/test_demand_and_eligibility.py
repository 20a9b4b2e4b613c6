"""Qualification, availability, night exemption, sign-ups only, no over-staffing, shift
length (hard) and the exact shortfall penalty (soft)."""

from tests.roster.solver.helpers import make_input, missing, officer, run, shift, worked


def test_no_over_staffing_and_one_place_per_officer():
    officers = [officer("o1", ("basis", "ovd")), officer("o2"), officer("o3")]
    data = make_input(officers, [shift("s", 0, 7, 8, {"basis": 1, "ovd": 1})])
    _, result, _ = run(data)
    assert len(result.assignments) == 2
    assert len({p.officer for p in result.assignments}) == 2
    assert {p.skill for p in result.assignments} == {"basis", "ovd"}
    assert any(p.officer == "o1" and p.skill == "ovd" for p in result.assignments)


def test_shortfall_penalty_is_the_weight_per_missing_place():
    data = make_input(
        [officer("o1")], [shift("s", 0, 7, 8, {"basis": 3})], weights={"shortfall": 777}
    )
    _, result, out = run(data)
    assert missing(result) == 2
    assert out["terms"]["shortfall"] == 2 * 777
    assert out["shortfalls"][0]["missing"] == 2


def test_skill_is_required():
    data = make_input([officer("o1")], [shift("s", 0, 7, 8, {"ovd": 1})])
    _, result, out = run(data)
    assert result.assignments == ()
    assert "no officer in the team holds ovd" in out["shortfalls"][0]["reasons"][0]


def test_unavailable_officer_is_not_rostered():
    away = [
        {
            "officer": "o1",
            "start": "2026-06-01T10:00:00+02:00",
            "end": "2026-06-01T11:00:00+02:00",
            "reason": "training",
        }
    ]
    data = make_input([officer("o1")], [shift("s", 0, 7, 8)], unavailable=away)
    _, result, out = run(data)
    assert result.assignments == ()
    assert any("unavailable (training)" in r for r in out["shortfalls"][0]["reasons"])


def test_night_exempt_officer_gets_no_night():
    data = make_input(
        [officer("o1", night_exempt=True), officer("o2")],
        [shift("n", 0, 23, 8, {"basis": 2})],
    )
    _, result, out = run(data)
    assert worked(result, "o1") == []
    assert worked(result, "o2") == ["n"]
    assert any("exempt" in r for r in out["shortfalls"][0]["reasons"])


def test_without_unsigned_allowed_only_sign_ups_are_rostered():
    data = make_input(
        [officer("o1"), officer("o2")],
        [shift("s", 0, 7, 8, {"basis": 2})],
        signups=[{"officer": "o2", "shift": "s", "wish": "can"}],
        rules={"unsigned_allowed": False},
    )
    _, result, _ = run(data)
    assert [p.officer for p in result.assignments] == ["o2"]


def test_shift_breaking_the_length_rules_is_never_filled_and_reported():
    data = make_input([officer("o1")], [shift("long", 0, 7, 12 + 1 / 60), shift("n", 1, 22, 10.5)])
    _, result, out = run(data)
    assert result.assignments == ()
    reasons = {s["shift"]: s["reasons"][0] for s in out["shortfalls"]}
    assert "atw.max_shift" in reasons["long"]
    assert "atw.night_max_len" in reasons["n"]
