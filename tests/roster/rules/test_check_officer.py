import datetime as dt
from zoneinfo import ZoneInfo

from roster.rules import (
    WORKING_TIME_RULES,
    History,
    RuleParams,
    WorkItem,
    check_officer,
    is_night_shift,
    local_day_index,
    to_minutes,
)
from tests.roster.rules.helpers import early, late, night

P = RuleParams()
AMS = ZoneInfo("Europe/Amsterdam")


def test_a_lawful_four_week_pattern_has_no_violations():
    # given a repeating 12-day pattern: 2 early, 2 late, 1 day off, 3 nights, 4 days off
    items = []
    for cycle in range(3):
        base = cycle * 12
        items += [early(f"e{base}", base), early(f"e{base + 1}", base + 1)]
        items += [late(f"l{base + 2}", base + 2), late(f"l{base + 3}", base + 3)]
        items += [night(f"n{base + d}", base + d) for d in (5, 6, 7)]
    # then
    assert check_officer(items, P, History(), officer="o1") == []


def test_dst_nights_are_checked_in_real_minutes():
    # given nights 22:00-07:00 around the October 2026 DST change, horizon from 19 Oct
    ref = dt.datetime(2026, 10, 19, tzinfo=AMS)
    items = []
    for day in (23, 24, 25):
        start = dt.datetime(2026, 10, day, 22, tzinfo=AMS)
        end = dt.datetime(2026, 10, day + 1, 7, tzinfo=AMS)
        items.append(
            WorkItem(
                f"n{day}",
                to_minutes(start, ref),
                to_minutes(end, ref),
                is_night_shift(start, end),
                local_day_index(start, AMS, ref.date()),
            )
        )
    # then the 10 h night of 24-25 Oct is allowed
    assert [i.minutes for i in items] == [540, 600, 540]
    assert check_officer(items, P) == []
    # and with a 9.5 h night maximum it is the only violation
    violations = check_officer(items, RuleParams(max_night_shift_minutes=570))
    assert [(v.rule, v.shift_ids) for v in violations] == [("atw.night_max_len", ("n24",))]


def test_rule_ids_are_the_documented_ones():
    assert set(WORKING_TIME_RULES) == {
        "atw.max_shift",
        "atw.night_max_len",
        "atw.daily_rest",
        "atw.rest_after_night",
        "atw.rest_after_night_series",
        "atw.max_week",
        "atw.night_series_len",
        "project.max_consecutive_days",
        "atw.weekly_rest",
        "project.night_exempt",
        "project.overlap",
    }
