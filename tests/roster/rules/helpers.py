"""Tiny builders for rule tests: times in hours from a reference local midnight (no DST)."""

from __future__ import annotations

from roster.rules import WorkItem

H = 60
DAY = 24 * H


def naive_night(start: int, end: int) -> bool:
    """>60 min between 00:00 and 06:00 on a DST-free minute scale starting at midnight."""
    total = 0
    for d in range(start // DAY - 1, end // DAY + 1):
        lo, hi = max(start, d * DAY), min(end, d * DAY + 6 * H)
        total += max(0, hi - lo)
    return total > H


def item(sid: str, start: int, end: int, *, night: bool | None = None) -> WorkItem:
    """A work item from minutes; ``day`` from the start, ``night`` computed unless given."""
    return WorkItem(
        shift_id=sid,
        start=start,
        end=end,
        night=naive_night(start, end) if night is None else night,
        day=start // DAY,
    )


def shift(sid: str, day: int, start_h: float, hours: float) -> WorkItem:
    """A shift on local ``day`` starting at ``start_h`` o'clock lasting ``hours``."""
    start = day * DAY + round(start_h * H)
    return item(sid, start, start + round(hours * H))


def early(sid: str, day: int) -> WorkItem:
    return shift(sid, day, 7, 8)


def late(sid: str, day: int) -> WorkItem:
    return shift(sid, day, 15, 8)


def night(sid: str, day: int) -> WorkItem:
    return shift(sid, day, 23, 8)


def rules_of(violations: list) -> list[str]:  # type: ignore[type-arg]
    return [v.rule for v in violations]
