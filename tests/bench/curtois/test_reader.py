"""Reader: the 24 benchmark files, malformed input, roster files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.curtois.reader import (
    InstanceFormatError,
    RosterFormatError,
    format_roster,
    parse_instance,
    parse_roster,
    read_instance,
    read_roster,
    write_roster,
)
from tests.bench.curtois._tiny import CURTOIS_DIR, benchmark_file, make_instance, row


def _published_sizes() -> dict[str, tuple[int, int, int]]:
    """(weeks, staff, shift types) per instance from the 2014 report's table (cq2014_results)."""
    with (CURTOIS_DIR / "cq2014_results.csv").open() as f:
        return {
            r["instance"]: (int(r["weeks"]), int(r["staff"]), int(r["shift_types"]))
            for r in csv.DictReader(f)
        }


@pytest.mark.parametrize("number", range(1, 25))
def test_every_benchmark_file_parses_with_published_sizes(number: int) -> None:
    # Given one of the 24 files and the sizes published for it
    path = benchmark_file(f"Instance{number}.txt")
    weeks, staff, shift_types = _published_sizes()[f"Instance{number}"]

    # When it is read
    inst = read_instance(path)

    # Then horizon, staff and shift types match, and every cover row names a known shift
    assert inst.name == f"Instance{number}"
    assert inst.horizon == 7 * weeks
    assert len(inst.staff) == staff
    assert len(inst.shift_types) == shift_types
    assert len(inst.cover) == inst.horizon * shift_types
    assert all(c.shift_id in inst.shift_by_id for c in inst.cover)
    assert set(inst.days_off) == {e.id for e in inst.staff}


def test_instance1_details() -> None:
    inst = read_instance(benchmark_file("Instance1.txt"))
    a = inst.staff_by_id["A"]
    assert (a.max_total_minutes, a.min_total_minutes) == (4320, 3360)
    assert (a.max_consecutive_shifts, a.min_consecutive_shifts) == (5, 2)
    assert (a.min_consecutive_days_off, a.max_weekends) == (2, 1)
    assert a.max_shifts == {"D": 14}
    assert inst.days_off["A"] == frozenset({0})
    assert inst.on_requests[0].employee_id == "A"
    assert (inst.on_requests[0].day, inst.on_requests[0].weight) == (2, 2)
    assert inst.cover[1].requirement == 7


def test_forbidden_successors_are_parsed() -> None:
    inst = make_instance(shifts="E,480,\nL,480,E\nN,480,E|L", staff="A,E=7|L=7|N=7,9999,0,7,1,1,1")
    assert inst.shift_by_id["E"].forbidden_next == frozenset()
    assert inst.shift_by_id["N"].forbidden_next == frozenset({"E", "L"})


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("SECTION_HORIZON\n7x\n", "horizon must be an integer"),
        ("SECTION_HORIZON\n8\n", "not a whole number of weeks"),
        ("SECTION_SHIFTS\nD,480\n", "expected 3 comma-separated fields"),
        ("SECTION_SHIFTS\nD,480,X\n", "unknown forbidden successor 'X'"),
        ("SECTION_STAFF\nA,X=7,3360,0,7,1,1,1\n", "bad MaxShifts entry 'X=7'"),
        ("SECTION_STAFF\nA,D=7,3360,0,7,1,1\n", "expected 8 comma-separated fields"),
        ("SECTION_DAYS_OFF\nB,1\n", "unknown employee 'B'"),
        ("SECTION_DAYS_OFF\nA,7\n", "day 7 outside horizon"),
        ("SECTION_SHIFT_ON_REQUESTS\nA,1,Z,1\n", "unknown shift 'Z'"),
        ("SECTION_COVER\n0,D,1,100,-1\n", "weight for over must be >= 0"),
        ("SECTION_BOGUS\n1\n", "unknown section"),
    ],
)
def test_malformed_files_name_the_line(broken: str, message: str) -> None:
    # Given a valid tiny file whose section is replaced by a broken one
    sections = {
        "SECTION_HORIZON": "7",
        "SECTION_SHIFTS": "D,480,",
        "SECTION_STAFF": "A,D=7,3360,0,7,1,1,1",
        "SECTION_DAYS_OFF": "A,2",
        "SECTION_SHIFT_ON_REQUESTS": "A,1,D,1",
        "SECTION_COVER": "0,D,1,100,1",
    }
    name = broken.split("\n", 1)[0]
    sections.pop(name, None)
    body = "".join(f"{k}\n{v}\n\n" for k, v in sections.items())
    text = "# header\n" + body + broken
    broken_line = text.count("\n", 0, text.index(broken)) + 2  # the record after the header

    # When it is parsed, then the error names the file, the line and the problem
    with pytest.raises(InstanceFormatError, match=message) as err:
        parse_instance(text, name="bad.txt")
    assert err.value.source == "bad.txt"
    if name != "SECTION_BOGUS":
        assert err.value.line == broken_line
    assert str(err.value).startswith(f"bad.txt:{err.value.line}:")


def test_missing_section_is_an_error() -> None:
    with pytest.raises(InstanceFormatError, match="missing section SECTION_COVER"):
        parse_instance(
            "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,1,\nSECTION_STAFF\nA,D=7,1,0,7,1,1,1\n"
        )


def test_roster_file_round_trip(tmp_path: Path) -> None:
    # Given a roster for a two-employee instance
    inst = make_instance(
        shifts="E,480,\nL,480,", staff="A,E=7|L=7,9999,0,7,1,1,1\nB,E=7|L=7,9999,0,7,1,1,1"
    )
    roster = {"A": row("EL00EE0"), "B": row("0000000")}

    # When it is written and read back
    path = tmp_path / "out.roster"
    write_roster(path, inst, roster)

    # Then each line is the id and one tab field per day, empty for a day off
    assert path.read_text().splitlines()[0] == "A\tE\tL\t\t\tE\tE\t"
    assert path.read_text().splitlines()[1] == "B" + "\t" * 7
    assert read_roster(path, inst) == roster


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A\tD\n", "1 day fields, expected 7"),
        ("Z" + "\t" * 7 + "\n", "unknown employee 'Z'"),
        ("A\tX" + "\t" * 6 + "\n", "unknown shift 'X'"),
        ("", "no line for employee"),
    ],
)
def test_malformed_roster_is_an_error(text: str, message: str) -> None:
    inst = make_instance()
    with pytest.raises(RosterFormatError, match=message):
        parse_roster(text, inst)


def test_format_roster_rejects_wrong_length() -> None:
    with pytest.raises(RosterFormatError):
        format_roster(make_instance(), {"A": [None]})
