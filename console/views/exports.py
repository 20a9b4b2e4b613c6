"""Exports of a period's roster: CSV and iCalendar."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from console import access
from console.views.base import console_view
from organisation.models import Officer
from roster import selectors as roster_selectors
from roster.calendar import roster_ics
from roster.models import Assignment


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
