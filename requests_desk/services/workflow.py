"""The one state machine of the request desk, shared by every request type.

`TRANSITIONS` is the only table of allowed moves; `request_transition` is the only code that
changes `Request.state`. Each transition checks who may take it, writes an immutable
RequestEvent in the same transaction, and queues notifications for after the commit.

Lock order: the Request row first (select_for_update), then its approval tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.errors import Forbidden, FourEyes, NotFound
from common.i18n import msg
from notifications.models import REQUEST_SUBJECT_KIND, NotificationKind
from notifications.services.notify import Subject, notify_on_commit
from organisation.models import Officer, Role, RoleAssignment
from organisation.selectors import actor_scope
from requests_desk.errors import (
    FOUR_EYES_REQUEST,
    FreeTextNotAllowed,
    NotYourTurn,
    TransitionNotAllowed,
    TypeInactive,
)
from requests_desk.models import (
    NO_FREE_TEXT_OUTCOMES,
    ApprovalStatus,
    ApprovalTask,
    Request,
    RequestComment,
    RequestEvent,
    RequestType,
    State,
)
from requests_desk.outcomes import outcome_for
from requests_desk.selectors import internal_comments_visible, on_route, request_list
from requests_desk.services.forms import form_validate
from requests_desk.services.routing import task_activate, task_recipients, tasks_build
from requests_desk.services.sla import add_working_days, working_days_between


class Who(StrEnum):
    REQUESTER = "requester"
    APPROVER = "approver"
    DESK = "desk"
    REQUESTER_OR_DESK = "requester_or_desk"
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    to: State
    who: Who


S = State
TRANSITIONS: dict[tuple[State, str], Transition] = {
    (S.DRAFT, "submit"): Transition(S.SUBMITTED, Who.REQUESTER),
    (S.RETURNED, "submit"): Transition(S.SUBMITTED, Who.REQUESTER),
    (S.SUBMITTED, "start_approval"): Transition(S.IN_APPROVAL, Who.SYSTEM),
    (S.SUBMITTED, "auto_approve"): Transition(S.APPROVED, Who.SYSTEM),
    (S.IN_APPROVAL, "approve_step"): Transition(S.IN_APPROVAL, Who.APPROVER),
    (S.IN_APPROVAL, "approve"): Transition(S.APPROVED, Who.APPROVER),
    (S.IN_APPROVAL, "reject"): Transition(S.REJECTED, Who.APPROVER),
    (S.IN_APPROVAL, "return"): Transition(S.RETURNED, Who.APPROVER),
    (S.APPROVED, "claim"): Transition(S.IN_FULFILMENT, Who.DESK),
    (S.APPROVED, "assign"): Transition(S.IN_FULFILMENT, Who.DESK),
    (S.IN_FULFILMENT, "assign"): Transition(S.IN_FULFILMENT, Who.DESK),
    (S.APPROVED, "complete"): Transition(S.FULFILLED, Who.SYSTEM),
    (S.IN_FULFILMENT, "fulfil"): Transition(S.FULFILLED, Who.DESK),
    (S.IN_FULFILMENT, "return"): Transition(S.RETURNED, Who.DESK),
    (S.IN_FULFILMENT, "reject"): Transition(S.REJECTED, Who.DESK),
    (S.FULFILLED, "close"): Transition(S.CLOSED, Who.REQUESTER_OR_DESK),
    (S.FULFILLED, "auto_close"): Transition(S.CLOSED, Who.SYSTEM),
    (S.DRAFT, "withdraw"): Transition(S.WITHDRAWN, Who.REQUESTER),
    (S.SUBMITTED, "withdraw"): Transition(S.WITHDRAWN, Who.REQUESTER),
    (S.IN_APPROVAL, "withdraw"): Transition(S.WITHDRAWN, Who.REQUESTER),
    (S.RETURNED, "withdraw"): Transition(S.WITHDRAWN, Who.REQUESTER),
    (S.APPROVED, "withdraw"): Transition(S.WITHDRAWN, Who.REQUESTER),
}

# Actions a client may ask for; the others are taken by the workflow itself.
PUBLIC_ACTIONS = (
    "submit",
    "approve",
    "reject",
    "return",
    "claim",
    "assign",
    "fulfil",
    "close",
    "withdraw",
)


def _is_desk_staff(actor: Officer, desk_id: int | None) -> bool:
    return desk_id is not None and desk_id in actor_scope(actor).desk_ids


def _pending_task_for(actor: Officer, request: Request) -> ApprovalTask | None:
    """The pending task the actor may decide: his own, his desk's, or one of an approver he
    substitutes for while the delegation runs (`selectors.on_route`)."""
    desks = actor_scope(actor).desk_ids
    return (
        request.approvals.select_for_update()
        .filter(status=ApprovalStatus.PENDING)
        .filter(on_route(actor) | Q(desk_id__in=desks))
        .order_by("position", "id")
        .first()
    )


def _check_who(actor: Officer, request: Request, who: Who, *, system: bool) -> None:
    if who == Who.SYSTEM:
        if not system:
            raise TransitionNotAllowed()
        return
    if system:
        return
    is_requester = actor.pk == request.requester_id
    if who == Who.REQUESTER and is_requester:
        return
    if who == Who.DESK and _is_desk_staff(actor, request.desk_id):
        return
    if who == Who.REQUESTER_OR_DESK and (is_requester or _is_desk_staff(actor, request.desk_id)):
        return
    if who == Who.APPROVER:
        if is_requester:
            raise FourEyes(FOUR_EYES_REQUEST)
        if _pending_task_for(actor, request) is not None:
            return
    raise NotYourTurn()


def request_transition(
    *,
    actor: Officer,
    request: Request,
    action: str,
    comment: str = "",
    system: bool = False,
) -> Request:
    """Move `request` by `action` per TRANSITIONS; write the audit event; notify on commit.

    The caller holds the request row lock. `system=True` marks a move the workflow makes
    itself (recorded with the triggering actor and the action name).
    """
    transition = TRANSITIONS.get((State(request.state), action))
    if transition is None:
        raise TransitionNotAllowed(extra={"state": request.state, "action": action})
    _check_who(actor, request, transition.who, system=system)
    with transaction.atomic():
        from_state = request.state
        request.state = transition.to
        now = timezone.now()
        if transition.to == State.CLOSED:
            request.closed_at = now
        request.save()
        RequestEvent.objects.create(
            request=request,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=transition.to,
            comment=comment,
        )
        _notify(request, actor, action, transition.to)
    return request


#: What the requester hears when his request comes to one of these states.
REQUESTER_KINDS: dict[State, NotificationKind] = {
    State.APPROVED: NotificationKind.REQUEST_APPROVED,
    State.RETURNED: NotificationKind.REQUEST_RETURNED,
    State.REJECTED: NotificationKind.REQUEST_REJECTED,
    State.FULFILLED: NotificationKind.REQUEST_FULFILLED,
    State.CLOSED: NotificationKind.REQUEST_CLOSED,
}


def request_subject(request: Request) -> Subject:
    """A request as the subject of a notification: kind, id and its API URL."""
    url = reverse("request-detail", kwargs={"request_id": request.pk})
    return Subject(kind=REQUEST_SUBJECT_KIND, id=request.pk, url=url)


def _notify(request: Request, actor: Officer, action: str, to: State) -> None:
    ref = msg(gettext_noop("Request #%(id)s"), id=request.pk)
    tell_requester = actor.pk != request.requester_id or action in ("auto_approve", "complete")
    if to in REQUESTER_KINDS and tell_requester:
        notify_on_commit(
            recipient_ids=[request.requester_id],
            kind=REQUESTER_KINDS[to],
            title=msg(gettext_noop("%(ref)s: %(state)s"), ref=ref, state=State(to).label),
            subject=request_subject(request),
        )
    if to == State.APPROVED and request.desk_id is not None:
        desk_staff = RoleAssignment.objects.filter(role=Role.DESK_STAFF, desk_id=request.desk_id)
        notify_on_commit(
            recipient_ids=desk_staff.values_list("officer_id", flat=True),
            kind=NotificationKind.DESK_QUEUE,
            title=msg(gettext_noop("%(ref)s is in your desk's queue"), ref=ref),
            subject=request_subject(request),
        )


def _lock(request_id: int) -> Request:
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("version", "request_type", "requester", "team")
        .get(pk=request_id)
    )


def _activate_next(request: Request, actor: Officer) -> bool:
    task = request.approvals.filter(
        status__in=[ApprovalStatus.WAITING, ApprovalStatus.RETURNED]
    ).first()
    if task is None:
        return False
    task_activate(task)
    notify_on_commit(
        recipient_ids=task_recipients(task),
        kind=NotificationKind.APPROVAL_PENDING,
        title=msg(gettext_noop("Request #%(id)s waits for your approval"), id=request.pk),
        subject=request_subject(request),
    )
    return True


def _after_approved(request: Request, actor: Officer) -> None:
    handler = outcome_for(request.version.outcome_kind).on_approved
    if handler is not None:
        handler(request, actor)
    if request.desk_id is None:
        request_transition(actor=actor, request=request, action="complete", system=True)
        request_transition(actor=actor, request=request, action="auto_close", system=True)


def _submit(request: Request, actor: Officer, comment: str) -> None:
    first = request.state == State.DRAFT
    form_validate(schema=request.version.form_schema, data=request.form_data)
    now = timezone.now()
    # The route follows the form as it is now: a returned request that was edited gets the
    # steps its new values need (and earlier approvals, given to other values, count no more).
    _cancel_open_tasks(request)
    tasks = tasks_build(request)
    if first:
        request.submitted_at = now
        request.due_date = add_working_days(timezone.localdate(), request.version.sla_days)
    elif request.paused_at is not None and request.due_date is not None:
        paused = working_days_between(
            timezone.localtime(request.paused_at).date(), timezone.localdate()
        )
        request.due_date = add_working_days(request.due_date, paused)
        request.paused_at = None
    request_transition(actor=actor, request=request, action="submit", comment=comment)
    ApprovalTask.objects.bulk_create(tasks)
    if first:
        handler = outcome_for(request.version.outcome_kind).on_submitted
        if handler is not None:
            handler(request, actor)
    if _activate_next(request, actor):
        request_transition(actor=actor, request=request, action="start_approval", system=True)
    else:
        request_transition(actor=actor, request=request, action="auto_approve", system=True)
        _after_approved(request, actor)


def _approve(request: Request, actor: Officer, comment: str) -> None:
    if request.state != State.IN_APPROVAL:
        raise TransitionNotAllowed(extra={"state": request.state, "action": "approve"})
    if actor.pk == request.requester_id:
        raise FourEyes(FOUR_EYES_REQUEST)
    task = _pending_task_for(actor, request)
    if task is None:
        raise NotYourTurn()
    waiting = [ApprovalStatus.WAITING, ApprovalStatus.RETURNED]
    has_next = request.approvals.filter(status__in=waiting).exclude(pk=task.pk).exists()
    action = "approve_step" if has_next else "approve"
    request_transition(actor=actor, request=request, action=action, comment=comment)
    task.status = ApprovalStatus.APPROVED
    task.decided_by = actor
    task.decided_at = timezone.now()
    task.save()
    if has_next:
        _activate_next(request, actor)
    else:
        _after_approved(request, actor)


def _decide_against(request: Request, actor: Officer, action: str, comment: str) -> None:
    """Reject or return: by the current approver in approval, by the desk in fulfilment."""
    if request.state == State.IN_APPROVAL:
        if actor.pk == request.requester_id:
            raise FourEyes(FOUR_EYES_REQUEST)
        task = _pending_task_for(actor, request)
        if task is None:
            raise NotYourTurn()
        request_transition(actor=actor, request=request, action=action, comment=comment)
        task.status = ApprovalStatus.REJECTED if action == "reject" else ApprovalStatus.RETURNED
        task.decided_by = actor
        task.decided_at = timezone.now()
        task.save()
    else:
        request_transition(actor=actor, request=request, action=action, comment=comment)
    if action == "return":
        request.paused_at = timezone.now()
        request.save(update_fields=["paused_at"])
    else:
        _cancel_open_tasks(request)


def _cancel_open_tasks(request: Request) -> None:
    request.approvals.filter(
        status__in=[ApprovalStatus.WAITING, ApprovalStatus.PENDING, ApprovalStatus.RETURNED]
    ).update(status=ApprovalStatus.CANCELLED)


def request_act(
    *,
    actor: Officer,
    request_id: int,
    action: str,
    comment: str = "",
    assignee: Officer | None = None,
) -> Request:
    """Carry out a client action on a request the actor can see (404 otherwise)."""
    # Approvers on the route may act on a special-category request without reading it.
    on_route_tasks = ApprovalTask.objects.filter(on_route(actor), request_id=request_id)
    if not (request_list(actor=actor).filter(pk=request_id).exists() or on_route_tasks.exists()):
        raise NotFound()
    if action not in PUBLIC_ACTIONS:
        raise TransitionNotAllowed(extra={"action": action})
    with transaction.atomic():
        request = _lock(request_id)
        if comment:
            _refuse_free_text(actor, request, field="comment")
        if action == "submit":
            _submit(request, actor, comment)
        elif action == "approve":
            _approve(request, actor, comment)
        elif action in ("reject", "return"):
            _decide_against(request, actor, action, comment)
        elif action == "claim":
            request.assignee = actor
            request_transition(actor=actor, request=request, action="claim", comment=comment)
        elif action == "assign":
            if assignee is None or not _is_desk_staff(assignee, request.desk_id):
                raise Forbidden(_("The assignee must be staff of this desk."))
            request.assignee = assignee
            request_transition(actor=actor, request=request, action="assign", comment=comment)
        elif action == "withdraw":
            request_transition(actor=actor, request=request, action="withdraw", comment=comment)
            _cancel_open_tasks(request)
        else:
            request_transition(actor=actor, request=request, action=action, comment=comment)
    return request


def request_create(
    *,
    actor: Officer,
    request_type: RequestType,
    form_data: dict[str, Any],
    submit: bool = False,
) -> Request:
    """File a request under the type's current version (a draft, or submitted at once)."""
    version = request_type.current_version
    if not request_type.active or version is None:
        raise TypeInactive()
    form_validate(schema=version.form_schema, data=form_data)
    with transaction.atomic():
        request = Request.objects.create(
            requester=actor,
            request_type=request_type,
            version=version,
            team=actor.teams.order_by("id").first(),
            desk=version.desk,
            form_data=form_data,
        )
        RequestEvent.objects.create(
            request=request, actor=actor, action="create", from_state=S.DRAFT, to_state=S.DRAFT
        )
        if submit:
            request = _lock(request.pk)
            _submit(request, actor, "")
    return request


