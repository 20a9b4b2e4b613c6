"""The JSON contract of the solver (``docs/solver_io.md``): input in, result out.

``parse_input`` checks a ``samenroosteren.solve-input/1`` object against the contract's JSON
schema (``solve-input.schema.json`` beside this module, the one copy) and then against what a
schema cannot say: ids are unique and every reference names a known officer or shift, the
horizon starts at local midnight, shifts start inside it and end after they start. It then
converts it: times become integer minutes from ``horizon.start`` (computed in UTC, so DST is
in the numbers) and local (``timezone``) day indices from the horizon's first local day.
Malformed input raises ``InputError`` for the first problem, naming the field path and the
id, e.g. ``shifts[3] (id=s4).demand.basis: must be a non-negative integer``.

Optional extensions of the contract (all optional, so old inputs stay valid):

- ``officers[].history.last_shift_start``: start of the last shift before the horizon; gives
  the local day on which it started (night series and consecutive days across the
  boundary). Without it that day is estimated from ``last_shift_end`` (the day before the
  end day for a night shift, else the end day).
- ``officers[].history.last_weekly_rest_end``: end of the last rest of at least
  ``min_weekly_rest_minutes`` before the horizon (start of the working stretch that runs
  into the horizon, ``atw.weekly_rest``). Without it the time before the horizon counts as
  rest for that rule.
- ``officers[].training``: skills the officer is in training for, each with its ``mentors``
  and ``target`` (``roster.solver.training``); the result then lists ``training``.
- ``fatigue``: ``{"cap": 60, "earlier": [{"officer", "start", "end"}]}``: no officer's daily
  fatigue score (``docs/fatigue.md``) above the cap; ``earlier`` lists shifts before the
  horizon that count towards it (``roster.solver.fatigue``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from roster.rules import RuleParams, WorkItem, is_night_shift, to_minutes
from roster.rules.timeutil import local_day_index
from roster.solver.types import (
    DEFAULT_STAGES,
    FatigueCap,
    OfficerData,
    OfficerHistory,
    Placement,
    RuleSet,
    ShiftData,
    SignUp,
    SolveInput,
    SolveResult,
    StageName,
    TrainingData,
    Unavailability,
    Weights,
    Wish,
)

INPUT_FORMAT = "samenroosteren.solve-input/1"
RESULT_FORMAT = "samenroosteren.solve-result/1"
#: The JSON schema of the input, package data of ``roster.solver``.
INPUT_SCHEMA = "solve-input.schema.json"
DEFAULT_TIMEZONE = "Europe/Amsterdam"


class InputError(ValueError):
    """Malformed solver input; ``path`` names the field (and the id when there is one)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.detail = message


# --- the schema ----------------------------------------------------------------------------


@functools.cache
def input_schema() -> dict[str, Any]:
    """The input's JSON schema (draft 2020-12), read once from the package."""
    text = resources.files("roster.solver").joinpath(INPUT_SCHEMA).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


#: An instant (``$defs/instant``): an ISO 8601 date-time with a UTC offset.
_INSTANT_PATTERN = input_schema()["$defs"]["instant"]["pattern"]


def _is_integer(checker: Any, instance: Any) -> bool:
    # JSON Schema counts 2160.0 as an integer; the contract wants whole JSON numbers (ints).
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]  # untyped upstream
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    schema = input_schema()
    _Validator.check_schema(schema)
    validator: jsonschema.protocols.Validator = _Validator(schema)
    return validator


def _label(item: Any) -> str:
    """How an array item is named in a path: by its id, else by the ids it refers to."""
    if not isinstance(item, Mapping):
        return ""
    if isinstance(item.get("id"), str):
        return f" (id={item['id']})"
    refs = [f"{key}={item[key]}" for key in ("officer", "shift") if isinstance(item.get(key), str)]
    return f" ({', '.join(refs)})" if refs else ""


