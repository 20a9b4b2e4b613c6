"""A period's coverage heat map and fairness charts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from console import access, grid
from console.charts import Bar, Pair, comparison_svg, fairness_svg
from console.views.base import console_view, period_context, visible_report
from organisation.models import Officer


@require_GET
@console_view
def coverage(request: HttpRequest, actor: Officer, period_id: int) -> HttpResponse:
    period = access.console_period_get(actor, period_id)
    job, report = visible_report(actor, period)
    rows = report.get("coverage") if report else None
    from_report = rows is not None
    if rows is None:
        rows = grid.coverage_from_db(period)
    context = period_context(actor, period)
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
    job, report = visible_report(actor, period)
    context = period_context(actor, period)
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
