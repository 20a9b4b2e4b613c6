"""The inbox's source registry: one source per kind the API names, each found by its kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from approvals import registry
from approvals.registry import (
    INBOX_KINDS,
    InboxDecision,
    InboxItem,
    InboxSource,
    check_sources_registered,
    source_for,
    sources,
)
from approvals.services import inbox_decide
from approvals.sources import RepairSource, RequestSource
from common.errors import NotFound
from organisation.models import Officer


class _FakeSource:
    kind = "request"

    def items(self, *, actor: Officer, now: dt.datetime) -> list[InboxItem]:
        return []

    def count(self, *, actor: Officer) -> int:
        return 0

    def decide(self, *, actor: Officer, item_id: int, decision: str, comment: str) -> InboxDecision:
        return InboxDecision(self.kind, item_id, decision, "decided")


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> dict[str, InboxSource]:
    """A copy of the registry that the test may change."""
    copy = dict(registry._SOURCES)
    monkeypatch.setattr(registry, "_SOURCES", copy)
    return copy


def test_every_kind_has_its_source_in_the_documented_order() -> None:
    assert check_sources_registered() == []
    assert [source.kind for source in sources()] == list(INBOX_KINDS)
    assert [source.kind for source in sources("swap")] == ["swap"]


def test_a_kind_without_a_source_fails_the_system_check(
    registered: dict[str, InboxSource],
) -> None:
    # given
    del registered["repair"]

    # when
    errors = check_sources_registered()

    # then
    assert [e.id for e in errors] == ["approvals.E001"]
    assert "'repair'" in errors[0].msg


def test_an_unknown_kind_is_not_found() -> None:
    with pytest.raises(NotFound):
        source_for("holiday")


@pytest.mark.django_db
def test_an_unknown_decision_is_not_found(officer: Officer) -> None:
    with pytest.raises(NotFound):
        inbox_decide(actor=officer, kind="request", item_id=1, decision="maybe")


@pytest.mark.django_db
def test_deciding_dispatches_to_the_source_of_the_kind(
    registered: dict[str, InboxSource], officer: Officer
) -> None:
    registered["request"] = _FakeSource()

    result = inbox_decide(actor=officer, kind="request", item_id=7, decision="reject")

    assert result == InboxDecision("request", 7, "reject", "decided")


def test_registering_the_same_source_again_is_harmless(
    registered: dict[str, InboxSource],
) -> None:
    registry.register_source(RequestSource())

    assert isinstance(registered["request"], RequestSource)


def test_a_second_source_for_a_taken_kind_is_refused(
    registered: dict[str, InboxSource],
) -> None:
    with pytest.raises(ImproperlyConfigured, match="already has a source"):
        registry.register_source(_FakeSource())


def test_a_kind_the_api_does_not_name_cannot_be_registered(
    registered: dict[str, InboxSource],
) -> None:
    source = RepairSource()
    source.kind = "holiday"

    with pytest.raises(ImproperlyConfigured, match="not in INBOX_KINDS"):
        registry.register_source(source)
