"""A team's swap and open-shift policy (`TeamSwapPolicy`): read and change.

Officers of the team may read it; its team leads and planners, the unit manager of its unit
and administrators may change it (`organisation.selectors.Scope.managed_team_ids`). Anyone
else gets 404 from the team selector before this module is reached.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from common.errors import Forbidden
from organisation.models import Officer, Team
from organisation.selectors import actor_scope
from roster.models import TeamSwapPolicy
from roster.services.open_shifts import team_policy

POLICY_FIELDS = (
    "auto_approve",
    "open_shift_policy",
    "claim_window_hours",
    "award_hours_before_start",
)


def swap_policy_get(*, team: Team) -> TeamSwapPolicy:
    """The team's policy; the defaults (unsaved) when it has none."""
    return team_policy(team.pk)


def swap_policy_update(*, actor: Officer, team: Team, **changes: Any) -> TeamSwapPolicy:
    """Change some of the policy's fields (the others keep their value). Pending fair-award
    claims keep their deadline; switching to `first_come` lets them be awarded at it."""
    scope = actor_scope(actor)
    if not (scope.is_admin or team.pk in scope.managed_team_ids):
        raise Forbidden()
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"unknown policy fields: {sorted(unknown)}")
    with transaction.atomic():
        policy, _created = TeamSwapPolicy.objects.select_for_update().get_or_create(team=team)
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
    return policy
