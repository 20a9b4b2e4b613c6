"""The console's pages. Like the API views they are thin: check access, validate the input
(a Django form; bad input is a 400 that names the field and saves nothing), call one service
or selector, render. Domain errors render as an HTML page with the error's own status."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.errors import DomainError, Forbidden, NotFound
from console import access, grid
from console.charts import Bar, Pair, comparison_svg, fairness_svg
from console.forms import (
    DeskActionForm,
    InboxDecisionForm,
    PeriodPickForm,
    RepairApplyForm,
    SolveStartForm,
)
from organisation.models import Officer
from requests_desk import selectors as desk_selectors
from requests_desk.services import inbox, workflow
from roster import selectors as roster_selectors
from roster.calendar import roster_ics
from roster.models import Assignment, Phase, SolveJob, SolveMode, SolveStatus
from roster.services import publication
from roster.services.solving import jobs as solve_jobs
from roster.services.solving import repair_apply as solve_repair

P = ParamSpec("P")
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


def _partial(request: HttpRequest) -> bool:
    return request.GET.get("partial") == "1"


def _period_context(actor: Officer, period: Any) -> dict[str, Any]:
    return {
        "period": period,
        "can_plan": access.can_plan(actor, period),
        "can_read_report": access.can_read_report(actor, period),
        "periods": access.console_periods(actor),
    }


# --- home and period picker ------------------------------------------------------------------


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
            "waiting": desk_selectors.inbox_counts(actor=actor)["total"],
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


# --- grid and details -----------------------------------------------------------------------


@require_GET
@console_view
def period_grid(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    context = _period_context(actor, period)
    context["grid"] = grid.grid_build(period)
    context["job"] = grid.latest_job(period)
    context["solve_form"] = SolveStartForm(
        initial={"mode": SolveMode.REPAIR if period.phase == Phase.PUBLISHED else SolveMode.NORMAL}
    )
    return render(request, "console/grid.html", context)


def _report(actor: Officer, period: Any) -> tuple[SolveJob | None, dict[str, Any]]:
    if not access.can_read_report(actor, period):
        return None, {}
    job = grid.current_job(period)
    return job, (job.report or {}) if job else {}


@require_GET
@console_view
def cell_detail(
    request: HttpRequest, actor: Officer, period_id: int, officer_id: int, day: str
) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return error_page(request, 400, _("Not a date."), "invalid", {"day": [day]})
    if not period.start_date <= date < period.end_date:
        raise NotFound()
    officer = Officer.objects.filter(pk=officer_id).first()
    if officer is None:
        raise NotFound()
    assignments = [
        a
        for a in roster_selectors.assignment_list(actor=actor, period=period)
        .filter(officer=officer)
        .order_by("shift__start")
        if grid.local_day(a.shift.start) == date
    ]
    absences = [
        a
        for a in roster_selectors.absence_list(actor=actor).filter(officer=officer)
        if date in set(grid.absence_days(a, date, date))
    ]
    if not assignments and not absences and not officer.teams.filter(pk=period.team_id).exists():
        raise NotFound()
    _job, report = _report(actor, period)
    why = {w["shift"]: w["text"] for w in report.get("why", {}).get(f"o{officer.pk}", [])}
    rows = [
        {
            "assignment": a,
            "why": why.get(f"s{a.shift_id}", ""),
        }
        for a in assignments
    ]
    figures = next(
        (r for r in report.get("officers", []) if r["officer"] == f"o{officer.pk}"), None
    )
    context = {
        "period": period,
        "officer": officer,
        "date": date,
        "rows": rows,
        "absences": absences,
        "figures": figures,
        "has_report": bool(report),
    }
    template = "console/_cell_detail.html" if _partial(request) else "console/cell_detail.html"
    return render(request, template, context)


@require_GET
@console_view
def shift_detail(
    request: HttpRequest, actor: Officer, period_id: int, shift_id: int
) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    shift = roster_selectors.shift_get(actor=actor, shift_id=shift_id)
    if shift.period_id != period.pk:
        raise NotFound()
    assignments = list(
        roster_selectors.assignment_list(actor=actor, period=period)
        .filter(shift=shift)
        .order_by("skill__code", "officer__last_name")
    )
    filled: dict[str, int] = {}
    for a in assignments:
        filled[a.skill.code] = filled.get(a.skill.code, 0) + 1
    demand = [
        {
            "skill": k,
            "demand": int(v),
            "filled": filled.get(k, 0),
            "missing": max(0, int(v) - filled.get(k, 0)),
        }
        for k, v in sorted(shift.demand.items())
    ]
    _job, report = _report(actor, period)
    names = grid.report_names(report)
    reasons = [
        {
            "skill": s["skill"],
            "missing": s["missing"],
            "reasons": grid.name_shift_refs(
                [grid.name_refs(r, names) for r in s.get("reasons", [])]
            ),
        }
        for s in report.get("shortfalls", [])
        if s["shift"] == f"s{shift.pk}"
    ]
    context = {
        "period": period,
        "shift": shift,
        "assignments": assignments,
        "demand": demand,
        "reasons": reasons,
        "has_report": bool(report),
        "missing_now": sum(d["missing"] for d in demand),
    }
    template = "console/_shift_detail.html" if _partial(request) else "console/shift_detail.html"
    return render(request, template, context)


# --- coverage heat map and fairness ---------------------------------------------------------


@require_GET
@console_view
def coverage(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    job, report = _report(actor, period)
    rows = report.get("coverage") if report else None
    from_report = rows is not None
    if rows is None:
        rows = grid.coverage_from_db(period)
    context = _period_context(actor, period)
    context.update(
        {
            "days": grid.period_days(period),
            "heat": grid.heat_rows(period, rows),
            "from_report": from_report,
            "job": job,
        }
    )
    return render(request, "console/coverage.html", context)


FAIR_METRICS = (
    ("nights", "nights", "nights"),
    ("weekends", "weekend_shifts", "weekends"),
    ("holidays", "holiday_shifts", "holidays"),
)


def _fairness_charts(report: dict[str, Any]) -> list[Any]:
    rows = sorted(report.get("officers", []), key=lambda r: r["name"])
    titles = {
        "nights": _("Nights"),
        "weekends": _("Weekend shifts"),
        "holidays": _("Holiday shifts"),
    }
    charts = []
    share_label, history_label = _("fair share"), _("history")
    for field, share_key, history_key in FAIR_METRICS:
        bars = [
            Bar(
                label=r["name"],
                value=float(r[field]),
                share=r["fair_share"].get(share_key),
                history=float(r["history"][history_key]),
            )
            for r in rows
        ]
        charts.append(
            fairness_svg(
                title=titles[field],
                description=_(
                    "%(what)s per officer this period (bar) against his fair share "
                    "(black tick), with the count of earlier periods (history)."
                )
                % {"what": titles[field]},
                bars=bars,
                share_label=share_label,
                history_label=history_label,
            )
        )
    hour_bars = [
        Bar(
            label=r["name"],
            value=round(r["minutes"] / 60, 1),
            share=(
                round(r["fair_share"]["minutes"] / 60, 1)
                if r["fair_share"].get("minutes") is not None
                else None
            ),
            history=round(r["history"]["minutes_delta"] / 60, 1),
        )
        for r in rows
    ]
    charts.append(
        fairness_svg(
            title=_("Hours"),
            description=_(
                "Hours per officer this period against his fair share in proportion to his "
                "contract and availability; history is his plus/minus hours of earlier periods."
            ),
            bars=hour_bars,
            share_label=share_label,
            history_label=_("history ±h"),
            tolerance=8,  # one standard shift
        )
    )
    return charts


def _comparison_chart(report: dict[str, Any]) -> Any:
    comparison = report.get("comparison") or {}
    solver, base = comparison.get("solver") or {}, comparison.get("baseline") or {}
    if not solver or not base:
        return None

    def rate(value: Any) -> float | None:
        return None if value is None else round(100 * float(value), 1)

    pairs = [
        Pair(
            _("Empty places"), solver.get("shortfall_places"), base.get("shortfall_places"), "lower"
        ),
        Pair(
            _("Nights per FTE, spread"),
            solver.get("nights_per_fte_spread"),
            base.get("nights_per_fte_spread"),
            "lower",
        ),
        Pair(
            _("Weekends per FTE, spread"),
            solver.get("weekends_per_fte_spread"),
            base.get("weekends_per_fte_spread"),
            "lower",
        ),
        Pair(
            _("Lowest wish grant rate (%)"),
            rate(solver.get("min_wish_grant_rate")),
            rate(base.get("min_wish_grant_rate")),
            "higher",
        ),
        Pair(
            _("Wishes granted"), solver.get("wishes_granted"), base.get("wishes_granted"), "higher"
        ),
        Pair(
            _("'Rather not' given"),
            solver.get("rather_not_given"),
            base.get("rather_not_given"),
            "lower",
        ),
    ]
    return comparison_svg(
        title=_("Solver vs first-come baseline"),
        description=_(
            "For each measure the solver's roster and the first-come-first-served baseline on "
            "the same input; the values are written next to the bars."
        ),
        pairs=pairs,
        solver_label=_("Solver"),
        baseline_label=_("First come"),
    )


@require_GET
@console_view
def fairness(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    job, report = _report(actor, period)
    context = _period_context(actor, period)
    context.update(
        {
            "job": job,
            "charts": _fairness_charts(report) if report else [],
            "comparison": _comparison_chart(report) if report else None,
            "officers": sorted(report.get("officers", []), key=lambda r: r["name"]),
            "summary": report.get("summary") or {},
            "baseline": (report.get("comparison") or {}).get("baseline") or {},
        }
    )
    return render(request, "console/fairness.html", context)


# --- solve control --------------------------------------------------------------------------


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
        "error": job.error,
        "shortfall_places": ((job.report or {}).get("summary") or {}).get("shortfall_places"),
    }


@require_GET
@console_view
def job_detail(request: HttpRequest, actor: Officer, job_id: int) -> HttpResponse:
    job = roster_selectors.solve_job_get(actor=actor, job_id=job_id)
    access.console_period_get(actor, job.period_id)
    period = job.period
    context = _period_context(actor, period)
    context.update({"job": job, "progress": _progress(job)})
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
    context = _period_context(actor, period)
    context["job"] = job
    if job is not None:
        marks, added, removed = _changed_cells(job)
        # the grid shows the current roster; proposed-only cells are drawn from the job
        context["grid"] = grid.grid_build(period, changed=marks)
        context["added"], context["removed"] = added, removed
        context["pending_repair"] = (
            job.mode == SolveMode.REPAIR and job.applied_at is None and (added or removed)
        )
        if added:
            _add_proposed(context["grid"], job, marks)
    return render(request, "console/compare.html", context)


def _add_proposed(g: grid.Grid, job: SolveJob, marks: dict[tuple[int, int], str]) -> None:
    """Write the proposal's added placements into the grid cells (marked as added)."""
    from roster.models import Shift

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


