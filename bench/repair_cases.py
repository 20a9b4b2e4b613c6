"""``python -m bench.repair_cases``: repairs of hand-built published rosters.

Each case is built in code (``CASES``), small enough to reason about by hand, and tests one
thing a repair must get right:

- ``only_holders``: two of the three motor riders fall ill for five days; the third works
  the same early shifts as ``basis``. No one can take a motor place directly (the greedy
  refill leaves all five empty): the third rider must change skill on his own shift and a
  colleague take his ``basis`` place (a chain of one move per place, 2 changes each).
- ``dst_night``: the night worker falls ill across the night the clocks go back (Saturday
  24 to Sunday 25 October 2026, Europe/Amsterdam: the 23:00-07:00 night lasts 9 hours);
  colleagues take his four nights under the rest and night-series rules, with every
  interval in UTC minutes.
- ``night_rest``: the night worker falls ill; only two colleagues may work nights (the rest
  are night-exempt), and both work the day shifts next to the nights. A colleague who takes
  a night must give up the shift that the rest after a night (or the daily rest) forbids,
  and a night-exempt colleague takes that one: the knock-on moves the change list names
  ``knock_on`` (3 changes per place, the least possible).
- ``impossible``: the dog handler on the day shift falls ill; of the two other handlers one
  is on leave and one works the dog night before it (the rest after a night forbids the day
  shift, and no one else may take the dog night). The place stays empty whatever the time
  limit, and the report's shortfall reasons say why for each handler.

The published roster of a case is the hand-placed assignments (the structure the case is
about) plus the fairness-aware greedy (``baseline.greedy``) for every other place: lawful
and reproducible, no CP-SAT. The repair input is that roster as ``previous`` and the new
absences added. Per case and time limit one JSON line: places lost, shortfall after, the
greedy refill's shortfall (``refill_shortfall``) and the start's after ejection chains
(``chain_shortfall``), changes of others and their ratio to the places lost, the stages with
their bounds (a proved ``shortfall`` bound is the least shortfall any lawful repair has), the
changed officers with their reasons, the shortfall reasons, and the violations
``roster.solver.verify`` finds (must be 0). No Django here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bench.repair import repair_figures
from roster.solver.baseline import greedy
from roster.solver.chains import fill_by_chains
from roster.solver.eligibility import candidates
from roster.solver.figures import compute_figures
from roster.solver.hard_rules import check_assignments
from roster.solver.io import parse_input, placement_dict
from roster.solver.repair import start_roster
from roster.solver.solve import solve
from roster.solver.types import Placement
from roster.solver.window import lost_placements

__all__ = ["CASES", "Case", "main", "run_case"]

AMS = ZoneInfo("Europe/Amsterdam")
#: Days in every case's period.
DAYS = 14


@dataclass(frozen=True)
class Case:
    """A repair input (``previous`` and the new absences included) and what it tests."""

    name: str
    tests: str
    data: dict[str, Any]


def _local(start: dt.date, day: int, hour: int) -> str:
    """Local wall-clock time ``hour``:00 on ``day`` (Europe/Amsterdam, DST included)."""
    when = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(0), tzinfo=AMS)
    when += dt.timedelta(hours=hour)  # wall-clock arithmetic: hour 31 is 07:00 next day
    return when.isoformat()


def _shift(
    start: dt.date, sid: str, day: int, hours: tuple[int, int], demand: dict[str, int]
) -> dict[str, Any]:
    first, last = hours
    return {
        "id": sid,
        "start": _local(start, day, first),
        "end": _local(start, day, last),
        "burdens": ["night"] if last > 24 else [],
        "demand": demand,
    }


EARLY, LATE, NIGHT, DOG_DAY = (7, 15), (15, 23), (23, 31), (9, 17)


def _officer(oid: str, *skills: str, night_exempt: bool = False) -> dict[str, Any]:
    return {
        "id": oid,
        "skills": ["basis", *skills],
        "contract_minutes_per_week": 2160,
        "night_exempt": night_exempt,
    }


def _ill(
    start: dt.date, officer: str, first: int, days: int, reason: str = "sick"
) -> dict[str, Any]:
    return {
        "officer": officer,
        "start": _local(start, first, 0),
        "end": _local(start, first + days, 0),
        "reason": reason,
    }


def _publish(
    start: dt.date,
    officers: list[dict[str, Any]],
    shifts: list[dict[str, Any]],
    hand: list[tuple[str, str, str]],
    *,
    unavailable: Sequence[dict[str, Any]] = (),
    absences: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The repair input: the published roster as ``previous`` and ``absences`` added to
    ``unavailable``. The officers with a ``hand`` placement work exactly those (the
    structure the case is about); the fairness-aware greedy places the other officers on
    the places left."""
    base = {
        "format": "samenroosteren.solve-input/1",
        "timezone": "Europe/Amsterdam",
        "horizon": {"start": _local(start, 0, 0), "end": _local(start, DAYS, 0)},
        "officers": officers,
        "shifts": shifts,
        "unavailable": list(unavailable),
    }
    by_hand = {o for o, _s, _k in hand}
    left: dict[tuple[str, str], int] = {}
    for _o, s, k in hand:
        left[s, k] = left.get((s, k), 0) + 1
    rest = {
        **base,
        "officers": [o for o in officers if o["id"] not in by_hand],
        "shifts": [
            {**s, "demand": {k: n - left.get((s["id"], k), 0) for k, n in s["demand"].items()}}
            for s in shifts
        ],
    }
    published = [placement_dict(p) for p in greedy(parse_input(rest), fair=True)]
    published += [{"officer": o, "shift": s, "skill": k} for o, s, k in hand]
    broken = check_assignments(
        parse_input(base), [Placement(p["officer"], p["shift"], p["skill"]) for p in published]
    )
    if broken:  # a case is built wrong, not a repair result
        raise ValueError(f"the published roster breaks a rule: {broken[0]}")
    return {
        **base,
        "unavailable": [*unavailable, *absences],
        "previous": sorted(published, key=lambda p: (p["officer"], p["shift"])),
    }


