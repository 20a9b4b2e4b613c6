"""What every console page shares: login and access, domain errors as HTML pages, the
period context."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.errors import DomainError
from console import access, grid
from organisation.models import Officer
from roster.models import SolveJob
from roster.report_text import report_render

View = Callable[..., HttpResponseBase]


def error_page(
    request: HttpRequest,
    status: int,
    detail: str,
    code: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    context = {"status": status, "detail": detail, "code": code, "fields": fields or {}}
    return render(request, "console/error.html", context, status=status)


def form_error(request: HttpRequest, form: forms.Form) -> HttpResponse:
    fields = {k: [str(m) for m in v] for k, v in form.errors.items()}
    return error_page(request, 400, _("The input is not valid."), "invalid", fields)


def console_view(view: View) -> View:
    """Login (redirect to the console's login page), console access (403), and domain
    errors rendered as HTML with their status."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        actor: Officer = request.user
        if not access.has_console_access(actor):
            return error_page(
                request,
                403,
                _("The console is for planners, team leads, unit managers and desk staff."),
                "forbidden",
            )
        try:
            return view(request, actor, *args, **kwargs)
        except DomainError as exc:
            fields = {"extra": [f"{k}: {v}" for k, v in exc.extra.items()]} if exc.extra else None
            return error_page(request, exc.status, str(exc.detail), exc.code, fields)
        except ValidationError as exc:
            fields = (
                {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
                if hasattr(exc, "error_dict")
                else {"": [str(m) for m in exc.messages]}
            )
            return error_page(request, 400, _("The input is not valid."), "invalid", fields)

    return wrapper


def is_partial(request: HttpRequest) -> bool:
    """The page asks for its fragment only (`?partial=1`), not the whole page."""
    return request.GET.get("partial") == "1"


def period_context(actor: Officer, period: Any) -> dict[str, Any]:
    """What every page of a period shows: the period, the actor's rights, the period menu."""
    return {
        "period": period,
        "can_plan": access.can_plan(actor, period),
        "can_read_report": access.can_read_report(actor, period),
        "periods": access.console_periods(actor),
    }


def visible_report(actor: Officer, period: Any) -> tuple[SolveJob | None, dict[str, Any]]:
    """The job that made the period's roster and its report, if the actor may read it."""
    if not access.can_read_report(actor, period):
        return None, {}
    job = grid.current_job(period)
    # explanations in the reader's language, officers named (roster.report_text)
    return job, report_render(job.report or {}) if job else {}
