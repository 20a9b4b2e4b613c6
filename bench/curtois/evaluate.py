"""Independent checker for Curtois & Qu rosters: every hard constraint, and the objective.

This module does not share code with the CP-SAT model on purpose: it is the referee for the
benchmark figures. The rules and the border rule follow ``benchmarks/curtois/SOURCE.md`` (taken
from the integer programme in Curtois & Qu 2014):

- the minimum-run rules (consecutive shifts, consecutive days off) only apply to runs with a
  neighbour inside the horizon on both sides; a run touching day 0 or day h-1 is never too short;
- the maximum-consecutive-shifts rule and the forbidden successions treat the days outside the
  horizon as days off.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bench.curtois.reader import Instance, Roster, RosterFormatError

__all__ = ["Evaluation", "Violation", "evaluate", "runs"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken hard constraint. ``rule`` is a stable snake_case code."""

    rule: str
    employee_id: str
    day: int | None
    detail: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Hard-constraint violations and the objective split into its four terms."""

    violations: tuple[Violation, ...]
    on_request_penalty: int
    off_request_penalty: int
    under_cover_penalty: int
    over_cover_penalty: int

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def objective(self) -> int:
        return (
            self.on_request_penalty
            + self.off_request_penalty
            + self.under_cover_penalty
            + self.over_cover_penalty
        )


def runs(worked: list[bool]) -> Iterator[tuple[bool, int, int]]:
    """Maximal runs of equal values as ``(value, first_day, length)``."""
    start = 0
    for d in range(1, len(worked) + 1):
        if d == len(worked) or worked[d] != worked[start]:
            yield worked[start], start, d - start
            start = d


def _check_shape(instance: Instance, roster: Roster) -> None:
    unknown = set(roster) - set(instance.staff_by_id)
    if unknown:
        raise RosterFormatError(f"unknown employee(s) {', '.join(sorted(unknown))}")
    for e in instance.staff:
        if e.id not in roster:
            raise RosterFormatError(f"no roster for employee {e.id}")
        days = roster[e.id]
        if len(days) != instance.horizon:
            raise RosterFormatError(
                f"employee {e.id}: {len(days)} days, expected {instance.horizon}"
            )
        for d, s in enumerate(days):
            if s is not None and s not in instance.shift_by_id:
                raise RosterFormatError(f"employee {e.id}, day {d}: unknown shift {s!r}")


def _employee_violations(instance: Instance, eid: str, days: list[str | None]) -> list[Violation]:
    """All hard rules for one employee. One shift a day holds by construction of the roster."""
    e = instance.staff_by_id[eid]
    h = instance.horizon
    out: list[Violation] = []

    for d in sorted(instance.days_off[eid]):
        if days[d] is not None:
            out.append(Violation("days_off", eid, d, f"works {days[d]} on a day off"))

    counts = Counter(s for s in days if s is not None)
    for sid, n in counts.items():
        if n > e.max_shifts[sid]:
            out.append(Violation("max_shifts", eid, None, f"{n} x {sid} > max {e.max_shifts[sid]}"))

    minutes = sum(instance.shift_by_id[s].length_minutes for s in days if s is not None)
    if minutes > e.max_total_minutes:
        out.append(Violation("max_total_minutes", eid, None, f"{minutes} > {e.max_total_minutes}"))
    if minutes < e.min_total_minutes:
        out.append(Violation("min_total_minutes", eid, None, f"{minutes} < {e.min_total_minutes}"))

    for d in range(h - 1):
        today, tomorrow = days[d], days[d + 1]
        if (
            today is not None
            and tomorrow is not None
            and tomorrow in instance.shift_by_id[today].forbidden_next
        ):
            out.append(
                Violation("forbidden_succession", eid, d, f"{today} then {tomorrow} next day")
            )

    worked = [s is not None for s in days]
    for on, start, length in runs(worked):
        interior = start > 0 and start + length < h
        if on:
            if length > e.max_consecutive_shifts:
                out.append(
                    Violation(
                        "max_consecutive_shifts",
                        eid,
                        start,
                        f"{length} shifts in a row > {e.max_consecutive_shifts}",
                    )
                )
            if interior and length < e.min_consecutive_shifts:
                out.append(
                    Violation(
                        "min_consecutive_shifts",
                        eid,
                        start,
                        f"{length} shifts in a row < {e.min_consecutive_shifts}",
                    )
                )
        elif interior and length < e.min_consecutive_days_off:
            out.append(
                Violation(
                    "min_consecutive_days_off",
                    eid,
                    start,
                    f"{length} days off in a row < {e.min_consecutive_days_off}",
                )
            )

    weekends = sum(
        1 for w in range(instance.num_weeks) if any(worked[d] for d in instance.weekend_days(w))
    )
    if weekends > e.max_weekends:
        out.append(Violation("max_weekends", eid, None, f"{weekends} weekends > {e.max_weekends}"))
    return out


def evaluate(instance: Instance, roster: Roster) -> Evaluation:
    """Check every hard constraint of ``instance`` on ``roster`` and compute its objective.

    Raises :class:`RosterFormatError` when the roster does not fit the instance (missing or
    unknown employee, wrong number of days, unknown shift id); rule breaches are reported as
    :class:`Violation` values instead.
    """
    _check_shape(instance, roster)
    violations: list[Violation] = []
    for e in instance.staff:
        violations.extend(_employee_violations(instance, e.id, list(roster[e.id])))

    on_penalty = sum(
        r.weight for r in instance.on_requests if roster[r.employee_id][r.day] != r.shift_id
    )
    off_penalty = sum(
        r.weight for r in instance.off_requests if roster[r.employee_id][r.day] == r.shift_id
    )
    staffed: Counter[tuple[int, str]] = Counter()
    for days in roster.values():
        for d, s in enumerate(days):
            if s is not None:
                staffed[d, s] += 1
    under = over = 0
    for c in instance.cover:
        n = staffed[c.day, c.shift_id]
        under += c.weight_under * max(0, c.requirement - n)
        over += c.weight_over * max(0, n - c.requirement)
    return Evaluation(tuple(violations), on_penalty, off_penalty, under, over)