def _days_shifts(
    start: dt.date, demand: Callable[[str, int], dict[str, int] | None]
) -> list[dict[str, Any]]:
    """Early, late and night shifts every day, with ``demand(kind, day)`` (``None``: no shift)."""
    out = []
    for day in range(DAYS):
        for kind, hours in (("E", EARLY), ("L", LATE), ("N", NIGHT)):
            need = demand(kind, day)
            if need is not None:
                out.append(_shift(start, f"{kind}{day}", day, hours, need))
    return out


def only_holders() -> Case:
    start = dt.date(2026, 6, 1)
    officers = [_officer(f"m{i}", "motor") for i in (1, 2, 3)]
    officers += [_officer(f"b{i}") for i in range(1, 7)]

    def demand(kind: str, _day: int) -> dict[str, int]:
        return {"motor": 1, "basis": 1} if kind == "E" else {"basis": 1}

    # four early shifts in a row at most: five span 104 h, more than the 96 h the weekly
    # rest allows between two rests of 36 h
    hand = [("m1", f"E{d}", "motor") for d in range(2, 6)]
    hand += [("m2", f"E{d}", "motor") for d in range(6, 10)]
    hand += [("m3", f"E{d}", "motor") for d in (0, 1, 10, 11, 12, 13)]
    hand += [("m3", f"E{d}", "basis") for d in range(3, 7)]
    absences = [_ill(start, "m1", 3, 4), _ill(start, "m2", 3, 4)]  # motor E3..E6 lost
    data = _publish(start, officers, _days_shifts(start, demand), hand, absences=absences)
    return Case("only_holders", "the absent are two of three skill holders: a chain", data)


def dst_night() -> Case:
    start = dt.date(2026, 10, 19)  # day 5 is Saturday 24 October: its night lasts 9 h
    officers = [_officer(f"o{i}") for i in range(1, 9)]
    hand = [("o1", f"N{d}", "basis") for d in range(3, 7)]
    absences = [_ill(start, "o1", 4, 4)]  # 23 Oct 00:00 to 27 Oct 00:00: nights 3..6 lost
    data = _publish(
        start,
        officers,
        _days_shifts(start, lambda _k, _d: {"basis": 1}),
        hand,
        absences=absences,
    )
    return Case("dst_night", "an absence across the DST night of 25 Oct 2026", data)


