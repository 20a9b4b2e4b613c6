"""Who may act on which team's roster (shared by the roster services)."""

from __future__ import annotations

from common.errors import Forbidden
from organisation.models import Desk, Officer, Team
from organisation.selectors import actor_scope


def is_planner_of(actor: Officer, team_id: int) -> bool:
    """Planner of the team, or an administrator."""
    scope = actor_scope(actor)
    return scope.is_admin or team_id in scope.planned_team_ids


def require_planner(actor: Officer, team: Team | int) -> None:
    """Raise Forbidden unless the actor plans this team (or is an administrator)."""
    team_id = team if isinstance(team, int) else team.pk
    if not is_planner_of(actor, team_id):
        raise Forbidden()


def manages_officer(actor: Officer, officer: Officer) -> bool:
    """Administrator, or planner/team lead/unit manager of one of the officer's teams, or
    staff of a desk in one of the officer's units (desks fulfil request outcomes)."""
    scope = actor_scope(actor)
    if scope.is_admin:
        return True
    teams = list(officer.teams.all())
    if {t.pk for t in teams} & scope.managed_team_ids:
        return True
    if scope.desk_ids:
        unit_ids = {t.unit_id for t in teams}
        return Desk.objects.filter(pk__in=scope.desk_ids, unit_id__in=unit_ids).exists()
    return False
