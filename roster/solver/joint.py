"""One solve for several teams that share officers (issue #18): merge inputs, split results.

A joint input is an ordinary ``samenroosteren.solve-input/1`` object, so the model, the
stages, ``verify`` and the report need nothing new. Each team's part (the input of one period,
built as usual) gets its skills namespaced with the team's key, ``<key>:<skill>``: a shift of
team ``zuid`` demands ``zuid:basis`` and only an officer of zuid holds ``zuid:basis``, so an
officer is only ever placed on the shifts of teams whose input he is in, and with the skills
that team's input grants him. An officer in several parts is ONE officer of the joint input,
so overlap, rest, the 7 x 24 h hours and the night rules hold across all his teams.

Merging (``merge_inputs``):
- horizon: the earliest start to the latest end of the parts;
- officers: by id; skills are the union of the namespaced skills, and a training
  (`officers[].training`) is namespaced likewise; contract, history and the
  night-exempt flag come from his part with the earliest horizon (the rule state at the
  joint horizon's start); a part that marks him night exempt for its whole period makes him
  night exempt (the stricter reading);
- shifts, sign-ups, unavailability and pinned placements: concatenated (duplicates dropped);
  a shift id may appear in two parts only as fixed work elsewhere (reserved skills, ``@...``,
  never namespaced), whose demand is then the number of distinct officers pinned to it;
- rules, weights and stages: the first part's (the parts are built with the same settings).

``split_result`` hands each team its placements back with plain skill codes; placements of a
reserved skill (fixed work elsewhere) belong to no part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

#: Separates a team's key from a skill code in a joint input.
SEP = ":"
#: Skills that start with this are reserved (fixed work elsewhere) and never namespaced.
RESERVED = "@"
#: A joint run's time limit covers reading and merging the inputs too; the solver itself
#: gets what is left, but at least this many seconds.
MIN_SOLVE_S = 1.0


def _ns(key: str, skill: str) -> str:
    return skill if skill.startswith(RESERVED) else f"{key}{SEP}{skill}"


def _when(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def merge_inputs(parts: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """One joint input from ``(team key, input)`` pairs (module docstring). Raises
    ``ValueError`` for no parts, a key with the separator, a repeated key, or a shift id in
    two parts that is not fixed work elsewhere."""
    if not parts:
        raise ValueError("no parts to merge")
    keys = [k for k, _d in parts]
    if len(set(keys)) != len(keys) or any(SEP in k or not k for k in keys):
        raise ValueError(f"team keys must be unique, non-empty and without {SEP!r}: {keys}")
    order = sorted(range(len(parts)), key=lambda i: _when(parts[i][1]["horizon"]["start"]))
    first = parts[0][1]
    officers: dict[str, dict[str, Any]] = {}
    exempt: set[str] = set()
    shifts: dict[str, dict[str, Any]] = {}
    owner: dict[str, str] = {}
    pinned: dict[tuple[str, str], dict[str, str]] = {}
    signups: dict[tuple[str, str], dict[str, Any]] = {}
    unavailable: list[dict[str, Any]] = []
    seen_unavailable: set[tuple[str, str, str, str]] = set()
    for i in order:
        key, data = parts[i]
        for o in data["officers"]:
            skills = {_ns(key, s) for s in o["skills"]}
            training = [{**t, "skill": _ns(key, t["skill"])} for t in o.get("training", [])]
            if o.get("night_exempt"):
                exempt.add(o["id"])
            if o["id"] in officers:
                merged = officers[o["id"]]
                merged["skills"] = sorted(set(merged["skills"]) | skills)
                if training:
                    merged["training"] = [*merged.get("training", []), *training]
            else:
                officers[o["id"]] = {**o, "skills": sorted(skills)}
                if training:
                    officers[o["id"]]["training"] = training
        for s in data["shifts"]:
            demand = {_ns(key, k): v for k, v in s["demand"].items()}
            fixed = all(k.startswith(RESERVED) for k in demand)
            if s["id"] in shifts:
                if not (fixed and owner[s["id"]] == RESERVED):
                    raise ValueError(f"shift {s['id']} is in two parts")
                continue
            shifts[s["id"]] = {**s, "demand": demand}
            owner[s["id"]] = RESERVED if fixed else key
        for p in data.get("pinned", []):
            pinned.setdefault((p["officer"], p["shift"]), {**p, "skill": _ns(key, p["skill"])})
        for su in data.get("signups", []):
            signups.setdefault((su["officer"], su["shift"]), su)
        for u in data.get("unavailable", []):
            mark = (u["officer"], u["start"], u["end"], u.get("reason", ""))
            if mark not in seen_unavailable:
                seen_unavailable.add(mark)
                unavailable.append(u)
    for officer_id in exempt:
        officers[officer_id]["night_exempt"] = True
    for shift_id, s in shifts.items():
        if owner[shift_id] == RESERVED:
            counts: dict[str, int] = {}
            for (_o, sid), p in pinned.items():
                if sid == shift_id:
                    counts[p["skill"]] = counts.get(p["skill"], 0) + 1
            s["demand"] = counts
    starts = [parts[i][1]["horizon"]["start"] for i in order]
    ends = sorted((d["horizon"]["end"] for _k, d in parts), key=_when)
    out: dict[str, Any] = {
        "format": first["format"],
        "timezone": first["timezone"],
        "horizon": {"start": starts[0], "end": ends[-1]},
        "officers": [officers[k] for k in sorted(officers)],
        "shifts": sorted(shifts.values(), key=lambda s: (_when(s["start"]), s["id"])),
        "signups": list(signups.values()),
        "unavailable": unavailable,
        "pinned": list(pinned.values()),
    }
    for name in ("rules", "weights", "stages"):
        if name in first:
            out[name] = first[name]
    return out


def split_result(
    keys: Sequence[str], placements: Sequence[Mapping[str, str]]
) -> dict[str, list[dict[str, str]]]:
    """Each team's placements of a joint result, with plain skill codes (fixed work
    elsewhere is dropped)."""
    out: dict[str, list[dict[str, str]]] = {k: [] for k in keys}
    for p in placements:
        key, sep, skill = p["skill"].partition(SEP)
        if not sep or key not in out:
            continue
        out[key].append({"officer": p["officer"], "shift": p["shift"], "skill": skill})
    return out