def _path(data: Any, keys: Iterable[str | int]) -> str:
    """``["shifts", 3, "demand", "basis"]`` -> ``shifts[3] (id=s4).demand.basis``."""
    out = ""
    node = data
    for key in keys:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            out += f"[{key}]{_label(node)}"
        else:
            node = node[key] if isinstance(node, Mapping) and key in node else None
            out += f".{key}" if out else key
    return out


def _child(data: Any, keys: Sequence[str | int], name: str) -> str:
    """Path of the key ``name`` of the object at ``keys`` (the root object is ``input``)."""
    return f"{_path(data, keys) or 'input'}.{name}"


#: Wording of "unknown key" per object; other objects have fields.
_UNKNOWN_KEY = {"rules": "unknown rule parameter", "weights": "unknown weight"}
_TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "boolean": "a boolean",
    "integer": "an integer",
    "null": "null",
}


def _integer_words(schema: Mapping[str, Any]) -> str:
    minimum = schema.get("minimum")
    if minimum is None:
        return "must be an integer"
    return "must be a non-negative integer" if minimum == 0 else f"must be an integer >= {minimum}"


def _instant_words(value: Any) -> str:
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return f"not an ISO 8601 date-time: {value!r}"
        if parsed.tzinfo is None:
            return "must carry a UTC offset (e.g. +01:00)"
    return "must be an ISO 8601 date-time with a UTC offset (e.g. 2026-10-19T07:00:00+02:00)"


def _schema_error(data: Any, error: ValidationError) -> InputError:
    """The schema's complaint as an ``InputError`` that names the field and the id."""
    keys = list(error.absolute_path)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    kind = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    if kind == "required":
        missing = next(k for k in value if k not in instance)
        return InputError(_child(data, keys, missing), "is required")
    if kind == "additionalProperties":
        known = set(schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in known)[0]
        owner = keys[-1] if keys and isinstance(keys[-1], str) else ""
        return InputError(_child(data, keys, extra), _UNKNOWN_KEY.get(owner, "unknown field"))
    if kind == "dependentRequired":
        key = next(
            k
            for k, needs in value.items()
            if k in instance and any(n not in instance for n in needs)
        )
        needs = " and ".join(value[key])
        return InputError(_child(data, keys, key), f"needs {needs}")
    path = _path(data, keys) or "input"
    if kind in ("type", "pattern") and schema.get("pattern") == _INSTANT_PATTERN:
        return InputError(path, _instant_words(instance))
    if kind == "type":
        if schema.get("type") == "integer":
            return InputError(path, _integer_words(schema))
        if schema.get("type") == "string" and schema.get("minLength"):
            return InputError(path, "must be a non-empty string")
        types: str | list[str] = schema.get("type", [])
        names = [types] if isinstance(types, str) else types
        return InputError(path, "must be " + " or ".join(_TYPE_WORDS.get(t, t) for t in names))
    if kind == "minimum":
        return InputError(path, _integer_words(schema))
    if kind == "minLength" and "propertyNames" in error.absolute_schema_path:
        return InputError(path, "skill names must be non-empty strings")
    if kind == "minLength":
        return InputError(path, "must be a non-empty string")
    if kind == "const":
        return InputError(path, f"must be {value!r}")
    if kind == "enum":
        return InputError(path, f"must be one of {', '.join(map(str, value))}")
    if kind == "uniqueItems":
        return InputError(path, "must not list an item twice")
    return InputError(path, error.message)


def validate_input(data: Any) -> None:
    """Raise ``InputError`` for the most telling way in which ``data`` breaks the schema
    (the shallowest one, as ``jsonschema.exceptions.best_match`` picks)."""
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise _schema_error(data, error)


# --- conversion (the input already matches the schema) ------------------------------------


