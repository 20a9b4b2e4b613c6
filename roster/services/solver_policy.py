"""A team's solver policy (`TeamSolverPolicy`): the order of the solver's stages for its
solves and repairs (issue #15; `docs/solver_io.md`, "Stages").

Officers of the team may read it (which aims come first in their roster is theirs to know);
its team leads and planners, the unit manager of its unit and administrators may change it,
as for the other team policies. Anyone else gets 404 from the team selector before this
module is reached. The order takes effect at the next solve or repair
(`roster.services.solving.input`); the API's audit records (`common.ApiAuditRecord`) keep
who changed it when.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction

from common.errors import Forbidden
from organisation.models import Officer, Team
from organisation.selectors import actor_scope
from roster.models import TeamSolverPolicy
from roster.solver.types import DEFAULT_STAGES


def deployment_stages() -> list[str]:
    """The order a team without its own gets: `SOLVER_STAGES`, else the solver's default."""
    configured = getattr(settings, "SOLVER_STAGES", None)
    return [str(name) for name in (configured or DEFAULT_STAGES)]


def team_stages(team_id: int) -> list[str] | None:
    """The team's own order, None when it follows the deployment's."""
    stages = (
        TeamSolverPolicy.objects.filter(team_id=team_id).values_list("stages", flat=True).first()
    )
    return list(stages) if stages else None


def solver_policy_get(*, team: Team) -> TeamSolverPolicy:
    """The team's policy; the defaults (unsaved, no order of its own) when it has none."""
    return TeamSolverPolicy.objects.filter(team=team).first() or TeamSolverPolicy(team=team)


def may_change(actor: Officer, team_id: int) -> bool:
    """Whether the actor may change the team's order: its team leads and planners, the unit
    manager of its unit and administrators."""
    scope = actor_scope(actor)
    return scope.is_admin or team_id in scope.managed_team_ids


def solver_policy_update(*, actor: Officer, team: Team, stages: Sequence[str]) -> TeamSolverPolicy:
    """Set the team's stage order; an empty list returns it to the deployment's order."""
    if not may_change(actor, team.pk):
        raise Forbidden()
    with transaction.atomic():
        policy, _created = TeamSolverPolicy.objects.select_for_update().get_or_create(team=team)
        policy.stages = [str(name) for name in stages]
        policy.full_clean()
        policy.save()
    return policy