def request_update(*, actor: Officer, request: Request, form_data: dict[str, Any]) -> Request:
    """The requester edits the form of a draft or returned request."""
    if request.requester_id != actor.pk:
        raise NotYourTurn()
    with transaction.atomic():
        locked = _lock(request.pk)
        if locked.state not in (State.DRAFT, State.RETURNED):
            raise TransitionNotAllowed(extra={"state": locked.state, "action": "edit"})
        form_validate(schema=locked.version.form_schema, data=form_data)
        locked.form_data = form_data
        locked.save(update_fields=["form_data", "updated_at"])
    return locked


def _refuse_free_text(actor: Officer, request: Request, *, field: str) -> None:
    """The requester of a sick form writes no free text (`NO_FREE_TEXT_OUTCOMES`): not in a
    comment, not in a transition's comment."""
    sick_form = request.version.outcome_kind in NO_FREE_TEXT_OUTCOMES
    if sick_form and actor.pk == request.requester_id:
        raise FreeTextNotAllowed(extra={"fields": {field: [FreeTextNotAllowed.message]}})


def comment_create(
    *, actor: Officer, request: Request, body: str, internal: bool = False
) -> RequestComment:
    """Add a comment; internal comments are for the desk and approvers only (the one rule of
    `selectors.internal_comments_visible`, for writing as for reading)."""
    is_requester = actor.pk == request.requester_id
    staff = internal_comments_visible(actor=actor, request=request)
    if internal and not staff:
        raise Forbidden(_("Only the desk and approvers may write internal comments."))
    if not (is_requester or staff):
        raise Forbidden()
    _refuse_free_text(actor, request, field="body")
    return RequestComment.objects.create(
        request=request, author=actor, body=body, internal=internal
    )


