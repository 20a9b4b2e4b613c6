"""Repair: ``previous`` is hinted and every change costs ``stability``."""

from tests.roster.solver.helpers import make_input, officer, run, shift


def _team_and_shifts():
    officers = [officer(f"o{i}") for i in range(4)]
    shifts = [shift(f"s{d}", d, 7, 8, {"basis": 2}) for d in range(6)]
    return officers, shifts


def test_repair_of_an_optimal_roster_changes_nothing():
    officers, shifts = _team_and_shifts()
    _, _first, out = run(make_input(officers, shifts))
    previous = out["assignments"]
    _, _again, out2 = run(make_input(officers, shifts, previous=previous))
    assert out2["changes"] == 0
    assert out2["assignments"] == previous


def test_repair_after_new_leave_changes_little():
    officers, shifts = _team_and_shifts()
    _, _first, out = run(make_input(officers, shifts))
    previous = out["assignments"]
    gone = next(a for a in previous if a["shift"] == "s2")["officer"]
    leave = [
        {
            "officer": gone,
            "start": "2026-06-03T00:00:00+02:00",
            "end": "2026-06-04T00:00:00+02:00",
            "reason": "sick",
        }
    ]
    _, _, out2 = run(make_input(officers, shifts, previous=previous, unavailable=leave))
    # the place is refilled; fairness outranks stability, so one swap more may pay off
    assert out2["shortfalls"] == []
    assert {(a["officer"], a["shift"]) for a in out2["assignments"]}.isdisjoint({(gone, "s2")})
    assert 2 <= out2["changes"] <= 4
    assert out2["terms"]["stability"] == 50 * out2["changes"]
    # when stability outweighs fairness (not shortfall), only the sick officer's place moves
    heavy = make_input(
        officers, shifts, previous=previous, unavailable=leave, weights={"stability": 5000}
    )
    _, _, out3 = run(heavy)
    assert out3["changes"] == 2


def test_empty_previous_is_not_a_repair():
    officers, shifts = _team_and_shifts()
    _, _, out = run(make_input(officers, shifts, previous=[]))
    assert out["changes"] == 0
