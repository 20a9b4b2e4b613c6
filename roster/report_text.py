"""The solve report as its reader reads it: reason codes rendered in the active language
(the reader's: his preference, else Accept-Language; `docs/languages.md`), officers named,
shifts by day and time, never by solver ids.

`roster.solve_report` stores codes and parameters (the solver's own notes too:
`roster.solver.notes`); `report_render` adds a `text` (or `reasons`) next to each of them, and
renders each note, when the report is read, so the same stored report reads
Dutch to one reader and English to another. A report stored before codes were kept
(no `version`) keeps its stored English texts.

Need-to-know: the planner's view (`scope` team) names every officer; an officer's view is cut
by `solve_report.report_for_officer` first and holds only his own rows, his own burden
explanations and his own repair change, so only his own name can appear in it. Absences
appear as "absent" only (the solver input never carries the kind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.i18n import render
from organisation.need_to_know import ABSENT
from roster.models import ShiftKind
from roster.rules import RuleId, Violation
from roster.solver.notes import NoteCode, is_note_json, note_text_en

RULE_LABELS: Mapping[str, Any] = {
    RuleId.MAX_SHIFT: gettext_lazy("maximum shift length"),
    RuleId.NIGHT_MAX_LEN: gettext_lazy("maximum night shift length"),
    RuleId.DAILY_REST: gettext_lazy("daily rest"),
    RuleId.REST_AFTER_NIGHT: gettext_lazy("rest after a night shift"),
    RuleId.REST_AFTER_NIGHT_SERIES: gettext_lazy("rest after a series of night shifts"),
    RuleId.MAX_WEEK: gettext_lazy("maximum working time per week"),
    RuleId.NIGHT_SERIES_LEN: gettext_lazy("maximum series of night shifts"),
    RuleId.WEEKLY_REST: gettext_lazy("weekly rest"),
    RuleId.MAX_CONSECUTIVE_DAYS: gettext_lazy("maximum consecutive working days"),
    RuleId.NIGHT_EXEMPT: gettext_lazy("night exemption"),
    RuleId.OVERLAP: gettext_lazy("overlapping shifts"),
    RuleId.FATIGUE_CAP: gettext_lazy("the team's fatigue cap"),
}

BLOCK_LABELS: Mapping[str, Any] = {
    "no_skill": gettext_lazy("lacks the skills asked"),
    "shift_length": gettext_lazy("the shift itself breaks a working-time rule"),
    "unavailable": gettext_lazy("unavailable"),
    "night_exempt": gettext_lazy("exempt from night shifts"),
    "previous_shift": gettext_lazy("too little rest after the shift before the period"),
    "not_signed_up": gettext_lazy("did not sign up (unsigned shifts not allowed)"),
    "skill_not_asked": gettext_lazy("his skill is no longer asked"),
}

#: What a holder's unavailability says, by the need-to-know reason in the solver input.
#: The keys are `roster.services.solving.input`'s reasons (not imported: the services read
#: the selectors, which render with this module; a test keeps them equal).
UNAVAILABLE_LABELS: Mapping[str, Any] = {
    ABSENT: gettext_lazy("unavailable (absent)"),
    "marked by the officer": gettext_lazy("unavailable (marked by the officer)"),
    "night exempt": gettext_lazy("unavailable (night exempt that day)"),
    "not in this team on this day": gettext_lazy("unavailable (not in this team that day)"),
}

CAUSE_LABELS: Mapping[str, Any] = {
    "on_shift": gettext_lazy("on this shift already"),
    "busy": gettext_lazy("busy elsewhere"),
    "rule": gettext_lazy("would break a working-time rule"),
    "not_blocked": gettext_lazy("not blocked by any rule"),
}

BURDEN_LABELS: Mapping[str, Any] = {
    "night": gettext_lazy("nights"),
    "weekend": gettext_lazy("weekend shifts"),
    "holiday": gettext_lazy("holiday shifts"),
}

WISH_LABELS: Mapping[str, Any] = {
    "want": gettext_lazy("'want'"),
    "can": gettext_lazy("'can'"),
    "rather_not": gettext_lazy("'rather not'"),
}

STAGE_LABELS: Mapping[str, Any] = {
    "shortfall": gettext_lazy("Empty places"),
    "changes": gettext_lazy("Changed assignments of others"),
    "training": gettext_lazy("Training shifts missing against the team's target"),
    "fairness": gettext_lazy("Fairness: worst deviations from the fair share"),
    "wishes": gettext_lazy("Lowest want-grant rate"),
    "totals": gettext_lazy("Totals (weighted)"),
}

STAGE_STATUS_LABELS: Mapping[str, Any] = {
    "optimal": gettext_lazy("proven best"),
    "feasible": gettext_lazy("best found in time"),
    "no_solution": gettext_lazy("nothing better found in time"),
    "not_run": gettext_lazy("not run: no time left"),
}


def _label(labels: Mapping[str, Any], code: str | None) -> str:
    if code is not None and code in labels:
        return str(labels[code])
    return str(code or "")


def _rule(code: str | None) -> str:
    return _label(RULE_LABELS, code)


class _Refs:
    """Names for officer refs and day-and-time labels for shift refs, from the report."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.names = {r["officer"]: r.get("name") for r in report.get("officers") or []}
        self.shifts = {c["shift"]: c for c in report.get("coverage") or []}

    def name(self, ref: str) -> str:
        return self.names.get(ref) or _("an officer")

    def shift(self, ref: str) -> str:
        row = self.shifts.get(ref)
        if row is None:
            return _("another shift")
        return _when(row["start"], row.get("kind"))

    def shift_list(self, refs: list[str]) -> str:
        return ", ".join(self.shift(r) for r in refs)


