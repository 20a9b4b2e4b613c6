"""The repair benchmark on a tiny team: absences free places, the repair keeps the rest."""

import json

from bench.repair import absences_add, freed_placements, main
from bench.scenario import generate
from roster.solver.io import parse_input, placement_dict
from roster.solver.solve import solve


def test_absences_free_exactly_the_absent_officers_shifts_in_the_window():
    data = generate(8, 14, seed=2)
    first = solve(parse_input(data), time_limit_s=3, workers=1, seed=0)
    placements = [placement_dict(p) for p in first.assignments]
    repair_data, absences = absences_add(data, placements, count=2, days=4, seed=2)
    assert len(absences) == 2
    assert repair_data["previous"] == placements
    freed = freed_placements(repair_data, placements, absences)
    absent = {a["officer"] for a in absences}
    assert freed, "the chosen officers work in the window"
    assert {p["officer"] for p in freed} <= absent
    # the window is local midnight to midnight, though it straddles the DST change of
    # 25 Oct 2026 (the scenario starts 19 Oct): a placement of an absent officer is freed
    # exactly when its shift overlaps the window
    assert absences[0]["start"] == "2026-10-26T00:00:00+01:00"
    assert absences[0]["end"] == "2026-10-30T00:00:00+01:00"
    inp = parse_input(repair_data)
    window = (7 * 24 + 1) * 60, (11 * 24 + 1) * 60  # minutes from 19 Oct 00:00 CEST
    for p in placements:
        if p["officer"] in absent:
            shift = inp.shift_by_id[p["shift"]]
            overlaps = shift.start < window[1] and window[0] < shift.end
            assert (p in freed) == overlaps, (p, shift.start, shift.end)


def test_bench_repair_prints_figures_and_a_lawful_roster(capsys):
    code = main(
        [
            "--officers",
            "8",
            "--days",
            "14",
            "--seed",
            "2",
            "--absent",
            "2",
            "--absent-days",
            "4",
            "--first-time-limit",
            "3",
            "--time-limit",
            "3",
            "--workers",
            "1",
        ]
    )
    line = json.loads(capsys.readouterr().out)
    assert code == 0
    assert line["violations"] == 0
    assert line["verify_mismatches"] == 0
    assert line["freed"] > 0
    # the freed placements are gone from the repaired roster
    assert line["removed"] >= line["freed"]
    assert line["changes"] == line["added"] + line["removed"] - line["freed"]


def test_the_repair_start_keeps_the_previous_roster_minus_the_freed_places_and_is_lawful():
    from roster.solver.eligibility import candidates
    from roster.solver.hard_rules import check_assignments
    from roster.solver.repair import start_roster

    data = generate(8, 14, seed=2)
    first = solve(parse_input(data), time_limit_s=3, workers=1, seed=0)
    placements = [placement_dict(p) for p in first.assignments]
    repair_data, absences = absences_add(data, placements, count=2, days=4, seed=2)
    freed = freed_placements(repair_data, placements, absences)
    inp = parse_input(repair_data)
    start, window = start_roster(inp, candidates(inp))
    hint = [placement_dict(p) for p in start]
    kept = [p for p in placements if p not in freed]
    assert all(p in hint for p in kept)
    assert not any(p in hint for p in freed)
    assert check_assignments(inp, start) == []
    # only shifts inside the repair window gained officers
    assert window is not None
    added = [p for p in hint if p not in placements]
    assert all(window.contains(inp.shift_by_id[p["shift"]].day) for p in added)
