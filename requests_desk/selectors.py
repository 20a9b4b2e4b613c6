"""Read access to the request desk, scoped to what the actor may see (else 404).

Visibility of a request by its type's privacy class: public = anyone; internal = requester's
unit and the desk; personal = requester, approvers on its route and the desk;
special_category = the requester and the designated desk only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from common.errors import NotFound
from notifications.selectors import (
    device_export,
    notification_export,
    notification_unread_count,
)
from organisation.competence_selectors import competence_export
from organisation.models import Officer
from organisation.selectors import actor_scope, delegator_ids
from requests_desk.exports import export_sections
from requests_desk.models import (
    OPEN_STATES,
    ApprovalStatus,
    ApprovalTask,
    PrivacyClass,
    Request,
    RequestType,
    State,
)


def request_type_list(
    *, q: str = "", category: str = "", include_inactive: bool = False
) -> QuerySet[RequestType]:
    qs = RequestType.objects.filter(current_version__isnull=False).select_related(
        "current_version__desk"
    )
    if not include_inactive:
        qs = qs.filter(active=True)
    if q:
        qs = qs.filter(
            Q(code__icontains=q)
            | Q(current_version__name_nl__icontains=q)
            | Q(current_version__name_en__icontains=q)
        )
    if category:
        qs = qs.filter(category=category)
    return qs


def request_type_get(*, code: str, include_inactive: bool = False) -> RequestType:
    try:
        return request_type_list(include_inactive=include_inactive).get(code=code)
    except RequestType.DoesNotExist:
        raise NotFound() from None


def _visible(actor: Officer) -> Q:
    scope = actor_scope(actor)
    spec = Q(version__privacy_class=PrivacyClass.SPECIAL_CATEGORY)
    mine = Q(requester=actor) | Q(desk_id__in=scope.desk_ids)
    # on the route: not "any past task" (a substitute's access ends with his delegation)
    approver = Q(approvals__in=ApprovalTask.objects.filter(on_route(actor)))
    approver |= Q(approvals__desk_id__in=scope.desk_ids)
    public = Q(version__privacy_class=PrivacyClass.PUBLIC)
    unit_ids = {t.unit_id for t in actor.teams.all()} | set(scope.managed_unit_ids)
    internal = Q(version__privacy_class=PrivacyClass.INTERNAL, team__unit_id__in=unit_ids)
    others = approver | public | internal
    if scope.is_admin:
        others |= Q(pk__isnull=False)
    return mine | (~spec & others)


def on_route(actor: Officer) -> Q:
    """Approval tasks the actor holds or held as himself, tasks delegated away by him, and
    tasks of the approvers he substitutes for, while that delegation runs (not after: a past
    delegated task gives no lasting access). Relative to `ApprovalTask`."""
    delegators = delegator_ids(actor=actor)
    return (
        Q(approver=actor, delegated_from__isnull=True)
        | Q(delegated_from=actor)
        | Q(approver_id__in=delegators)
        | Q(delegated_from_id__in=delegators)
    )


def internal_comments_visible(*, actor: Officer, request: Request) -> bool:
    """The one rule for internal comments: the staff of the request's desk, and the approvers
    on its route (`on_route`, desk tasks included): never the requester, a colleague or
    another viewer of a public or internal-class request."""
    if actor.pk == request.requester_id:
        return False
    desks = actor_scope(actor).desk_ids
    if request.desk_id is not None and request.desk_id in desks:
        return True
    return ApprovalTask.objects.filter(
        on_route(actor) | Q(desk_id__in=desks), request_id=request.pk
    ).exists()


def request_list(*, actor: Officer) -> QuerySet[Request]:
    ids = Request.objects.filter(_visible(actor)).values("pk")
    return Request.objects.filter(pk__in=ids).select_related(
        "request_type", "version", "requester", "desk", "assignee"
    )


def request_get(*, actor: Officer, request_id: int) -> Request:
    try:
        return request_list(actor=actor).get(pk=request_id)
    except Request.DoesNotExist:
        raise NotFound() from None


def my_request_list(*, actor: Officer) -> QuerySet[Request]:
    return Request.objects.filter(requester=actor).select_related(
        "request_type", "version", "requester", "desk", "assignee"
    )


def approval_inbox(*, actor: Officer) -> QuerySet[ApprovalTask]:
    """ "Waiting for me": every pending approvable item, for me personally or for my desks."""
    desks = actor_scope(actor).desk_ids
    return (
        ApprovalTask.objects.filter(status=ApprovalStatus.PENDING)
        .filter(on_route(actor) | Q(desk_id__in=desks))
        .exclude(request__requester=actor)
        .select_related(
            "request__request_type",
            "request__version",
            "request__requester",
            "request__desk",
        )
        .order_by("request__due_date", "id")
    )


def desk_queue(*, actor: Officer) -> QuerySet[Request]:
    """Requests the actor's desks fulfil: approved (to claim) and in fulfilment."""
    desks = actor_scope(actor).desk_ids
    return (
        Request.objects.filter(desk_id__in=desks, state__in=[State.APPROVED, State.IN_FULFILMENT])
        .select_related("request_type", "version", "requester", "desk", "assignee")
        .order_by("due_date", "id")
    )


def request_badge_counts(*, actor: Officer) -> dict[str, int]:
    """The desk's badges: my open requests, desk approvals waiting for me, the desk queue and
    unread notifications (`approvals.selectors.badge_counts` adds the whole inbox)."""
    mine = Request.objects.filter(requester=actor).aggregate(
        open=Count("id", filter=Q(state__in=[*OPEN_STATES, State.RETURNED, State.DRAFT]))
    )
    return {
        "my_open": int(mine["open"] or 0),
        "waiting_for_me": approval_inbox(actor=actor).count(),
        "desk_queue": desk_queue(actor=actor).count(),
        "unread_notifications": notification_unread_count(actor=actor),
    }


def export_for(*, actor: Officer) -> dict[str, Any]:
    """All of the actor's own requests (with events and public comments), notifications and
    the sections apps above the desk registered (`requests_desk.exports`)."""
    requests = (
        Request.objects.filter(requester=actor)
        .select_related("request_type", "version")
        .prefetch_related("events", "comments")
    )
    return {
        "officer": {"id": actor.pk, "username": actor.username},
        "requests": [
            {
                "id": r.pk,
                "type": r.request_type.code,
                "version": r.version.number,
                "state": r.state,
                "form_data": r.form_data,
                "created_at": r.created_at.isoformat(),
                "events": [
                    {
                        "action": e.action,
                        "from": e.from_state,
                        "to": e.to_state,
                        "at": e.created_at.isoformat(),
                        "comment": e.comment,
                    }
                    for e in r.events.all()
                ],
                "comments": [
                    {"body": c.body, "at": c.created_at.isoformat()}
                    for c in r.comments.all()
                    if not c.internal
                ],
            }
            for r in requests
        ],
        "notifications": notification_export(actor=actor),
        "devices": device_export(actor=actor),
        "competences": competence_export(actor=actor),
        # what apps above the desk hold about him (e.g. the roster's hours and leave)
        **export_sections(actor),
    }
