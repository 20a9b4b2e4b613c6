"""Delegation: an approver names a substitute for a bounded date range.

Routing hands a team-lead or unit-manager step to the substitute of a delegation covering
today (`routing.resolve_approver`), and the roster lets a team lead's substitute decide his
swaps; so only those two roles may delegate, and only to someone who could act in their unit.
A substitute acts, and reads, only while the delegation runs (`organisation.selectors.
delegator_ids`).

Lock order: the approver's Officer row (serialises his delegations), then his delegations.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import NotFound
from organisation.models import Delegation, Officer, Role, RoleAssignment, Team
from requests_desk.errors import DelegationInvalid, DelegationOverlap, NotAnApprover

DEFAULT_MAX_DAYS = 90
# How far ahead a delegation may be planned (its start); its length is the setting.
MAX_DAYS_AHEAD = 365


def _approving_unit_ids(officer: Officer) -> set[int]:
    """Units where `officer` approves: those of the teams he leads and those he manages."""
    roles = RoleAssignment.objects.filter(
        officer=officer, role__in=[Role.TEAM_LEAD, Role.UNIT_MANAGER]
    )
    units = {u for u in roles.values_list("unit_id", flat=True) if u is not None}
    teams = roles.filter(team__isnull=False).values("team_id")
    units |= set(Team.objects.filter(pk__in=teams).values_list("unit_id", flat=True))
    return units


def _unit_ids(officer: Officer) -> set[int]:
    """Units the officer works in: his teams' and those he leads or manages."""
    return _approving_unit_ids(officer) | set(officer.teams.values_list("unit_id", flat=True))


def _check_window(start_date: dt.date, end_date: dt.date) -> None:
    today = timezone.localdate()
    max_days = int(getattr(settings, "DELEGATION_MAX_DAYS", DEFAULT_MAX_DAYS))
    if start_date < today or start_date > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise DelegationInvalid(
            extra={"fields": {"start_date": [_("Start today or within a year.")]}}
        )
    if end_date < start_date:
        raise DelegationInvalid(extra={"fields": {"end_date": [_("End on or after the start.")]}})
    if (end_date - start_date).days + 1 > max_days:
        message = _("A delegation lasts at most %(days)s days.") % {"days": max_days}
        raise DelegationInvalid(extra={"fields": {"end_date": [message]}})


def delegation_create(
    *, actor: Officer, substitute_id: int, start_date: dt.date, end_date: dt.date
) -> Delegation:
    """The actor (a team lead or unit manager) delegates his approvals to `substitute_id`
    from start to end (inclusive): at most `DELEGATION_MAX_DAYS` days, starting today or
    later, never overlapping another delegation of his. The substitute is an active officer
    of a unit where the actor approves; any other id (unknown, inactive, elsewhere, himself)
    gets one and the same 400 naming `substitute`, so the answer tells nothing about who
    exists."""
    units = _approving_unit_ids(actor)
    if not units:
        raise NotAnApprover()
    _check_window(start_date, end_date)
    substitute = Officer.objects.filter(pk=substitute_id, is_active=True).first()
    if substitute is None or substitute.pk == actor.pk or not (_unit_ids(substitute) & units):
        raise DelegationInvalid(
            extra={"fields": {"substitute": [_("Choose an active colleague of your unit.")]}}
        )
    with transaction.atomic():
        Officer.objects.select_for_update().filter(pk=actor.pk).first()
        overlapping = Delegation.objects.filter(
            approver=actor, start_date__lte=end_date, end_date__gte=start_date
        )
        if overlapping.exists():
            raise DelegationOverlap(extra={"delegation": int(overlapping.values("id")[0]["id"])})
        delegation = Delegation(
            approver=actor, substitute=substitute, start_date=start_date, end_date=end_date
        )
        delegation.full_clean()
        delegation.save()
    return delegation


def delegation_end(*, actor: Officer, delegation_id: int) -> Delegation | None:
    """End one of the actor's delegations now: one that has not started yet is withdrawn
    (deleted; the API audit record keeps the trail), a running one ends yesterday, so the
    substitute loses approval and read access at once. Returns the ended delegation, or None
    when it was withdrawn."""
    today = timezone.localdate()
    with transaction.atomic():
        delegation = (
            Delegation.objects.select_for_update().filter(pk=delegation_id, approver=actor).first()
        )
        if delegation is None:
            raise NotFound()
        if delegation.end_date < today:
            return delegation  # already over: nothing to do
        if delegation.start_date >= today:
            delegation.delete()
            return None
        delegation.end_date = today - dt.timedelta(days=1)
        delegation.save(update_fields=["end_date"])
    return delegation
