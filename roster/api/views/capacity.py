"""Unit capacity: per team and day, the trend over the last periods, and a CSV export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from roster.api.serializers.capacity import (
    CapacityRangeInputSerializer,
    CapacityTrendInputSerializer,
    UnitCapacitySerializer,
    UnitTrendSerializer,
)
from roster.api.validation import valid_input
from roster.capacity import TREND_MAX_PERIODS, UnitCapacity, unit_capacity, unit_capacity_trend

RANGE = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First local day (default today)."),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="Last local day, inclusive (default: 4 weeks)."
    ),
]


class UnitCapacityApi(ApiView):
    @extend_schema(parameters=RANGE, responses=UnitCapacitySerializer)
    def get(self, request: Request, unit_id: int) -> Response:
        """Per team and local day: places asked, filled and open, members absent or
        unavailable, rostered minutes; per team totals against contract, the nights and
        weekends spread and each officer's figures. For the unit manager (every team of the
        unit), planners and team leads (the teams they plan or lead) and administrators; a
        unit the caller cannot see is 404, one where he manages no team 403. Absences are
        counts only, never a kind or a name."""
        data = valid_input(CapacityRangeInputSerializer, request.query_params)
        capacity = unit_capacity(
            actor=self.actor, unit_id=unit_id, start=data["start"], end=data["end"]
        )
        return Response(UnitCapacitySerializer(capacity).data)


class UnitCapacityTrendApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "periods",
                int,
                description=f"Periods per team, 1-{TREND_MAX_PERIODS} (default 6).",
            )
        ],
        responses=UnitTrendSerializer,
    )
    def get(self, request: Request, unit_id: int) -> Response:
        """Per team its last periods that have started, oldest first, each with the totals
        of the capacity read over its days. Who may read it: as the capacity read."""
        data = valid_input(CapacityTrendInputSerializer, request.query_params)
        trend = unit_capacity_trend(actor=self.actor, unit_id=unit_id, periods=data["periods"])
        return Response(UnitTrendSerializer(trend).data)


class CsvRenderer(BaseRenderer):
    """Lets a client that sends `Accept: text/csv` through content negotiation; an error is
    written as its JSON body."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


CSV_HEADER = [
    "team",
    "date",
    "demand",
    "filled",
    "open",
    "absent",
    "unavailable",
    "rostered_hours",
    "period",
    "phase",
]


def capacity_csv(capacity: UnitCapacity) -> str:
    """One row per team and day; team codes and counts only (no names, no kinds)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for team in capacity.teams:
        for day in team.days:
            period = next((p for p in team.periods if p.start <= day.day < p.end), None)
            writer.writerow(
                [
                    team.team.code,
                    day.day.isoformat(),
                    day.demand,
                    day.filled,
                    day.open,
                    day.absent,
                    day.unavailable,
                    f"{day.rostered_minutes / 60:.2f}",
                    period.period_id if period else "",
                    period.phase if period else "",
                ]
            )
    return out.getvalue()


class UnitCapacityCsvApi(ApiView):
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(parameters=RANGE, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, unit_id: int) -> HttpResponse:
        """The capacity per team and day as a CSV attachment (`team,date,demand,filled,open,
        absent,unavailable,rostered_hours,period,phase`): codes and counts, no names, no
        kinds. Who may read it: as the capacity read."""
        data = valid_input(CapacityRangeInputSerializer, request.query_params)
        capacity = unit_capacity(
            actor=self.actor, unit_id=unit_id, start=data["start"], end=data["end"]
        )
        response = HttpResponse(capacity_csv(capacity), content_type="text/csv; charset=utf-8")
        name = f"capacity-{capacity.unit.code}-{capacity.start:%Y%m%d}-{capacity.end:%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
