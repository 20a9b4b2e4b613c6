"""The approvals inbox's sources: one per kind of item that waits for someone's decision.

A source lists the items waiting for an actor, counts them (badge) and decides one (approve
or reject) through the service of the app that owns the item, which locks, checks and audits
as it always does. The inbox adds no state of its own. The built-in sources (desk request,
swap, repair suggestion) are in `approvals.sources` and registered in `ApprovalsConfig.ready()`;
a new kind is a new source plus its name in `INBOX_KINDS` (the API's contract: the `kind`
enum and the per-kind badge counts). ADR 0005.

A source may also define `relevant(*, actor) -> bool`: False when the actor's roles cannot
give him any item of its kind (an officer who leads, substitutes for and plans no team has no
swap to approve), so the inbox skips its query. It must never be False for an actor who could
have an item: it only saves queries, the answer is the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from common.errors import NotFound
from organisation.models import Officer

#: Every kind of item the inbox shows, in the order the API documents them.
INBOX_KINDS = ("request", "swap", "repair", "swap_chain", "lent_claim")
#: An item due within this time is `high` urgency (as is an overdue request).
URGENT_WITHIN = dt.timedelta(hours=48)

Decision = Literal["approve", "reject"]
DECISIONS: tuple[Decision, ...] = ("approve", "reject")


@dataclass(frozen=True)
class InboxItem:
    """One item waiting for the actor's decision, whatever it is."""

    kind: str
    id: int
    title: str
    requester_id: int | None
    requester_name: str
    team_id: int | None
    status: str
    urgency: str
    due_at: dt.datetime | None
    created_at: dt.datetime
    delegated_from: int | None = None


@dataclass(frozen=True)
class InboxDecision:
    """What deciding an item did: its state afterwards, and a started job if any."""

    kind: str
    id: int
    decision: str
    status: str
    job: int | None = None


class InboxSource(Protocol):
    """One kind of inbox item. Each method scopes to what the actor may see and decide."""

    kind: str

    def items(self, *, actor: Officer, now: dt.datetime) -> list[InboxItem]:
        """The items waiting for the actor (one query, whatever their number)."""
        ...

    def count(self, *, actor: Officer) -> int:
        """How many items wait for the actor (one COUNT query)."""
        ...

    def decide(
        self, *, actor: Officer, item_id: int, decision: Decision, comment: str
    ) -> InboxDecision:
        """Approve or reject one item; NotFound for an item the actor may not see."""
        ...


_SOURCES: dict[str, InboxSource] = {}


def register_source(source: InboxSource) -> None:
    """Make `source` the one source of its kind (registering the same one again is harmless)."""
    if source.kind not in INBOX_KINDS:
        raise ImproperlyConfigured(f"Inbox kind {source.kind!r} is not in INBOX_KINDS.")
    current = _SOURCES.get(source.kind)
    if current is not None and type(current) is not type(source):
        raise ImproperlyConfigured(f"Inbox kind {source.kind!r} already has a source.")
    _SOURCES[source.kind] = source


def sources(kind: str | None = None) -> list[InboxSource]:
    """The registered sources in `INBOX_KINDS` order (only `kind`'s, if given)."""
    return [_SOURCES[k] for k in INBOX_KINDS if k in _SOURCES and kind in (None, k)]


def asks(source: InboxSource, actor: Officer) -> bool:
    """Whether `source` can have items for `actor` (its optional `relevant` hook; a source
    without one is always asked)."""
    relevant = getattr(source, "relevant", None)
    return relevant is None or bool(relevant(actor=actor))


def source_for(kind: str) -> InboxSource:
    """The source of `kind`; an unknown kind is a 404 like an unknown item."""
    try:
        return _SOURCES[kind]
    except KeyError:
        raise NotFound() from None


def urgency(due_at: dt.datetime | None, now: dt.datetime, *, overdue: bool = False) -> str:
    """`high` when overdue or due within `URGENT_WITHIN`, else `normal`."""
    if overdue or (due_at is not None and due_at <= now + URGENT_WITHIN):
        return "high"
    return "normal"


def display_name(officer: Officer | None) -> str:
    if officer is None:
        return ""
    return officer.get_full_name() or officer.username


def check_sources_registered(**kwargs: Any) -> list[checks.CheckMessage]:
    """System check: every kind the API names has a registered source."""
    return [
        checks.Error(
            f"No inbox source registered for kind {kind!r}.",
            hint="Register one with approvals.registry.register_source() in an AppConfig.ready().",
            id="approvals.E001",
        )
        for kind in INBOX_KINDS
        if kind not in _SOURCES
    ]
