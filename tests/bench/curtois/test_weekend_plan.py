"""The weekend plan of the lns path's first roster: who works which shift on the weekend
days, planned before the rows, and rows that follow it."""

from __future__ import annotations

import time

import pytest

from bench.curtois import construct
from bench.curtois.construct import construct_by_employee, cover_counts, plan_weekends
from bench.curtois.evaluate import evaluate
from bench.curtois.reader import Instance
from tests.bench.curtois._tiny import make_instance


def _two_weeks(staff: str, wanted: dict[tuple[int, str], int], **extra: str) -> Instance:
    """Two weeks (weekends on days 5-6 and 12-13), shifts D and L (L forbids D next day);
    ``wanted`` people per (day, shift), 0 elsewhere, weights 100/1."""
    cover = "\n".join(
        f"{d},{s},{wanted.get((d, s), 0)},100,1" for d in range(14) for s in ("D", "L")
    )
    return make_instance(horizon=14, shifts="D,480,\nL,480,D", staff=staff, cover=cover, **extra)


def _plan(inst: Instance) -> dict[str, dict[int, str]]:
    plan = plan_weekends(inst, time.monotonic() + 10.0)
    assert plan is not None
    return plan


def test_the_plan_follows_the_cover_of_the_weekends_within_max_weekends() -> None:
    # three employees, one weekend each; the first Saturday wants two, the second one
    staff = "\n".join(f"{e},D=14|L=14,6720,0,7,1,1,1" for e in "ABC")
    inst = _two_weeks(staff, {(5, "D"): 2, (12, "D"): 1})
    plan = _plan(inst)
    assert sorted(d for days in plan.values() for d in days) == [5, 5, 12]
    assert all(sid == "D" for days in plan.values() for sid in days.values())
    for days in plan.values():
        assert len({d // 7 for d in days}) <= 1


def test_the_plan_keeps_days_off_shift_maxima_and_saturday_to_sunday_successions() -> None:
    # A may work L only; B is off on the first Saturday; Saturday wants L, Sunday D, and L
    # may not be followed by D: A cannot work both days of one weekend
    staff = "A,D=0|L=14,6720,0,7,1,1,2\nB,D=14|L=14,6720,0,7,1,1,1"
    inst = _two_weeks(staff, {(5, "L"): 1, (6, "D"): 1, (5, "D"): 1}, days_off="B,5")
    plan = _plan(inst)
    assert plan["A"] == {5: "L"}
    assert plan["B"] == {6: "D"}


def test_no_plan_above_its_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    inst = _two_weeks("A,D=14|L=14,6720,0,7,1,1,1", {(5, "D"): 1})
    monkeypatch.setattr(construct, "WEEKEND_PLAN_MAX_CELLS", 3)
    assert plan_weekends(inst, time.monotonic() + 10.0) is None


def test_the_first_roster_works_the_planned_weekends() -> None:
    # eight shifts each at most, every weekday wants one, the first Saturday two: a row
    # planned alone works the fewest weekends (none), the planned rows work that Saturday
    staff = "\n".join(f"{e},D=14|L=0,3840,0,7,1,1,1" for e in "AB")
    wanted = {(d, "D"): 1 for d in range(14) if d % 7 < 5}
    wanted[5, "D"] = 2
    inst = _two_weeks(staff, wanted)
    plan = _plan(inst)
    assert plan == {"A": {5: "D"}, "B": {5: "D"}}
    alone = construct_by_employee(inst, time.monotonic() + 10.0)
    planned = construct_by_employee(inst, time.monotonic() + 10.0, weekend_plan=plan)
    assert alone is not None
    assert planned is not None
    assert cover_counts(alone)[5, "D"] == 0
    assert cover_counts(planned)[5, "D"] == 2
    assert evaluate(inst, planned).violations == ()
    assert evaluate(inst, planned).objective < evaluate(inst, alone).objective
