"""Evaluator: every hard rule at its boundaries, the border rule, and the objective."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.curtois.evaluate import evaluate
from bench.curtois.reader import RosterFormatError, read_instance, read_roster
from tests.bench.curtois._tiny import benchmark_file, make_instance, row


def _rules(inst_kwargs: dict[str, str | int], pattern: str) -> list[str]:
    inst = make_instance(**inst_kwargs)  # type: ignore[arg-type]
    return [v.rule for v in evaluate(inst, {"A": row(pattern)}).violations]


# Staff fields: ID, MaxShifts, MaxMin, MinMin, MaxConsec, MinConsec, MinDaysOff, MaxWeekends
RUNS = {"horizon": 14, "staff": "A,D=14,99999,0,4,3,1,2"}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("11000000000000", []),  # short run touching day 0: border rule
        ("00000000000011", []),  # short run touching the last day: border rule
        ("01100000000000", ["min_consecutive_shifts"]),  # interior run of 2 < 3
        ("00000000000110", ["min_consecutive_shifts"]),  # interior, one day before the end
        ("01110000000000", []),  # interior run of exactly 3
        ("01111000000000", []),  # run of exactly max 4
        ("11111000000000", ["max_consecutive_shifts"]),  # 5 > 4 even at the border
        ("00000000011111", ["max_consecutive_shifts"]),
        ("11111111111111", ["max_consecutive_shifts"]),  # one run touching both ends
        ("00000000000000", []),
    ],
)
def test_shift_runs_follow_the_border_rule(pattern: str, expected: list[str]) -> None:
    assert _rules(RUNS, pattern) == expected


DAYS_OFF_RUNS = {"horizon": 14, "staff": "A,D=14,99999,0,14,1,3,2"}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("01111111111111", []),  # one day off touching day 0
        ("11111111111110", []),  # one day off touching the last day
        ("11111101111111", ["min_consecutive_days_off"]),
        ("11111100111111", ["min_consecutive_days_off"]),
        ("11111000111111", []),  # exactly 3
        ("10111111111101", ["min_consecutive_days_off", "min_consecutive_days_off"]),
    ],
)
def test_days_off_runs_follow_the_border_rule(pattern: str, expected: list[str]) -> None:
    assert _rules(DAYS_OFF_RUNS, pattern) == expected


WEEKENDS = {"horizon": 21, "staff": "A,D=21,99999,0,21,1,1,1"}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("000001000000000000000", []),  # a Saturday
        ("000000100000000000000", []),  # a Sunday
        ("000001100000000000000", []),  # both days of one weekend count once
        ("000001000000100000000", ["max_weekends"]),  # Saturday of week 0, Sunday of week 1
        ("000000000000000000011", []),  # last weekend, border
        ("111110011111001111100", []),  # weekdays only
    ],
)
def test_weekends(pattern: str, expected: list[str]) -> None:
    assert _rules(WEEKENDS, pattern) == expected


def test_total_minutes_bounds_are_inclusive() -> None:
    limits = {"staff": "A,D=7,1440,960,7,1,1,2"}  # 2 or 3 shifts of 480 minutes
    assert _rules(limits, "1000000") == ["min_total_minutes"]
    assert _rules(limits, "1100000") == []
    assert _rules(limits, "1110000") == []
    assert _rules(limits, "1111000") == ["max_total_minutes"]


def test_max_shifts_per_type_and_days_off() -> None:
    inst = make_instance(
        shifts="E,480,\nL,480,",
        staff="A,E=2|L=0,99999,0,7,1,1,2",
        days_off="A,3",
    )
    good = evaluate(inst, {"A": row("EE00000")})
    bad = evaluate(inst, {"A": row("EEE0000")})
    zero = evaluate(inst, {"A": row("L000000")})
    off = evaluate(inst, {"A": row("000E000")})
    assert good.feasible
    assert [v.rule for v in bad.violations] == ["max_shifts"]
    assert [v.rule for v in zero.violations] == ["max_shifts"]
    assert [(v.rule, v.day) for v in off.violations] == [("days_off", 3)]


def test_forbidden_succession_only_within_the_horizon() -> None:
    inst = make_instance(shifts="E,480,\nN,480,E", staff="A,E=7|N=7,99999,0,7,1,1,2")
    assert [(v.rule, v.day) for v in evaluate(inst, {"A": row("0NE0000")}).violations] == [
        ("forbidden_succession", 1)
    ]
    assert evaluate(inst, {"A": row("0EN0000")}).feasible  # E then N is allowed
    assert evaluate(inst, {"A": row("E00000N")}).feasible  # nothing wraps around
    assert evaluate(inst, {"A": row("0N0E000")}).feasible  # a day off in between


def test_objective_terms() -> None:
    # Given two employees, one request of each kind, and cover on two shifts
    inst = make_instance(
        horizon=7,
        shifts="E,480,\nL,480,",
        staff="A,E=7|L=7,99999,0,7,1,1,2\nB,E=7|L=7,99999,0,7,1,1,2",
        on_requests="A,0,E,3\nA,1,L,2\nB,2,E,1",
        off_requests="B,3,L,2\nA,4,E,1",
        cover="\n".join(
            [f"{d},E,{1 if d < 2 else 0},100,1" for d in range(7)]
            + [f"{d},L,{2 if d == 3 else 0},50,7" for d in range(7)]
        ),
    )
    # When A works E on day 0 and day 4, B works L on day 3 and E on day 0
    roster = {"A": row("E000E00"), "B": row("E00L000")}
    result = evaluate(inst, roster)

    # Then: on-requests unmet A/1 (2) and B/2 (1); off-requests met B/3 (2) and A/4 (1);
    # E over-covered on day 0 (2 > 1) and day 4 (1 > 0), under on day 1; L under by 1 on day 3.
    assert result.feasible
    assert result.on_request_penalty == 3
    assert result.off_request_penalty == 3
    assert result.under_cover_penalty == 100 + 50
    assert result.over_cover_penalty == 1 + 1
    assert result.objective == 3 + 3 + 150 + 2


def test_shape_errors_are_not_violations() -> None:
    inst = make_instance()
    with pytest.raises(RosterFormatError, match="no roster for employee A"):
        evaluate(inst, {})
    with pytest.raises(RosterFormatError, match="6 days"):
        evaluate(inst, {"A": row("000000")})
    with pytest.raises(RosterFormatError, match="unknown shift"):
        evaluate(inst, {"A": row("X000000")})


def test_roster_file_is_evaluated(tmp_path: Path) -> None:
    # Given a hand-written roster for Instance1 with every employee off
    inst = read_instance(benchmark_file("Instance1.txt"))
    path = tmp_path / "all_off.roster"
    path.write_text("".join(e.id + "\t" * inst.horizon + "\n" for e in inst.staff))

    # When it is read and evaluated
    result = evaluate(inst, read_roster(path, inst))

    # Then everybody misses the minimum minutes and all cover is missing
    assert sum(v.rule == "min_total_minutes" for v in result.violations) == len(inst.staff)
    assert result.under_cover_penalty == 100 * sum(c.requirement for c in inst.cover)
    assert result.on_request_penalty == sum(r.weight for r in inst.on_requests)
    assert result.off_request_penalty == 0
