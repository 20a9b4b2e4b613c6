"""Solving a period: start, follow, cancel, repair, apply, and the report."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from roster import selectors
from roster.api.serializers.solving import (
    RepairApplyInputSerializer,
    SolveJobOutputSerializer,
    SolveStartInputSerializer,
)
from roster.api.validation import valid_input
from roster.services import repair
from roster.services.solving import jobs as solve_jobs
from roster.services.solving import repair_apply as solve_repair


class PeriodSolveApi(ApiView):
    @extend_schema(request=SolveStartInputSerializer, responses={202: SolveJobOutputSerializer})
    def post(self, request: Request, period_id: int) -> Response:
        data = valid_input(SolveStartInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        job = solve_jobs.solve_start(actor=self.actor, period=period, mode=data["mode"])
        job.refresh_from_db()  # with eager Celery the job has already run
        return Response(SolveJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class SolveJobDetailApi(ApiView):
    @extend_schema(responses=SolveJobOutputSerializer)
    def get(self, request: Request, job_id: int) -> Response:
        job = selectors.solve_job_get(actor=self.actor, job_id=job_id)
        return Response(SolveJobOutputSerializer(job).data)


class SolveJobCancelApi(ApiView):
    @extend_schema(request=None, responses=SolveJobOutputSerializer)
    def post(self, request: Request, job_id: int) -> Response:
        job = selectors.solve_job_get(actor=self.actor, job_id=job_id)
        job = solve_jobs.solve_cancel(actor=self.actor, job=job)
        return Response(SolveJobOutputSerializer(job).data)


class SolveJobApplyApi(ApiView):
    @extend_schema(request=RepairApplyInputSerializer, responses=SolveJobOutputSerializer)
    def post(self, request: Request, job_id: int) -> Response:
        job = selectors.solve_job_get(actor=self.actor, job_id=job_id)
        data = valid_input(RepairApplyInputSerializer, request.data)
        job = solve_repair.repair_apply(
            actor=self.actor, job=job, consented=data.get("consented", [])
        )
        return Response(SolveJobOutputSerializer(job).data)


class PeriodReportApi(ApiView):
    @extend_schema(responses=dict[str, Any])
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return Response(selectors.period_report(actor=self.actor, period=period))


class PeriodRepairApi(ApiView):
    @extend_schema(request=None, responses={202: SolveJobOutputSerializer})
    def post(self, request: Request, period_id: int) -> Response:
        """One-click repair of a published roster (planner): starts the solver's repair
        mode (published roster as previous; swaps and claims pinned) and resolves the
        period's repair suggestion. Apply the result with `/solve-jobs/{id}/apply/`."""
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        job = repair.repair_start(actor=self.actor, period=period)
        job.refresh_from_db()  # with eager Celery the job has already run
        return Response(SolveJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)
