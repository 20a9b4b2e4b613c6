"""Solve control: start, follow, cancel, compare a proposal, apply a repair, publish, and the
team's stage order."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from console import access, grid
from console.forms import RepairApplyForm, SolveStartForm, StageOrderForm
from console.views.base import console_view, form_error, period_context
from organisation.models import Officer
from roster import selectors as roster_selectors
from roster.models import Assignment, Shift, SolveJob, SolveMode, SolveStatus
from roster.report_text import report_render
from roster.services import publication, solver_policy
from roster.services.solving import jobs as solve_jobs
from roster.services.solving import repair_apply as solve_repair
from roster.services.solving.failure import error_text


@require_POST
@console_view
def solve_start(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    form = SolveStartForm(request.POST)
    if not form.is_valid():
        return form_error(request, form)
    job = solve_jobs.solve_start(actor=actor, period=period, mode=form.cleaned_data["mode"])
    return redirect("console:job", job.pk)


def _progress(job: SolveJob) -> dict[str, Any]:
    progress = job.progress or {}
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(SolveStatus(job.status).label),
        "active": job.active,
        "objective": progress.get("objective"),
        "bound": progress.get("bound"),
        "seconds": progress.get("seconds"),
        "error": error_text(job.error, job.error_message),  # in the reader's language
        "shortfall_places": ((job.report or {}).get("summary") or {}).get("shortfall_places"),
    }


@require_GET
@console_view
def job_detail(request: HttpRequest, actor: Officer, job_id: int) -> HttpResponse:
    job = roster_selectors.solve_job_get(actor=actor, job_id=job_id)
    access.console_period_get(actor, job.period_id)
    period = job.period
    context = period_context(actor, period)
    context.update({"job": job, "progress": _progress(job)})
    if job.report and access.can_read_report(actor, period):
        # how the roster was made: the stages and the notes, in the reader's language
        context["explained"] = report_render(job.report)
    return render(request, "console/job.html", context)


@require_GET
@console_view
def job_progress(request: HttpRequest, actor: Officer, job_id: int) -> HttpResponse:
    job = roster_selectors.solve_job_get(actor=actor, job_id=job_id)
    response = JsonResponse(_progress(job))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@console_view
def job_cancel(request: HttpRequest, actor: Officer, job_id: int) -> HttpResponse:
    job = roster_selectors.solve_job_get(actor=actor, job_id=job_id)
    solve_jobs.solve_cancel(actor=actor, job=job)
    messages.success(request, _("The solve was cancelled; the roster is unchanged."))
    return redirect("console:job", job.pk)


@require_POST
@console_view
def repair_apply(request: HttpRequest, actor: Officer, job_id: int) -> HttpResponse:
    job = roster_selectors.solve_job_get(actor=actor, job_id=job_id)
    form = RepairApplyForm(request.POST)
    if not form.is_valid():
        return form_error(request, form)
    solve_repair.repair_apply(actor=actor, job=job, consented=form.cleaned_data["consented"])
    messages.success(request, _("The repair was applied to the published roster."))
    return redirect("console:grid", job.period_id)


def _changed_cells(job: SolveJob) -> tuple[dict[tuple[int, int], str], int, int]:
    """Cells where the job's proposal differs from the period's roster as it is now."""
    proposed = {
        (int(p["officer"][1:]), int(p["shift"][1:]), p["skill"])
        for p in (job.result or {}).get("assignments", [])
    }
    current = set(
        Assignment.objects.filter(shift__period=job.period_id).values_list(
            "officer_id", "shift_id", "skill__code"
        )
    )
    marks: dict[tuple[int, int], str] = {}
    for o, s, _k in proposed - current:
        marks[o, s] = "added"
    for o, s, _k in current - proposed:
        marks.setdefault((o, s), "removed")
    return marks, len(proposed - current), len(current - proposed)


@require_GET
@console_view
def compare(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    """The latest finished solve's proposal against the period's roster as it is now: for a
    repair the published roster; for a normal solve, any manual change made since."""
    period = access.console_period_get(actor, period_id)
    job = (
        SolveJob.objects.filter(period=period, status=SolveStatus.DONE, result__isnull=False)
        .order_by("-finished_at", "-id")
        .first()
    )
    context = period_context(actor, period)
    context["job"] = job
    if job is not None:
        marks, added, removed = _changed_cells(job)
        # the grid shows the current roster; proposed-only cells are drawn from the job
        context["grid"] = grid.grid_build(period, actor=actor, changed=marks)
        context["added"], context["removed"] = added, removed
        context["pending_repair"] = (
            job.mode == SolveMode.REPAIR and job.applied_at is None and (added or removed)
        )
        if added:
            _add_proposed(context["grid"], job, marks)
    return render(request, "console/compare.html", context)


def _add_proposed(g: grid.Grid, job: SolveJob, marks: dict[tuple[int, int], str]) -> None:
    """Write the proposal's added placements into the grid cells (marked as added)."""
    added = [(o, s) for (o, s), how in marks.items() if how == "added"]
    shifts = {s.pk: s for s in Shift.objects.filter(pk__in=[s for _o, s in added])}
    days = {d.day: i for i, d in enumerate(g.days)}
    rows = {r.officer_id: r for r in g.rows}
    for o, s in added:
        shift, row = shifts.get(s), rows.get(o)
        if shift is None or row is None:
            continue
        i = days.get(grid.local_day(shift.start))
        if i is None:
            continue
        cell = row.cells[i]
        if "chg-added" in cell.css:
            continue
        cell.css = f"{cell.css} k-{shift.kind} chg-added".replace("off ", "").strip()
        cell.label = f"{cell.label} +{grid.kind_letter(shift.kind)}".strip()
        cell.title = f"{cell.title}; {_('added by the proposal')}".strip("; ")


@require_POST
@console_view
def publish(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    publication.roster_publish(actor=actor, period=period)
    messages.success(request, _("The roster is published; the team has been notified."))
    return redirect("console:grid", period.pk)


@require_POST
@console_view
def stage_order(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    """Set the order of the solver's stages for the period's team (its leads and planners,
    the unit manager, administrators: `solver_policy.may_change`); `reset` returns the team
    to the default order. A bad order is a 400 naming `stages`, and nothing is saved."""
    period = access.console_period_get(actor, period_id)
    form = StageOrderForm(request.POST)
    if not form.is_valid():
        return form_error(request, form)
    stages = [] if request.POST.get("reset") else form.stages()
    solver_policy.solver_policy_update(actor=actor, team=period.team, stages=stages)
    messages.success(request, _("The team's priorities are saved; the next solve uses them."))
    return redirect("console:grid", period.pk)