def _when(start_iso: str | dt.datetime, kind: str | None) -> str:
    start = timezone.localtime(
        start_iso if isinstance(start_iso, dt.datetime) else dt.datetime.fromisoformat(start_iso)
    )
    moment = date_format(start, "D j M H:i")
    if kind:
        label = str(ShiftKind(kind).label).lower() if kind in ShiftKind.values else kind
        return _("%(kind)s shift of %(moment)s") % {"kind": label, "moment": moment}
    return _("shift of %(moment)s") % {"moment": moment}


def _cause_text(cause: Mapping[str, Any], refs: _Refs) -> str:
    name = refs.name(cause["officer"])
    code = cause["code"]
    if code == "on_shift":
        return _("%(name)s: works this shift already (as %(skill)s)") % {
            "name": name,
            "skill": cause.get("skill"),
        }
    if code == "blocked":
        block = cause.get("block")
        if block == "unavailable":
            what = _label(UNAVAILABLE_LABELS, cause.get("reason") or ABSENT)
        else:
            what = _label(BLOCK_LABELS, block)
        return _("%(name)s: %(why)s") % {"name": name, "why": what}
    if code == "busy":
        return _("%(name)s: busy elsewhere (works %(shifts)s at that time)") % {
            "name": name,
            "shifts": refs.shift_list(list(cause.get("shifts") or [])),
        }
    if code == "rule":
        return _("%(name)s: would break the rule on %(rule)s") % {
            "name": name,
            "rule": _rule(cause.get("rule")),
        }
    return _("%(name)s: no rule blocks this; left out by the solver (time limit or objective)") % {
        "name": name
    }


def _count_label(key: str) -> str:
    if key.startswith("blocked."):
        block = key.split(".", 1)[1]
        return _label(BLOCK_LABELS, block)
    return _label(CAUSE_LABELS, key)


def shortfall_reasons(shortfall: Mapping[str, Any], refs: _Refs) -> list[str]:
    """A shortfall's reasons as lines: the head, then one line per qualified officer."""
    causes = shortfall["causes"]
    values = {"missing": causes["missing"], "need": causes["need"], "skill": shortfall["skill"]}
    head = _("%(missing)d of %(need)d place(s) for %(skill)s empty") % values
    if causes["code"] == "shift_never_filled":
        return [
            _(
                "%(head)s: the shift itself breaks the rule on %(rule)s; such a shift is "
                "never filled"
            )
            % {"head": head, "rule": _rule(causes.get("rule"))}
        ]
    if causes["code"] == "no_holder":
        return [_("%(head)s: no officer in the team holds %(skill)s") % {"head": head, **values}]
    summary = ", ".join(f"{n} {_count_label(k)}" for k, n in causes["counts"].items())
    first = _("%(head)s; %(holders)d officer(s) hold %(skill)s: %(summary)s") % {
        "head": head,
        "holders": causes["holders"],
        "skill": shortfall["skill"],
        "summary": summary,
    }
    lines = [first, *(_cause_text(c, refs) for c in causes["officers"])]
    if causes.get("more"):
        lines.append(_("... and %(count)d more officer(s)") % {"count": causes["more"]})
    return lines


