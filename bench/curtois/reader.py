"""Reader for the Curtois & Qu (2014) shift scheduling benchmark format.

The format is described in ``benchmarks/curtois/SOURCE.md``: ``#`` comments, blank lines between
sections, a ``SECTION_<NAME>`` line opening each section, comma-separated records. Day 0 is a
Monday. Everything is parsed into frozen dataclasses; a malformed file raises
:class:`InstanceFormatError` naming the file and the line.

Rosters (the solver's output) are plain text too: one line per employee, the employee id, then one
tab-separated field per day holding the shift id, or nothing for a day off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "Cover",
    "Instance",
    "InstanceFormatError",
    "Roster",
    "RosterFormatError",
    "ShiftRequest",
    "ShiftType",
    "Staff",
    "format_roster",
    "parse_instance",
    "parse_roster",
    "read_instance",
    "read_roster",
    "write_roster",
]

#: One roster: per employee id, per day, the shift id worked or ``None`` for a day off.
Roster = Mapping[str, Sequence[str | None]]

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
REQUIRED_SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_COVER")


class InstanceFormatError(ValueError):
    """A benchmark file does not follow the format; the message names the file and line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.line = line


class RosterFormatError(ValueError):
    """A roster file or roster mapping does not fit the instance."""


@dataclass(frozen=True, slots=True)
class ShiftType:
    """A shift type: id, length in minutes, and the shift ids that may not follow it next day."""

    id: str
    length_minutes: int
    forbidden_next: frozenset[str]


@dataclass(frozen=True, slots=True)
class Staff:
    """One employee's contract. All limits are hard constraints over the whole horizon."""

    id: str
    max_shifts: Mapping[str, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int

    def contract_key(self) -> tuple[object, ...]:
        """Everything except the id, to group employees with the same contract."""
        return (
            tuple(sorted(self.max_shifts.items())),
            self.max_total_minutes,
            self.min_total_minutes,
            self.max_consecutive_shifts,
            self.min_consecutive_shifts,
            self.min_consecutive_days_off,
            self.max_weekends,
        )


@dataclass(frozen=True, slots=True)
class ShiftRequest:
    """A soft shift-on or shift-off request; ``weight`` is the penalty when it is not honoured."""

    employee_id: str
    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True, slots=True)
class Cover:
    """Preferred number of staff on a shift on a day, with the penalty per missing/extra person."""

    day: int
    shift_id: str
    requirement: int
    weight_under: int
    weight_over: int


@dataclass(frozen=True)
class Instance:
    """A parsed benchmark instance. Collections keep the order of the file."""

    name: str
    horizon: int
    shift_types: tuple[ShiftType, ...]
    staff: tuple[Staff, ...]
    days_off: Mapping[str, frozenset[int]]
    on_requests: tuple[ShiftRequest, ...]
    off_requests: tuple[ShiftRequest, ...]
    cover: tuple[Cover, ...]
    shift_by_id: Mapping[str, ShiftType] = field(init=False, repr=False, compare=False)
    staff_by_id: Mapping[str, Staff] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "shift_by_id", MappingProxyType({s.id: s for s in self.shift_types})
        )
        object.__setattr__(self, "staff_by_id", MappingProxyType({e.id: e for e in self.staff}))

    @property
    def num_weeks(self) -> int:
        """The horizon is a whole number of weeks; day 0 is a Monday."""
        return self.horizon // 7

    @staticmethod
    def weekend_days(week: int) -> tuple[int, int]:
        """Saturday and Sunday of weekend ``week``."""
        return 7 * week + 5, 7 * week + 6


# --------------------------------------------------------------------------------------------
# Instance files


def _int(text: str, source: str, line: int, what: str, minimum: int = 0) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InstanceFormatError(
            source, line, f"{what} must be an integer, got {text!r}"
        ) from None
    if value < minimum:
        raise InstanceFormatError(source, line, f"{what} must be >= {minimum}, got {value}")
    return value


