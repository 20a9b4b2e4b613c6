"""Teams lend each other officers (issue #18): a team's open places offered to other teams.

A team's `TeamLendingPolicy` opens its open places to officers of other teams of its unit
(all of them, or the chosen `to_teams`), optionally only once the shift starts within
`within_hours`. Such an officer sees the places among his open shifts (marked `lent`) and
claims them through the ordinary claim flow (`roster.services.open_shifts`): the same
checks (qualified on the date, not absent, not on the shift) and the working-time rules over
ALL his assignments in every team; the solve of his own team then takes the claimed shift as
fixed time (`roster.services.solving.elsewhere`). With lending off, or for a team he may not
borrow from, the shift stays invisible to him (404) and a claim is refused.

Borrower side, `members_need_approval`: claims by THIS team's officers of places other teams
lend wait for this team's lead (`roster.services.lent_claims`, which says why the setting is
the home team's).

Officers of the team read the policy; its team leads and planners, the unit manager and
administrators change it (as the swap and absence policies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.errors import Forbidden, NotFound
from organisation.models import Officer, Team
from organisation.selectors import actor_scope
from roster.models import Phase, Shift, TeamLendingPolicy

POLICY_FIELDS = ("lends_open_places", "to_teams", "within_hours", "members_need_approval")


def lending_policy_get(*, team: Team) -> TeamLendingPolicy:
    """The team's policy; the defaults (unsaved: lends nothing) when it has none."""
    policy = TeamLendingPolicy.objects.filter(team=team).first()
    return policy or TeamLendingPolicy(team=team)


def lending_to_team_ids(policy: TeamLendingPolicy) -> list[int]:
    """The chosen teams (empty for an unsaved policy: every team of the unit)."""
    if policy.pk is None:
        return []
    return sorted(policy.to_teams.values_list("pk", flat=True))


class OtherUnitTeams(ValueError):
    """`to_teams` names a team outside the lending team's unit (or the team itself)."""


def lending_policy_update(*, actor: Officer, team: Team, **changes: Any) -> TeamLendingPolicy:
    """Change some of the policy's fields (the others keep their value). `to_teams`: team
    ids of the same unit, not the team itself (else `OtherUnitTeams`, nothing saved)."""
    scope = actor_scope(actor)
    if not (scope.is_admin or team.pk in scope.managed_team_ids):
        raise Forbidden()
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"unknown policy fields: {sorted(unknown)}")
    to_teams: Collection[int] | None = changes.pop("to_teams", None)
    if to_teams is not None:
        allowed = set(
            Team.objects.filter(unit_id=team.unit_id)
            .exclude(pk=team.pk)
            .values_list("pk", flat=True)
        )
        if set(to_teams) - allowed:
            raise OtherUnitTeams(sorted(set(to_teams) - allowed))
    with transaction.atomic():
        policy, _created = TeamLendingPolicy.objects.select_for_update().get_or_create(team=team)
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
        if to_teams is not None:
            policy.to_teams.set(sorted(set(to_teams)))
    return policy


def lending_team_ids(officer: Officer) -> dict[int, int | None]:
    """Teams that lend their open places to `officer` (a team of his unit, not his own, whose
    policy is on and names one of his teams or none), with their `within_hours`."""
    own = officer.teams.all()
    policies = (
        TeamLendingPolicy.objects.filter(
            lends_open_places=True, team__unit_id__in=own.values("unit_id")
        )
        .exclude(team_id__in=own.values("pk"))
        .filter(Q(to_teams__isnull=True) | Q(to_teams__in=own.values("pk")))
        .distinct()
        .only("team_id", "within_hours")
    )  # one query
    return {p.team_id: p.within_hours for p in policies}


def lent_now(within_hours: int | None, shift: Shift, now: dt.datetime) -> bool:
    """The lead time has come: the shift starts within `within_hours` (or there is none)."""
    return within_hours is None or shift.start <= now + dt.timedelta(hours=within_hours)


def lends_to(officer: Officer, shift: Shift, *, now: dt.datetime | None = None) -> bool:
    """The shift's team lends its open places to `officer` now."""
    lenders = lending_team_ids(officer)
    if shift.team_id not in lenders:
        return False
    return lent_now(lenders[shift.team_id], shift, now or timezone.now())


def lent_shift_get(*, actor: Officer, shift_id: int) -> Shift:
    """A published shift of a team that lends to `actor` now (else 404): what a borrower
    may claim."""
    lenders = lending_team_ids(actor)
    shift = (
        Shift.objects.select_related("period", "team")
        .filter(pk=shift_id, team_id__in=list(lenders), period__phase=Phase.PUBLISHED)
        .first()
    )
    if shift is None or not lent_now(lenders[shift.team_id], shift, timezone.now()):
        raise NotFound()
    return shift