def requests_escalate_overdue(*, today: dt.date | None = None) -> int:
    """Mark open requests past their due date overdue and notify the desk (once each)."""
    today = today or timezone.localdate()
    count = 0
    ids = list(
        Request.objects.filter(
            state__in=[S.SUBMITTED, S.IN_APPROVAL, S.APPROVED, S.IN_FULFILMENT],
            due_date__lt=today,
            paused_at__isnull=True,
            escalated_at__isnull=True,
        ).values_list("id", flat=True)
    )
    for request_id in ids:
        with transaction.atomic():
            request = Request.objects.select_for_update().get(pk=request_id)
            if request.escalated_at is not None:
                continue
            request.overdue = True
            request.escalated_at = timezone.now()
            request.save(update_fields=["overdue", "escalated_at"])
            recipients = _escalation_recipients(request)
            notify_on_commit(
                recipient_ids=recipients,
                kind=NotificationKind.REQUEST_OVERDUE,
                title=msg(gettext_noop("Request #%(id)s is overdue"), id=request.pk),
                subject=request_subject(request),
                urgent=True,
            )
            count += 1
    return count


def _escalation_recipients(request: Request) -> list[int]:
    if request.desk_id is not None:
        return list(
            RoleAssignment.objects.filter(
                role=Role.DESK_STAFF, desk_id=request.desk_id
            ).values_list("officer_id", flat=True)
        )
    return list(
        request.approvals.filter(status=ApprovalStatus.PENDING, approver__isnull=False).values_list(
            "approver_id", flat=True
        )
    )
