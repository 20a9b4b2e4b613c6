"""The approvals inbox: list and decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from approvals import selectors as inbox_selectors
from approvals import services as inbox_services
from approvals.registry import INBOX_KINDS
from common.errors import NotFound
from console.forms import InboxDecisionForm
from console.views.base import console_view, error_page, form_error
from organisation.models import Officer
from requests_desk.services import workflow


@require_GET
@console_view
def approvals(request: HttpRequest, actor: Officer) -> HttpResponse:
    """The one approvals inbox (`approvals.selectors.inbox_items`): desk requests, swaps
    and repair suggestions waiting for the actor, soonest due first."""
    items = inbox_selectors.inbox_items(actor=actor)
    return render(request, "console/approvals.html", {"items": items})


@require_POST
@console_view
def inbox_decide(request: HttpRequest, actor: Officer, kind: str, item_id: int) -> HttpResponse:
    """Approve or reject an inbox item through the inbox service; a desk request may also be
    returned to its requester (the desk workflow's `return`)."""
    if kind not in INBOX_KINDS:
        raise NotFound()
    form = InboxDecisionForm(request.POST)
    if not form.is_valid():
        return form_error(request, form)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    if action == "return":
        if kind != "request":
            return error_page(
                request, 400, _("Only a request can be returned."), "invalid", {"action": [action]}
            )
        workflow.request_act(actor=actor, request_id=item_id, action="return", comment=comment)
        messages.success(request, _("Returned to the requester."))
        return redirect("console:approvals")
    result = inbox_services.inbox_decide(
        actor=actor, kind=kind, item_id=item_id, decision=action, comment=comment
    )
    if kind == "repair" and result.job is not None:
        return redirect("console:job", result.job)
    messages.success(request, _("Approved.") if action == "approve" else _("Rejected."))
    return redirect("console:approvals")
