"""Rosters: the officer's own and his team's."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from roster.models import Assignment, Shift


class MyRosterItemSerializer(serializers.ModelSerializer[Assignment]):
    shift = serializers.IntegerField(source="shift_id")
    team = serializers.CharField(source="shift.team.name")
    kind = serializers.CharField(source="shift.kind")
    start = serializers.DateTimeField(source="shift.start")
    end = serializers.DateTimeField(source="shift.end")
    skill = serializers.CharField(source="skill.code")

    class Meta:
        model = Assignment
        fields = ["id", "shift", "team", "kind", "start", "end", "skill", "source"]


class TeamRosterShiftSerializer(serializers.ModelSerializer[Shift]):
    """A published shift with colleagues' names and skills only (no personal data)."""

    officers = serializers.SerializerMethodField()

    class Meta:
        model = Shift
        fields = ["id", "kind", "start", "end", "officers"]

    def get_officers(self, shift: Shift) -> list[dict[str, Any]]:
        return [
            {"id": a.officer_id, "name": a.officer.get_full_name(), "skill": a.skill.code}
            for a in shift.assignments.all()
        ]


class MyLedgerSerializer(serializers.Serializer[Any]):
    """The officer's fairness ledger over the published periods (`roster.ledger`)."""

    periods = serializers.IntegerField(help_text="Published periods that count for him.")
    shifts = serializers.IntegerField()
    nights = serializers.IntegerField()
    weekends = serializers.IntegerField(help_text="Shifts with more than 1 h on a weekend.")
    holidays = serializers.IntegerField(help_text="Shifts with more than 1 h on a holiday.")
    worked_minutes = serializers.IntegerField()
    contract_minutes = serializers.IntegerField()
    minutes_delta = serializers.IntegerField(help_text="Worked minus contract minutes.")


class TeamLedgerRowSerializer(serializers.Serializer[Any]):
    nights = serializers.IntegerField()
    weekends = serializers.IntegerField()
    holidays = serializers.IntegerField()
    minutes_delta = serializers.IntegerField()


class TeamLedgerSerializer(serializers.Serializer[Any]):
    """Each current member's ledger, anonymised (no ids or names), sorted."""

    officers = TeamLedgerRowSerializer(many=True)
