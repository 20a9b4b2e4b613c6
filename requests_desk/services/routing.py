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
from organisation.models import (
    Absence,
    Delegation,
    Desk,
    Officer,
    Role,
    RoleAssignment,
    Team,
)
from requests_desk.models import ApprovalStatus, ApprovalTask, Request, StepKind

FINANCE_DESK_CODE = "financien"


class NoApprover(Conflict):
    """No one can approve this step (no team lead, unit manager or desk is configured)."""

    code = "no_approver"
    message = _("No approver is available for this request.")


def _compare(value: float, op: str, limit: float) -> bool:
    if op == "gt":
        return value > limit
    if op == "gte":
        return value >= limit
    if op == "lt":
        return value < limit
    if op == "lte":
        return value <= limit
    return value == limit


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _instant(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _measure(condition: dict[str, Any], form: dict[str, Any]) -> float | None:
    """The number a condition compares, or None when the form does not give it."""
    span = condition.get("span")
    if span is not None:
        start, end = _instant(form.get(span[0])), _instant(form.get(span[1]))
        if start is None or end is None:
            return None
        return (end - start).total_seconds() / 86400
    value = form.get(condition["field"])
    key = condition.get("sum")
    if key:
        if not isinstance(value, list):
            return None
        total = 0.0
        for item in value:
            amount = _number(item.get(key)) if isinstance(item, dict) else None
            if amount is None:
                return None
            total += amount
        return total
    return _number(value)


def condition_holds(condition: dict[str, Any] | None, form: dict[str, Any]) -> bool:
    """Whether a step applies to this form. A value the condition reads but the form leaves
    out (or gives in a form it cannot read) counts as the worst case: the step applies, so
    leaving out an optional amount never skips its approval."""
    if not condition:
        return True
    if condition["op"] == "any_outside":
        items = form.get(condition["field"])
        if not isinstance(items, list):
            return True
        allowed = {str(v).strip().casefold() for v in condition["value"]}
        return any(not isinstance(i, str) or i.strip().casefold() not in allowed for i in items)
    value = _measure(condition, form)
    if value is None:
        return True
    return _compare(value, condition["op"], float(condition["value"]))


def _is_absent(officer_id: int, now: dt.datetime) -> bool:
    return (
        Absence.objects.in_force()
        .filter(Q(end__isnull=True) | Q(end__gt=now), officer_id=officer_id, start__lte=now)
        .exists()
    )


def _substitute(officer_id: int, today: dt.date) -> int | None:
    return (
        Delegation.objects.filter(
            approver_id=officer_id, start_date__lte=today, end_date__gte=today
        )
        .values_list("substitute_id", flat=True)
        .first()
    )


def _candidates(request: Request, kind: str, team: Team | None = None) -> list[int]:
    team = team or request.team
    if team is None:
        return []
    if kind == StepKind.TEAM_LEAD:
        leads = list(
            RoleAssignment.objects.filter(role=Role.TEAM_LEAD, team=team)
            .order_by("id")
            .values_list("officer_id", flat=True)
        )
        return leads + _candidates(request, StepKind.UNIT_MANAGER, team)
    return list(
        RoleAssignment.objects.filter(role=Role.UNIT_MANAGER, unit_id=team.unit_id)
        .order_by("id")
        .values_list("officer_id", flat=True)
    )


def resolve_approver(
    request: Request, kind: str, team: Team | None = None
) -> tuple[int, int | None]:
    """(approver id, delegated-from id) for a team-lead or unit-manager step (of `team`, by
    default the requester's)."""
    now = timezone.now()
    today = timezone.localdate()
    for candidate in _candidates(request, kind, team):
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


def _step_team(request: Request, step: dict[str, Any]) -> Team | None:
    """The other team a step names through a form field (a host team), else None. A team
    that does not exist leaves the step without approver (409 no_approver at submit)."""
    field = step.get("team_field")
    if not field:
        return None
    team_id = request.form_data.get(field)
    team = Team.objects.filter(pk=team_id).first() if isinstance(team_id, int) else None
    if team is None:
        raise NoApprover()
    return team


def tasks_build(request: Request) -> list[ApprovalTask]:
    """The approval tasks (all waiting) of the steps whose conditions hold on the form as it
    is now: built at every (re)submit, so an edited form gets the route it needs."""
    tasks = []
    for position, step in enumerate(request.version.route):
        if not condition_holds(step.get("condition"), request.form_data):
            continue
        host = _step_team(request, step)
        if host is not None and host.pk == request.team_id:
            continue  # the requester's own team lead approves already
        task = ApprovalTask(request=request, position=position, kind=step["kind"])
        if step["kind"] in (StepKind.DESK, StepKind.FINANCE):
            task.desk = _step_desk(step)
        tasks.append(task)
    return tasks


def task_activate(task: ApprovalTask) -> None:
    """Make a waiting task pending, resolving its approver now (delegation, absence)."""
    if task.desk_id is None:
        route = task.request.version.route
        step = route[task.position] if task.position < len(route) else {}
        team = _step_team(task.request, step)
        approver, delegated_from = resolve_approver(task.request, task.kind, team)
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
