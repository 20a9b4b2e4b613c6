"""Repair: ``previous`` is hinted and every change costs ``stability``."""

from tests.roster.solver.helpers import at, make_input, officer, run, shift, worked


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


def _leave(officer_id, day, days=1):
    return {
        "officer": officer_id,
        "start": at(day, 0),
        "end": at(day + days, 0),
        "reason": "sick",
    }


def test_repair_changes_no_other_officer_to_improve_fairness():
    # given a published roster that is unfair on nights (o1 works all four), and o2 ill on
    # the day shift d2 he works
    officers = [officer(f"o{i}") for i in range(1, 5)]
    shifts = [shift(f"n{d}", d, 23, 8, burdens=["night"]) for d in (0, 2, 4, 6)]
    shifts += [shift("d2", 2, 9, 8)]
    previous = [{"officer": "o1", "shift": s["id"], "skill": "basis"} for s in shifts[:4]]
    previous.append({"officer": "o2", "shift": "d2", "skill": "basis"})
    data = make_input(officers, shifts, previous=previous, unavailable=[_leave("o2", 2)])
    # when
    _, result, out = run(data)
    # then the lost place is refilled by one other officer and nothing else moves
    stages = {st["name"]: st for st in out["stages"]}
    assert stages["shortfall"]["value"] == 0
    assert stages["changes"] == {**stages["changes"], "value": 1, "bound": 1, "status": "optimal"}
    assert worked(result, "o1") == ["n0", "n2", "n4", "n6"]
    assert out["changes"] == 2  # o2 loses d2, one colleague takes it
    changed = {c["officer"]: c for c in out["changed_officers"]}
    assert changed["o2"] == {
        "officer": "o2",
        "reason": "place_lost",
        "params": {"block": "unavailable", "lost": ["d2"]},
        "added": [],
        "removed": ["d2"],
    }
    (cover,) = (c for o, c in changed.items() if o != "o2")
    assert cover["reason"] == "covers_lost_place"
    assert cover["params"] == {"covers": ["d2"]}
    assert cover["added"] == ["d2"]


def test_repair_keeps_everything_outside_its_window():
    # given a published roster with an empty place on day 20 and a lost place on day 2
    officers = [officer(f"o{i}") for i in range(1, 4)]
    shifts = [shift("a", 2, 7, 8), shift("far", 20, 7, 8)]
    previous = [{"officer": "o1", "shift": "a", "skill": "basis"}]
    data = make_input(officers, shifts, previous=previous, unavailable=[_leave("o1", 2)])
    # when
    _, result, out = run(data)
    # then the lost place is refilled, the far empty place is not the repair's business
    assert [p.shift for p in result.assignments] == ["a"]
    assert [s["shift"] for s in out["shortfalls"]] == ["far"]
    # and the note says so as a code with dates (day 2 lost, days 1..3 may change)
    assert out["notes"] == [
        {
            "code": "repair_window",
            "params": {
                "lost_first": "2026-06-03",
                "lost_last": "2026-06-03",
                "change_first": "2026-06-02",
                "change_last": "2026-06-04",
            },
        }
    ]


def test_repair_without_time_returns_the_published_roster_minus_the_lost_places_refilled():
    # given a repair and no time for CP-SAT at all
    officers, shifts = _team_and_shifts()
    _, _first, out = run(make_input(officers, shifts))
    previous = out["assignments"]
    gone = next(a for a in previous if a["shift"] == "s2")["officer"]
    data = make_input(officers, shifts, previous=previous, unavailable=[_leave(gone, 2)])
    # when
    _, result, out2 = run(data, time_limit=0.0)
    # then every published placement but the lost one is kept and the hole refilled lawfully
    kept = {(a["officer"], a["shift"]) for a in previous} - {(gone, "s2")}
    assert kept <= {(p.officer, p.shift) for p in result.assignments}
    assert out2["shortfalls"] == []
    assert out2["changes"] == 2
    assert {st["status"] for st in out2["stages"]} <= {"optimal", "not_run"}


def test_repair_of_a_published_roster_that_now_breaks_a_rule_drops_and_refills_that_part():
    # given o1 published on two day shifts 16 h apart, and the rest rule now asks 17 h
    officers = [officer("o1"), officer("o2")]
    shifts = [shift("a", 0, 7, 8), shift("b", 1, 7, 8)]
    previous = [{"officer": "o1", "shift": s, "skill": "basis"} for s in ("a", "b")]
    data = make_input(
        officers,
        shifts,
        previous=previous,
        rules={"min_rest_minutes": 1020, "min_rest_after_night_minutes": 1020},
    )
    # when (no time for CP-SAT: the fallback alone)
    _, result, out = run(data, time_limit=0.0)
    # then the roster is lawful (run() verifies it): o1 keeps a, o2 takes b
    assert worked(result, "o1") == ["a"]
    assert worked(result, "o2") == ["b"]
    assert out["shortfalls"] == []
    reasons = {c["officer"]: c["reason"] for c in out["changed_officers"]}
    assert reasons == {"o1": "knock_on", "o2": "knock_on"}