def night_rest() -> Case:
    start = dt.date(2026, 6, 1)
    officers = [_officer("nw"), _officer("n2"), _officer("b1"), _officer("b2")]
    officers += [_officer(f"c{i}", night_exempt=True) for i in range(1, 7)]

    def demand(kind: str, _day: int) -> dict[str, int]:
        return {"basis": 2} if kind == "E" else {"basis": 1}

    # nights in series of four (five span 104 h: weekly rest): nw 0-3 and 8-11, n2 4-7 and
    # 12-13; b1 early on even days, b2 late on odd days
    hand = [("nw", f"N{d}", "basis") for d in (*range(4), *range(8, 12))]
    hand += [("n2", f"N{d}", "basis") for d in (*range(4, 8), 12, 13)]
    hand += [("b1", f"E{d}", "basis") for d in range(0, DAYS, 2)]
    hand += [("b2", f"L{d}", "basis") for d in range(1, DAYS, 2)]
    absences = [_ill(start, "nw", 2, 3)]  # 3 Jun 00:00 to 6 Jun 00:00: nights 1..3 lost
    data = _publish(start, officers, _days_shifts(start, demand), hand, absences=absences)
    return Case("night_rest", "a night worker ill: rest rules force knock-on moves", data)


def impossible() -> Case:
    start = dt.date(2026, 6, 1)
    officers = [_officer(f"h{i}", "dog") for i in (1, 2, 3)]
    officers += [_officer(f"b{i}") for i in range(1, 6)]

    def demand(kind: str, day: int) -> dict[str, int]:
        return {"dog": 1} if (kind, day) == ("N", 4) else {"basis": 1}

    shifts = _days_shifts(start, demand)
    shifts.append(_shift(start, "D5", 5, DOG_DAY, {"dog": 1}))
    hand = [("h3", "N4", "dog"), ("h1", "D5", "dog")]
    leave = [_ill(start, "h2", 3, 5, reason="leave")]
    absences = [_ill(start, "h1", 4, 2)]
    data = _publish(start, officers, shifts, hand, unavailable=leave, absences=absences)
    return Case("impossible", "a lost place no lawful repair can fill", data)


CASES: dict[str, Callable[[], Case]] = {
    "only_holders": only_holders,
    "dst_night": dst_night,
    "night_rest": night_rest,
    "impossible": impossible,
}


def run_case(
    case: Case, time_limits_s: Sequence[float], *, workers: int, seed: int
) -> list[dict[str, Any]]:
    """One line of figures per time limit (the module doc)."""
    inp = parse_input(case.data)
    cands = candidates(inp)
    previous = list(case.data["previous"])
    freed = [placement_dict(lp.placement) for lp in lost_placements(inp, cands)]
    refill, window = start_roster(inp, cands)
    chained, chains = fill_by_chains(inp, cands, window, refill)
    refill_figures = compute_figures(inp, refill, cands)
    chain_figures = compute_figures(inp, chained, cands)
    head = {
        "case": case.name,
        "tests": case.tests,
        "places_lost": len(freed),
        "refill_shortfall": sum(refill_figures.missing.values()),
        "chain_shortfall": sum(chain_figures.missing.values()),
        "chain_changes_of_others": chain_figures.changes_others,
        "chains": len(chains),
    }
    lines = []
    for limit in time_limits_s:
        started = time.perf_counter()
        result = solve(inp, time_limit_s=limit, workers=workers, seed=seed)
        wall = time.perf_counter() - started
        figures = repair_figures(inp, previous, freed, result, wall)
        lines.append(
            {
                **head,
                "time_limit_s": limit,
                **figures,
                "changed": [
                    {"officer": c.officer, "reason": str(c.reason)} for c in result.changed_officers
                ],
                "shortfall_reasons": [
                    {"shift": s.shift, "skill": s.skill, "reasons": list(s.reasons)}
                    for s in result.shortfalls
                ],
            }
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.repair_cases")
    p.add_argument("--case", action="append", choices=sorted(CASES), help="default: all")
    p.add_argument("--time-limit", default="2,5,30,60", help="comma-separated seconds")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    limits = [float(t) for t in str(args.time_limit).split(",") if t]
    ok = True
    for name in args.case or list(CASES):
        for line in run_case(CASES[name](), limits, workers=args.workers, seed=args.seed):
            print(json.dumps(line), flush=True)
            ok = ok and line["violations"] == 0 and line["verify_mismatches"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
