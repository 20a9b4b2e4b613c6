"""The JSON contract of the solver (``docs/solver_io.md``): input in, result out.

``parse_input`` turns the ``samenroosteren.solve-input/1`` JSON object into a ``SolveInput``:
times become integer minutes from ``horizon.start`` (computed in UTC, so DST is in the
numbers) and local (``timezone``) day indices from the horizon's first local day. Malformed
input raises ``InputError`` naming the field path and the id, e.g.
``shifts[3] (id=s4).demand.basis: must be a non-negative integer``.

Optional extensions of the contract (all optional, so old inputs stay valid):

- ``officers[].history.last_shift_start``: start of the last shift before the horizon; gives
  the local day on which it started (night series and consecutive days across the
  boundary). Without it that day is estimated from ``last_shift_end`` (the day before the
  end day for a night shift, else the end day).
- ``officers[].history.last_weekly_rest_end``: end of the last rest of at least
  ``min_weekly_rest_minutes`` before the horizon (start of the working stretch that runs
  into the horizon, ``atw.weekly_rest``). Without it the time before the horizon counts as
  rest for that rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from roster.rules import RuleParams, is_night_shift, to_minutes
from roster.rules.timeutil import local_day_index
from roster.solver.types import (
    BURDENS,
    INPUT_FORMAT,
    RESULT_FORMAT,
    InputError,
    OfficerData,
    OfficerHistory,
    Placement,
    RuleSet,
    ShiftData,
    SignUp,
    SolveInput,
    SolveResult,
    Unavailability,
    Weights,
    Wish,
)

# --- parsing -------------------------------------------------------------------------------


def _obj(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(path, "must be an object")
    return value


def _list(value: Any, path: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise InputError(path, "must be a list")
    return value


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(path, "must be a non-empty string")
    return value


def _int(value: Any, path: str, minimum: int | None = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, "must be an integer" if minimum is None else _nonneg(minimum))
    if minimum is not None and value < minimum:
        raise InputError(path, _nonneg(minimum))
    return int(value)


def _nonneg(minimum: int) -> str:
    return "must be a non-negative integer" if minimum == 0 else f"must be an integer >= {minimum}"


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, "must be a boolean")
    return value


def _time(value: Any, path: str) -> dt.datetime:
    if not isinstance(value, str):
        raise InputError(path, "must be an ISO 8601 date-time with offset")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"not an ISO 8601 date-time: {value!r}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InputError(path, "must carry a UTC offset (e.g. +01:00)")
    return parsed


def _keys(data: Mapping[str, Any], path: str, allowed: set[str], required: set[str]) -> None:
    for key in data:
        if key not in allowed:
            raise InputError(f"{path}.{key}", "unknown field")
    for key in sorted(required):
        if key not in data:
            raise InputError(f"{path}.{key}", "is required")


def _item_path(name: str, index: int, data: Any) -> str:
    if isinstance(data, Mapping) and isinstance(data.get("id"), str):
        return f"{name}[{index}] (id={data['id']})"
    return f"{name}[{index}]"


class _Clock:
    def __init__(self, tz: ZoneInfo, start: dt.datetime) -> None:
        self.tz = tz
        self.start = start
        self.ref_date = start.astimezone(tz).date()

    def minutes(self, value: dt.datetime) -> int:
        return to_minutes(value, self.start)

    def day(self, value: dt.datetime) -> int:
        return local_day_index(value, self.tz, self.ref_date)


def _parse_history(data: Any, path: str, clock: _Clock) -> OfficerHistory:
    h = _obj(data, path)
    _keys(
        h,
        path,
        {
            "nights",
            "weekends",
            "holidays",
            "minutes_delta",
            "last_shift_end",
            "last_shift_night",
            "consecutive_nights_at_start",
            "consecutive_days_at_start",
            "last_shift_start",
            "last_weekly_rest_end",
        },
        set(),
    )
    last_end_dt = (
        _time(h["last_shift_end"], f"{path}.last_shift_end") if "last_shift_end" in h else None
    )
    last_night = _bool(h.get("last_shift_night", False), f"{path}.last_shift_night")
    last_day: int | None = None
    last_end: int | None = None
    rest_end: int | None = None
    if last_end_dt is not None:
        last_end = clock.minutes(last_end_dt)
        if "last_shift_start" in h:
            start_dt = _time(h["last_shift_start"], f"{path}.last_shift_start")
            if clock.minutes(start_dt) >= 0 or start_dt >= last_end_dt:
                raise InputError(
                    f"{path}.last_shift_start",
                    "must lie before the horizon start and before last_shift_end",
                )
            last_day = clock.day(start_dt)
        else:
            before_end = last_end_dt - dt.timedelta(minutes=1)
            last_day = clock.day(before_end) - (1 if last_night else 0)
            last_day = min(last_day, -1)
        if "last_weekly_rest_end" in h:
            rest_dt = _time(h["last_weekly_rest_end"], f"{path}.last_weekly_rest_end")
            rest_end = clock.minutes(rest_dt)
            if rest_end > last_end:
                raise InputError(
                    f"{path}.last_weekly_rest_end", "must not lie after last_shift_end"
                )
    else:
        for key in ("last_shift_start", "last_weekly_rest_end"):
            if key in h:
                raise InputError(f"{path}.{key}", "needs last_shift_end")
    return OfficerHistory(
        nights=_int(h.get("nights", 0), f"{path}.nights"),
        weekends=_int(h.get("weekends", 0), f"{path}.weekends"),
        holidays=_int(h.get("holidays", 0), f"{path}.holidays"),
        minutes_delta=_int(h.get("minutes_delta", 0), f"{path}.minutes_delta", None),
        last_shift_end=last_end,
        last_shift_night=last_night,
        consecutive_nights_at_start=_int(
            h.get("consecutive_nights_at_start", 0), f"{path}.consecutive_nights_at_start"
        ),
        consecutive_days_at_start=_int(
            h.get("consecutive_days_at_start", 0), f"{path}.consecutive_days_at_start"
        ),
        last_shift_day=last_day,
        last_weekly_rest_end=rest_end,
    )


def _parse_officer(data: Any, path: str, clock: _Clock) -> OfficerData:
    o = _obj(data, path)
    _keys(
        o,
        path,
        {"id", "skills", "contract_minutes_per_week", "night_exempt", "history", "name"},
        {"id", "skills", "contract_minutes_per_week"},
    )
    skills = [
        _str(s, f"{path}.skills[{i}]") for i, s in enumerate(_list(o["skills"], f"{path}.skills"))
    ]
    return OfficerData(
        id=_str(o["id"], f"{path}.id"),
        skills=tuple(sorted(set(skills))),
        contract_minutes_per_week=_int(
            o["contract_minutes_per_week"], f"{path}.contract_minutes_per_week", 1
        ),
        night_exempt=_bool(o.get("night_exempt", False), f"{path}.night_exempt"),
        history=_parse_history(o.get("history", {}), f"{path}.history", clock),
    )


def _parse_shift(data: Any, path: str, clock: _Clock, horizon_minutes: int) -> ShiftData:
    s = _obj(data, path)
    _keys(
        s,
        path,
        {"id", "start", "end", "kind", "burdens", "demand", "name"},
        {"id", "start", "end", "demand"},
    )
    start_dt = _time(s["start"], f"{path}.start")
    end_dt = _time(s["end"], f"{path}.end")
    start, end = clock.minutes(start_dt), clock.minutes(end_dt)
    if not 0 <= start < horizon_minutes:
        raise InputError(f"{path}.start", "must lie within the horizon")
    if end <= start:
        raise InputError(f"{path}.end", "must lie after start")
    burdens = []
    for i, b in enumerate(_list(s.get("burdens", []), f"{path}.burdens")):
        if b not in BURDENS:
            raise InputError(f"{path}.burdens[{i}]", f"must be one of {', '.join(BURDENS)}")
        burdens.append(b)
    demand_obj = _obj(s["demand"], f"{path}.demand")
    demand: dict[str, int] = {}
    for skill, count in demand_obj.items():
        if not isinstance(skill, str) or not skill:
            raise InputError(f"{path}.demand", "skill names must be non-empty strings")
        demand[skill] = _int(count, f"{path}.demand.{skill}")
    kind = s.get("kind", "")
    if not isinstance(kind, str):
        raise InputError(f"{path}.kind", "must be a string")
    return ShiftData(
        id=_str(s["id"], f"{path}.id"),
        start=start,
        end=end,
        day=clock.day(start_dt),
        night=is_night_shift(start_dt, end_dt, clock.tz),
        kind=kind,
        burdens=frozenset(burdens),
        demand=demand,
    )


def _parse_placements(
    data: Any, name: str, officers: Mapping[str, OfficerData], shifts: Mapping[str, ShiftData]
) -> tuple[Placement, ...]:
    out: list[Placement] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(_list(data, name)):
        path = f"{name}[{i}]"
        p = _obj(raw, path)
        _keys(p, path, {"officer", "shift", "skill"}, {"officer", "shift", "skill"})
        officer = _str(p["officer"], f"{path}.officer")
        shift = _str(p["shift"], f"{path}.shift")
        path = f"{name}[{i}] (officer={officer}, shift={shift})"
        if officer not in officers:
            raise InputError(f"{path}.officer", "unknown officer")
        if shift not in shifts:
            raise InputError(f"{path}.shift", "unknown shift")
        if (officer, shift) in seen:
            raise InputError(path, "officer placed on this shift twice")
        seen.add((officer, shift))
        out.append(Placement(officer, shift, _str(p["skill"], f"{path}.skill")))
    return tuple(out)


def parse_input(data: Any) -> SolveInput:
    """Validate the JSON input and convert it; raises ``InputError`` on the first problem."""
    root = _obj(data, "input")
    _keys(
        root,
        "input",
        {
            "format",
            "timezone",
            "horizon",
            "officers",
            "shifts",
            "signups",
            "unavailable",
            "pinned",
            "previous",
            "rules",
            "weights",
        },
        {"format", "horizon", "officers", "shifts"},
    )
    if root["format"] != INPUT_FORMAT:
        raise InputError("format", f"must be {INPUT_FORMAT!r}")
    tz_name = _str(root.get("timezone", "Europe/Amsterdam"), "timezone")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("timezone", f"unknown time zone {tz_name!r}") from None
    horizon = _obj(root["horizon"], "horizon")
    _keys(horizon, "horizon", {"start", "end"}, {"start", "end"})
    h_start = _time(horizon["start"], "horizon.start")
    h_end = _time(horizon["end"], "horizon.end")
    if to_minutes(h_end, h_start) <= 0:
        raise InputError("horizon.end", "must lie after horizon.start")
    local_start = h_start.astimezone(tz)
    if (local_start.hour, local_start.minute, local_start.second) != (0, 0, 0):
        raise InputError("horizon.start", f"must be local midnight in {tz_name}")
    clock = _Clock(tz, h_start)
    horizon_minutes = to_minutes(h_end, h_start)

    officers: list[OfficerData] = []
    for i, raw in enumerate(_list(root["officers"], "officers")):
        officers.append(_parse_officer(raw, _item_path("officers", i, raw), clock))
    officer_ids: dict[str, OfficerData] = {}
    for i, o in enumerate(officers):
        if o.id in officer_ids:
            raise InputError(f"officers[{i}] (id={o.id}).id", "duplicate id")
        officer_ids[o.id] = o

    shifts: list[ShiftData] = []
    for i, raw in enumerate(_list(root["shifts"], "shifts")):
        shifts.append(_parse_shift(raw, _item_path("shifts", i, raw), clock, horizon_minutes))
    shift_ids: dict[str, ShiftData] = {}
    for i, s in enumerate(shifts):
        if s.id in shift_ids:
            raise InputError(f"shifts[{i}] (id={s.id}).id", "duplicate id")
        shift_ids[s.id] = s

    signups: list[SignUp] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(_list(root.get("signups", []), "signups")):
        path = f"signups[{i}]"
        su = _obj(raw, path)
        _keys(su, path, {"officer", "shift", "wish"}, {"officer", "shift", "wish"})
        officer = _str(su["officer"], f"{path}.officer")
        shift = _str(su["shift"], f"{path}.shift")
        path = f"signups[{i}] (officer={officer}, shift={shift})"
        if officer not in officer_ids:
            raise InputError(f"{path}.officer", "unknown officer")
        if shift not in shift_ids:
            raise InputError(f"{path}.shift", "unknown shift")
        try:
            wish = Wish(su["wish"])
        except ValueError:
            raise InputError(f"{path}.wish", "must be want, can or rather_not") from None
        if (officer, shift) in seen:
            raise InputError(path, "duplicate sign-up")
        seen.add((officer, shift))
        signups.append(SignUp(officer, shift, wish, i))

    unavailable: list[Unavailability] = []
    for i, raw in enumerate(_list(root.get("unavailable", []), "unavailable")):
        path = f"unavailable[{i}]"
        u = _obj(raw, path)
        _keys(u, path, {"officer", "start", "end", "reason"}, {"officer", "start", "end"})
        officer = _str(u["officer"], f"{path}.officer")
        path = f"unavailable[{i}] (officer={officer})"
        if officer not in officer_ids:
            raise InputError(f"{path}.officer", "unknown officer")
        start = clock.minutes(_time(u["start"], f"{path}.start"))
        end = clock.minutes(_time(u["end"], f"{path}.end"))
        if end <= start:
            raise InputError(f"{path}.end", "must lie after start")
        reason = u.get("reason", "unavailable")
        if not isinstance(reason, str):
            raise InputError(f"{path}.reason", "must be a string")
        unavailable.append(Unavailability(officer, start, end, reason))

    pinned = _parse_placements(root.get("pinned", []), "pinned", officer_ids, shift_ids)
    previous = (
        _parse_placements(root["previous"], "previous", officer_ids, shift_ids)
        if "previous" in root and root["previous"] is not None
        else None
    )
    try:
        params = RuleParams.from_mapping(_obj(root.get("rules", {}), "rules"))
    except ValueError as exc:
        key, _, message = str(exc).partition(": ")
        raise InputError(f"rules.{key}", message) from None
    weights = Weights.from_mapping(_obj(root.get("weights", {}), "weights"))
    return SolveInput(
        timezone=tz_name,
        horizon_start=h_start,
        horizon_end=h_end,
        officers=tuple(officers),
        shifts=tuple(shifts),
        signups=tuple(signups),
        unavailable=tuple(unavailable),
        pinned=pinned,
        previous=previous,
        rules=RuleSet(params, weights),
    )


# --- output --------------------------------------------------------------------------------


def placement_dict(p: Placement) -> dict[str, str]:
    return {"officer": p.officer, "shift": p.shift, "skill": p.skill}


def result_to_dict(result: SolveResult) -> dict[str, Any]:
    """The ``samenroosteren.solve-result/1`` JSON object."""
    out: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "status": str(result.status),
        "objective": result.objective,
        "bound": result.bound,
        "wall_time_s": round(result.wall_time_s, 3),
        "assignments": [placement_dict(p) for p in sorted(result.assignments)],
        "shortfalls": [
            {"shift": s.shift, "skill": s.skill, "missing": s.missing, "reasons": list(s.reasons)}
            for s in result.shortfalls
        ],
        "officers": [
            {
                "id": f.id,
                "minutes": f.minutes,
                "nights": f.nights,
                "weekends": f.weekends,
                "holidays": f.holidays,
                "wishes_want": f.wishes_want,
                "wishes_granted": f.wishes_granted,
                "rather_not_given": f.rather_not_given,
                "unsigned_given": f.unsigned_given,
            }
            for f in result.officers
        ],
        "fairness": None
        if result.fairness is None
        else {
            "nights_per_fte_spread": result.fairness.nights_per_fte_spread,
            "weekends_per_fte_spread": result.fairness.weekends_per_fte_spread,
            "holidays_per_fte_spread": result.fairness.holidays_per_fte_spread,
            "hours_balance_per_fte_spread": result.fairness.hours_balance_per_fte_spread,
            "min_wish_grant_rate": result.fairness.min_wish_grant_rate,
        },
        "changes": result.changes,
        "terms": None
        if result.terms is None
        else {
            "shortfall": result.terms.shortfall,
            "fairness": result.terms.fairness,
            "wish": result.terms.wish,
            "stability": result.terms.stability,
        },
    }
    if result.violations:
        out["violations"] = [v.as_dict() for v in result.violations]
    if result.notes:
        out["notes"] = list(result.notes)
    if result.stats:
        out["stats"] = dict(result.stats)
    return out