def _fields(text: str, count: int | None, source: str, line: int, section: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if count is not None and len(parts) != count:
        raise InstanceFormatError(
            source, line, f"{section}: expected {count} comma-separated fields, got {len(parts)}"
        )
    return parts


def parse_instance(text: str, name: str = "<string>") -> Instance:
    """Parse the text of a benchmark file. ``name`` is used in errors and as the instance name."""
    records: dict[str, list[tuple[int, str]]] = {}
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("SECTION_"):
            if stripped not in SECTIONS:
                raise InstanceFormatError(name, number, f"unknown section {stripped!r}")
            if stripped in records:
                raise InstanceFormatError(name, number, f"section {stripped} appears twice")
            section = stripped
            records[section] = []
            continue
        if section is None:
            raise InstanceFormatError(name, number, "data before the first SECTION_ line")
        records[section].append((number, stripped))
    for required in REQUIRED_SECTIONS:
        if required not in records:
            raise InstanceFormatError(name, None, f"missing section {required}")

    horizon_lines = records["SECTION_HORIZON"]
    if len(horizon_lines) != 1:
        first = horizon_lines[1][0] if len(horizon_lines) > 1 else None
        raise InstanceFormatError(name, first, "SECTION_HORIZON must hold exactly one integer")
    h_line, h_text = horizon_lines[0]
    horizon = _int(h_text, name, h_line, "horizon", minimum=1)
    if horizon % 7:
        raise InstanceFormatError(name, h_line, f"horizon {horizon} is not a whole number of weeks")

    def day(text: str, line: int) -> int:
        value = _int(text, name, line, "day")
        if value >= horizon:
            raise InstanceFormatError(name, line, f"day {value} outside horizon 0..{horizon - 1}")
        return value

    # Shifts: forbidden successors may name shifts defined later, so check them afterwards.
    raw_shifts: list[tuple[int, str, int, list[str]]] = []
    for line, text in records["SECTION_SHIFTS"]:
        sid, length, forbidden = _fields(text, 3, name, line, "SECTION_SHIFTS")
        if not sid:
            raise InstanceFormatError(name, line, "empty shift id")
        if any(r[1] == sid for r in raw_shifts):
            raise InstanceFormatError(name, line, f"duplicate shift id {sid!r}")
        nexts = [f.strip() for f in forbidden.split("|") if f.strip()]
        raw_shifts.append((line, sid, _int(length, name, line, "shift length", 1), nexts))
    shift_ids = {r[1] for r in raw_shifts}
    shift_types: list[ShiftType] = []
    for line, sid, length_minutes, nexts in raw_shifts:
        for f in nexts:
            if f not in shift_ids:
                raise InstanceFormatError(name, line, f"unknown forbidden successor {f!r}")
        shift_types.append(ShiftType(sid, length_minutes, frozenset(nexts)))
    if not shift_types:
        raise InstanceFormatError(name, None, "SECTION_SHIFTS is empty")

    staff: list[Staff] = []
    for line, text in records["SECTION_STAFF"]:
        parts = _fields(text, 8, name, line, "SECTION_STAFF")
        eid = parts[0]
        if not eid:
            raise InstanceFormatError(name, line, "empty employee id")
        if any(e.id == eid for e in staff):
            raise InstanceFormatError(name, line, f"duplicate employee id {eid!r}")
        max_shifts: dict[str, int] = {}
        for entry in (p for p in parts[1].split("|") if p.strip()):
            sid, sep, value = entry.partition("=")
            sid = sid.strip()
            if not sep or sid not in shift_ids:
                raise InstanceFormatError(name, line, f"bad MaxShifts entry {entry!r}")
            if sid in max_shifts:
                raise InstanceFormatError(name, line, f"MaxShifts lists {sid!r} twice")
            max_shifts[sid] = _int(value, name, line, f"MaxShifts[{sid}]")
        # A shift type left out of MaxShifts is not limited (all 24 files list every type).
        for sid in shift_ids - max_shifts.keys():
            max_shifts[sid] = horizon
        labels = (
            "MaxTotalMinutes",
            "MinTotalMinutes",
            "MaxConsecutiveShifts",
            "MinConsecutiveShifts",
            "MinConsecutiveDaysOff",
            "MaxWeekends",
        )
        values = [_int(v, name, line, label) for v, label in zip(parts[2:], labels, strict=True)]
        staff.append(
            Staff(
                eid,
                MappingProxyType({s.id: max_shifts[s.id] for s in shift_types}),
                *values,
            )
        )
    if not staff:
        raise InstanceFormatError(name, None, "SECTION_STAFF is empty")
    staff_ids = {e.id for e in staff}

    def employee(text: str, line: int) -> str:
        if text not in staff_ids:
            raise InstanceFormatError(name, line, f"unknown employee {text!r}")
        return text

    def shift(text: str, line: int) -> str:
        if text not in shift_ids:
            raise InstanceFormatError(name, line, f"unknown shift {text!r}")
        return text

    days_off: dict[str, set[int]] = {e.id: set() for e in staff}
    for line, text in records.get("SECTION_DAYS_OFF", []):
        parts = _fields(text, None, name, line, "SECTION_DAYS_OFF")
        eid = employee(parts[0], line)
        days_off[eid].update(day(p, line) for p in parts[1:] if p)

    def requests(section: str) -> tuple[ShiftRequest, ...]:
        out = []
        for line, text in records.get(section, []):
            eid, d, sid, weight = _fields(text, 4, name, line, section)
            out.append(
                ShiftRequest(
                    employee(eid, line),
                    day(d, line),
                    shift(sid, line),
                    _int(weight, name, line, "weight"),
                )
            )
        return tuple(out)

    cover: list[Cover] = []
    seen_cover: set[tuple[int, str]] = set()
    for line, text in records["SECTION_COVER"]:
        d, sid, req, under, over = _fields(text, 5, name, line, "SECTION_COVER")
        item = Cover(
            day(d, line),
            shift(sid, line),
            _int(req, name, line, "requirement"),
            _int(under, name, line, "weight for under"),
            _int(over, name, line, "weight for over"),
        )
        if (item.day, item.shift_id) in seen_cover:
            raise InstanceFormatError(name, line, f"duplicate cover row for {d},{sid}")
        seen_cover.add((item.day, item.shift_id))
        cover.append(item)

    return Instance(
        name=name,
        horizon=horizon,
        shift_types=tuple(shift_types),
        staff=tuple(staff),
        days_off=MappingProxyType({k: frozenset(v) for k, v in days_off.items()}),
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"),
        off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=tuple(cover),
    )


def read_instance(path: str | Path) -> Instance:
    """Read a benchmark file; the instance is named after the file stem (``Instance1``)."""
    p = Path(path)
    text = p.read_text(encoding="ascii", errors="strict")
    return _renamed(parse_instance(text, name=str(p)), p.stem)


def _renamed(instance: Instance, name: str) -> Instance:
    return Instance(
        name=name,
        horizon=instance.horizon,
        shift_types=instance.shift_types,
        staff=instance.staff,
        days_off=instance.days_off,
        on_requests=instance.on_requests,
        off_requests=instance.off_requests,
        cover=instance.cover,
    )


# --------------------------------------------------------------------------------------------
# Roster files


def format_roster(instance: Instance, roster: Roster) -> str:
    """Render a roster: one line per employee (file order), id then one tab field per day."""
    lines = []
    for e in instance.staff:
        days = roster[e.id]
        if len(days) != instance.horizon:
            raise RosterFormatError(
                f"employee {e.id}: {len(days)} days, expected {instance.horizon}"
            )
        lines.append("\t".join([e.id, *(s or "" for s in days)]))
    return "\n".join(lines) + "\n"


def write_roster(path: str | Path, instance: Instance, roster: Roster) -> None:
    """Write :func:`format_roster` output to ``path``."""
    Path(path).write_text(format_roster(instance, roster), encoding="ascii")


def parse_roster(
    text: str, instance: Instance, name: str = "<string>"
) -> dict[str, list[str | None]]:
    """Parse a roster for ``instance``. Each employee must appear once with exactly one field per
    day; a field is empty (day off) or one shift id of the instance."""
    roster: dict[str, list[str | None]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = raw.split("\t")
        eid = parts[0].strip()
        if eid not in instance.staff_by_id:
            raise RosterFormatError(f"{name}:{number}: unknown employee {eid!r}")
        if eid in roster:
            raise RosterFormatError(f"{name}:{number}: employee {eid!r} appears twice")
        fields = [p.strip() for p in parts[1:]]
        if len(fields) != instance.horizon:
            raise RosterFormatError(
                f"{name}:{number}: {len(fields)} day fields, expected {instance.horizon}"
            )
        for d, f in enumerate(fields):
            if f and f not in instance.shift_by_id:
                raise RosterFormatError(f"{name}:{number}: day {d}: unknown shift {f!r}")
        roster[eid] = [f or None for f in fields]
    missing = [e.id for e in instance.staff if e.id not in roster]
    if missing:
        raise RosterFormatError(f"{name}: no line for employee(s) {', '.join(missing)}")
    return roster


def read_roster(path: str | Path, instance: Instance) -> dict[str, list[str | None]]:
    """Read a roster file written by :func:`write_roster` (or by hand)."""
    p = Path(path)
    return parse_roster(p.read_text(encoding="ascii"), instance, name=str(p))
