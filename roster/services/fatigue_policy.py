"""A team's fatigue policy (`TeamFatiguePolicy`): read and change.

Officers of the team may read it; its team leads and planners, the unit manager of its unit
and administrators may change it, as for the absence policy. Anyone else gets 404 from the
team selector before this module is reached. The cap takes effect at the next solve or
repair (`roster.services.solving.input`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from common.errors import Forbidden
from organisation.models import Officer, Team
from organisation.selectors import actor_scope
from roster.fatigue import team_fatigue_policy
from roster.models import TeamFatiguePolicy

FATIGUE_POLICY_FIELDS = ("cap_enabled", "cap")


def fatigue_policy_get(*, team: Team) -> TeamFatiguePolicy:
    """The team's policy; the defaults (unsaved) when it has none."""
    return team_fatigue_policy(team.pk)


def fatigue_policy_update(*, actor: Officer, team: Team, **changes: Any) -> TeamFatiguePolicy:
    """Change some of the policy's fields (the others keep their value)."""
    scope = actor_scope(actor)
    if not (scope.is_admin or team.pk in scope.managed_team_ids):
        raise Forbidden()
    unknown = set(changes) - set(FATIGUE_POLICY_FIELDS)
    if unknown:
        raise ValueError(f"unknown policy fields: {sorted(unknown)}")
    with transaction.atomic():
        policy, _created = TeamFatiguePolicy.objects.select_for_update().get_or_create(team=team)
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
    return policy
