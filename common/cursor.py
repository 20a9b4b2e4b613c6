"""Keyset ("cursor") pages: the next page starts after the last item the client saw.

Page numbers skip or repeat items when the list changes between two requests (a new
notification on top moves every item one place down). A cursor names the sort key of the
last item of a page instead, so the next page is "everything after that key" whatever was
added or removed meanwhile: no duplicates, no skips. The sort key always ends with the
primary key, so it is unique and the order is total.

A cursor is opaque to clients: the sort key values and the list's path, signed with the
SECRET_KEY (`django.core.signing`). A cursor that is not ours, was altered, or belongs to
another list is a 400 naming `cursor`. Nulls sort last in cursor mode on every database
(SQLite sorts them first by default, PostgreSQL last).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import F, Model, Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

CURSOR_PARAM = "cursor"
_SALT = "samen.cursor"

#: A list that is not a QuerySet names its sort key: item → tuple (unique, nulls mapped).
SortKey = Callable[[Any], tuple[Any, ...]]


@dataclass(frozen=True)
class KeyPart:
    field: str  # an ORM path, e.g. "shift__start"
    descending: bool
    nullable: bool


@dataclass(frozen=True)
class CursorPage:
    items: list[Any]
    count: int
    next_cursor: str | None


def cursor_error(message: str | None = None) -> ValidationError:
    return ValidationError({CURSOR_PARAM: [message or _("Not a cursor of this list.")]})


def _field_nullable(model: type[Model], path: str) -> bool:
    nullable = False
    parts = path.split("__")
    for i, name in enumerate(parts):
        field = model._meta.get_field(name)
        nullable = nullable or bool(getattr(field, "null", False))
        if i < len(parts) - 1:
            model = field.related_model  # type: ignore[assignment]
    return nullable


def sort_key_of(queryset: QuerySet[Any]) -> list[KeyPart]:
    """The queryset's ordering (its own, else the model's) up to and including the primary
    key, which is appended when missing so the key is unique."""
    names = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    parts: list[KeyPart] = []
    for name in names:
        if not isinstance(name, str) or name == "?":
            raise TypeError(f"Cursor pages need a plain field ordering, not {name!r}.")
        field = name.lstrip("-")
        field = "id" if field == "pk" else field
        parts.append(KeyPart(field, name.startswith("-"), _field_nullable(queryset.model, field)))
        if field == "id":
            return parts
    descending = parts[-1].descending if parts else False
    return [*parts, KeyPart("id", descending, nullable=False)]


def _value_of(item: Any, path: str) -> Any:
    for name in path.split("__"):
        item = None if item is None else getattr(item, name)
    return item.pk if isinstance(item, Model) else item


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if value is None or isinstance(value, int | str | bool):
        return value
    raise TypeError(f"Cursor pages cannot key on {type(value).__name__}.")


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"dt"}:
        parsed: Any = parse_datetime(str(value["dt"]))
    elif isinstance(value, dict) and set(value) == {"d"}:
        parsed = parse_date(str(value["d"]))
    elif value is None or isinstance(value, int | str | bool):
        return value
    else:
        parsed = None
    if parsed is None:
        raise cursor_error()
    return parsed


def encode_cursor(*, path: str, values: Sequence[Any]) -> str:
    return signing.dumps({"p": path, "k": [_encode(v) for v in values]}, salt=_SALT)


def decode_cursor(raw: str, *, path: str, length: int) -> list[Any]:
    """The sort key values in `raw`; a 400 naming `cursor` when it is not one of this list's."""
    try:
        payload = signing.loads(raw, salt=_SALT)
    except signing.BadSignature:
        raise cursor_error() from None
    if not isinstance(payload, dict) or payload.get("p") != path:
        raise cursor_error()
    keys = payload.get("k")
    if not isinstance(keys, list) or len(keys) != length:
        raise cursor_error()
    return [_decode(v) for v in keys]


def _after(parts: list[KeyPart], values: list[Any]) -> Q:
    """Rows strictly after `values` in the order of `parts` (nulls last), lexicographically."""
    q = Q(pk__in=[])  # replaced by the last part's condition (the key ends with the pk)
    for i, (part, value) in enumerate(reversed(list(zip(parts, values, strict=True)))):
        if value is None:
            beyond = Q(pk__in=[])  # nulls are last: nothing is beyond a null but more nulls
            equal = Q(**{f"{part.field}__isnull": True})
        else:
            beyond = Q(**{f"{part.field}__{'lt' if part.descending else 'gt'}": value})
            if part.nullable:
                beyond |= Q(**{f"{part.field}__isnull": True})
            equal = Q(**{part.field: value})
        q = beyond if i == 0 else beyond | (equal & q)
    return q


def queryset_page(queryset: QuerySet[Any], *, raw: str, path: str, page_size: int) -> CursorPage:
    """One page of `queryset` after the cursor `raw` (empty: the first page)."""
    parts = sort_key_of(queryset)
    ordered = queryset.order_by(
        *(
            F(p.field).desc(nulls_last=True) if p.descending else F(p.field).asc(nulls_last=True)
            for p in parts
        )
    )
    rows = ordered
    if raw:
        rows = ordered.filter(_after(parts, decode_cursor(raw, path=path, length=len(parts))))
    items = list(rows[: page_size + 1])
    more = len(items) > page_size
    items = items[:page_size]
    next_cursor = None
    if more:
        last = items[-1]
        next_cursor = encode_cursor(path=path, values=[_value_of(last, p.field) for p in parts])
    return CursorPage(items=items, count=queryset.count(), next_cursor=next_cursor)


def list_page(
    items: Sequence[Any], *, key: SortKey, raw: str, path: str, page_size: int
) -> CursorPage:
    """One page of an in-memory list sorted by `key` (unique, no None) after the cursor."""
    ordered = sorted(items, key=key)
    rest = ordered
    if raw:
        length = len(key(ordered[0])) if ordered else None
        after = decode_cursor(raw, path=path, length=length or _key_length(raw, path))
        try:
            rest = [item for item in ordered if key(item) > tuple(after)]
        except TypeError:  # a cursor whose values do not compare with this list's keys
            raise cursor_error() from None
    page = rest[:page_size]
    next_cursor = None
    if len(rest) > page_size:
        next_cursor = encode_cursor(path=path, values=list(key(page[-1])))
    return CursorPage(items=page, count=len(items), next_cursor=next_cursor)


def _key_length(raw: str, path: str) -> int:
    """For an empty list: any well-formed cursor of this list is fine (nothing follows)."""
    try:
        payload = signing.loads(raw, salt=_SALT)
    except signing.BadSignature:
        raise cursor_error() from None
    keys = payload.get("k") if isinstance(payload, dict) else None
    return len(keys) if isinstance(keys, list) else -1
