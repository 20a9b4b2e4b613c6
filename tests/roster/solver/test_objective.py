"""Soft terms: exact penalties, one objective built from the weights."""

from tests.roster.solver.helpers import make_input, officer, run, shift, worked


def test_rather_not_costs_more_than_unsigned():
    data = make_input(
        [officer("o1"), officer("o2")],
        [shift("s", 0, 7, 8)],
        signups=[{"officer": "o1", "shift": "s", "wish": "rather_not"}],
    )
    _, result, out = run(data)
    assert worked(result, "o2") == ["s"]
    assert out["terms"]["wish"] == 5  # one unsigned shift
    assert out["officers"][1]["unsigned_given"] == 1


def test_rather_not_weight_is_exact():
    data = make_input(
        [officer("o1")],
        [shift("s", 0, 7, 8)],
        signups=[{"officer": "o1", "shift": "s", "wish": "rather_not"}],
        weights={"rather_not": 33},
    )
    _, _, out = run(data)
    assert out["terms"]["wish"] == 33
    assert out["officers"][0]["rather_not_given"] == 1


def test_want_is_granted():
    data = make_input(
        [officer("o1"), officer("o2")],
        [shift("s", 0, 7, 8)],
        signups=[{"officer": "o2", "shift": "s", "wish": "want"}],
    )
    _, result, out = run(data)
    assert worked(result, "o2") == ["s"]
    assert out["terms"]["wish"] == 0
    assert out["fairness"]["min_wish_grant_rate"] == 1.0


def test_lowest_grant_rate_is_raised_first():
    # o1 wants s and t, o2 wants s only: giving s to o2 and t to o1 makes the lowest rate 0.5
    data = make_input(
        [officer("o1"), officer("o2")],
        [shift("s", 0, 7, 8), shift("t", 2, 7, 8)],
        signups=[
            {"officer": "o1", "shift": "s", "wish": "want"},
            {"officer": "o1", "shift": "t", "wish": "want"},
            {"officer": "o2", "shift": "s", "wish": "want"},
        ],
    )
    _, result, out = run(data)
    assert worked(result, "o2") == ["s"]
    assert out["fairness"]["min_wish_grant_rate"] == 0.5
    assert out["terms"]["wish"] == 10 * (1 + (100 - 50))


def test_night_fairness_includes_the_history_ledger():
    # o1 already has 2 nights, o2 none: the two new nights go to o2, the day shifts to o1
    shifts = [
        shift("n1", 0, 23, 8, burdens=["night"]),
        shift("n2", 7, 23, 8, burdens=["night"]),
        shift("d1", 2, 7, 8),
        shift("d2", 9, 7, 8),
    ]
    data = make_input([officer("o1", history={"nights": 2}), officer("o2")], shifts)
    _, result, out = run(data)
    assert worked(result, "o2") == ["n1", "n2"]
    assert worked(result, "o1") == ["d1", "d2"]
    # nights 2 and 2 per FTE, 16 h each: no deviation; 4 unsigned shifts cost 5 each
    assert out["terms"] == {"shortfall": 0, "fairness": 0, "wish": 20, "stability": 0}
    assert out["fairness"]["nights_per_fte_spread"] == 0.0


def test_fairness_penalty_is_worst_plus_total_deviation():
    # o2 is night-exempt, so o1 works both nights (16 h) and o2 the day shift (8 h); the
    # 24 h are shared 12 h each, rounded to whole 8 h shifts: targets 16 h and 16 h, so o2
    # is one unit (8 h) short: worst 1 + total 1; the night family holds only o1 (on target)
    shifts = [
        shift("n1", 0, 23, 8, burdens=["night"]),
        shift("n2", 7, 23, 8, burdens=["night"]),
        shift("d", 3, 7, 8),
    ]
    data = make_input([officer("o1"), officer("o2", night_exempt=True)], shifts, days=14)
    _, result, out = run(data)
    assert worked(result, "o1") == ["n1", "n2"]
    assert worked(result, "o2") == ["d"]
    assert out["terms"] == {"shortfall": 0, "fairness": 100 * 2, "wish": 15, "stability": 0}
    assert out["fairness"]["nights_per_fte_spread"] == 0.0
    assert out["fairness"]["hours_balance_per_fte_spread"] == 8.0


def test_burdens_are_compared_per_fte():
    # a 0.5 FTE officer should get half the weekend shifts of a full-timer
    shifts = [
        shift(f"w{k}", 5 + 7 * (k // 2), 7 + 8 * (k % 2), 8, burdens=["weekend"]) for k in range(3)
    ]
    data = make_input([officer("full"), officer("half", contract=1080)], shifts, days=14)
    _, result, out = run(data)
    assert len(worked(result, "full")) == 2
    assert len(worked(result, "half")) == 1
    assert out["fairness"]["weekends_per_fte_spread"] == 0.0
