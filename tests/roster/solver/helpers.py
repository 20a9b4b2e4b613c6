"""Tiny solver inputs built in code: local times in Europe/Amsterdam from Monday 1 June 2026
(no DST change in the first weeks), so day ``d`` at ``h`` o'clock is minute ``d*1440 + h*60``."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from roster.solver.io import parse_input, result_to_dict
from roster.solver.solve import solve
from roster.solver.types import SolveInput, SolveResult
from roster.solver.verify import verify

AMS = ZoneInfo("Europe/Amsterdam")
START = dt.date(2026, 6, 1)


def at(day: int, hour: float) -> str:
    base = dt.datetime.combine(START + dt.timedelta(days=day), dt.time(0), tzinfo=AMS)
    return (base + dt.timedelta(minutes=round(hour * 60))).isoformat()


def officer(
    oid: str, skills: tuple[str, ...] = ("basis",), contract: int = 2160, **kw: Any
) -> dict[str, Any]:
    return {"id": oid, "skills": list(skills), "contract_minutes_per_week": contract, **kw}


def shift(
    sid: str,
    day: int,
    start_h: float,
    hours: float,
    demand: dict[str, int] | None = None,
    burdens: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": sid,
        "start": at(day, start_h),
        "end": at(day, start_h + hours),
        "burdens": burdens or [],
        "demand": demand if demand is not None else {"basis": 1},
    }


def make_input(
    officers: list[dict[str, Any]],
    shifts: list[dict[str, Any]],
    *,
    days: int = 28,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "format": "samenroosteren.solve-input/1",
        "timezone": "Europe/Amsterdam",
        "horizon": {"start": at(0, 0), "end": at(days, 0)},
        "officers": officers,
        "shifts": shifts,
        **extra,
    }


def run(
    data: dict[str, Any], *, time_limit: float = 10.0, workers: int = 1, **kw: Any
) -> tuple[SolveInput, SolveResult, dict[str, Any]]:
    """Solve, and assert that the independent verifier accepts the output."""
    inp = parse_input(data)
    result = solve(inp, time_limit_s=time_limit, workers=workers, seed=0, **kw)
    out = result_to_dict(result)
    report = verify(inp, out)
    assert report.ok, report.problems()
    if result.status == "optimal" and "model_objective" in result.stats:
        # the model objective (tight slacks at the optimum) is the recomputed objective
        # (set by the ``totals`` stage)
        assert result.stats["model_objective"] == result.objective
    return inp, result, out


def worked(result: SolveResult, officer_id: str) -> list[str]:
    return sorted(p.shift for p in result.assignments if p.officer == officer_id)


def missing(result: SolveResult) -> int:
    return sum(s.missing for s in result.shortfalls)
