"""Solve jobs: start, the job, applying a repair."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.models import SolveJob, SolveMode
from roster.services.solving.failure import error_text


class SolveStartInputSerializer(StrictInputSerializer):
    mode = serializers.ChoiceField(choices=SolveMode.choices, default=SolveMode.NORMAL)


class SolveJobOutputSerializer(serializers.ModelSerializer[SolveJob]):
    period = serializers.IntegerField(source="period_id")
    requested_by = serializers.IntegerField(source="requested_by_id", allow_null=True)
    joint = serializers.IntegerField(
        source="joint_id", allow_null=True, help_text="The joint solve this job is part of."
    )
    summary = serializers.SerializerMethodField()
    comparison = serializers.SerializerMethodField()
    change_set = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField(
        help_text="Why the job ended without a roster, in the reader's language (empty if not)."
    )

    class Meta:
        model = SolveJob
        fields = [
            "id",
            "period",
            "requested_by",
            "mode",
            "joint",
            "status",
            "progress",
            "error",
            "summary",
            "comparison",
            "change_set",
            "created_at",
            "started_at",
            "finished_at",
            "applied_at",
        ]
        read_only_fields = fields

    def get_error(self, job: SolveJob) -> str:
        return error_text(job.error, job.error_message)

    def _report(self, job: SolveJob, key: str) -> dict[str, Any] | None:
        value = (job.report or {}).get(key)
        return value if isinstance(value, dict) else None

    def get_summary(self, job: SolveJob) -> dict[str, Any] | None:
        return self._report(job, "summary")

    def get_comparison(self, job: SolveJob) -> dict[str, Any] | None:
        return self._report(job, "comparison")

    def get_change_set(self, job: SolveJob) -> dict[str, Any] | None:
        change = self._report(job, "change_set")
        if change is None:
            return None
        return {"added": change["added"], "removed": change["removed"]}


class RepairApplyInputSerializer(StrictInputSerializer):
    consented = serializers.ListField(
        child=IdField(),
        required=False,
        max_length=500,
        help_text=(
            "Officers who consented to the changes of their shifts within the fixed 7-day "
            "window (required for each of them)."
        ),
    )
