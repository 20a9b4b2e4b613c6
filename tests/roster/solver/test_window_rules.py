"""atw.max_week and atw.weekly_rest in the model (hard)."""

from tests.roster.solver.helpers import make_input, missing, officer, run, shift, worked

# the 12 h day shifts below would also break the weekly rest: switch that rule off
NO_WEEKLY_REST = {"min_weekly_rest_minutes": 0}


def test_sixty_hours_in_seven_days_is_allowed_but_not_more():
    # five 12 h day shifts on days 0-4 (60 h), then a 1 h shift on day 6 at 06:00 would make
    # the window from day 0 07:00 hold 61 h
    shifts = [shift(f"d{d}", d, 7, 12) for d in range(5)]
    _, result, _ = run(make_input([officer("o1")], shifts, rules=NO_WEEKLY_REST))
    assert missing(result) == 0
    extra = [*shifts, shift("x", 6, 6, 1)]
    _, result, _ = run(make_input([officer("o1")], extra, rules=NO_WEEKLY_REST))
    assert missing(result) == 1


def test_partial_overlap_with_the_window_counts():
    # 60 h in days 0-4 and a shift starting one minute before day 7 07:00: one minute inside
    shifts = [shift(f"d{d}", d, 7, 12) for d in range(5)]
    inside = [*shifts, shift("x", 7, 7 - 1 / 60, 8)]
    outside = [*shifts, shift("x", 7, 7, 8)]
    assert missing(run(make_input([officer("o1")], inside, rules=NO_WEEKLY_REST))[1]) == 1
    assert missing(run(make_input([officer("o1")], outside, rules=NO_WEEKLY_REST))[1]) == 0


def test_working_stretch_of_96_hours_is_allowed_and_longer_is_not():
    # early shifts 07-15 on days 0-3: a stretch from day 0 07:00 to day 3 15:00 (80 h)
    shifts = [shift(f"e{d}", d, 7, 8) for d in range(4)]
    # a shift on day 4 02:00-07:00 (11 h rest) ends the stretch at exactly 96 h
    fits = [*shifts, shift("x", 4, 2, 5)]
    assert missing(run(make_input([officer("o1")], fits))[1]) == 0
    # one minute longer leaves no rest of 36 h in the 7 x 24 h from day -1 19:01
    too_long = [*shifts, shift("x", 4, 2, 5 + 1 / 60)]
    _, result, _out = run(make_input([officer("o1")], too_long))
    assert missing(result) == 1


def test_weekly_rest_counts_the_stretch_that_began_before_the_period():
    # stretch began 80 h before the period, last shift ended at -8 h
    hist = {
        "last_shift_end": "2026-05-31T16:00:00+02:00",
        "last_weekly_rest_end": "2026-05-28T16:00:00+02:00",
    }
    # a shift 10:00-16:00 on day 0 ends 96 h after the stretch began; 16:01 would not fit
    ok = make_input([officer("o1", history=hist)], [shift("a", 0, 10, 6)])
    late = make_input([officer("o1", history=hist)], [shift("a", 0, 10, 6 + 1 / 60)])
    assert worked(run(ok)[1], "o1") == ["a"]
    _, result, out = run(late)
    assert worked(result, "o1") == []
    assert any("atw.weekly_rest" in r for r in out["shortfalls"][0]["reasons"])
