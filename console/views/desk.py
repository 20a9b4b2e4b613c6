"""The desk queue: requests routed to the actor's desks and acting on them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.errors import Forbidden
from console import access
from console.forms import DeskActionForm
from console.views.base import console_view, form_error
from organisation.models import Officer
from organisation.need_to_know import may_read_special_category
from requests_desk import selectors as desk_selectors
from requests_desk.models import PrivacyClass, ReadChannel
from requests_desk.services import privacy, workflow


def _require_desk(actor: Officer) -> None:
    if not access.is_desk_staff(actor):
        raise Forbidden(_("The desk queue is for desk staff."))


@require_GET
@console_view
def desk_queue(request: HttpRequest, actor: Officer) -> HttpResponse:
    _require_desk(actor)
    queue = list(desk_selectors.desk_queue(actor=actor))
    return render(request, "console/desk.html", {"queue": queue})


@require_GET
@console_view
def desk_request(request: HttpRequest, actor: Officer, request_id: int) -> HttpResponse:
    _require_desk(actor)
    obj = desk_selectors.request_get(actor=actor, request_id=request_id)
    # A special-category request's form only for its desk (`need_to_know`), every read logged
    # as in the API; internal comments by the desk's one rule.
    privacy.request_read_record(actor=actor, request=obj, channel=ReadChannel.CONSOLE)
    comments = obj.comments.select_related("author").order_by("created_at", "id")
    if not desk_selectors.internal_comments_visible(actor=actor, request=obj):
        comments = comments.filter(internal=False)
    context = {
        "obj": obj,
        "show_form": obj.version.privacy_class != PrivacyClass.SPECIAL_CATEGORY
        or may_read_special_category(actor, officer_id=obj.requester_id, desk_id=obj.desk_id),
        "events": obj.events.select_related("actor").order_by("created_at", "id"),
        "comments": comments,
    }
    return render(request, "console/desk_request.html", context)


@require_POST
@console_view
def desk_act(request: HttpRequest, actor: Officer, request_id: int) -> HttpResponse:
    _require_desk(actor)
    obj = desk_selectors.request_get(actor=actor, request_id=request_id)
    form = DeskActionForm(request.POST)
    if not form.is_valid():
        return form_error(request, form)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    if action == "comment":
        workflow.comment_create(
            actor=actor, request=obj, body=comment, internal=form.cleaned_data["internal"]
        )
        messages.success(request, _("Comment added."))
    else:
        workflow.request_act(actor=actor, request_id=obj.pk, action=action, comment=comment)
        messages.success(request, _("Request updated."))
    return redirect("console:desk-request", obj.pk)
