"""Joint solve in the console (issue 18): from a period's page, solve it together with the
other teams' periods that share officers with it, and follow the run."""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from common.errors import NotFound
from console import access
from console.views.base import console_view, form_error, period_context
from organisation.models import Officer
from roster.joint_selectors import joint_candidates, joint_solve_get
from roster.models import RosterPeriod, SolveJob, SolveStatus
from roster.services.solving.failure import error_text
from roster.services.solving.joint_start import joint_solve_start


class JointSolveForm(forms.Form):
    periods = forms.TypedMultipleChoiceField(coerce=int, label=_("periods to solve with"))

    def __init__(self, *args: Any, candidates: list[RosterPeriod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periods"].choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.team.name} {p.start_date} - {p.end_date}") for p in candidates
        ]


def joint_panel(actor: Officer, period: RosterPeriod, latest: SolveJob | None) -> dict[str, Any]:
    """What the period page shows of joint solves: the run of the period's latest solve job
    (`latest`) if it was a joint one the actor may read, and (for the period's planner, while
    it is `signup_closed`) the periods he may solve together with it."""
    run = None
    if latest is not None and latest.joint_id is not None:
        with contextlib.suppress(NotFound):
            run = joint_solve_get(actor=actor, joint_id=latest.joint_id)
    candidates = (
        joint_candidates(actor=actor, period=period) if access.can_plan(actor, period) else []
    )
    return {
        "run": run,
        "candidates": candidates,
        "form": JointSolveForm(candidates=candidates) if candidates else None,
    }


@require_POST
@console_view
def joint_start(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    form = JointSolveForm(request.POST, candidates=joint_candidates(actor=actor, period=period))
    if not form.is_valid():
        return form_error(request, form)
    chosen = {p.pk: p for p in joint_candidates(actor=actor, period=period)}
    others = [chosen[pk] for pk in form.cleaned_data["periods"]]
    run = joint_solve_start(actor=actor, periods=[period, *others])
    return redirect("console:joint", run.pk)


@require_GET
@console_view
def joint_detail(request: HttpRequest, actor: Officer, joint_id: int) -> HttpResponse:
    run = joint_solve_get(actor=actor, joint_id=joint_id)
    jobs = list(run.jobs.all())
    period = access.console_period_get(actor, jobs[0].period_id)
    context = period_context(actor, period)
    rows = [
        {
            "job": job,
            "status_label": SolveStatus(job.status).label,
            "shortfall_places": ((job.report or {}).get("summary") or {}).get("shortfall_places"),
        }
        for job in jobs
    ]
    context.update(
        {"run": run, "rows": rows, "run_error": error_text(run.error, run.error_message)}
    )
    return render(request, "console/joint.html", context)
