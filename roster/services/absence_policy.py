"""A team's absence policy (`TeamAbsencePolicy`): read and change.

Officers of the team may read it; its team leads and planners, the unit manager of its unit
and administrators may change it (`organisation.selectors.Scope.managed_team_ids`), as for the
swap policy. Anyone else gets 404 from the team selector before this module is reached.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from common.errors import Forbidden
from organisation.models import Officer, Team
from organisation.selectors import actor_scope
from roster.models import TeamAbsencePolicy

ABSENCE_POLICY_FIELDS = ("sick_margin_days", "unavailability_max_days_per_period")


def team_absence_policy(team_id: int) -> TeamAbsencePolicy:
    """The team's absence policy (the defaults, unsaved, when it has none)."""
    policy = TeamAbsencePolicy.objects.filter(team_id=team_id).first()
    return policy or TeamAbsencePolicy(team_id=team_id)


def absence_policy_get(*, team: Team) -> TeamAbsencePolicy:
    """The team's policy; the defaults (unsaved) when it has none."""
    return team_absence_policy(team.pk)


def absence_policy_update(*, actor: Officer, team: Team, **changes: Any) -> TeamAbsencePolicy:
    """Change some of the policy's fields (the others keep their value). Takes effect for the
    next freeing; places already freed or flagged stay as they are."""
    scope = actor_scope(actor)
    if not (scope.is_admin or team.pk in scope.managed_team_ids):
        raise Forbidden()
    unknown = set(changes) - set(ABSENCE_POLICY_FIELDS)
    if unknown:
        raise ValueError(f"unknown policy fields: {sorted(unknown)}")
    with transaction.atomic():
        policy, _created = TeamAbsencePolicy.objects.select_for_update().get_or_create(team=team)
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
    return policy
