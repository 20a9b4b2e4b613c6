"""Texts kept as a message id and parameters, rendered in the reader's language when read.

A text written for someone else than the caller (a notification, a report's reason) must not
be frozen in the caller's language. `Msg` keeps the English message id (marked for the
catalogue with `gettext_noop` at the call site, so `makemessages` finds it) and its
parameters; it is stored as JSON (`Msg.to_json`, `msg_from_json`) and rendered with
`render(value, language)` when the reader reads it. A parameter may be plain (text, number),
a date or datetime (rendered in the reader's format), another `Msg`, or a `gettext_lazy`
label (e.g. a choice's label: its message id is kept, so it is translated when read).

`activate_user_language` is the other half: a response speaks the caller's stored preference
when he has one (see `organisation.languages` for the precedence).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise

#: JSON keys of a stored message and of typed parameters.
MSGID, PARAMS, DATE, DATETIME, JOIN, PARTS = "msgid", "params", "date", "datetime", "join", "parts"
FORMAT = "format"
#: Django's date formats a `Day` may be written in (the reader's locale decides the rest).
DAY_FORMATS = frozenset({"SHORT_DATE_FORMAT", "DATE_FORMAT"})


@dataclass(frozen=True)
class Day:
    """A date parameter written in one of the reader's date formats (default the short one)."""

    day: dt.date
    fmt: str = "SHORT_DATE_FORMAT"

    def to_json(self) -> dict[str, str]:
        return {DATE: self.day.isoformat(), FORMAT: self.fmt}


@dataclass(frozen=True)
class Msg:
    """A translatable message: its English message id and its parameters (`%(name)s`)."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {MSGID: self.msgid, PARAMS: {k: _param_json(v) for k, v in self.params.items()}}

    def render(self, language: str | None = None) -> str:
        """The text in `language` (default: the active language)."""
        if language is None:
            return self._render()
        with translation.override(language):
            return self._render()

    def _render(self) -> str:
        text = translation.gettext(self.msgid)
        if not self.params:
            return text
        return text % {k: _param_text(v) for k, v in self.params.items()}

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Joined:
    """Several texts (messages, plain texts) read as one, e.g. sentences joined by a space."""

    parts: tuple[Any, ...]
    sep: str = " "

    def to_json(self) -> dict[str, Any]:
        return {JOIN: self.sep, PARTS: [_param_json(p) for p in self.parts]}

    def render(self, language: str | None = None) -> str:
        if language is None:
            return self._render()
        with translation.override(language):
            return self._render()

    def _render(self) -> str:
        return self.sep.join(str(_param_text(p)) for p in self.parts)

    def __str__(self) -> str:
        return self.render()


def msg(msgid: str, **params: Any) -> Msg:
    """`Msg(msgid, params)`; mark `msgid` with `gettext_noop` where it is written."""
    return Msg(msgid, params)


def lazy_msgid(value: Promise) -> str | None:
    """The message id of a `gettext_lazy` proxy, or None for another lazy value."""
    reduced: Any = value.__reduce__()  # (unpickle, (func, args, kw, *resultclasses))
    func, args = reduced[1][0], reduced[1][1]
    if getattr(func, "__name__", "") == "gettext" and len(args) == 1:
        return str(args[0])
    return None


def as_msg(value: str | Msg | Joined | Promise) -> Msg | Joined | str:
    """A `Msg` for a lazy label (kept translatable), the value itself otherwise."""
    if isinstance(value, Promise):
        msgid = lazy_msgid(value)
        return Msg(msgid) if msgid is not None else str(value)
    return value


def _param_json(value: Any) -> Any:
    if isinstance(value, (Msg, Joined, Day)):
        return value.to_json()
    if isinstance(value, Promise):
        converted = as_msg(value)
        return converted.to_json() if isinstance(converted, Msg) else converted
    if isinstance(value, dt.datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {DATE: value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_param_json(v) for v in value]
    return value


def _param_text(value: Any) -> Any:
    """A stored or live parameter as the text (or number) that goes into the message."""
    if isinstance(value, (Msg, Joined)):
        return value._render()
    if isinstance(value, Day):
        return date_format(value.day, value.fmt if value.fmt in DAY_FORMATS else None)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Mapping):
        if MSGID in value:
            return msg_from_json(value)._render()
        if JOIN in value:
            return str(value[JOIN]).join(str(_param_text(p)) for p in value.get(PARTS) or [])
        if DATETIME in value:
            return _param_text(dt.datetime.fromisoformat(value[DATETIME]))
        if DATE in value:
            fmt = str(value.get(FORMAT) or "SHORT_DATE_FORMAT")
            return _param_text(Day(dt.date.fromisoformat(value[DATE]), fmt))
    if isinstance(value, list):
        return ", ".join(str(_param_text(v)) for v in value)
    return value


def msg_from_json(data: Mapping[str, Any]) -> Msg:
    """The `Msg` stored by `Msg.to_json` (parameters stay in their stored form)."""
    return Msg(str(data[MSGID]), dict(data.get(PARAMS) or {}))


def is_msg_json(value: Any) -> bool:
    """Whether `value` is a stored message (`Msg.to_json`) or stored joined texts."""
    return isinstance(value, Mapping) and (
        isinstance(value.get(MSGID), str) or isinstance(value.get(JOIN), str)
    )


def render(value: Any, language: str | None = None) -> str:
    """Any text as the reader reads it: a `Msg`, a stored message, a lazy label or a plain
    text (already rendered, e.g. written before messages were stored)."""
    if isinstance(value, (Msg, Joined)):
        return value.render(language)
    if is_msg_json(value):
        if language is None:
            return str(_param_text(value))
        with translation.override(language):
            return str(_param_text(value))
    if isinstance(value, Promise):
        if language is None:
            return str(value)
        with translation.override(language):
            return str(value)
    return "" if value is None else str(value)


def activate_user_language(request: HttpRequest | Any, user: Any) -> None:
    """Speak the user's stored language preference in this response (it outranks the
    request's Accept-Language); a user without one keeps what the locale middleware chose."""
    language = getattr(user, "language", "") or ""
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
