"""Deltas for an app that keeps a local copy of a list: what changed and what is gone.

`GET …/changes/` (my roster, my requests, my notifications, my approvals inbox) answers
`{changed, removed, sync_token, reset}`. Without `changed_since`, or with a token the server
no longer knows, `reset` is true and `changed` holds the whole list: the client replaces its
copy. With the `sync_token` of an earlier answer as `changed_since`, `changed` holds the items
that are new or differ from what that answer showed, and `removed` the keys of those that left
the list (tombstones): an assignment given away by a swap or freed by a sick report, a request
no longer waiting for me because it was decided or my delegation ended, a deleted
notification.

How: content, not clocks. Each answer stores a snapshot (`common.models.SyncSnapshot`) of
what it showed: per item key, a hash of the item exactly as the reader saw it (his
need-to-know applied by the list's own selector and serializer). The next delta is the
difference between that snapshot and the list now. This is exact by construction:
- no clock or transaction race: a change committed while an answer was read is either in that
  answer's snapshot or it differs from it next time (a "changed since 12:00:00" query on
  `updated_at` loses a row whose transaction started before 12:00 and committed after);
- membership changes without a write to the item are caught (a delegation ending empties an
  inbox, a team move hides a roster, an item turns urgent as its due time nears);
- a tombstone names only an item the reader was sent, by its key (never its kind or content),
  and only to that reader: snapshots are per user.
The price: the server reads the whole (bounded) list for each delta; the phone receives only
what changed. Tokens are the snapshot's time (UTC, ISO 8601) and are matched exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from common.models import SyncSnapshot

CHANGED_SINCE_PARAM = "changed_since"

Item = dict[str, Any]
ItemKey = Callable[[Item], str]


@dataclass(frozen=True)
class Delta:
    changed: list[Item]
    removed: list[str]  # item keys
    sync_token: str
    reset: bool


def changed_since_param(request: Request) -> dt.datetime | None:
    """The `changed_since` query parameter: absent is None; not a date-time with a UTC offset
    (ISO 8601) is a 400 naming it."""
    raw = request.query_params.get(CHANGED_SINCE_PARAM)
    if raw is None:
        return None
    try:
        parsed = parse_datetime(raw.strip())
        if parsed is not None and parsed.tzinfo is not None:
            return parsed.astimezone(dt.UTC)  # overflows at the ends of the calendar
    except (ValueError, OverflowError):
        pass
    raise ValidationError(
        {CHANGED_SINCE_PARAM: [_("A date and time with its UTC offset (ISO 8601).")]}
    )


def format_token(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _fingerprint(item: Item) -> str:
    text = json.dumps(item, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def list_delta(
    *,
    user_id: int,
    list_key: str,
    items: Sequence[Item],
    key: ItemKey,
    since: dt.datetime | None,
) -> Delta:
    """The delta of one reader's list against the snapshot he was handed at `since`.

    `items` is the list now as the reader sees it (serialized), `key` names an item uniquely
    within the list, `list_key` names the list with its filters. Stores the new snapshot
    (unless the list is unchanged since the newest one, whose token is then handed out again,
    so a client polling an unchanged list adds no rows) and keeps the newest few."""
    prints = {key(item): _fingerprint(item) for item in items}
    mine = SyncSnapshot.objects.filter(user_id=user_id, list_key=list_key)
    base = None
    if since is not None:
        base = mine.filter(taken_at=since).order_by("-id").first()
    newest = mine.order_by("-taken_at", "-id").first()
    if newest is not None and newest.fingerprints == prints:
        snapshot = newest
    else:
        snapshot = SyncSnapshot.objects.create(
            user_id=user_id, list_key=list_key, taken_at=timezone.now(), fingerprints=prints
        )
        stale = mine.order_by("-taken_at", "-id").values_list("pk", flat=True)[
            settings.SYNC_SNAPSHOTS_KEPT :
        ]
        SyncSnapshot.objects.filter(pk__in=list(stale)).delete()
    token = format_token(snapshot.taken_at)
    if base is None:
        return Delta(changed=list(items), removed=[], sync_token=token, reset=True)
    old: dict[str, str] = base.fingerprints
    changed = [item for item in items if old.get(key(item)) != prints[key(item)]]
    removed = sorted(set(old) - set(prints))
    return Delta(changed=changed, removed=removed, sync_token=token, reset=False)


def purge_snapshots(now: dt.datetime | None = None) -> int:
    """Delete snapshots older than SYNC_SNAPSHOT_MAX_AGE_DAYS; a client holding one of their
    tokens gets a reset (the whole list) next time. Returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.SYNC_SNAPSHOT_MAX_AGE_DAYS)
    deleted, _ = SyncSnapshot.objects.filter(taken_at__lt=cutoff).delete()
    return deleted


# --- the answer's shape -----------------------------------------------------------------


class RemovedOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()


def changes_output_serializer(
    name: str,
    item: type[serializers.BaseSerializer[Any]],
    removed: type[serializers.BaseSerializer[Any]] = RemovedOutputSerializer,
) -> type[serializers.Serializer[Any]]:
    """The response serializer of one list's `changes/` operation (named `name` in the
    schema): its items, the removed keys, the token for next time and the reset flag."""
    fields: dict[str, Any] = {
        "changed": item(many=True, help_text="New or changed items (all of them on reset)."),
        "removed": removed(many=True, help_text="Items that left the list (tombstones)."),
        "sync_token": serializers.CharField(
            help_text="Send as `changed_since` next time (UTC, ISO 8601)."
        ),
        "reset": serializers.BooleanField(
            help_text="True: `changed` is the whole list; replace the local copy."
        ),
        "__module__": __name__,
    }
    return type(name, (serializers.Serializer,), fields)


def changes_response(
    *,
    request: Request,
    user_id: int,
    list_key: str,
    items: Any,  # a list serializer's `.data`: a sequence of items
    key: ItemKey = lambda item: str(item["id"]),
    removed: Callable[[str], Item] = lambda k: {"id": int(k)},
) -> Response:
    """The answer of a `changes/` operation: the delta of `items` since `changed_since`. The
    items are serialized already (by the list's own serializer); the operation documents the
    shape with `changes_output_serializer`."""
    delta = list_delta(
        user_id=user_id,
        list_key=list_key,
        items=items,
        key=key,
        since=changed_since_param(request),
    )
    body = {
        "changed": delta.changed,
        "removed": [removed(k) for k in delta.removed],
        "sync_token": delta.sync_token,
        "reset": delta.reset,
    }
    return Response(body)


CHANGED_SINCE_DOC = (
    "The `sync_token` of your previous answer from this operation. Absent (or a token no "
    "longer known, see `reset`): the whole list. Not a date-time with a UTC offset: 400."
)
