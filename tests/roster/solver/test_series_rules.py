"""atw.night_series_len, atw.rest_after_night_series, project.max_consecutive_days (hard)."""

from tests.roster.solver.helpers import make_input, missing, officer, run, shift, worked

# (a stretch of 5 nights 23-07 lasts 104 h, more than the 96 h that a rest of 36 h in every
# rolling 7 x 24 h allows, so the weekly rest is switched off to isolate the series rules)
NO_WEEKLY_REST = {"min_weekly_rest_minutes": 0}


def _nights(days):
    return [shift(f"n{d}", d, 23, 8) for d in days]


def test_five_nights_in_a_row_but_not_six():
    five = make_input([officer("o1")], _nights(range(5)), rules=NO_WEEKLY_REST)
    assert missing(run(five)[1]) == 0
    _, result, _ = run(make_input([officer("o1")], _nights(range(6)), rules=NO_WEEKLY_REST))
    assert missing(result) == 1


def test_forty_six_hours_after_three_nights():
    # nights on days 0-2 end on day 3 at 07:00; 46 h later is day 5 05:00
    ok = [*_nights(range(3)), shift("x", 5, 5, 8)]
    short = [*_nights(range(3)), shift("x", 5, 5 - 1 / 60, 8)]
    assert missing(run(make_input([officer("o1")], ok))[1]) == 0
    _, result, _ = run(make_input([officer("o1")], short))
    assert missing(result) == 1


def test_two_nights_need_only_the_night_rest():
    shifts = [*_nights(range(2)), shift("x", 2, 21, 8)]  # 14 h after the second night
    assert missing(run(make_input([officer("o1")], shifts))[1]) == 0


def test_night_series_from_before_the_period_continues():
    # given 4 nights before the period, the last started on day -1 and ended day 0 07:00
    hist = {
        "last_shift_start": "2026-05-31T23:00:00+02:00",
        "last_shift_end": "2026-06-01T07:00:00+02:00",
        "last_shift_night": True,
        "consecutive_nights_at_start": 4,
        "consecutive_days_at_start": 4,
    }
    # then only one more night fits, and a day shift needs 46 h rest
    _, result, _ = run(make_input([officer("o1", history=hist)], _nights(range(3))))
    assert worked(result, "o1") == ["n0"]
    day_shift = make_input([officer("o1", history=hist)], [shift("d", 2, 4, 8)])  # 45 h
    assert worked(run(day_shift)[1], "o1") == []
    day_ok = make_input([officer("o1", history=hist)], [shift("d", 2, 5, 8)])  # 46 h
    assert worked(run(day_ok)[1], "o1") == ["d"]


def test_six_working_days_in_a_row_but_not_seven():
    shifts = [shift(f"e{d}", d, 9, 6) for d in range(7)]
    _, result, _ = run(make_input([officer("o1")], shifts, rules={"min_weekly_rest_minutes": 0}))
    assert missing(result) == 1
    _, result, _ = run(
        make_input([officer("o1")], shifts[:6], rules={"min_weekly_rest_minutes": 0})
    )
    assert missing(result) == 0


def test_working_days_before_the_period_count():
    hist = {
        "last_shift_start": "2026-05-31T09:00:00+02:00",
        "last_shift_end": "2026-05-31T15:00:00+02:00",
        "consecutive_days_at_start": 5,
    }
    shifts = [shift(f"e{d}", d, 9, 6) for d in range(2)]
    data = make_input([officer("o1", history=hist)], shifts, rules={"min_weekly_rest_minutes": 0})
    assert missing(run(data)[1]) == 1