def why_text(why: Mapping[str, Any]) -> str:
    """Why this officer got this burden shift: his wish, how many others could have done it
    (counts, no names) and his burden count against his fair share."""
    parts = []
    wish = why.get("wish")
    if wish:
        parts.append(_("you signed up %(wish)s") % {"wish": _label(WISH_LABELS, wish)})
    else:
        parts.append(_("you did not sign up"))
    values = {
        "absent": why["absent"],
        "holders": why["holders"],
        "skill": why["skill"],
        "exempt": why["exempt"],
        "others": why["others"],
    }
    if why["exempt"]:
        parts.append(
            _(
                "%(absent)d of the other %(holders)d %(skill)s-qualified officers were absent "
                "and %(exempt)d are night-exempt; %(others)d could have been asked"
            )
            % values
        )
    else:
        parts.append(
            _(
                "%(absent)d of the other %(holders)d %(skill)s-qualified officers were absent; "
                "%(others)d could have been asked"
            )
            % values
        )
    for b in why.get("burden_counts") or []:
        share = {
            "burden": _label(BURDEN_LABELS, b["burden"]),
            "count": b["count"],
            "share": f"{b['share']:g}" if isinstance(b["share"], float) else b["share"],
        }
        if b["relation"] == "below":
            text = _(
                "your %(burden)s this period: %(count)d, below your fair share of %(share)s "
                "(earlier periods counted)"
            )
        elif b["relation"] == "equal":
            text = _(
                "your %(burden)s this period: %(count)d, equal to your fair share of %(share)s "
                "(earlier periods counted)"
            )
        else:
            text = _(
                "your %(burden)s this period: %(count)d, above your fair share of %(share)s "
                "(earlier periods counted)"
            )
        parts.append(text % share)
    return _("%(shift)s as %(skill)s: %(parts)s.") % {
        "shift": _when(why["start"], why.get("kind")),
        "skill": why["skill"],
        "parts": "; ".join(parts),
    }


def change_text(change: Mapping[str, Any], refs: _Refs) -> str:
    """Why a repair changed this officer's roster (`roster.solver.repair.changed_officers`)."""
    name = refs.name(change["officer"])
    params = change.get("params") or {}
    reason = change.get("reason")
    if reason == "place_lost":
        text = _("%(name)s: can no longer work %(shifts)s (%(why)s)") % {
            "name": name,
            "shifts": refs.shift_list(list(params.get("lost") or [])),
            "why": _label(BLOCK_LABELS, params.get("block")),
        }
    elif reason == "covers_lost_place":
        text = _("%(name)s: takes over %(shifts)s, where a place was lost") % {
            "name": name,
            "shifts": refs.shift_list(list(params.get("covers") or [])),
        }
    else:
        text = _("%(name)s: moved to make room for a cover or to keep the working-time rules") % {
            "name": name
        }
    moves = []
    if change.get("added"):
        moves.append(_("added: %(shifts)s") % {"shifts": refs.shift_list(change["added"])})
    if change.get("removed"):
        moves.append(_("removed: %(shifts)s") % {"shifts": refs.shift_list(change["removed"])})
    return f"{text}; {'; '.join(moves)}" if moves else text


