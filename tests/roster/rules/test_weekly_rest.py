from hypothesis import given, settings
from hypothesis import strategies as st

from roster.rules import History, RuleId, RuleParams, WorkItem, check_weekly_rest
from tests.roster.rules.helpers import DAY, H, early, item, rules_of

P = RuleParams()
WEEK = 7 * DAY
D = P.min_weekly_rest_minutes


def test_four_early_shifts_then_rest_is_allowed():
    assert check_weekly_rest([early(f"e{d}", d) for d in range(4)], P) == []


def test_stretch_of_exactly_96_hours_is_allowed_and_one_minute_more_is_not():
    # given shifts with short gaps from minute 0 to minute 5760 (= 7x24 h - 2x36 h)
    starts = [0, 1200, 2400, 3600, 4800]
    ok = [item(f"s{k}", s, s + 480) for k, s in enumerate(starts)]
    ok[-1] = item("s4", 4800, 5760)
    assert check_weekly_rest(ok, P) == []
    too_long = [*ok[:-1], item("s4", 4800, 5761)]
    violations = check_weekly_rest(too_long, P, officer="o1")
    assert rules_of(violations) == [RuleId.WEEKLY_REST]
    assert violations[0].shift_ids == ("s0", "s1", "s2", "s3", "s4")
    assert (violations[0].value, violations[0].limit) == (5761, 5760)


def test_a_gap_of_exactly_36_hours_is_a_weekly_rest():
    a = [early(f"a{d}", d) for d in range(4)]  # ends day 3 15:00
    b_start = 3 * DAY + 15 * H + D
    b = [item(f"b{k}", b_start + k * DAY, b_start + k * DAY + 8 * H) for k in range(4)]
    assert check_weekly_rest(a + b, P) == []
    b1 = [item(f"b{k}", b_start - 1 + k * DAY, b_start - 1 + k * DAY + 8 * H) for k in range(4)]
    assert rules_of(check_weekly_rest(a + b1, P)) == [RuleId.WEEKLY_REST]


def test_stretch_that_started_before_the_period_uses_the_history():
    # given a working stretch that began 80 h before the period and a shift ending at -8 h
    history = History(last_shift_end=-8 * H, last_weekly_rest_end=-80 * H)
    # then work may go on until 16 h into the period (80 + 16 = 96 h)
    assert check_weekly_rest([item("a", 10 * H, 16 * H)], P, history) == []
    violations = check_weekly_rest([item("a", 10 * H, 16 * H + 1)], P, history)
    assert rules_of(violations) == [RuleId.WEEKLY_REST]
    # and after a rest of 36 h the stretch is over
    assert check_weekly_rest([item("a", 28 * H, 36 * H)], P, history) == []


def test_history_that_already_broke_the_rule_is_not_blamed_on_the_period():
    history = History(last_shift_end=-40 * H, last_weekly_rest_end=-200 * H)
    assert check_weekly_rest([item("a", 0, 8 * H)], P, history) == []


def _brute_force_violated(items: list[WorkItem], params: RuleParams) -> bool:
    rest = params.min_weekly_rest_minutes
    merged = sorted((i.start, i.end) for i in items)
    lo = min(i.start for i in items) - WEEK
    hi = max(i.end for i in items) + WEEK
    for t2 in range(2 * lo + H, 2 * hi, 2 * H):  # t = half-hour points: all windows decided
        t = t2 / 2
        free_from = t
        longest = 0.0
        for s, e in merged:
            if e <= t or s >= t + WEEK:
                continue
            longest = max(longest, max(s, t) - free_from)
            free_from = max(free_from, e)
        longest = max(longest, t + WEEK - free_from)
        if longest < rest:
            return True
    return False


@st.composite
def _items(draw: st.DrawFn) -> list[WorkItem]:
    t = 0
    out = []
    for k in range(draw(st.integers(1, 10))):
        t += draw(st.integers(0, 48)) * H
        length = draw(st.integers(1, 12)) * H
        out.append(item(f"s{k}", t, t + length))
        t += length
    return out


@settings(max_examples=60, deadline=None)
@given(_items(), st.integers(12, 60))
def test_matches_every_rolling_window(items, rest_h):
    params = RuleParams(min_weekly_rest_minutes=rest_h * H)
    assert bool(check_weekly_rest(items, params)) == _brute_force_violated(items, params)
