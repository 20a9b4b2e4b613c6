import datetime as dt
from zoneinfo import ZoneInfo

from roster.rules import (
    RuleId,
    RuleParams,
    WorkItem,
    check_night_max_len,
    is_night_shift,
    to_minutes,
)
from tests.roster.rules.helpers import item, rules_of

P = RuleParams()
AMS = ZoneInfo("Europe/Amsterdam")


def _local_item(sid: str, start: dt.datetime, end: dt.datetime) -> WorkItem:
    ref = dt.datetime(2026, 1, 1, tzinfo=AMS)
    return WorkItem(
        sid, to_minutes(start, ref), to_minutes(end, ref), is_night_shift(start, end), 0
    )


def test_night_of_exactly_ten_hours_is_allowed():
    assert check_night_max_len([item("n", 22 * 60, 32 * 60)], P) == []


def test_night_one_minute_over_ten_hours_is_reported():
    violations = check_night_max_len([item("n", 22 * 60, 32 * 60 + 1)], P)
    assert rules_of(violations) == [RuleId.NIGHT_MAX_LEN]
    assert violations[0].value == 601


def test_day_shift_of_eleven_hours_is_not_a_night_rule_matter():
    assert check_night_max_len([item("d", 7 * 60, 18 * 60)], P) == []


def test_dst_october_22_to_07_night_is_ten_hours_and_allowed():
    # given the night into the last Sunday of October 2026 (clocks go back)
    start = dt.datetime(2026, 10, 24, 22, 0, tzinfo=AMS)
    end = dt.datetime(2026, 10, 25, 7, 0, tzinfo=AMS)
    it = _local_item("n", start, end)
    # then it lasts 10 h: exactly the maximum
    assert it.minutes == 600
    assert it.night
    assert check_night_max_len([it], P) == []


def test_dst_october_22_to_08_night_is_eleven_hours_and_reported():
    start = dt.datetime(2026, 10, 24, 22, 0, tzinfo=AMS)
    end = dt.datetime(2026, 10, 25, 8, 0, tzinfo=AMS)
    it = _local_item("n", start, end)
    assert it.minutes == 660
    assert rules_of(check_night_max_len([it], P)) == [RuleId.NIGHT_MAX_LEN]


def test_dst_march_22_to_07_night_is_eight_hours():
    start = dt.datetime(2026, 3, 28, 22, 0, tzinfo=AMS)
    end = dt.datetime(2026, 3, 29, 7, 0, tzinfo=AMS)
    it = _local_item("n", start, end)
    assert it.minutes == 480
    assert check_night_max_len([it], P) == []
