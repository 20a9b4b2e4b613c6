"""The outcome registry: what a request of an outcome kind does beyond the workflow.

A new request type is data (the catalogue); a new outcome kind is code. The desk owns the
kinds (`OutcomeKind`) and this registry, and knows nothing of who handles them: an app above
the desk registers its handlers in its `AppConfig.ready()` (the roster registers `absence`,
`sick` and `recovery` in `roster.desk_outcomes`; ADR 0005). `none` and `order` need nothing
beyond the workflow (the desk fulfils an order) and are registered here.

Every kind must have a handler: the system check `requests_desk.E001` fails at startup when
one is missing, and `outcome_for` refuses to silently do nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from organisation.models import Officer
from requests_desk.models import OutcomeKind, Request

Handler = Callable[[Request, Officer], None]


@dataclass(frozen=True)
class Outcome:
    """Side effects of one outcome kind, run inside the workflow's transaction."""

    on_submitted: Handler | None = None
    on_approved: Handler | None = None


_REGISTRY: dict[str, Outcome] = {
    OutcomeKind.NONE: Outcome(),
    OutcomeKind.ORDER: Outcome(),
}


def register_outcome(kind: str, outcome: Outcome) -> None:
    """Make `outcome` the handler of `kind`. Registering the same outcome again is harmless
    (``ready()`` may run twice in tests); a different one for a taken kind is a wiring error."""
    if kind not in OutcomeKind.values:
        raise ImproperlyConfigured(f"Unknown outcome kind {str(kind)!r}.")
    current = _REGISTRY.get(kind)
    if current is not None and current != outcome:
        raise ImproperlyConfigured(f"Outcome kind {str(kind)!r} already has a handler.")
    _REGISTRY[kind] = outcome


def outcome_for(kind: str) -> Outcome:
    """The handler of `kind`; a kind without one is a deployment error, never a no-op."""
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise ImproperlyConfigured(
            f"No handler registered for outcome kind {str(kind)!r}."
        ) from None


def check_outcomes_registered(**kwargs: Any) -> list[checks.CheckMessage]:
    """System check: every outcome kind of the catalogue has a registered handler."""
    return [
        checks.Error(
            f"No handler registered for outcome kind {str(kind)!r}.",
            hint="Register one with requests_desk.outcomes.register_outcome() in the "
            "AppConfig.ready() of the app that handles it (e.g. roster).",
            id="requests_desk.E001",
        )
        for kind in OutcomeKind.values
        if kind not in _REGISTRY
    ]
