"""One-click repair after places were freed (a sick report): suggest, start, dismiss.

When an absence frees places of a published roster, `repair_suggest` records (or updates)
one open `RepairSuggestion` per period and tells the team's planners; the suggestion sits in
their approvals inbox. `repair_start` runs the solver's repair mode on the period (Celery
task `roster.tasks.solve_period`: the published roster is the `previous` roster, swaps and
claims are pinned) and resolves the suggestion; the planner then applies the change set with
`roster.services.solving.repair_apply`, which asks for the consent of officers changed inside
the fixed 7-day window and notifies everyone whose roster changed. `repair_dismiss` closes the
suggestion without solving.

Lock order: period, then suggestion (the same as every roster write).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.errors import NotFound
from common.i18n import msg
from notifications.models import NotificationKind
from notifications.services.notify import notify_on_commit
from organisation.models import Officer, Role, RoleAssignment
from organisation.selectors import actor_scope
from roster.errors import RepairNotApplicable
from roster.models import Phase, RepairSuggestion, RosterPeriod, SolveJob, SolveMode
from roster.services.audit import audit_record
from roster.services.locking import lock_period, lock_periods, lock_row
from roster.services.permissions import require_planner
from roster.services.solving.jobs import solve_start
from roster.subjects import period_subject


def team_planners(team_id: int) -> list[int]:
    return sorted(
        set(
            RoleAssignment.objects.filter(team_id=team_id, role=Role.PLANNER).values_list(
                "officer_id", flat=True
            )
        )
    )


def repair_suggestion_list(*, actor: Officer) -> QuerySet[RepairSuggestion]:
    """Open repair suggestions of the periods the actor plans (all, for an administrator)."""
    scope = actor_scope(actor)
    qs = RepairSuggestion.objects.filter(resolved_at__isnull=True).select_related("period__team")
    if not scope.is_admin:
        qs = qs.filter(period__team_id__in=scope.planned_team_ids)
    return qs.order_by("-updated_at", "-id")


def repair_suggestion_get(*, actor: Officer, suggestion_id: int) -> RepairSuggestion:
    try:
        return repair_suggestion_list(actor=actor).get(pk=suggestion_id)
    except RepairSuggestion.DoesNotExist:
        raise NotFound() from None


def repair_suggest(
    *, actor: Officer | None, freed_per_period: Mapping[int, int], reason: str
) -> list[RepairSuggestion]:
    """Record how many places of each published period were freed and offer its planners a
    repair (one open suggestion per period; repeated frees add up). Runs inside the
    caller's transaction; the planners hear about it after the commit."""
    made: list[RepairSuggestion] = []
    periods = lock_periods(freed_per_period)
    for period in (p for p in periods.values() if p.phase == Phase.PUBLISHED):
        freed = freed_per_period[period.pk]
        suggestion = RepairSuggestion.objects.filter(
            period=period, resolved_at__isnull=True
        ).first()
        if suggestion is None:
            try:
                with transaction.atomic():
                    suggestion = RepairSuggestion.objects.create(
                        period=period, reason=reason[:200], freed_places=freed
                    )
            except IntegrityError:  # created by a concurrent free: add to that one
                suggestion = RepairSuggestion.objects.get(period=period, resolved_at__isnull=True)
                suggestion.freed_places += freed
                suggestion.save(update_fields=["freed_places", "updated_at"])
        else:
            suggestion.freed_places += freed
            suggestion.reason = reason[:200]
            suggestion.save(update_fields=["freed_places", "reason", "updated_at"])
        audit_record(
            actor=actor,
            period=period,
            action="repair_suggested",
            payload={"suggestion": suggestion.pk, "freed": freed},
        )
        notify_on_commit(
            recipient_ids=team_planners(period.team_id),
            kind=NotificationKind.REPAIR_SUGGESTED,
            title=msg(gettext_noop("Repair the roster of %(team)s"), team=period.team.name),
            body=msg(
                gettext_noop(
                    "%(count)d place(s) were freed. Open the approvals inbox to run a repair "
                    "solve: /api/v1/periods/%(period)d/repair/"
                ),
                count=suggestion.freed_places,
                period=period.pk,
            ),
            subject=period_subject(period),
            urgent=True,
        )
        made.append(suggestion)
    return made


def repair_start(*, actor: Officer, period: RosterPeriod) -> SolveJob:
    """Start a repair solve of a published period (planner of the team) and resolve its open
    suggestion. The solve runs as a Celery task; apply its result with `repair_apply`."""
    require_planner(actor, period.team_id)
    with transaction.atomic():
        job = solve_start(actor=actor, period=period, mode=SolveMode.REPAIR)
        RepairSuggestion.objects.filter(period=period, resolved_at__isnull=True).update(
            job=job, resolved_by=actor, resolved_at=timezone.now()
        )
    return job


def repair_dismiss(*, actor: Officer, suggestion: RepairSuggestion) -> RepairSuggestion:
    """Close a suggestion without a repair solve (planner of the team)."""
    require_planner(actor, suggestion.period.team_id)
    with transaction.atomic():
        period = lock_period(suggestion.period)
        locked = lock_row(RepairSuggestion.objects, pk=suggestion.pk)
        if locked.resolved_at is not None:
            raise RepairNotApplicable(extra={"reason": "suggestion_resolved"})
        locked.dismissed = True
        locked.resolved_by = actor
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["dismissed", "resolved_by", "resolved_at", "updated_at"])
        audit_record(
            actor=actor,
            period=period,
            action="repair_dismissed",
            payload={"suggestion": locked.pk},
        )
    return locked
