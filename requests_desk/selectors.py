"""Read access to the request desk, scoped to what the actor may see (else 404).

Visibility of a request by its type's privacy class: public = anyone; internal = requester's
unit and the desk; personal = requester, approvers on its route and the desk;
special_category = the requester and the designated desk only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import NotFound
from organisation.models import Officer
from organisation.selectors import actor_scope
from requests_desk.models import (
    OPEN_STATES,
    ApprovalStatus,
    ApprovalTask,
    Notification,
    PrivacyClass,
    Request,
    RequestType,
    State,
)

AMS = ZoneInfo("Europe/Amsterdam")


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
    approver = Q(approvals__approver=actor) | Q(approvals__delegated_from=actor)
    approver |= Q(approvals__desk_id__in=scope.desk_ids)
    public = Q(version__privacy_class=PrivacyClass.PUBLIC)
    unit_ids = {t.unit_id for t in actor.teams.all()} | set(scope.managed_unit_ids)
    internal = Q(version__privacy_class=PrivacyClass.INTERNAL, team__unit_id__in=unit_ids)
    others = approver | public | internal
    if scope.is_admin:
        others |= Q(pk__isnull=False)
    return mine | (~spec & others)


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
        .filter(Q(approver=actor) | Q(delegated_from=actor) | Q(desk_id__in=desks))
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


def badge_counts(*, actor: Officer) -> dict[str, Any]:
    mine = Request.objects.filter(requester=actor).aggregate(
        open=Count("id", filter=Q(state__in=[*OPEN_STATES, State.RETURNED, State.DRAFT]))
    )
    return {
        "my_open": int(mine["open"] or 0),
        "waiting_for_me": approval_inbox(actor=actor).count(),
        "inbox": inbox_counts(actor=actor),
        "desk_queue": desk_queue(actor=actor).count(),
        "unread_notifications": Notification.objects.filter(
            recipient=actor, read_at__isnull=True
        ).count(),
    }


def notification_list(*, actor: Officer, unread: bool | None = None) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=actor)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs


def export_for(*, actor: Officer) -> dict[str, Any]:
    """All of the actor's own requests (with events and public comments) and notifications."""
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
        "notifications": [
            {"kind": n.kind, "title": n.title, "body": n.body, "at": n.created_at.isoformat()}
            for n in Notification.objects.filter(recipient=actor)
        ],
    }


# -- the one approvals inbox: desk requests, swaps and repair suggestions -----------------------

INBOX_KINDS = ("request", "swap", "repair")
#: An item due within this time is `high` urgency (as is an overdue request).
URGENT_WITHIN = dt.timedelta(hours=48)


@dataclass(frozen=True)
class InboxItem:
    """One item waiting for the actor's decision, whatever it is."""

    kind: str
    id: int
    title: str
    requester_id: int | None
    requester_name: str
    team_id: int | None
    status: str
    urgency: str
    due_at: dt.datetime | None
    created_at: dt.datetime
    delegated_from: int | None = None


def _urgency(due_at: dt.datetime | None, now: dt.datetime, *, overdue: bool = False) -> str:
    if overdue or (due_at is not None and due_at <= now + URGENT_WITHIN):
        return "high"
    return "normal"


def _name(officer: Officer | None) -> str:
    if officer is None:
        return ""
    return officer.get_full_name() or officer.username


def inbox_items(*, actor: Officer, kind: str | None = None) -> list[InboxItem]:
    """ "Waiting for me" in one list: desk requests whose approval step is the actor's (or
    his desk's, or delegated to him), accepted swaps of the teams he leads or substitutes
    for, and repair suggestions of the periods he plans. Soonest due first, then oldest.
    One query per kind, whatever the number of items."""
    from roster.services.repair import repair_suggestion_list
    from roster.services.swaps import swaps_awaiting_approval

    now = timezone.now()
    items: list[InboxItem] = []
    if kind in (None, "request"):
        for task in approval_inbox(actor=actor):
            req = task.request
            due = (
                dt.datetime.combine(req.due_date + dt.timedelta(days=1), dt.time.min, tzinfo=AMS)
                if req.due_date
                else None
            )
            items.append(
                InboxItem(
                    kind="request",
                    id=req.pk,
                    title=req.version.name,
                    requester_id=req.requester_id,
                    requester_name=_name(req.requester),
                    team_id=req.team_id,
                    status=req.state,
                    urgency=_urgency(due, now, overdue=req.overdue),
                    due_at=due,
                    created_at=req.submitted_at or req.created_at,
                    delegated_from=task.delegated_from_id,
                )
            )
    if kind in (None, "swap"):
        for swap in swaps_awaiting_approval(actor=actor):
            start = swap.offered_shift.start
            items.append(
                InboxItem(
                    kind="swap",
                    id=swap.pk,
                    title=_("Swap (%(kind)s): shift of %(start)s")
                    % {
                        "kind": swap.get_kind_display(),
                        "start": f"{timezone.localtime(start):%Y-%m-%d %H:%M}",
                    },
                    requester_id=swap.offerer_id,
                    requester_name=_name(swap.offerer),
                    team_id=swap.team_id,
                    status=swap.status,
                    urgency=_urgency(start, now),
                    due_at=start,
                    created_at=swap.accepted_at or swap.created_at,
                )
            )
    if kind in (None, "repair"):
        for suggestion in repair_suggestion_list(actor=actor):
            period = suggestion.period
            items.append(
                InboxItem(
                    kind="repair",
                    id=suggestion.pk,
                    title=_("Repair the roster of %(team)s: %(count)d place(s) freed")
                    % {"team": period.team.name, "count": suggestion.freed_places},
                    requester_id=None,
                    requester_name="",
                    team_id=period.team_id,
                    status="suggested",
                    urgency="high",
                    due_at=None,
                    created_at=suggestion.updated_at,
                )
            )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    items.sort(key=lambda i: (i.due_at or far, i.created_at, i.kind, i.id))
    return items


def inbox_counts(*, actor: Officer) -> dict[str, int]:
    """How many items of each kind wait for the actor (badge counts), and the total."""
    from roster.services.repair import repair_suggestion_list
    from roster.services.swaps import swaps_awaiting_approval

    counts = {
        "request": approval_inbox(actor=actor).count(),
        "swap": swaps_awaiting_approval(actor=actor).count(),
        "repair": repair_suggestion_list(actor=actor).count(),
    }
    return {"total": sum(counts.values()), **counts}
