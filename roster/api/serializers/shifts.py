"""Roster API serializers: strict inputs, plain outputs (no personal data of colleagues)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.serializers import StrictInputSerializer
from organisation.models import Absence, AbsenceKind
from roster.models import (
    CLAIM_WINDOW_HOURS_MAX,
    Assignment,
    OpenShiftClaim,
    OpenShiftPolicy,
    Phase,
    RosterPeriod,
    Shift,
    ShiftKind,
    ShiftTemplate,
    SignUp,
    SolveJob,
    SolveMode,
    Swap,
    TeamSwapPolicy,
    Wish,
)

MAX_BULK_SIGNUPS = 500
MAX_ID = 2**63 - 1  # database ids are 64-bit; larger numbers would overflow the query


class BoundedDateTimeField(serializers.DateTimeField):
    """A datetime in the years 2000-2099: rosters never need more, and far-off years have
    odd historical offsets (LMT) that are no valid RFC 3339."""

    def to_internal_value(self, value: Any) -> Any:
        result = super().to_internal_value(value)
        if not 2000 <= result.year <= 2099:
            raise serializers.ValidationError(_("Use a year from 2000 to 2099."))
        return result


class BoundedDateField(serializers.DateField):
    def to_internal_value(self, value: Any) -> Any:
        result = super().to_internal_value(value)
        if not 2000 <= result.year <= 2099:
            raise serializers.ValidationError(_("Use a year from 2000 to 2099."))
        return result


def IdField(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class DemandField(serializers.DictField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.IntegerField(min_value=1), **kwargs)


# -- periods ---------------------------------------------------------------------------------


class PeriodOutputSerializer(serializers.ModelSerializer[RosterPeriod]):
    team = serializers.IntegerField(source="team_id")

    class Meta:
        model = RosterPeriod
        fields = [
            "id",
            "team",
            "start_date",
            "end_date",
            "phase",
            "signup_opens_at",
            "signup_closes_at",
            "publish_on",
            "published_at",
        ]


class PeriodCreateInputSerializer(StrictInputSerializer):
    team = IdField()
    start_date = BoundedDateField()
    end_date = BoundedDateField(required=False)
    signup_opens_at = BoundedDateTimeField()
    signup_closes_at = BoundedDateTimeField()
    publish_on = BoundedDateField()


class PeriodMoveInputSerializer(StrictInputSerializer):
    phase = serializers.ChoiceField(choices=Phase.choices)


# -- templates and shifts --------------------------------------------------------------------


class TemplateOutputSerializer(serializers.ModelSerializer[ShiftTemplate]):
    class Meta:
        model = ShiftTemplate
        fields = [
            "id",
            "name",
            "kind",
            "start_time",
            "end_time",
            "weekdays",
            "demand",
            "valid_from",
            "valid_until",
            "active",
        ]


class TemplateCreateInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=ShiftKind.choices)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), allow_empty=False
    )
    demand = DemandField()
    valid_from = BoundedDateField(required=False, allow_null=True)
    valid_until = BoundedDateField(required=False, allow_null=True)


class ShiftOutputSerializer(serializers.ModelSerializer[Shift]):
    team = serializers.IntegerField(source="team_id")
    period = serializers.IntegerField(source="period_id")
    minutes = serializers.IntegerField()
    pressure = serializers.SerializerMethodField()

    class Meta:
        model = Shift
        fields = [
            "id",
            "team",
            "period",
            "kind",
            "start",
            "end",
            "minutes",
            "demand",
            "is_night",
            "is_weekend",
            "is_holiday",
            "cancelled_at",
            "pressure",
        ]

    def get_pressure(self, shift: Shift) -> dict[str, int] | None:
        """Sign-up counts per wish (never names); present on list endpoints."""
        if not hasattr(shift, "want_count"):
            return None
        return {
            "want": int(getattr(shift, "want_count", 0)),
            "can": int(getattr(shift, "can_count", 0)),
            "rather_not": int(getattr(shift, "rather_not_count", 0)),
        }


class ShiftCreateInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=ShiftKind.choices)
    start = BoundedDateTimeField()
    end = BoundedDateTimeField()
    demand = DemandField()


class ShiftUpdateInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=ShiftKind.choices, required=False)
    start = BoundedDateTimeField(required=False)
    end = BoundedDateTimeField(required=False)
    demand = DemandField(required=False)


class ShiftFilterInputSerializer(StrictInputSerializer):
    start = BoundedDateField(required=False)
    end = BoundedDateField(required=False)
    team = IdField(required=False)
    mine = serializers.BooleanField(required=False, default=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class DateRangeInputSerializer(StrictInputSerializer):
    start = BoundedDateField()
    end = BoundedDateField()
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must not be before the start.")]})
        if (attrs["end"] - attrs["start"]).days > 92:
            raise serializers.ValidationError({"end": [_("At most 93 days at a time.")]})
        return attrs


# -- sign-ups --------------------------------------------------------------------------------


class SignUpOutputSerializer(serializers.ModelSerializer[SignUp]):
    shift = serializers.IntegerField(source="shift_id")
    shift_start = serializers.DateTimeField(source="shift.start")
    shift_end = serializers.DateTimeField(source="shift.end")

    class Meta:
        model = SignUp
        fields = ["id", "shift", "shift_start", "shift_end", "wish", "created_at", "updated_at"]


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


class SignUpItemInputSerializer(StrictInputSerializer):
    shift = IdField()
    wish = serializers.ChoiceField(choices=Wish.choices)


class SignUpBulkInputSerializer(StrictInputSerializer):
    signups = serializers.ListField(
        child=SignUpItemInputSerializer(), allow_empty=False, max_length=MAX_BULK_SIGNUPS
    )


# -- absences --------------------------------------------------------------------------------


class AbsenceOutputSerializer(serializers.ModelSerializer[Absence]):
    officer = serializers.IntegerField(source="officer_id")

    class Meta:
        model = Absence
        fields = ["id", "officer", "kind", "start", "end", "expected_end", "source", "created_at"]


class AbsenceCreateInputSerializer(StrictInputSerializer):
    officer = IdField()
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    start = BoundedDateTimeField()
    end = BoundedDateTimeField(required=False, allow_null=True)
    expected_end = BoundedDateTimeField(required=False, allow_null=True)


class AbsenceEndInputSerializer(StrictInputSerializer):
    end = BoundedDateTimeField()


# -- assignments and rosters -----------------------------------------------------------------


class AssignmentOutputSerializer(serializers.ModelSerializer[Assignment]):
    officer = serializers.IntegerField(source="officer_id")
    officer_name = serializers.CharField(source="officer.get_full_name")
    shift = serializers.IntegerField(source="shift_id")
    skill = serializers.CharField(source="skill.code")

    class Meta:
        model = Assignment
        fields = ["id", "officer", "officer_name", "shift", "skill", "source", "created_at"]


class AssignmentCreateInputSerializer(StrictInputSerializer):
    shift = IdField()
    officer = IdField()
    skill = serializers.SlugField()


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


class CalendarFeedOutputSerializer(serializers.Serializer[Any]):
    url = serializers.CharField()


# -- solving ---------------------------------------------------------------------------------


class SolveStartInputSerializer(StrictInputSerializer):
    mode = serializers.ChoiceField(choices=SolveMode.choices, default=SolveMode.NORMAL)


class SolveJobOutputSerializer(serializers.ModelSerializer[SolveJob]):
    period = serializers.IntegerField(source="period_id")
    requested_by = serializers.IntegerField(source="requested_by_id", allow_null=True)
    summary = serializers.SerializerMethodField()
    comparison = serializers.SerializerMethodField()
    change_set = serializers.SerializerMethodField()

    class Meta:
        model = SolveJob
        fields = [
            "id",
            "period",
            "requested_by",
            "mode",
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


# -- open shifts and swaps -------------------------------------------------------------------


class OpenPlaceOutputSerializer(serializers.Serializer[Any]):
    """One skill's open places on a shift (from `roster.services.open_shifts.OpenPlace`)."""

    shift = serializers.IntegerField(source="shift.pk")
    team = serializers.IntegerField(source="shift.team_id")
    kind = serializers.CharField(source="shift.kind")
    start = serializers.DateTimeField(source="shift.start")
    end = serializers.DateTimeField(source="shift.end")
    is_night = serializers.BooleanField(source="shift.is_night")
    skill = serializers.CharField()
    open = serializers.IntegerField()


