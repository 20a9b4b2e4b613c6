"""The phases of a roster period: the allowed moves and the checks every roster write makes.

`move_locked` moves a period the caller has locked (`roster.services.locking`) and audits the
move in the same transaction; `published` is reached only through
`roster.services.publication.roster_publish`, which also records the members at publication.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from organisation.models import Officer
from roster.errors import WrongPhase
from roster.models import Phase, RosterPeriod
from roster.services.audit import audit_record

#: Allowed phase moves. `published` is reached only through `roster_publish`.
TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.DRAFT: frozenset({Phase.SIGNUP_OPEN}),
    Phase.SIGNUP_OPEN: frozenset({Phase.SIGNUP_CLOSED, Phase.DRAFT}),
    Phase.SIGNUP_CLOSED: frozenset({Phase.SOLVING, Phase.PROPOSED, Phase.SIGNUP_OPEN}),
    Phase.SOLVING: frozenset({Phase.PROPOSED, Phase.SIGNUP_CLOSED}),
    Phase.PROPOSED: frozenset({Phase.PUBLISHED, Phase.SIGNUP_CLOSED}),
    Phase.PUBLISHED: frozenset({Phase.ARCHIVED}),
    Phase.ARCHIVED: frozenset(),
}


def require_phase(period: RosterPeriod, *phases: str) -> None:
    """Refuse (409 `wrong_phase`) unless the period is in one of `phases`."""
    if period.phase not in phases:
        raise WrongPhase(extra={"phase": period.phase, "allowed": list(phases)})


def move_locked(*, actor: Officer, period: RosterPeriod, to_phase: str) -> RosterPeriod:
    """Move an already locked period; used by `period_move` and `roster_publish`."""
    from_phase = period.phase
    if to_phase not in TRANSITIONS.get(from_phase, frozenset()):
        raise WrongPhase(extra={"phase": from_phase, "to": to_phase})
    period.phase = to_phase
    fields = ["phase"]
    if to_phase == Phase.PUBLISHED:
        period.published_at = timezone.now()
        fields.append("published_at")
    period.save(update_fields=fields)
    audit_record(
        actor=actor, period=period, action="phase", from_phase=from_phase, to_phase=to_phase
    )
    return period


def signup_window_open(period: RosterPeriod, now: dt.datetime | None = None) -> bool:
    """Sign-up is open in phase `signup_open` between its open and close times."""
    now = now or timezone.now()
    return (
        period.phase == Phase.SIGNUP_OPEN
        and period.signup_opens_at <= now < period.signup_closes_at
    )
