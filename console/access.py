"""Who may use the console and which teams' rosters he sees there.

The console follows the API's permissions: planners, team leads and unit managers of a team
(and administrators) see its rosters; desk staff see their desks' queue; an officer without
such a role gets 403. A team the actor does not manage is 404, as in the API.
"""

from __future__ import annotations

from django.db.models import QuerySet

from common.errors import NotFound
from organisation.models import Officer, Team
from organisation.selectors import actor_scope
from roster.models import RosterPeriod
from roster.selectors import period_get
from roster.services.permissions import is_planner_of
from roster.services.swaps import swap_decider_team_ids


def has_console_access(actor: Officer) -> bool:
    scope = actor_scope(actor)
    return bool(scope.is_admin or scope.managed_team_ids or scope.desk_ids) or bool(
        swap_decider_team_ids(actor)
    )


def is_desk_staff(actor: Officer) -> bool:
    return bool(actor_scope(actor).desk_ids)


def console_team_ids(actor: Officer) -> frozenset[int] | None:
    """Teams whose rosters the actor sees in the console (None: all, administrator)."""
    scope = actor_scope(actor)
    return None if scope.is_admin else scope.managed_team_ids


def console_teams(actor: Officer) -> QuerySet[Team]:
    ids = console_team_ids(actor)
    qs = Team.objects.select_related("unit").order_by("name", "id")
    return qs if ids is None else qs.filter(pk__in=ids)


def console_periods(actor: Officer) -> QuerySet[RosterPeriod]:
    ids = console_team_ids(actor)
    qs = RosterPeriod.objects.select_related("team").order_by("team__name", "-start_date", "id")
    return qs if ids is None else qs.filter(team_id__in=ids)


def console_period_get(actor: Officer, period_id: int) -> RosterPeriod:
    """A period of a team the actor manages; anything else is 404 (as in the API)."""
    period = period_get(actor=actor, period_id=period_id)
    ids = console_team_ids(actor)
    if ids is not None and period.team_id not in ids:
        raise NotFound()
    return period


def can_plan(actor: Officer, period: RosterPeriod) -> bool:
    return is_planner_of(actor, period.team_id)


def can_read_report(actor: Officer, period: RosterPeriod) -> bool:
    """The solve report is for planners and team leads of the team (as `period_report`)."""
    scope = actor_scope(actor)
    return scope.is_admin or period.team_id in scope.planned_team_ids | scope.led_team_ids
