"""A team's training policy (`TeamTrainingPolicy`, issue 18): read and change.

Officers of the team may read it; its team leads and planners, the unit manager of its unit
and administrators may change it, as for the swap and absence policies. Anyone else gets 404
from the team selector before this module is reached.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from common.errors import Forbidden
from organisation.models import Officer, Team
from organisation.selectors import actor_scope
from roster.models import TeamTrainingPolicy
from roster.trainees import team_training_policy

TRAINING_POLICY_FIELDS = ("shifts_per_period", "mentor_min_level")


def training_policy_get(*, team: Team) -> TeamTrainingPolicy:
    """The team's policy; the defaults (unsaved) when it has none."""
    return team_training_policy(team.pk)


def training_policy_update(*, actor: Officer, team: Team, **changes: Any) -> TeamTrainingPolicy:
    """Change some of the policy's fields; takes effect for the next solve and check."""
    scope = actor_scope(actor)
    if not (scope.is_admin or team.pk in scope.managed_team_ids):
        raise Forbidden()
    unknown = set(changes) - set(TRAINING_POLICY_FIELDS)
    if unknown:
        raise ValueError(f"unknown policy fields: {sorted(unknown)}")
    with transaction.atomic():
        policy, _created = TeamTrainingPolicy.objects.select_for_update().get_or_create(team=team)
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
    return policy