def wish_levels_text(stage: Mapping[str, Any]) -> str | None:
    """The wishes stage's leximin levels (`detail` rate_k/officers_k, `docs/solver_io.md`),
    each with its proven bound where there is one (`detail_bounds`; the lowest rate's is the
    stage's `bound`): "25% (2 officer(s), at most 55% possible), next 33% (4 officer(s))".
    None without levels."""
    detail = stage.get("detail") or {}
    bounds = {**(stage.get("detail_bounds") or {})}
    if stage.get("bound") is not None:
        bounds["rate_1"] = stage["bound"]
    parts: list[str] = []
    k = 1
    while f"rate_{k}" in detail and f"officers_{k}" in detail:
        values = {
            "rate": detail[f"rate_{k}"],
            "count": detail[f"officers_{k}"],
            "bound": bounds.get(f"rate_{k}"),
        }
        if k == 1 and values["bound"] is not None:
            text = _("%(rate)s%% (%(count)d officer(s), at most %(bound)s%% possible)")
        elif k == 1:
            text = _("%(rate)s%% (%(count)d officer(s))")
        elif values["bound"] is not None:
            text = _("next %(rate)s%% (%(count)d officer(s), at most %(bound)s%% possible)")
        else:
            text = _("next %(rate)s%% (%(count)d officer(s))")
        parts.append(text % values)
        k += 1
    return ", ".join(parts) if parts else None


def stage_text(stage: Mapping[str, Any]) -> str:
    """A stage's value and, where proven, its bound, with what the status means; the wishes
    stage names its leximin levels (how many officers are at the lowest rate, the next)."""
    name = stage.get("name")
    unit = "%" if name == "wishes" else ""
    values = {
        "label": _label(STAGE_LABELS, name),
        "value": f"{stage.get('value')}{unit}",
        "bound": f"{stage.get('bound')}{unit}",
        "status": _label(STAGE_STATUS_LABELS, stage.get("status")),
    }
    levels = wish_levels_text(stage) if name == "wishes" else None
    if levels is not None:
        return _("%(label)s: %(levels)s (%(status)s)") % {**values, "levels": levels}
    if stage.get("bound") is None:
        return _("%(label)s: %(value)s (%(status)s)") % values
    if name == "wishes":
        return _("%(label)s: %(value)s, at most %(bound)s possible (%(status)s)") % values
    return _("%(label)s: %(value)s, at least %(bound)s possible (%(status)s)") % values


def _day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "D j M")


def note_text(note: Mapping[str, Any], refs: _Refs) -> str:
    """A solver note (`roster.solver.notes`: code and parameters) in the active language,
    officers named, days as dates. An unknown code reads as its English text."""
    code = note.get("code")
    p = note.get("params") or {}
    if code == NoteCode.PINNED_BREAK_RULES:
        values = {
            "rules": ", ".join(_rule(r) for r in p.get("rules") or []),
            "names": ", ".join(refs.name(o) for o in p.get("officers") or []),
        }
        if values["names"]:
            return (
                _(
                    "The pinned assignments themselves break a working-time rule (%(rules)s) "
                    "for %(names)s; no roster was made."
                )
                % values
            )
        return (
            _(
                "The pinned assignments themselves break a working-time rule (%(rules)s); no "
                "roster was made."
            )
            % values
        )
    if code == NoteCode.REPAIR_NOTHING_LOST:
        return _("Repair: no place was lost and no place is empty; the roster is kept as it is.")
    if code == NoteCode.REPAIR_WINDOW:
        values = {k: _day(p[k]) for k in ("lost_first", "lost_last", "change_first", "change_last")}
        if p["lost_first"] == p["lost_last"]:
            return (
                _(
                    "Repair: places were lost on %(lost_first)s; only shifts from "
                    "%(change_first)s to %(change_last)s may change."
                )
                % values
            )
        return (
            _(
                "Repair: places were lost from %(lost_first)s to %(lost_last)s; only shifts "
                "from %(change_first)s to %(change_last)s may change."
            )
            % values
        )
    if code == NoteCode.NO_TIME_FOR_SEARCH:
        return _(
            "No time was left to search for a better roster after building the model (time "
            "limit %(seconds)s s); the lawful starting roster is returned."
        ) % {"seconds": f"{p.get('time_limit_s', 0):g}"}
    if code == NoteCode.NO_ROSTER_IN_TIME:
        if p.get("repair"):
            return _(
                "The solver found no better roster in the time limit; the published roster "
                "minus the lost places, refilled within the rules, is returned."
            )
        return _(
            "The solver found no better roster in the time limit; the lawful starting roster "
            "is returned."
        )
    return note_text_en(note)


