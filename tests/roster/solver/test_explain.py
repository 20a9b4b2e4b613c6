"""Every shortfall carries reasons a planner can read."""

from tests.roster.solver.helpers import make_input, officer, run, shift


def test_each_holder_of_the_missing_skill_gets_a_reason():
    # given five ovd holders for a night that needs four of them
    officers = [
        officer("o1", ("ovd",)),
        officer("o2", ("ovd",), night_exempt=True),
        officer("o3", ("ovd",)),
        officer("o4", ("ovd",)),
        officer("o5", ("ovd",)),
    ]
    shifts = [
        shift("n", 1, 23, 8, {"ovd": 4}),
        shift("x", 1, 22, 8, {"ovd": 1}),  # overlaps n
        shift("e", 1, 15, 8, {"ovd": 1}),  # ends when n starts
    ]
    leave = [
        {
            "officer": "o1",
            "start": "2026-06-02T00:00:00+02:00",
            "end": "2026-06-03T00:00:00+02:00",
            "reason": "leave",
        }
    ]
    pinned = [
        {"officer": "o3", "shift": "x", "skill": "ovd"},
        {"officer": "o4", "shift": "e", "skill": "ovd"},
    ]
    data = make_input(officers, shifts, unavailable=leave, pinned=pinned)
    # when
    _, _, out = run(data)
    # then
    (entry,) = [s for s in out["shortfalls"] if s["shift"] == "n"]
    assert entry["skill"] == "ovd"
    assert entry["missing"] == 3
    summary, *lines = entry["reasons"]
    assert summary.startswith("3 of 4 place(s) for ovd empty; 5 officer(s) hold ovd")
    by_officer = {line.split(":")[0]: line for line in lines}
    assert "unavailable (leave)" in by_officer["o1"]
    assert "exempt from night shifts" in by_officer["o2"]
    assert "busy elsewhere (works x" in by_officer["o3"]
    assert "atw.daily_rest" in by_officer["o4"]
    assert "works this shift already" in by_officer["o5"]
