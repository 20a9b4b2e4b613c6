"""The fatigue score (`roster.rules.fatigue`, docs/fatigue.md) on hand-computed rosters."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from roster.rules.fatigue import (
    FatigueParams,
    cap_excess,
    fatigue_scores,
    lookback_days,
    timed_items,
)
from tests.roster.rules.helpers import H, early, late, night, shift

AMS = ZoneInfo("Europe/Amsterdam")


def score(items, day, params=None):
    return fatigue_scores(items, [day], params or FatigueParams())[0]


def test_hours_count_every_shift_starting_in_the_last_seven_days():
    # given earlies (8 h) on days 0, 2 and 7
    items = [early("a", 0), early("b", 2), early("c", 7)]
    # then day 6 holds days 0..6 and day 7 holds days 1..7
    assert score(items, 6).minutes == 16 * H
    assert score(items, 6).hours == 16
    assert score(items, 7).hours == 16
    assert score(items, 8).hours == 16
    assert score(items, 9).hours == 8


def test_hours_are_full_hours_of_the_window_total():
    # two shifts of 7.5 h: 15 h, not 14
    items = [shift("a", 0, 7, 7.5), shift("b", 1, 7, 7.5)]
    assert score(items, 1).hours == 15
    assert score(items, 1).total == 15


def test_a_night_series_scores_each_night_and_each_night_after_a_night():
    # given nights 23:00-07:00 on days 0, 1 and 2 (16 h rest between them: not short)
    items = [night("n0", 0), night("n1", 1), night("n2", 2)]
    s = score(items, 2)
    assert (s.hours, s.nights, s.night_series) == (24, 9, 4)
    assert (s.short_rests, s.quick_returns, s.consecutive_days) == (0, 0, 0)
    assert s.total == 37
    assert score(items, 0).total == 8 + 3


def test_a_night_day_with_another_shift_is_no_series_day():
    # day 1 holds a night and an early: not a night day, so the series breaks twice
    items = [night("n0", 0), night("n1", 1), shift("e1", 1, 8, 4), night("n2", 2)]
    s = score(items, 2)
    assert s.nights == 9
    assert s.night_series == 0


def test_a_rest_under_eleven_hours_is_a_quick_return_on_the_day_of_the_return():
    # late 15:00-23:00 on day 0, early 07:00 on day 1: 8 h rest
    items = [late("l", 0), early("e", 1)]
    assert score(items, 0).quick_returns == 0
    s = score(items, 1)
    assert (s.quick_returns, s.short_rests) == (4, 0)
    assert s.total == 16 + 4


@pytest.mark.parametrize(
    ("start_h", "quick", "short"),
    [
        (9 + 59 / 60, 4, 0),  # 10 h 59 m
        (10, 0, 2),  # exactly 11 h: short, not quick
        (14 + 59 / 60, 0, 2),  # 15 h 59 m
        (15, 0, 0),  # exactly 16 h: enough
    ],
)
def test_rest_boundaries(start_h, quick, short):
    items = [late("l", 0), shift("e", 1, start_h, 6)]
    s = score(items, 1)
    assert (s.quick_returns, s.short_rests) == (quick, short)


def test_the_fifth_working_day_in_a_row_and_later_ones_score():
    items = [early(f"e{d}", d) for d in range(6)]
    assert score(items, 3).consecutive_days == 0
    assert score(items, 4).consecutive_days == 2
    s = score(items, 5)
    assert (s.hours, s.consecutive_days) == (48, 4)
    # a free day breaks the run: day 7 is a first day again
    assert score([*items, early("e7", 7)], 7).consecutive_days == 4  # days 4, 5 in window


def test_shifts_before_the_scored_days_count_history_and_pinned_time():
    # a run and a night series that began before day 0
    items = [night(f"n{d}", d) for d in range(-4, 1)]
    s = score(items, 0)
    assert s.night_series == 4 * 2
    assert s.consecutive_days == 2  # day 0 is the fifth night day in a row
    assert s.nights == 5 * 3
    assert lookback_days() >= 7 + 4


def test_custom_points():
    params = FatigueParams(night_points=10, night_series_points=0)
    assert score([night("n0", 0), night("n1", 1)], 1, params).total == 16 + 20


def test_cap_excess_lists_the_days_above_the_cap():
    items = [night("n0", 0), night("n1", 1), night("n2", 2)]
    scores = fatigue_scores(items, [0, 1, 2])
    assert [s.day for s in cap_excess(scores, 23)] == [1, 2]  # 11, 24, 37
    assert cap_excess(scores, 37) == []


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (dt.datetime(2026, 10, 24, 22, tzinfo=AMS), dt.datetime(2026, 10, 25, 7, tzinfo=AMS), 600),
        (dt.datetime(2026, 3, 28, 22, tzinfo=AMS), dt.datetime(2026, 3, 29, 7, tzinfo=AMS), 480),
        (dt.datetime(2026, 10, 17, 22, tzinfo=AMS), dt.datetime(2026, 10, 18, 7, tzinfo=AMS), 540),
    ],
)
def test_a_dst_night_counts_its_real_hours(start, end, minutes):
    items = timed_items([("n", start, end)], start.date())
    assert items[0].night
    s = score(items, 0)
    assert s.minutes == minutes
    assert s.hours == minutes // 60
    assert s.total == minutes // 60 + 3


def test_the_rest_across_a_dst_morning_is_real_time():
    # given a shift to midnight (CEST) and one at 10:30 (CET) on the morning clocks go back:
    # 10.5 h on the wall clock, 11.5 real hours
    items = timed_items(
        [
            (
                "l",
                dt.datetime(2026, 10, 24, 16, tzinfo=AMS),
                dt.datetime(2026, 10, 25, 0, tzinfo=AMS),
            ),
            (
                "e",
                dt.datetime(2026, 10, 25, 10, 30, tzinfo=AMS),
                dt.datetime(2026, 10, 25, 18, 30, tzinfo=AMS),
            ),
        ],
        dt.date(2026, 10, 24),
    )
    # then it is a short rest, not a quick return
    assert items[1].start - items[0].end == 11 * H + 30
    s = score(items, 1)
    assert (s.quick_returns, s.short_rests) == (0, 2)
