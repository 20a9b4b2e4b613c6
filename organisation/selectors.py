"""Read access to the organisation, scoped to what the actor may see.

Visibility: an officer sees the colleagues of his own teams (names and skills only); a team
lead or planner also sees the personal details of the teams he leads or plans; a unit manager
those of every team of his unit; an administrator everything. Anything else is 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from common.errors import NotFound
from organisation.models import (
    Delegation,
    Officer,
    Qualification,
    Role,
    RoleAssignment,
    Skill,
    Team,
    Unit,
)


@dataclass(frozen=True)
class Scope:
    """What one actor may see, computed once per request."""

    is_admin: bool
    member_team_ids: frozenset[int]
    managed_team_ids: frozenset[int]  # personal details visible (lead, planner, unit manager)
    led_team_ids: frozenset[int]
    planned_team_ids: frozenset[int]
    managed_unit_ids: frozenset[int]
    desk_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def visible_team_ids(self) -> frozenset[int]:
        return self.member_team_ids | self.managed_team_ids


def actor_scope(actor: Officer) -> Scope:
    cached: Scope | None = getattr(actor, "_org_scope", None)
    if cached is not None:
        return cached
    roles = list(
        RoleAssignment.objects.filter(officer=actor).values_list(
            "role", "team_id", "desk_id", "unit_id"
        )
    )
    is_admin = actor.is_superuser or any(r[0] == Role.ADMINISTRATOR for r in roles)
    led = frozenset(t for r, t, _, _ in roles if r == Role.TEAM_LEAD and t)
    planned = frozenset(t for r, t, _, _ in roles if r == Role.PLANNER and t)
    units = frozenset(u for r, _, _, u in roles if r == Role.UNIT_MANAGER and u)
    desks = frozenset(d for r, _, d, _ in roles if r == Role.DESK_STAFF and d)
    unit_teams = frozenset(Team.objects.filter(unit_id__in=units).values_list("id", flat=True))
    if is_admin:
        unit_teams = frozenset(Team.objects.values_list("id", flat=True))
    scope = Scope(
        is_admin=is_admin,
        member_team_ids=frozenset(actor.teams.values_list("id", flat=True)),
        managed_team_ids=led | planned | unit_teams,
        led_team_ids=led,
        planned_team_ids=planned,
        managed_unit_ids=units,
        desk_ids=desks,
    )
    actor._org_scope = scope  # type: ignore[attr-defined]
    return scope


def can_see_personal(actor: Officer, officer: Officer, team_ids: set[int] | None = None) -> bool:
    """Self, an administrator, or a manager (lead/planner/unit manager) of one of his teams."""
    if actor.pk == officer.pk:
        return True
    scope = actor_scope(actor)
    if scope.is_admin:
        return True
    ids = team_ids if team_ids is not None else {t.pk for t in officer.teams.all()}
    return bool(ids & scope.managed_team_ids)


def _valid_qualifications(day: dt.date) -> Any:
    return Prefetch(
        "qualifications",
        queryset=Qualification.objects.valid_on(day).select_related("skill"),
        to_attr="valid_qualifications",
    )


def officer_list(*, actor: Officer, day: dt.date | None = None) -> QuerySet[Officer]:
    """Officers the actor may see, with teams and the qualifications valid on `day`."""
    scope = actor_scope(actor)
    qs = Officer.objects.filter(is_active=True)
    if not scope.is_admin:
        qs = qs.filter(Q(teams__in=scope.visible_team_ids) | Q(pk=actor.pk)).distinct()
    return qs.prefetch_related("teams", _valid_qualifications(day or timezone.localdate()))


def officer_get(*, actor: Officer, officer_id: int) -> Officer:
    try:
        return officer_list(actor=actor).get(pk=officer_id)
    except Officer.DoesNotExist:
        raise NotFound() from None


def me_get(*, actor: Officer) -> Officer:
    """The actor with everything `/me` shows, in a fixed number of queries."""
    return (
        Officer.objects.filter(pk=actor.pk)
        .prefetch_related(
            "teams__unit",
            Prefetch("qualifications", queryset=Qualification.objects.select_related("skill")),
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("team", "desk", "unit"),
            ),
        )
        .get()
    )


def team_list(*, actor: Officer) -> QuerySet[Team]:
    scope = actor_scope(actor)
    qs = Team.objects.select_related("unit")
    if not scope.is_admin:
        qs = qs.filter(pk__in=scope.visible_team_ids)
    return qs


def team_get(*, actor: Officer, team_id: int) -> Team:
    try:
        return team_list(actor=actor).get(pk=team_id)
    except Team.DoesNotExist:
        raise NotFound() from None


def unit_list(*, actor: Officer) -> QuerySet[Unit]:
    scope = actor_scope(actor)
    qs = Unit.objects.all()
    if not scope.is_admin:
        qs = qs.filter(
            Q(teams__in=scope.visible_team_ids) | Q(pk__in=scope.managed_unit_ids)
        ).distinct()
    return qs


def unit_get(*, actor: Officer, unit_id: int) -> Unit:
    try:
        return unit_list(actor=actor).get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound() from None


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.all()


def delegator_ids(*, actor: Officer, day: dt.date | None = None) -> QuerySet[Any]:
    """Approvers whose delegation to the actor covers `day` (default today): the one place
    that says a substitute acts for someone, and only while the delegation runs. A subquery:
    filtering by it costs no extra query."""
    day = day or timezone.localdate()
    return Delegation.objects.filter(
        substitute=actor, start_date__lte=day, end_date__gte=day
    ).values("approver_id")