class OpenShiftClaimInputSerializer(StrictInputSerializer):
    shift = IdField()
    skill = serializers.SlugField()


class SwapShiftSerializer(serializers.ModelSerializer[Shift]):
    class Meta:
        model = Shift
        fields = ["id", "kind", "start", "end", "is_night"]


class SwapOutputSerializer(serializers.ModelSerializer[Swap]):
    offerer = serializers.IntegerField(source="offerer_id")
    offerer_name = serializers.CharField(source="offerer.get_full_name")
    receiver = serializers.IntegerField(source="receiver_id", allow_null=True)
    receiver_name = serializers.SerializerMethodField()
    team = serializers.IntegerField(source="team_id")
    offered_assignment = serializers.IntegerField(source="offered_assignment_id", allow_null=True)
    offered_shift = SwapShiftSerializer()
    offered_skill = serializers.CharField(source="offered_skill.code")
    wanted_assignment = serializers.IntegerField(source="wanted_assignment_id", allow_null=True)
    wanted_shift = SwapShiftSerializer(allow_null=True)
    wanted_skill = serializers.SerializerMethodField()
    decided_by = serializers.IntegerField(source="decided_by_id", allow_null=True)

    class Meta:
        model = Swap
        fields = [
            "id",
            "kind",
            "status",
            "team",
            "offerer",
            "offerer_name",
            "receiver",
            "receiver_name",
            "offered_assignment",
            "offered_shift",
            "offered_skill",
            "wanted_assignment",
            "wanted_shift",
            "wanted_skill",
            "note",
            "late_change",
            "offerer_consent_at",
            "receiver_consent_at",
            "decided_by",
            "decided_at",
            "reason",
            "created_at",
            "accepted_at",
        ]

    def get_receiver_name(self, swap: Swap) -> str | None:
        return swap.receiver.get_full_name() if swap.receiver is not None else None

    def get_wanted_skill(self, swap: Swap) -> str | None:
        return swap.wanted_skill.code if swap.wanted_skill is not None else None


class SwapCreateInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=["exchange", "give_away", "market"])
    assignment = IdField()
    receiver = IdField(required=False)
    wanted_assignment = IdField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs["kind"]
        if kind == "exchange" and "wanted_assignment" not in attrs:
            raise serializers.ValidationError(
                {"wanted_assignment": [_("An exchange needs the place you want.")]}
            )
        if kind == "give_away" and "receiver" not in attrs:
            raise serializers.ValidationError({"receiver": [_("Name the colleague.")]})
        if kind != "give_away" and "receiver" in attrs:
            raise serializers.ValidationError({"receiver": [_("Only for a give-away.")]})
        if kind != "exchange" and "wanted_assignment" in attrs:
            raise serializers.ValidationError({"wanted_assignment": [_("Only for an exchange.")]})
        return attrs


class SwapRejectInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class _JsonBooleanField(serializers.BooleanField):
    """Only JSON true/false (DRF's own field also takes 0, "yes", "on", ...)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class SwapPolicyOutputSerializer(serializers.ModelSerializer[TeamSwapPolicy]):
    team = serializers.IntegerField(source="team_id")

    class Meta:
        model = TeamSwapPolicy
        fields = [
            "team",
            "auto_approve",
            "open_shift_policy",
            "claim_window_hours",
            "award_hours_before_start",
        ]


class SwapPolicyUpdateInputSerializer(StrictInputSerializer):
    auto_approve = _JsonBooleanField(required=False)
    open_shift_policy = serializers.ChoiceField(choices=OpenShiftPolicy.choices, required=False)
    claim_window_hours = serializers.IntegerField(
        required=False, min_value=1, max_value=CLAIM_WINDOW_HOURS_MAX
    )
    award_hours_before_start = serializers.IntegerField(
        required=False, min_value=0, max_value=CLAIM_WINDOW_HOURS_MAX
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give at least one field to change.")]}
            )
        return attrs


class OpenShiftClaimOutputSerializer(serializers.ModelSerializer[OpenShiftClaim]):
    skill = serializers.CharField(source="skill.code")

    class Meta:
        model = OpenShiftClaim
        fields = [
            "id",
            "shift",
            "skill",
            "officer",
            "status",
            "deadline",
            "assignment",
            "explanation",
            "created_at",
            "decided_at",
        ]


class AwardOutputSerializer(serializers.Serializer[Any]):
    shift = serializers.IntegerField()
    explanation = serializers.CharField(help_text="Why the place went to whom.")
    winners = serializers.ListField(child=serializers.IntegerField())
    claims = OpenShiftClaimOutputSerializer(many=True)
