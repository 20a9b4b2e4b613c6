import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from roster.rules import is_night_shift, local_day_index, night_window_minutes, to_minutes

AMS = ZoneInfo("Europe/Amsterdam")


def _t(y: int, m: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=AMS)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (_t(2026, 3, 28, 22), _t(2026, 3, 29, 7), 8 * 60),  # spring forward
        (_t(2026, 10, 24, 22), _t(2026, 10, 25, 7), 10 * 60),  # fall back
        (_t(2026, 3, 28, 23), _t(2026, 3, 29, 7), 7 * 60),
        (_t(2026, 10, 24, 23), _t(2026, 10, 25, 7), 9 * 60),
        (_t(2026, 6, 6, 22), _t(2026, 6, 7, 7), 9 * 60),  # ordinary summer night
    ],
)
def test_durations_are_real_elapsed_minutes_across_dst(start, end, minutes):
    assert to_minutes(end, start) == minutes


def test_night_window_is_five_hours_in_march_and_seven_in_october():
    assert night_window_minutes(_t(2026, 3, 28, 22), _t(2026, 3, 29, 7), AMS) == 5 * 60
    assert night_window_minutes(_t(2026, 10, 24, 22), _t(2026, 10, 25, 7), AMS) == 7 * 60


def test_night_needs_more_than_sixty_minutes_between_midnight_and_six():
    # exactly 60 minutes (23:00-01:00) is not a night; 61 minutes is
    assert not is_night_shift(_t(2026, 6, 1, 23), _t(2026, 6, 2, 1))
    assert is_night_shift(_t(2026, 6, 1, 23), _t(2026, 6, 2, 1, 1))
    # an early shift from 04:59 has 61 minutes in the window
    assert is_night_shift(_t(2026, 6, 2, 4, 59), _t(2026, 6, 2, 13))
    assert not is_night_shift(_t(2026, 6, 2, 5), _t(2026, 6, 2, 13))


def test_night_window_counts_real_minutes_on_the_dst_morning():
    # 01:00-03:30 local on the March DST morning is only 1.5 real hours (02:00-03:00 is skipped)
    assert night_window_minutes(_t(2026, 3, 29, 1), _t(2026, 3, 29, 3, 30), AMS) == 90
    # 01:30-02:30 on the October DST morning: the hour 02:00-03:00 happens twice -> 2 h
    start = dt.datetime(2026, 10, 25, 1, 30, tzinfo=AMS)
    end = dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMS)
    assert to_minutes(end, start) == 120
    assert is_night_shift(start, end)


def test_local_day_index_uses_local_date():
    ref = dt.date(2026, 10, 19)
    assert local_day_index(_t(2026, 10, 19, 0), AMS, ref) == 0
    # 23:30 UTC on the 19th is already the 20th in Amsterdam
    assert local_day_index(dt.datetime(2026, 10, 19, 23, 30, tzinfo=dt.UTC), AMS, ref) == 1
    assert local_day_index(_t(2026, 10, 18, 23, 59), "Europe/Amsterdam", ref) == -1


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        to_minutes(dt.datetime(2026, 1, 1), _t(2026, 1, 1, 0))