def report_render(report: Mapping[str, Any]) -> dict[str, Any]:
    """The stored report (or an officer's cut of it) with every explanation rendered in the
    active language: `shortfalls[].reasons`, `why[][].text`, `stages[].label/text`,
    `changed_officers[].name/text`, each officer row's `name` kept."""
    if not report.get("version"):
        return dict(report)  # stored before codes: its English texts as they are
    refs = _Refs(report)
    out = dict(report)
    if "shortfalls" in report:
        out["shortfalls"] = [
            {**s, "reasons": shortfall_reasons(s, refs)} if "causes" in s else dict(s)
            for s in report["shortfalls"]
        ]
    if "why" in report:
        out["why"] = {
            ref: [{**w, "text": why_text(w)} for w in rows] for ref, rows in report["why"].items()
        }
    if "stages" in report:
        out["stages"] = [
            {**st, "label": _label(STAGE_LABELS, st.get("name")), "text": stage_text(st)}
            for st in report["stages"]
        ]
    if "notes" in report:
        # the input's notes are stored messages, the solver's own codes (`roster.solver.notes`);
        # a solver note stored before codes is an English text and reads as it is
        out["notes"] = [
            note_text(note, refs) if is_note_json(note) else render(note)
            for note in report["notes"]
        ]
    if "changed_officers" in report:
        out["changed_officers"] = [
            {**c, "name": refs.name(c["officer"]), "text": change_text(c, refs)}
            for c in report["changed_officers"]
        ]
    return out


#: Rules whose figure is a duration that may not exceed the limit / must reach it, and rules
#: whose figure is a count of days (`roster.rules.checks` sets `value` and `limit` so).
_AT_MOST_MINUTES = {RuleId.MAX_SHIFT, RuleId.NIGHT_MAX_LEN, RuleId.MAX_WEEK, RuleId.WEEKLY_REST}
_AT_LEAST_MINUTES = {RuleId.DAILY_REST, RuleId.REST_AFTER_NIGHT, RuleId.REST_AFTER_NIGHT_SERIES}
_AT_MOST_DAYS = {RuleId.NIGHT_SERIES_LEN, RuleId.MAX_CONSECUTIVE_DAYS}


def duration_text(minutes: int) -> str:
    """`495` -> "8 h 15 min" in the active language."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return sign + _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": rest}


def violation_text(violation: Violation, shifts: Mapping[str, Any]) -> str:
    """A broken working-time rule as its reader reads it (the 422 `rule_violation` detail):
    the rule's name, the measured figure against the limit, and the shifts by day and time.
    `shifts`: the `Shift` rows by id string (a shift missing from it reads "another shift")."""
    rule = violation.rule
    when = ", ".join(
        _when(shifts[sid].start, shifts[sid].kind) if sid in shifts else _("another shift")
        for sid in violation.shift_ids
    )
    values: dict[str, Any] = {"rule": _rule(rule), "shifts": when}
    value, limit = violation.value, violation.limit
    if value is not None and limit is not None:
        if rule in _AT_MOST_MINUTES:
            values.update(value=duration_text(value), limit=duration_text(limit))
            return _("Breaks the rule on %(rule)s: %(value)s, at most %(limit)s (%(shifts)s).") % (
                values
            )
        if rule in _AT_LEAST_MINUTES:
            values.update(value=duration_text(value), limit=duration_text(limit))
            return (
                _("Breaks the rule on %(rule)s: %(value)s, at least %(limit)s needed (%(shifts)s).")
                % values
            )
        if rule in _AT_MOST_DAYS:
            values.update(value=value, limit=limit)
            return (
                _(
                    "Breaks the rule on %(rule)s: %(value)d days in a row, at most %(limit)d "
                    "(%(shifts)s)."
                )
                % values
            )
        if rule == RuleId.FATIGUE_CAP:
            values.update(value=value, limit=limit)
            return (
                _(
                    "Breaks the rule on %(rule)s: a fatigue score of %(value)d points, at most "
                    "%(limit)d (%(shifts)s)."
                )
                % values
            )
    return _("Breaks the rule on %(rule)s (%(shifts)s).") % values
