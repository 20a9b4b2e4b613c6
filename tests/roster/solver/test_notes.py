"""The solver's notes are reason codes with JSON parameters (days as dates, officers as refs),
never sentences (roster.solver.notes; docs/solver_io.md "notes")."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

from roster.solver import notes
from roster.solver.notes import Note, NoteCode, is_note_json, local_date, note_text_en
from tests.roster.solver.helpers import at, make_input, officer, run, shift

AMS = ZoneInfo("Europe/Amsterdam")


def _leave(officer_id: str, day: int) -> dict[str, str]:
    return {"officer": officer_id, "start": at(day, 0), "end": at(day + 1, 0), "reason": "sick"}


def test_pinned_assignments_that_break_a_rule_give_a_code_naming_officer_and_rule():
    # given o1 pinned on two shifts with 8 h of rest between them
    data = make_input(
        [officer("o1"), officer("o2")],
        [shift("a", 0, 7, 8), shift("b", 0, 23, 8)],
        pinned=[
            {"officer": "o1", "shift": "a", "skill": "basis"},
            {"officer": "o1", "shift": "b", "skill": "basis"},
        ],
    )
    # when
    _, _, out = run(data)
    # then the note is a code with the officer's ref and the rule, no sentence
    assert out["notes"] == [
        {
            "code": "pinned_break_rules",
            "params": {"officers": ["o1"], "rules": ["atw.daily_rest"]},
        }
    ]


def test_a_repair_with_nothing_lost_says_so_as_a_code():
    # given a published roster that still holds (nobody absent, no place empty)
    data = make_input(
        [officer("o1"), officer("o2")],
        [shift("a", 1, 7, 8)],
        previous=[{"officer": "o1", "shift": "a", "skill": "basis"}],
    )
    # when
    _, _, out = run(data)
    # then
    assert out["notes"] == [{"code": "repair_nothing_lost", "params": {}}]


def test_a_repair_window_names_dates_not_day_indexes():
    # given o1 ill on day 9 (Wed 10 June 2026) where he was published
    data = make_input(
        [officer("o1"), officer("o2"), officer("o3")],
        [shift("a", 9, 7, 8), shift("b", 3, 7, 8)],
        previous=[
            {"officer": "o1", "shift": "a", "skill": "basis"},
            {"officer": "o2", "shift": "b", "skill": "basis"},
        ],
        unavailable=[_leave("o1", 9)],
    )
    # when
    _, _, out = run(data)
    # then the window is written as local dates around 10 June
    (note,) = out["notes"]
    assert note["code"] == "repair_window"
    assert note["params"]["lost_first"] == note["params"]["lost_last"] == "2026-06-10"
    first = dt.date.fromisoformat(note["params"]["change_first"])
    last = dt.date.fromisoformat(note["params"]["change_last"])
    assert first <= dt.date(2026, 6, 10) <= last


def test_no_time_for_the_search_is_a_code_with_the_time_limit():
    # given a solve with no time at all
    data = make_input([officer("o1")], [shift("a", 0, 7, 8)])
    # when
    _, _, out = run(data, time_limit=0.0)
    # then
    assert out["notes"] == [{"code": "no_time_for_search", "params": {"time_limit_s": 0.0}}]


def test_a_plain_solve_with_time_writes_no_notes():
    _, _, out = run(make_input([officer("o1")], [shift("a", 0, 7, 8)]))
    assert "notes" not in out


def test_no_roster_in_time_says_whether_the_start_is_the_published_roster():
    assert notes.no_roster_in_time(repair=True).as_dict() == {
        "code": "no_roster_in_time",
        "params": {"repair": True},
    }
    assert "published roster" in notes.no_roster_in_time(repair=True).text()
    assert "published roster" not in notes.no_roster_in_time(repair=False).text()


def test_local_date_counts_local_days_across_the_dst_change():
    # given a horizon from local midnight of Mon 19 October 2026 (DST ends Sun 25 October)
    start = dt.datetime(2026, 10, 19, tzinfo=AMS)
    # then day 7 is Mon 26 October although 7 * 24 h after the start is 23:00 on the 25th
    assert local_date(start, "Europe/Amsterdam", 6) == dt.date(2026, 10, 25)
    assert local_date(start, "Europe/Amsterdam", 7) == dt.date(2026, 10, 26)
    # and an UTC-written start gives the same local dates
    assert local_date(start.astimezone(dt.UTC), "Europe/Amsterdam", 7) == dt.date(2026, 10, 26)


def test_every_code_has_an_english_text_and_its_json_round_trips():
    start = dt.datetime(2026, 6, 1, tzinfo=AMS)
    made = {
        NoteCode.PINNED_BREAK_RULES: notes.pinned_break_rules(["o2", "o1", "o2"], ["r"]),
        NoteCode.REPAIR_NOTHING_LOST: notes.repair_nothing_lost(),
        NoteCode.REPAIR_WINDOW: notes.repair_window(
            start, "Europe/Amsterdam", lost=(2, 3), change=(1, 4)
        ),
        NoteCode.NO_TIME_FOR_SEARCH: notes.no_time_for_search(2.0),
        NoteCode.NO_ROSTER_IN_TIME: notes.no_roster_in_time(repair=False),
    }
    assert set(made) == set(NoteCode)
    texts = {code: note.text() for code, note in made.items()}
    assert texts[NoteCode.PINNED_BREAK_RULES] == (
        "the pinned assignments themselves break a hard rule (officers o1, o2)"
    )
    assert texts[NoteCode.REPAIR_WINDOW] == (
        "repair: lost places from 2026-06-03 to 2026-06-04; "
        "only 2026-06-02 to 2026-06-05 may change"
    )
    for note in made.values():
        written = json.loads(json.dumps(note.as_dict()))
        assert is_note_json(written)
        assert Note(NoteCode(written["code"]), written["params"]) == note
    # an old note (a sentence) is not a note code; an unknown code reads as itself
    assert not is_note_json("repair: lost places on days 1..3")
    assert note_text_en({"code": "later_code", "params": {}}) == "later_code"
