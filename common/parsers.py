"""Request parsing that refuses what the database cannot store or the server cannot walk."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any body of ours (the deepest, a request form, is about 4 levels), far below
# the interpreter's recursion limit that a hostile body would otherwise hit (a 500).
MAX_JSON_DEPTH = 32


def _too_deep(raw: bytes, limit: int) -> bool:
    """True when the JSON text nests arrays/objects deeper than `limit`.

    A linear scan of the bytes before `json.loads`, which would recurse once per level
    (RecursionError at ~1 000 levels). Brackets inside strings do not count.
    """
    depth = 0
    in_string = False
    escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # closing quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def contains_nul(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class StrictJSONParser(JSONParser):
    """JSON only as deep as `MAX_JSON_DEPTH` and without NUL characters anywhere (PostgreSQL
    text and jsonb cannot hold them). Both are a 400 `parse_error`, never a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        if _too_deep(raw, MAX_JSON_DEPTH):
            raise ParseError(
                _("JSON nested deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}
            )
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": exc}) from None
        if contains_nul(data):
            raise ParseError(_("NUL characters are not allowed."))
        return data


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259) and no field of ours can hold them.
    raise ValueError(f"{name} is not valid JSON")
