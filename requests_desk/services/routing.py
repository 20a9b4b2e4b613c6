"""Approval routes: which steps apply (conditions on form values) and who approves each.

Approvers are resolved when a step becomes active, so delegation and absence count at that
moment. An approver with a delegation covering today is replaced by the substitute; an absent
approver (an `organisation.Absence` overlapping now) without one is skipped to the next candidate.
Four-eyes: the requester is never his own approver.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.errors import Conflict
from organisation.models import Absence, Delegation, Desk, Officer, Role, RoleAssignment
from requests_desk.models import ApprovalStatus, ApprovalTask, Request, StepKind

FINANCE_DESK_CODE = "financien"


class NoApprover(Conflict):
    """No one can approve this step (no team lead, unit manager or desk is configured)."""

    code = "no_approver"
    message = _("No approver is available for this request.")


def condition_holds(condition: dict[str, Any] | None, form: dict[str, Any]) -> bool:
    if not condition:
        return True
    value = form.get(condition["field"])
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    limit = condition["value"]
    op = condition["op"]
    if op == "gt":
        return bool(value > limit)
    if op == "gte":
        return bool(value >= limit)
    if op == "lt":
        return bool(value < limit)
    if op == "lte":
        return bool(value <= limit)
    return bool(value == limit)


def _is_absent(officer_id: int, now: dt.datetime) -> bool:
    return Absence.objects.filter(
        Q(end__isnull=True) | Q(end__gt=now), officer_id=officer_id, start__lte=now
    ).exists()


def _substitute(officer_id: int, today: dt.date) -> int | None:
    return (
        Delegation.objects.filter(
            approver_id=officer_id, start_date__lte=today, end_date__gte=today
        )
        .values_list("substitute_id", flat=True)
        .first()
    )


def _candidates(request: Request, kind: str) -> list[int]:
    team = request.team
    if team is None:
        return []
    if kind == StepKind.TEAM_LEAD:
        leads = list(
            RoleAssignment.objects.filter(role=Role.TEAM_LEAD, team=team)
            .order_by("id")
            .values_list("officer_id", flat=True)
        )
        return leads + _candidates(request, StepKind.UNIT_MANAGER)
    return list(
        RoleAssignment.objects.filter(role=Role.UNIT_MANAGER, unit_id=team.unit_id)
        .order_by("id")
        .values_list("officer_id", flat=True)
    )


def resolve_approver(request: Request, kind: str) -> tuple[int, int | None]:
    """(approver id, delegated-from id) for a team-lead or unit-manager step."""
    now = timezone.now()
    today = timezone.localdate()
    for candidate in _candidates(request, kind):
        substitute = _substitute(candidate, today)
        if substitute is not None and substitute != request.requester_id:
            return substitute, candidate
        if candidate == request.requester_id or _is_absent(candidate, now):
            continue
        return candidate, None
    raise NoApprover()


def _step_desk(step: dict[str, Any]) -> Desk:
    code = FINANCE_DESK_CODE if step["kind"] == StepKind.FINANCE else step["desk"]
    desk = Desk.objects.filter(code=code).first()
    if desk is None:
        raise NoApprover()
    return desk


def tasks_build(request: Request) -> list[ApprovalTask]:
    """Create the approval tasks of the steps whose conditions hold (all waiting)."""
    tasks = []
    for position, step in enumerate(request.version.route):
        if not condition_holds(step.get("condition"), request.form_data):
            continue
        task = ApprovalTask(request=request, position=position, kind=step["kind"])
        if step["kind"] in (StepKind.DESK, StepKind.FINANCE):
            task.desk = _step_desk(step)
        tasks.append(task)
    return tasks


def task_activate(task: ApprovalTask) -> None:
    """Make a waiting task pending, resolving its approver now (delegation, absence)."""
    if task.desk_id is None:
        approver, delegated_from = resolve_approver(task.request, task.kind)
        task.approver_id = approver
        task.delegated_from_id = delegated_from
    task.status = ApprovalStatus.PENDING
    task.save()


def task_recipients(task: ApprovalTask) -> list[int]:
    if task.approver_id is not None:
        return [task.approver_id]
    if task.desk_id is None:
        return []
    return list(
        Officer.objects.filter(
            role_assignments__role=Role.DESK_STAFF, role_assignments__desk_id=task.desk_id
        )
        .exclude(pk=task.request.requester_id)
        .values_list("id", flat=True)
    )
