"""Roster periods: create one, move it to another phase (the phases themselves are in
`roster.services.phases`).

Only planners of the period's team (and administrators) create periods and move phases. Each
move is audited in the same transaction. Lock order: the period row first
(`roster.services.locking`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from organisation.models import Officer, Team
from roster.models import Phase, RosterPeriod
from roster.services.audit import audit_record
from roster.services.locking import lock_period
from roster.services.permissions import require_planner
from roster.services.phases import move_locked
from roster.services.publication import roster_publish

DEFAULT_PERIOD_DAYS = 28


def period_create(
    *,
    actor: Officer,
    team: Team,
    start_date: dt.date,
    signup_opens_at: dt.datetime,
    signup_closes_at: dt.datetime,
    publish_on: dt.date,
    end_date: dt.date | None = None,
) -> RosterPeriod:
    """Create a draft period (default 4 weeks) for `team`; planner of the team only."""
    require_planner(actor, team)
    end = end_date or start_date + dt.timedelta(days=DEFAULT_PERIOD_DAYS)
    if end <= start_date:
        raise ValidationError({"end_date": [_("The end must be after the start.")]})
    if signup_closes_at <= signup_opens_at:
        raise ValidationError({"signup_closes_at": [_("Sign-up must close after it opens.")]})
    if publish_on > start_date:
        raise ValidationError({"publish_on": [_("Publish before the period starts.")]})
    with transaction.atomic():
        period = RosterPeriod(
            team=team,
            start_date=start_date,
            end_date=end,
            signup_opens_at=signup_opens_at,
            signup_closes_at=signup_closes_at,
            publish_on=publish_on,
        )
        period.full_clean()
        period.save()
        audit_record(actor=actor, period=period, action="create", to_phase=period.phase)
    return period


def period_move(*, actor: Officer, period: RosterPeriod, to_phase: str) -> RosterPeriod:
    """Move the period to `to_phase` along `phases.TRANSITIONS` (to `published` through
    `roster_publish`, which also checks compliance). Wrong phase -> WrongPhase (409).
    """
    require_planner(actor, period.team_id)
    if to_phase == Phase.PUBLISHED:
        return roster_publish(actor=actor, period=period)
    with transaction.atomic():
        locked = lock_period(period)
        return move_locked(actor=actor, period=locked, to_phase=to_phase)
