"""The unit capacity page: per team a chart of the days and of the last periods, the figures
as tables, and the CSV export (the API's, same scoping). Reads `roster.capacity`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from common.errors import Forbidden
from console.capacity_chart import DayColumn, PeriodBar, days_svg, trend_svg
from console.views.base import console_view, form_error
from organisation.models import Officer, Unit
from organisation.selectors import unit_list
from roster.capacity import (
    MAX_DAYS,
    TeamCapacity,
    TeamTrend,
    capacity_teams,
    may_read_capacity,
    unit_capacity,
    unit_capacity_trend,
)
from roster.models import Phase

DEFAULT_DAYS = 28
TREND_PERIODS = 6


class CapacityRangeForm(forms.Form):
    start = forms.DateField(required=False, label=gettext_lazy("from"))
    end = forms.DateField(required=False, label=pgettext_lazy("date range", "to"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("start") or timezone.localdate()
        end = data.get("end") or start + dt.timedelta(days=DEFAULT_DAYS - 1)
        if end < start:
            self.add_error("end", _("The end must not be before the start."))
        elif (end - start).days >= MAX_DAYS:
            self.add_error("end", _("At most %(days)d days at a time.") % {"days": MAX_DAYS})
        data.update(start=start, end=end)
        return data


def capacity_units(actor: Officer) -> list[Unit]:
    """The units in which the actor manages a team (for the picker and the navigation)."""
    if not may_read_capacity(actor):
        return []
    units = []
    for unit in unit_list(actor=actor).order_by("name", "id"):
        try:
            capacity_teams(actor=actor, unit_id=unit.pk)
        except Forbidden:
            continue
        units.append(unit)
    return units


@require_GET
@console_view
def capacity_pick(request: HttpRequest, actor: Officer) -> HttpResponse:
    units = capacity_units(actor)
    if len(units) == 1:
        return redirect("console:capacity", units[0].pk)
    return render(request, "console/capacity_pick.html", {"units": units})


def _day_chart(team: TeamCapacity) -> Any:
    columns = [
        DayColumn(
            label=str(d.day.day),
            tip=_(
                "%(day)s: %(filled)d of %(demand)d places filled, %(open)d open; "
                "%(absent)d absent, %(unavailable)d unavailable"
            )
            % {
                "day": date_format(d.day, "D j M"),
                "filled": d.filled,
                "demand": d.demand,
                "open": d.open,
                "absent": d.absent,
                "unavailable": d.unavailable,
            },
            filled=d.filled,
            open=d.open,
            away=d.absent + d.unavailable,
            weekend=d.day.weekday() >= 5,
        )
        for d in team.days
    ]
    return days_svg(
        title=team.team.name,
        description=_(
            "Per day the places filled (blue) and open (orange) of the team's shifts that "
            "start that day; under each day the members away (absent or unavailable)."
        ),
        columns=columns,
        filled_label=_("filled"),
        open_label=_("open"),
        away_label=_("away"),
    )


def _trend_chart(trend: TeamTrend) -> Any:
    bars = []
    for row in trend.periods:
        t = row.totals
        bars.append(
            PeriodBar(
                label=date_format(row.period.start, "j M Y"),
                percent=round(100 * t.filled / t.demand, 1) if t.demand else None,
                text=_(
                    "%(filled)d/%(demand)d places, %(open)d open, %(absent)d days absent, "
                    "%(hours)d h of %(contract)d h"
                )
                % {
                    "filled": t.filled,
                    "demand": t.demand,
                    "open": t.open,
                    "absent": t.absent_days,
                    "hours": t.rostered_minutes // 60,
                    "contract": t.contract_minutes // 60,
                },
            )
        )
    return trend_svg(
        title=_("%(team)s: the last periods") % {"team": trend.team.name},
        description=_(
            "Per period of the team the share of its places filled, with the places, the "
            "days members were absent and the hours rostered against the contract hours."
        ),
        bars=bars,
    )


@require_GET
@console_view
def capacity(request: HttpRequest, actor: Officer, unit_id: int) -> HttpResponse:
    form = CapacityRangeForm(request.GET)
    if not form.is_valid():
        return form_error(request, form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    figures = unit_capacity(actor=actor, unit_id=unit_id, start=start, end=end)
    trend = unit_capacity_trend(actor=actor, unit_id=unit_id, periods=TREND_PERIODS)
    trends = {t.team.pk: t for t in trend.teams}
    teams = [
        {
            "figures": team,
            "chart": _day_chart(team),
            "trend": [(row, Phase(row.period.phase).label) for row in trends[team.team.pk].periods],
            "trend_chart": _trend_chart(trends[team.team.pk]),
        }
        for team in figures.teams
    ]
    csv_url = reverse("unit-capacity-csv", args=[unit_id]) + f"?from={start}&to={end}"
    return render(
        request,
        "console/capacity.html",
        {"unit": figures.unit, "start": start, "end": end, "teams": teams, "csv_url": csv_url},
    )
