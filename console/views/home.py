"""The console's start page and period picker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from approvals import selectors as inbox_selectors
from console import access
from console.forms import PeriodPickForm
from console.views.base import console_view, form_error
from organisation.models import Officer


@require_GET
@console_view
def home(request: HttpRequest, actor: Officer) -> HttpResponse:
    periods = list(access.console_periods(actor))
    return render(
        request,
        "console/home.html",
        {
            "periods": periods,
            "teams": access.console_teams(actor),
            "desk_staff": access.is_desk_staff(actor),
            "waiting": inbox_selectors.inbox_counts(actor=actor)["total"],
        },
    )


@require_GET
@console_view
def period_pick(request: HttpRequest, actor: Officer) -> HttpResponse:
    form = PeriodPickForm(request.GET)
    if not form.is_valid():
        return form_error(request, form)
    period = access.console_period_get(actor, form.cleaned_data["period"])
    return redirect("console:grid", period.pk)