def _time(value: str, path: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:  # the schema's pattern lets e.g. month 13 through
        raise InputError(path, f"not an ISO 8601 date-time: {value!r}") from None


def _item_path(name: str, index: int, data: Mapping[str, Any]) -> str:
    return f"{name}[{index}]{_label(data)}"


class _Clock:
    def __init__(self, tz: ZoneInfo, start: dt.datetime) -> None:
        self.tz = tz
        self.start = start
        self.ref_date = start.astimezone(tz).date()

    def minutes(self, value: dt.datetime) -> int:
        return to_minutes(value, self.start)

    def day(self, value: dt.datetime) -> int:
        return local_day_index(value, self.tz, self.ref_date)


def _parse_history(h: Mapping[str, Any], path: str, clock: _Clock) -> OfficerHistory:
    last_night = bool(h.get("last_shift_night", False))
    last_day: int | None = None
    last_end: int | None = None
    rest_end: int | None = None
    if "last_shift_end" in h:  # the schema makes the two extensions depend on it
        last_end_dt = _time(h["last_shift_end"], f"{path}.last_shift_end")
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
            last_day = min(clock.day(before_end) - (1 if last_night else 0), -1)
        if "last_weekly_rest_end" in h:
            rest_dt = _time(h["last_weekly_rest_end"], f"{path}.last_weekly_rest_end")
            rest_end = clock.minutes(rest_dt)
            if rest_end > last_end:
                raise InputError(
                    f"{path}.last_weekly_rest_end", "must not lie after last_shift_end"
                )
    return OfficerHistory(
        nights=h.get("nights", 0),
        weekends=h.get("weekends", 0),
        holidays=h.get("holidays", 0),
        minutes_delta=h.get("minutes_delta", 0),
        last_shift_end=last_end,
        last_shift_night=last_night,
        consecutive_nights_at_start=h.get("consecutive_nights_at_start", 0),
        consecutive_days_at_start=h.get("consecutive_days_at_start", 0),
        last_shift_day=last_day,
        last_weekly_rest_end=rest_end,
    )


def _parse_training(o: Mapping[str, Any], path: str) -> tuple[TrainingData, ...]:
    held = set(o["skills"])
    out: list[TrainingData] = []
    for i, t in enumerate(o.get("training", [])):
        if t["skill"] in held:
            raise InputError(f"{path}.training[{i}].skill", "the officer already holds it")
        if any(t["skill"] == seen.skill for seen in out):
            raise InputError(f"{path}.training[{i}].skill", "listed twice")
        out.append(TrainingData(t["skill"], tuple(t["mentors"]), t.get("target", 0)))
    return tuple(out)


def _check_mentors(raw: Sequence[Mapping[str, Any]], officers: Mapping[str, OfficerData]) -> None:
    """Every mentor is a known officer other than the trainee who holds the skill."""
    for i, o in enumerate(raw):
        for j, t in enumerate(officers[o["id"]].training):
            for mentor in t.mentors:
                other = officers.get(mentor)
                if other is None or mentor == o["id"] or t.skill not in other.held_skills:
                    raise InputError(
                        f"{_item_path('officers', i, o)}.training[{j}].mentors",
                        f"{mentor} is no officer holding {t.skill}",
                    )


def _parse_officer(o: Mapping[str, Any], path: str, clock: _Clock) -> OfficerData:
    training = _parse_training(o, path)
    return OfficerData(
        id=o["id"],
        skills=tuple(sorted(set(o["skills"]) | {t.skill for t in training})),
        contract_minutes_per_week=o["contract_minutes_per_week"],
        night_exempt=o.get("night_exempt", False),
        history=_parse_history(o.get("history", {}), f"{path}.history", clock),
        training=training,
    )


def _parse_shift(s: Mapping[str, Any], path: str, clock: _Clock, horizon_minutes: int) -> ShiftData:
    start_dt = _time(s["start"], f"{path}.start")
    end_dt = _time(s["end"], f"{path}.end")
    start, end = clock.minutes(start_dt), clock.minutes(end_dt)
    if not 0 <= start < horizon_minutes:
        raise InputError(f"{path}.start", "must lie within the horizon")
    if end <= start:
        raise InputError(f"{path}.end", "must lie after start")
    return ShiftData(
        id=s["id"],
        start=start,
        end=end,
        day=clock.day(start_dt),
        night=is_night_shift(start_dt, end_dt, clock.tz),
        kind=s.get("kind", ""),
        burdens=frozenset(s.get("burdens", ())),
        demand=dict(s["demand"]),
    )


def _unique(items: Sequence[Any], name: str) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for i, item in enumerate(items):
        if item.id in by_id:
            raise InputError(f"{name}[{i}] (id={item.id}).id", "duplicate id")
        by_id[item.id] = item
    return by_id


def _known(
    path: str,
    officer: str,
    officers: Mapping[str, OfficerData],
    shift: str | None = None,
    shifts: Mapping[str, ShiftData] | None = None,
) -> None:
    if officer not in officers:
        raise InputError(f"{path}.officer", "unknown officer")
    if shift is not None and shifts is not None and shift not in shifts:
        raise InputError(f"{path}.shift", "unknown shift")


def _parse_placements(
    raw: Sequence[Mapping[str, Any]],
    name: str,
    officers: Mapping[str, OfficerData],
    shifts: Mapping[str, ShiftData],
) -> tuple[Placement, ...]:
    out: list[Placement] = []
    seen: set[tuple[str, str]] = set()
    for i, p in enumerate(raw):
        path = _item_path(name, i, p)
        _known(path, p["officer"], officers, p["shift"], shifts)
        if (p["officer"], p["shift"]) in seen:
            raise InputError(path, "officer placed on this shift twice")
        seen.add((p["officer"], p["shift"]))
        out.append(Placement(p["officer"], p["shift"], p["skill"]))
    return tuple(out)


#: Why a stage order is refused (``stage_order``; the backend translates these texts).
STAGE_UNKNOWN = "unknown stage"
STAGE_TWICE = "each stage at most once"
STAGE_SHORTFALL_FIRST = "shortfall must come first (an empty place outranks every aim)"
STAGE_TOTALS_LAST = "totals must come last (it breaks the ties of the others)"


def stage_order(names: Sequence[str]) -> tuple[StageName, ...]:
    """The stage order ``names`` as ``StageName``s, or ``InputError`` naming ``stages`` with
    one of the ``STAGE_*`` texts: known names, each at most once, ``shortfall`` first and
    ``totals`` (if listed) last. A team's own order (``roster.models.TeamSolverPolicy``) is
    checked by this too."""
    known = {str(member) for member in StageName}
    if any(name not in known for name in names):
        raise InputError("stages", STAGE_UNKNOWN)
    stages = tuple(StageName(name) for name in names)
    if len(set(stages)) != len(stages):
        raise InputError("stages", STAGE_TWICE)
    if not stages or stages[0] is not StageName.SHORTFALL:
        raise InputError("stages", STAGE_SHORTFALL_FIRST)
    if StageName.TOTALS in stages and stages[-1] is not StageName.TOTALS:
        raise InputError("stages", STAGE_TOTALS_LAST)
    return stages


def parse_input(data: Any) -> SolveInput:
    """Validate the JSON input and convert it; raises ``InputError`` on the first problem."""
    validate_input(data)
    tz_name: str = data.get("timezone", DEFAULT_TIMEZONE)
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("timezone", f"unknown time zone {tz_name!r}") from None
    h_start = _time(data["horizon"]["start"], "horizon.start")
    h_end = _time(data["horizon"]["end"], "horizon.end")
    horizon_minutes = to_minutes(h_end, h_start)
    if horizon_minutes <= 0:
        raise InputError("horizon.end", "must lie after horizon.start")
    local_start = h_start.astimezone(tz)
    if (local_start.hour, local_start.minute, local_start.second) != (0, 0, 0):
        raise InputError("horizon.start", f"must be local midnight in {tz_name}")
    clock = _Clock(tz, h_start)

    officers = [
        _parse_officer(o, _item_path("officers", i, o), clock)
        for i, o in enumerate(data["officers"])
    ]
    officer_ids = _unique(officers, "officers")
    _check_mentors(data["officers"], officer_ids)
    shifts = [
        _parse_shift(s, _item_path("shifts", i, s), clock, horizon_minutes)
        for i, s in enumerate(data["shifts"])
    ]
    shift_ids = _unique(shifts, "shifts")

    signups: list[SignUp] = []
    seen: set[tuple[str, str]] = set()
    for i, su in enumerate(data.get("signups", [])):
        path = _item_path("signups", i, su)
        _known(path, su["officer"], officer_ids, su["shift"], shift_ids)
        if (su["officer"], su["shift"]) in seen:
            raise InputError(path, "duplicate sign-up")
        seen.add((su["officer"], su["shift"]))
        signups.append(SignUp(su["officer"], su["shift"], Wish(su["wish"]), i))

    unavailable: list[Unavailability] = []
    for i, u in enumerate(data.get("unavailable", [])):
        path = _item_path("unavailable", i, u)
        _known(path, u["officer"], officer_ids)
        start = clock.minutes(_time(u["start"], f"{path}.start"))
        end = clock.minutes(_time(u["end"], f"{path}.end"))
        if end <= start:
            raise InputError(f"{path}.end", "must lie after start")
        unavailable.append(Unavailability(u["officer"], start, end, u.get("reason", "unavailable")))

    stages = stage_order(data.get("stages", DEFAULT_STAGES))
    previous = data.get("previous")
    return SolveInput(
        timezone=tz_name,
        horizon_start=h_start,
        horizon_end=h_end,
        officers=tuple(officers),
        shifts=tuple(shifts),
        signups=tuple(signups),
        unavailable=tuple(unavailable),
        pinned=_parse_placements(data.get("pinned", []), "pinned", officer_ids, shift_ids),
        previous=None
        if previous is None
        else _parse_placements(previous, "previous", officer_ids, shift_ids),
        rules=RuleSet(RuleParams(**data.get("rules", {})), Weights(**data.get("weights", {}))),
        stages=stages,
        fatigue=_parse_fatigue(data.get("fatigue"), clock, officer_ids),
    )


def _parse_fatigue(
    f: Mapping[str, Any] | None, clock: _Clock, officer_ids: Mapping[str, Any]
) -> FatigueCap | None:
    """The optional ``fatigue`` object: the cap and the officers' shifts before the horizon."""
    if f is None:
        return None
    earlier: dict[str, list[WorkItem]] = {}
    for i, e in enumerate(f.get("earlier", [])):
        path = _item_path("fatigue.earlier", i, e)
        _known(path, e["officer"], officer_ids)
        start_dt = _time(e["start"], f"{path}.start")
        end_dt = _time(e["end"], f"{path}.end")
        start, end = clock.minutes(start_dt), clock.minutes(end_dt)
        if start >= 0:
            raise InputError(f"{path}.start", "must lie before the horizon start")
        if end <= start:
            raise InputError(f"{path}.end", "must lie after start")
        item = WorkItem(
            f"earlier{i}",
            start,
            end,
            is_night_shift(start_dt, end_dt, clock.tz),
            clock.day(start_dt),
        )
        earlier.setdefault(e["officer"], []).append(item)
    return FatigueCap(cap=f["cap"], earlier={k: tuple(v) for k, v in earlier.items()})


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
    if result.stages:
        out["stages"] = [
            {
                "name": str(st.name),
                "sense": st.sense,
                "value": st.value,
                "bound": st.bound,
                "status": str(st.status),
                "seconds": st.seconds,
                **({"detail": dict(st.detail)} if st.detail else {}),
                **({"detail_bounds": dict(st.detail_bounds)} if st.detail_bounds else {}),
            }
            for st in result.stages
        ]
    if result.changed_officers:
        out["changed_officers"] = [
            {
                "officer": c.officer,
                "reason": str(c.reason),
                "params": dict(c.params),
                "added": list(c.added),
                "removed": list(c.removed),
            }
            for c in result.changed_officers
        ]
    if result.training:
        out["training"] = [
            {"officer": t.officer, "skill": t.skill, "shifts": t.shifts, "target": t.target}
            for t in result.training
        ]
    if result.violations:
        out["violations"] = [v.as_dict() for v in result.violations]
    if result.notes:
        out["notes"] = [note.as_dict() for note in result.notes]  # codes, not sentences
    if result.stats:
        out["stats"] = dict(result.stats)
    return out
