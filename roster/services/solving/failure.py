"""Why a solve job (or joint run) ended without a roster, as a message its reader reads in his
own language (`common.i18n`): stored in `error_message` next to `error`, the English text kept
for logs and for jobs that ended before messages were stored (`error_text` reads either).

Parameters name officers (planners and team leads read a job; `selectors.solve_job_get`),
never solver refs; a clash with another team's roster is given as counts only, since a joint
run's error reaches the planners of every team in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_noop

from common.i18n import Msg, is_msg_json, msg, render
from roster.models import Phase
from roster.report_text import RULE_LABELS
from roster.solver.notes import NoteCode


def crashed(exc: BaseException) -> Msg:
    return msg(
        gettext_noop("The solve stopped on an internal error (%(kind)s); nothing was written."),
        kind=type(exc).__name__,
    )


def worker_lost() -> Msg:
    return msg(
        gettext_noop(
            "The worker running the solve was lost (no heartbeat); nothing was written. "
            "Solve again."
        )
    )


def not_published() -> Msg:
    return msg(gettext_noop("The period is no longer published; the repair was not kept."))


def left_solving(phase: str) -> Msg:
    label = Phase(phase).label if phase in Phase.values else phase
    return msg(
        gettext_noop("The period left solving meanwhile (now: %(phase)s); nothing was written."),
        phase=label,
    )


def periods_left_solving(count: int) -> Msg:
    return msg(
        gettext_noop(
            "%(count)d period(s) of the joint solve left solving meanwhile; nothing was written."
        ),
        count=count,
    )


def period_cancelled() -> Msg:
    return msg(gettext_noop("The solve of one of the periods was cancelled; nothing was written."))


def elsewhere_clash(officers: Iterable[str | None], conflicts: int) -> Msg:
    return msg(
        gettext_noop(
            "Another team's roster changed meanwhile: %(conflicts)d conflict(s) for "
            "%(officers)d officer(s); nothing was written. Solve again."
        ),
        conflicts=conflicts,
        officers=len({o for o in officers if o}),
    )


def no_roster(result: Mapping[str, Any], names: Mapping[str, str]) -> Msg:
    """The solver returned no roster: the pinned placements break a rule (its note, with the
    officers named), or another status."""
    for note in result.get("notes") or []:
        if isinstance(note, Mapping) and note.get("code") == NoteCode.PINNED_BREAK_RULES:
            params = note.get("params") or {}
            rules = [RULE_LABELS.get(r, r) for r in params.get("rules") or []]
            officers = [names[o] for o in params.get("officers") or [] if o in names]
            if officers:
                return msg(
                    gettext_noop(
                        "The pinned assignments themselves break a working-time rule "
                        "(%(rules)s) for %(names)s; no roster was made."
                    ),
                    rules=rules,
                    names=", ".join(officers),
                )
            return msg(
                gettext_noop(
                    "The pinned assignments themselves break a working-time rule (%(rules)s); "
                    "no roster was made."
                ),
                rules=rules,
            )
    return msg(
        gettext_noop("The solver returned no roster (status %(status)s); nothing was written."),
        status=str(result.get("status")),
    )


def failed_check(problems: int) -> Msg:
    return msg(
        gettext_noop(
            "The roster failed the independent check (%(count)d problem(s)); nothing was written."
        ),
        count=problems,
    )


def failure_fields(error: str | Msg, message: Msg | None = None) -> dict[str, Any]:
    """The `error` and `error_message` of an ending: a message alone gives both (its English
    text as `error`); an English text with a message keeps that text (e.g. the exception's)."""
    if isinstance(error, Msg):
        return {"error": english(error), "error_message": error.to_json()}
    return {"error": error, "error_message": None if message is None else message.to_json()}


def error_text(error: str, error_message: Any) -> str:
    """A job's or run's error as its reader reads it: the stored message in the active
    language, else the stored English text (ended before messages were stored)."""
    if is_msg_json(error_message):
        return render(error_message)
    return error


def english(message: Msg) -> str:
    """The message in English, for the `error` text (logs, older clients)."""
    return message.render("en")
