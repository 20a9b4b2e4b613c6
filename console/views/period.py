"""A period's roster grid and what a click on a cell or shift shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.errors import NotFound
from console import access, grid
from console.forms import SolveStartForm, StageOrderForm
from console.views.base import console_view, error_page, is_partial, period_context, visible_report
from console.views.joint import joint_panel
from organisation import need_to_know
from organisation.models import Officer
from roster import selectors as roster_selectors
from roster.models import Phase, RosterPeriod, SolveMode
from roster.report_text import STAGE_LABELS
from roster.services import solver_policy


@require_GET
@console_view
def period_grid(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    context = period_context(actor, period)
    context["grid"] = grid.grid_build(period, actor=actor)
    context["job"] = grid.latest_job(period)
    context["joint"] = joint_panel(actor, period, context["job"])
    context["solve_form"] = SolveStartForm(
        initial={"mode": SolveMode.REPAIR if period.phase == Phase.PUBLISHED else SolveMode.NORMAL}
    )
    context["stage_order"] = _stage_order(actor, period)
    return render(request, "console/grid.html", context)


def _stage_order(actor: Officer, period: RosterPeriod) -> dict[str, Any]:
    """The order of the solver's stages the team's next solve uses, in the reader's language,
    and the form to change it when the actor may."""
    own = solver_policy.team_stages(period.team_id)
    order = own or solver_policy.deployment_stages()
    return {
        "own": own is not None,
        "labels": [STAGE_LABELS.get(name, name) for name in order],
        "may_change": solver_policy.may_change(actor, period.team_id),
        "form": StageOrderForm(order=order),
    }


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
    _job, report = visible_report(actor, period)
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
        # the kind only for who may learn it (organisation.need_to_know): else just "Absent"
        "absences": [
            {
                "kind_label": (
                    need_to_know.shown_kind_label(actor, a)
                    if need_to_know.shown_kind(actor, a) != need_to_know.ABSENT
                    else ""
                ),
                "start": a.start,
                "end": a.end,
                "expected_end": a.expected_end,
            }
            for a in absences
        ],
        "figures": figures,
        "has_report": bool(report),
    }
    template = "console/_cell_detail.html" if is_partial(request) else "console/cell_detail.html"
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
    _job, report = visible_report(actor, period)
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
    template = "console/_shift_detail.html" if is_partial(request) else "console/shift_detail.html"
    return render(request, template, context)
