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
from requests_desk import selectors as desk_selectors
from requests_desk.services import workflow


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
    context = {
        "obj": obj,
        "events": obj.events.select_related("actor").order_by("created_at", "id"),
        "comments": obj.comments.select_related("author").order_by("created_at", "id"),
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
