"""parse_input: minutes from the horizon start in UTC, local days, and errors naming the
field and the id."""

import copy

import pytest

from roster.solver.io import InputError, parse_input
from tests.roster.solver.helpers import make_input, officer, shift


def _base():
    return make_input(
        [officer("o1"), officer("o2", ("basis", "ovd"))],
        [shift(f"s{k + 1}", k, 7, 8) for k in range(4)],
        signups=[{"officer": "o1", "shift": "s1", "wish": "want"}],
    )


def test_times_become_minutes_and_local_days():
    inp = parse_input(_base())
    s2 = inp.shift_by_id["s2"]
    assert (s2.start, s2.end, s2.day, s2.night) == (1440 + 420, 1440 + 900, 1, False)
    assert inp.params.min_rest_minutes == 660
    assert inp.weights.shortfall == 10000


def test_dst_night_lengths_and_days():
    data = {
        "format": "samenroosteren.solve-input/1",
        "timezone": "Europe/Amsterdam",
        "horizon": {"start": "2026-10-19T00:00:00+02:00", "end": "2026-11-16T00:00:00+01:00"},
        "officers": [officer("o1")],
        "shifts": [
            {
                "id": "n",
                "start": "2026-10-24T22:00:00+02:00",
                "end": "2026-10-25T07:00:00+01:00",
                "demand": {"basis": 1},
            },
            {
                "id": "m",
                "start": "2026-10-25T23:00:00+01:00",
                "end": "2026-10-26T07:00:00+01:00",
                "demand": {"basis": 1},
            },
        ],
    }
    inp = parse_input(data)
    n, m = inp.shift_by_id["n"], inp.shift_by_id["m"]
    assert n.minutes == 600
    assert n.night
    assert n.day == 5
    assert m.minutes == 480
    assert m.day == 6
    # day 6 starts 25 h after day 5 (the day of the change has 25 hours)
    assert m.start - n.start == 25 * 60 + 60
    assert inp.horizon_minutes == 28 * 1440 + 60


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["shifts"][3]["demand"].update(basis=-1),
            "shifts[3] (id=s4).demand.basis: must be a non-negative integer",
        ),
        (
            lambda d: d["shifts"][1].update(end=d["shifts"][1]["start"]),
            "shifts[1] (id=s2).end: must lie after start",
        ),
        (
            lambda d: d["shifts"][0].update(start="2026-06-01T07:00:00"),
            "shifts[0] (id=s1).start: must carry a UTC offset",
        ),
        (
            lambda d: d["shifts"][0].update(start="2026-05-01T07:00:00+02:00"),
            "shifts[0] (id=s1).start: must lie within the horizon",
        ),
        (
            lambda d: d["officers"][1].update(contract_minutes_per_week="36h"),
            "officers[1] (id=o2).contract_minutes_per_week",
        ),
        (lambda d: d["officers"][1].update(id="o1"), "officers[1] (id=o1).id: duplicate id"),
        (
            lambda d: d["signups"][0].update(officer="o9"),
            "signups[0] (officer=o9, shift=s1).officer: unknown officer",
        ),
        (lambda d: d["signups"][0].update(wish="maybe"), "signups[0] (officer=o1, shift=s1).wish"),
        (lambda d: d.update(rules={"min_rest": 600}), "rules.min_rest: unknown rule parameter"),
        (lambda d: d.update(rules={"min_rest_minutes": "600"}), "rules.min_rest_minutes"),
        (lambda d: d.update(weights={"shortfall": -1}), "weights.shortfall"),
        (lambda d: d.update(format="other"), "format: must be"),
        (lambda d: d.pop("shifts"), "input.shifts: is required"),
        (lambda d: d["shifts"][2].update(colour="red"), "shifts[2] (id=s3).colour: unknown field"),
        (
            lambda d: d.update(pinned=[{"officer": "o1", "shift": "s7", "skill": "basis"}]),
            "pinned[0] (officer=o1, shift=s7).shift: unknown shift",
        ),
        (
            lambda d: d["officers"][0].update(contract_minutes_per_week=2160.0),
            "officers[0] (id=o1).contract_minutes_per_week: must be an integer >= 1",
        ),
        (
            lambda d: d["shifts"][0].update(start=5),
            "shifts[0] (id=s1).start: must be an ISO 8601 date-time with a UTC offset",
        ),
        (
            lambda d: d["shifts"][0].update(start="2026-13-01T07:00:00+02:00"),
            "shifts[0] (id=s1).start: not an ISO 8601 date-time: '2026-13-01T07:00:00+02:00'",
        ),
        (
            lambda d: d["shifts"][0].update(burdens=["night", "night"]),
            "shifts[0] (id=s1).burdens: must not list an item twice",
        ),
        (
            lambda d: d["shifts"][0].update(demand={"": 1}),
            "shifts[0] (id=s1).demand: skill names must be non-empty strings",
        ),
        (
            lambda d: d["signups"][0].pop("wish"),
            "signups[0] (officer=o1, shift=s1).wish: is required",
        ),
        (
            lambda d: d["officers"][0].update(
                history={"last_weekly_rest_end": "2026-05-01T00:00Z"}
            ),
            "officers[0] (id=o1).history.last_weekly_rest_end: needs last_shift_end",
        ),
        (lambda d: d.update(rules=[]), "rules: must be an object"),
        (lambda d: d.update(previous={}), "previous: must be a list or null"),
    ],
)
def test_malformed_input_names_the_field_and_the_id(mutate, message):
    data = copy.deepcopy(_base())
    mutate(data)
    with pytest.raises(InputError) as exc:
        parse_input(data)
    assert message in str(exc.value)
