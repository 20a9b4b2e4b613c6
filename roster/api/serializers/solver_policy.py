"""A team's solver policy: the order of the solver's stages (issue #15)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from common.serializers import StrictInputSerializer
from roster.models import STAGE_ORDER_ERRORS
from roster.solver.io import InputError, stage_order
from roster.solver.types import StageName


class SolverPolicyOutputSerializer(serializers.Serializer[Any]):
    team = serializers.IntegerField()
    stages = serializers.ListField(
        child=serializers.CharField(),
        help_text="The team's own stage order; empty: it follows the deployment's.",
    )
    effective_stages = serializers.ListField(
        child=serializers.CharField(),
        help_text="The order the team's next solve or repair uses (docs/solver_io.md, Stages).",
    )


class SolverPolicyUpdateInputSerializer(StrictInputSerializer):
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=[str(name) for name in StageName]),
        allow_empty=True,
        max_length=len(StageName),
        help_text=(
            "Stages in priority order: shortfall first, totals (if listed) last, each at most "
            "once. An empty list returns the team to the deployment's order."
        ),
    )

    def validate_stages(self, value: list[str]) -> list[str]:
        if not value:
            return value
        try:
            stage_order(value)
        except InputError as exc:
            raise serializers.ValidationError(STAGE_ORDER_ERRORS[exc.detail]) from None
        return value
