"""The desk's outcome registry: every outcome kind has exactly one handler, registered by the
app that owns the effect (the roster registers absence, sick and recovery)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from requests_desk import outcomes
from requests_desk.models import OutcomeKind
from requests_desk.outcomes import Outcome, check_outcomes_registered, outcome_for
from roster import desk_outcomes


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, Outcome]:
    """A copy of the registry that the test may change."""
    copy = dict(outcomes._REGISTRY)
    monkeypatch.setattr(outcomes, "_REGISTRY", copy)
    return copy


def test_every_outcome_kind_has_a_handler_once_the_apps_are_ready() -> None:
    assert check_outcomes_registered() == []
    for kind in OutcomeKind.values:
        assert isinstance(outcome_for(kind), Outcome)


def test_the_roster_handles_absence_sick_and_recovery() -> None:
    assert outcome_for(OutcomeKind.ABSENCE).on_approved is not None
    assert outcome_for(OutcomeKind.SICK).on_submitted is not None
    assert outcome_for(OutcomeKind.RECOVERY).on_submitted is not None
    assert outcome_for(OutcomeKind.NONE) == Outcome()


def test_a_kind_without_a_handler_fails_the_system_check(registry: dict[str, Outcome]) -> None:
    # given
    del registry[OutcomeKind.SICK]

    # when
    errors = check_outcomes_registered()

    # then
    assert [e.id for e in errors] == ["requests_desk.E001"]
    assert "'sick'" in errors[0].msg


def test_a_kind_without_a_handler_is_an_error_not_a_silent_no_op(
    registry: dict[str, Outcome],
) -> None:
    del registry[OutcomeKind.RECOVERY]

    with pytest.raises(ImproperlyConfigured, match="recovery"):
        outcome_for(OutcomeKind.RECOVERY)


def test_registering_the_same_handlers_again_is_harmless(registry: dict[str, Outcome]) -> None:
    before = dict(registry)

    desk_outcomes.register()

    assert registry == before


def test_a_second_handler_for_a_taken_kind_is_refused(registry: dict[str, Outcome]) -> None:
    with pytest.raises(ImproperlyConfigured, match="already has a handler"):
        outcomes.register_outcome(OutcomeKind.SICK, Outcome())


def test_an_unknown_kind_cannot_be_registered(registry: dict[str, Outcome]) -> None:
    with pytest.raises(ImproperlyConfigured, match="Unknown outcome kind"):
        outcomes.register_outcome("teleport", Outcome())