# --- approvals ------------------------------------------------------------------------------


@require_GET
@console_view
def approvals(request: HttpRequest, actor: Officer) -> HttpResponse:
    """The one approvals inbox (`requests_desk.selectors.inbox_items`): desk requests, swaps
    and repair suggestions waiting for the actor, soonest due first."""
    items = desk_selectors.inbox_items(actor=actor)
    return render(request, "console/approvals.html", {"items": items})


@require_POST
@console_view
def inbox_decide(request: HttpRequest, actor: Officer, kind: str, item_id: int) -> HttpResponse:
    """Approve or reject an inbox item through the inbox service; a desk request may also be
    returned to its requester (the desk workflow's `return`)."""
    if kind not in desk_selectors.INBOX_KINDS:
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
    result = inbox.inbox_decide(
        actor=actor, kind=kind, item_id=item_id, decision=action, comment=comment
    )
    if kind == "repair" and result.job is not None:
        return redirect("console:job", result.job)
    messages.success(request, _("Approved.") if action == "approve" else _("Rejected."))
    return redirect("console:approvals")


# --- desk queue -----------------------------------------------------------------------------


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


# --- exports --------------------------------------------------------------------------------


def _export_assignments(actor: Officer, period: Any) -> list[Assignment]:
    return list(
        roster_selectors.assignment_list(actor=actor, period=period)
        .filter(shift__cancelled_at__isnull=True)
        .select_related("shift__team")
        .order_by("shift__start", "officer__last_name", "id")
    )


@require_GET
@console_view
def export_csv(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"roster-{period.team.code}-{period.start_date:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        ["date", "start", "end", "kind", "shift", "employee_number", "officer", "skill", "source"]
    )
    for a in _export_assignments(actor, period):
        start, end = timezone.localtime(a.shift.start), timezone.localtime(a.shift.end)
        writer.writerow(
            [
                start.date().isoformat(),
                start.isoformat(timespec="minutes"),
                end.isoformat(timespec="minutes"),
                a.shift.kind,
                a.shift_id,
                a.officer.employee_number,
                _csv_safe(a.officer.get_full_name() or a.officer.username),
                a.skill.code,
                a.source,
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@console_view
def export_ics(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    body = roster_ics(
        _export_assignments(actor, period),
        name=f"{period.team.name} {period.start_date:%Y-%m-%d}",
        team_roster=True,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = f"roster-{period.team.code}-{period.start_date:%Y%m%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
