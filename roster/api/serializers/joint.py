"""Joint solves (issue 18): request one, follow it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.api.serializers.fields import IdField
from roster.api.serializers.solving import SolveJobOutputSerializer
from roster.joint_models import JointSolve
from roster.services.solving.failure import error_text

#: At most this many periods in one run (a unit's teams; the solver's model grows with them).
JOINT_MAX_PERIODS = 8


class JointSolveStartInputSerializer(StrictInputSerializer):
    periods = serializers.ListField(
        child=IdField(),
        min_length=2,
        max_length=JOINT_MAX_PERIODS,
        help_text=(
            "The roster periods to solve together: one per team of one unit, each "
            "`signup_closed`, overlapping in time, the teams sharing officers."
        ),
    )

    def validate_periods(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError(_("A period is listed twice."))
        return value


class JointSolveOutputSerializer(serializers.ModelSerializer[JointSolve]):
    requested_by = serializers.IntegerField(source="requested_by_id", allow_null=True)
    periods = serializers.SerializerMethodField()
    jobs = SolveJobOutputSerializer(many=True, read_only=True)
    error = serializers.SerializerMethodField(
        help_text="Why the run ended without a roster, in the reader's language (empty if not)."
    )

    class Meta:
        model = JointSolve
        fields = [
            "id",
            "requested_by",
            "status",
            "progress",
            "error",
            "periods",
            "jobs",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_error(self, run: JointSolve) -> str:
        return error_text(run.error, run.error_message)

    def get_periods(self, run: JointSolve) -> list[int]:
        return sorted(job.period_id for job in run.jobs.all())
