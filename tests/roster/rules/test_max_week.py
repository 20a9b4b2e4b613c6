from hypothesis import given, settings
from hypothesis import strategies as st

from roster.rules import RuleId, RuleParams, WorkItem, check_max_week
from roster.rules.checks import worked_minutes_in_window
from tests.roster.rules.helpers import DAY, H, item, rules_of

P = RuleParams()
WEEK = 7 * DAY


def _five_twelves(last_end_extra: int = 0) -> list[WorkItem]:
    items = [item(f"s{d}", d * DAY + 7 * H, d * DAY + 19 * H) for d in range(5)]
    last = items[-1]
    items[-1] = item(last.shift_id, last.start, last.end + last_end_extra)
    return items


def test_exactly_sixty_hours_in_seven_days_is_allowed():
    assert check_max_week(_five_twelves(), P) == []


def test_one_minute_more_is_reported():
    violations = check_max_week(_five_twelves(1), P, officer="o1")
    assert rules_of(violations) == [RuleId.MAX_WEEK]
    assert violations[0].value == 3601


def test_shift_partly_inside_the_window_counts_only_its_inside_part():
    # given 60 h in days 0-4 and a shift that starts one minute before the week ends
    items = [*_five_twelves(), item("x", WEEK + 7 * H - 1, WEEK + 15 * H)]
    # then the window from the first start holds 3601 minutes
    assert rules_of(check_max_week(items, P)) == [RuleId.MAX_WEEK]
    # and a shift that starts exactly when the week ends is not inside it
    items = [*_five_twelves(), item("x", WEEK + 7 * H, WEEK + 15 * H)]
    assert check_max_week(items, P) == []


def test_window_need_not_start_at_a_day_boundary():
    # given 6 late shifts (48 h) on days 0-5 and a 5 h shift on day 7 10:00-15:00
    items = [item(f"s{d}", d * DAY + 15 * H, d * DAY + 23 * H) for d in range(6)]
    items.append(item("x", 7 * DAY + 10 * H, 7 * DAY + 15 * H))
    # then calendar weeks hold at most 48 h, but the window from day 0 15:00 holds 53 h
    assert check_max_week(items, RuleParams(max_minutes_per_7_days=53 * H)) == []
    violations = check_max_week(items, RuleParams(max_minutes_per_7_days=53 * H - 1))
    assert rules_of(violations) == [RuleId.MAX_WEEK]
    assert violations[0].value == 53 * H


@st.composite
def _items(draw: st.DrawFn) -> list[WorkItem]:
    """Non-overlapping items on whole hours."""
    t = 0
    out = []
    for k in range(draw(st.integers(0, 12))):
        t += draw(st.integers(0, 40)) * H
        length = draw(st.integers(1, 12)) * H
        out.append(item(f"s{k}", t, t + length))
        t += length
    return out


@settings(max_examples=60, deadline=None)
@given(_items(), st.integers(10, 70))
def test_matches_brute_force_over_all_windows(items, limit_h):
    params = RuleParams(max_minutes_per_7_days=limit_h * H)
    lo = min((i.start for i in items), default=0) - WEEK
    hi = max((i.end for i in items), default=0)
    brute = any(
        worked_minutes_in_window(items, t, WEEK) > params.max_minutes_per_7_days
        for t in range(lo, hi + 1, H)
    )
    assert bool(check_max_week(items, params)) == brute
