"""Roster API: one APIView per operation. Views validate, call one service or selector, and
serialize; every write goes through `roster.services`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView, DefaultPagination
from common.errors import NotFound
from common.pagination import paginated_response
from organisation.models import Officer, Skill
from organisation.selectors import officer_get, team_get
from roster import selectors
from roster.api import serializers as s
from roster.calendar import roster_ics
from roster.models import Assignment, ClaimStatus, OpenShiftClaim, Swap
from roster.services import (
    absences,
    assignments,
    calendar,
    fair_award,
    open_shifts,
    periods,
    policies,
    publication,
    repair,
    shifts,
    swaps,
)
from roster.services import signups as signup_services
from roster.services.permissions import require_planner
from roster.services.solving import jobs as solve_jobs
from roster.services.solving import repair_apply as solve_repair


def _valid(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _field_not_found(field: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [_("Not found.")]})


# -- periods ---------------------------------------------------------------------------------


class PeriodListApi(ApiView):
    @extend_schema(responses=s.PeriodOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=s.PeriodOutputSerializer,
            queryset=selectors.period_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(request=s.PeriodCreateInputSerializer, responses={201: s.PeriodOutputSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(s.PeriodCreateInputSerializer, request.data)
        team = team_get(actor=self.actor, team_id=data.pop("team"))
        period = periods.period_create(actor=self.actor, team=team, **data)
        return Response(s.PeriodOutputSerializer(period).data, status=status.HTTP_201_CREATED)


class PeriodDetailApi(ApiView):
    @extend_schema(responses=s.PeriodOutputSerializer)
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return Response(s.PeriodOutputSerializer(period).data)


class PeriodMoveApi(ApiView):
    @extend_schema(request=s.PeriodMoveInputSerializer, responses=s.PeriodOutputSerializer)
    def post(self, request: Request, period_id: int) -> Response:
        data = _valid(s.PeriodMoveInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        period = periods.period_move(actor=self.actor, period=period, to_phase=data["phase"])
        return Response(s.PeriodOutputSerializer(period).data)


class PeriodPublishApi(ApiView):
    @extend_schema(request=None, responses=s.PeriodOutputSerializer)
    def post(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        period = publication.roster_publish(actor=self.actor, period=period)
        return Response(s.PeriodOutputSerializer(period).data)


class PeriodGenerateShiftsApi(ApiView):
    @extend_schema(
        request=None,
        responses={
            201: inline_serializer("ShiftsGenerated", {"created": serializers.IntegerField()})
        },
    )
    def post(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        created = shifts.shifts_generate(actor=self.actor, period=period)
        return Response(
            {"created": len(created)},
            status=status.HTTP_201_CREATED,
        )


class PeriodComplianceApi(ApiView):
    @extend_schema(responses=dict[str, Any])
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        require_planner(self.actor, period.team_id)
        report = selectors.period_compliance(period=period)
        return Response(
            {
                "officers_checked": report.officers_checked,
                "violations": [v.as_dict() for v in report.violations],
                "warnings": report.warnings,
            }
        )


# -- shifts ----------------------------------------------------------------------------------


class PeriodShiftListApi(ApiView):
    @extend_schema(responses=s.ShiftOutputSerializer(many=True))
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return paginated_response(
            serializer_class=s.ShiftOutputSerializer,
            queryset=selectors.shift_list(actor=self.actor, period=period),
            request=request,
            view=self,
        )

    @extend_schema(request=s.ShiftCreateInputSerializer, responses={201: s.ShiftOutputSerializer})
    def post(self, request: Request, period_id: int) -> Response:
        data = _valid(s.ShiftCreateInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        shift = shifts.shift_create(actor=self.actor, period=period, **data)
        return Response(s.ShiftOutputSerializer(shift).data, status=status.HTTP_201_CREATED)


class ShiftListApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="First local day (YYYY-MM-DD)"),
            OpenApiParameter("end", str, description="Last local day (YYYY-MM-DD)"),
            OpenApiParameter("team", int),
            OpenApiParameter("mine", bool, description="Only shifts I signed up for or work"),
        ],
        responses=s.ShiftOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        data = _valid(s.ShiftFilterInputSerializer, request.query_params)
        qs = selectors.shift_list(
            actor=self.actor,
            start=data.get("start"),
            end=data.get("end"),
            team_id=data.get("team"),
            mine=data["mine"],
        )
        return paginated_response(
            serializer_class=s.ShiftOutputSerializer, queryset=qs, request=request, view=self
        )


class ShiftDetailApi(ApiView):
    @extend_schema(responses=s.ShiftOutputSerializer)
    def get(self, request: Request, shift_id: int) -> Response:
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        return Response(s.ShiftOutputSerializer(shift).data)

    @extend_schema(request=s.ShiftUpdateInputSerializer, responses=s.ShiftOutputSerializer)
    def patch(self, request: Request, shift_id: int) -> Response:
        data = _valid(s.ShiftUpdateInputSerializer, request.data)
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        shift = shifts.shift_update(actor=self.actor, shift=shift, **data)
        return Response(s.ShiftOutputSerializer(shift).data)


class ShiftCancelApi(ApiView):
    @extend_schema(request=None, responses=s.ShiftOutputSerializer)
    def post(self, request: Request, shift_id: int) -> Response:
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        shift = shifts.shift_cancel(actor=self.actor, shift=shift)
        return Response(s.ShiftOutputSerializer(shift).data)


class TemplateListApi(ApiView):
    @extend_schema(responses=s.TemplateOutputSerializer(many=True))
    def get(self, request: Request, team_id: int) -> Response:
        team = team_get(actor=self.actor, team_id=team_id)
        return paginated_response(
            serializer_class=s.TemplateOutputSerializer,
            queryset=selectors.template_list(actor=self.actor, team=team),
            request=request,
            view=self,
        )

    @extend_schema(
        request=s.TemplateCreateInputSerializer, responses={201: s.TemplateOutputSerializer}
    )
    def post(self, request: Request, team_id: int) -> Response:
        data = _valid(s.TemplateCreateInputSerializer, request.data)
        team = team_get(actor=self.actor, team_id=team_id)
        template = shifts.template_create(actor=self.actor, team=team, **data)
        return Response(s.TemplateOutputSerializer(template).data, status=status.HTTP_201_CREATED)


# -- sign-ups --------------------------------------------------------------------------------


class SignUpListApi(ApiView):
    @extend_schema(responses=s.SignUpOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=s.SignUpOutputSerializer,
            queryset=selectors.signup_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(
        request=s.SignUpBulkInputSerializer, responses={200: s.SignUpOutputSerializer(many=True)}
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.SignUpBulkInputSerializer, request.data)
        items = [
            signup_services.SignUpItem(shift_id=i["shift"], wish=i["wish"]) for i in data["signups"]
        ]
        result = signup_services.signups_set(actor=self.actor, items=items)
        return Response(s.SignUpOutputSerializer(result, many=True).data)


class SignUpWithdrawApi(ApiView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, signup_id: int) -> Response:
        signup = selectors.signup_get(actor=self.actor, signup_id=signup_id)
        signup_services.signup_withdraw(actor=self.actor, signup=signup)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- absences --------------------------------------------------------------------------------


class AbsenceListApi(ApiView):
    @extend_schema(responses=s.AbsenceOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=s.AbsenceOutputSerializer,
            queryset=selectors.absence_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(
        request=s.AbsenceCreateInputSerializer, responses={201: s.AbsenceOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.AbsenceCreateInputSerializer, request.data)
        officer: Officer = officer_get(actor=self.actor, officer_id=data.pop("officer"))
        absence = absences.absence_create(actor=self.actor, officer=officer, source="api", **data)
        return Response(s.AbsenceOutputSerializer(absence).data, status=status.HTTP_201_CREATED)


class AbsenceEndApi(ApiView):
    @extend_schema(request=s.AbsenceEndInputSerializer, responses=s.AbsenceOutputSerializer)
    def post(self, request: Request, absence_id: int) -> Response:
        data = _valid(s.AbsenceEndInputSerializer, request.data)
        absence = selectors.absence_get(actor=self.actor, absence_id=absence_id)
        absence = absences.absence_end(actor=self.actor, absence=absence, end=data["end"])
        return Response(s.AbsenceOutputSerializer(absence).data)


# -- assignments -----------------------------------------------------------------------------


class PeriodAssignmentListApi(ApiView):
    @extend_schema(responses=s.AssignmentOutputSerializer(many=True))
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return paginated_response(
            serializer_class=s.AssignmentOutputSerializer,
            queryset=selectors.assignment_list(actor=self.actor, period=period),
            request=request,
            view=self,
        )

    @extend_schema(
        request=s.AssignmentCreateInputSerializer, responses={201: s.AssignmentOutputSerializer}
    )
    def post(self, request: Request, period_id: int) -> Response:
        data = _valid(s.AssignmentCreateInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        shift = selectors.shift_get(actor=self.actor, shift_id=data["shift"])
        if shift.period_id != period.pk:
            raise _field_not_found("shift")
        try:
            officer = officer_get(actor=self.actor, officer_id=data["officer"])
        except NotFound:
            raise _field_not_found("officer") from None
        skill = Skill.objects.filter(code=data["skill"]).first()
        if skill is None:
            raise _field_not_found("skill")
        assignment = assignments.assignment_create(
            actor=self.actor, shift=shift, officer=officer, skill=skill
        )
        return Response(
            s.AssignmentOutputSerializer(assignment).data, status=status.HTTP_201_CREATED
        )


class AssignmentDeleteApi(ApiView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, assignment_id: int) -> Response:
        assignment = selectors.assignment_get(actor=self.actor, assignment_id=assignment_id)
        assignments.assignment_delete(actor=self.actor, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- officer views ---------------------------------------------------------------------------


class MyRosterApi(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
        responses=s.MyRosterItemSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        data = _valid(s.DateRangeInputSerializer, request.query_params)
        return paginated_response(
            serializer_class=s.MyRosterItemSerializer,
            queryset=selectors.my_roster(actor=self.actor, start=data["start"], end=data["end"]),
            request=request,
            view=self,
        )


class TeamRosterApi(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
        responses=s.TeamRosterShiftSerializer(many=True),
    )
    def get(self, request: Request, team_id: int) -> Response:
        data = _valid(s.DateRangeInputSerializer, request.query_params)
        team = team_get(actor=self.actor, team_id=team_id)
        return paginated_response(
            serializer_class=s.TeamRosterShiftSerializer,
            queryset=selectors.team_roster(
                actor=self.actor, team=team, start=data["start"], end=data["end"]
            ),
            request=request,
            view=self,
        )


class MyLedgerApi(ApiView):
    @extend_schema(responses=dict[str, Any])
    def get(self, request: Request) -> Response:
        totals = selectors.ledger_totals(officer=self.actor)
        return Response({**totals.__dict__, "minutes_delta": totals.minutes_delta})


class TeamLedgerApi(ApiView):
    @extend_schema(responses=dict[str, Any])
    def get(self, request: Request, team_id: int) -> Response:
        team = team_get(actor=self.actor, team_id=team_id)
        return Response({"officers": selectors.team_ledger_distribution(team=team)})


class CalendarFeedApi(ApiView):
    @extend_schema(request=None, responses={201: s.CalendarFeedOutputSerializer})
    def post(self, request: Request) -> Response:
        token = calendar.calendar_feed_rotate(actor=self.actor)
        url = request.build_absolute_uri(f"/api/v1/calendar/{token}.ics")
        return Response({"url": url}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        calendar.calendar_feed_revoke(actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarIcsApi(ApiView):
    """The secret feed URL is the credential: no login, 404 for an unknown or revoked token."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "text/calendar"): bytes})
    def get(self, request: Request, token: str) -> HttpResponse:
        officer, qs = selectors.calendar_assignments(token=token)
        body = roster_ics(qs, name=f"Rooster {officer.get_full_name()}")
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        return response


# -- solving ---------------------------------------------------------------------------------


class PeriodSolveApi(ApiView):
    @extend_schema(request=s.SolveStartInputSerializer, responses={202: s.SolveJobOutputSerializer})
    def post(self, request: Request, period_id: int) -> Response:
        data = _valid(s.SolveStartInputSerializer, request.data)
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        job = solve_jobs.solve_start(actor=self.actor, period=period, mode=data["mode"])
        job.refresh_from_db()  # with eager Celery the job has already run
        return Response(s.SolveJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class SolveJobDetailApi(ApiView):
    @extend_schema(responses=s.SolveJobOutputSerializer)
    def get(self, request: Request, job_id: int) -> Response:
        job = selectors.solve_job_get(actor=self.actor, job_id=job_id)
        return Response(s.SolveJobOutputSerializer(job).data)


class SolveJobCancelApi(ApiView):
    @extend_schema(request=None, responses=s.SolveJobOutputSerializer)
    def post(self, request: Request, job_id: int) -> Response:
        job = selectors.solve_job_get(actor=self.actor, job_id=job_id)
        job = solve_jobs.solve_cancel(actor=self.actor, job=job)
        return Response(s.SolveJobOutputSerializer(job).data)


class SolveJobApplyApi(ApiView):
    @extend_schema(request=s.RepairApplyInputSerializer, responses=s.SolveJobOutputSerializer)
    def post(self, request: Request, job_id: int) -> Response:
        job = selectors.solve_job_get(actor=self.actor, job_id=job_id)
        data = _valid(s.RepairApplyInputSerializer, request.data)
        job = solve_repair.repair_apply(
            actor=self.actor, job=job, consented=data.get("consented", [])
        )
        return Response(s.SolveJobOutputSerializer(job).data)


class PeriodReportApi(ApiView):
    @extend_schema(responses=dict[str, Any])
    def get(self, request: Request, period_id: int) -> Response:
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        return Response(selectors.period_report(actor=self.actor, period=period))


# -- open shifts and swaps -------------------------------------------------------------------


class OpenShiftListApi(ApiView):
    """Open places the actor may claim: his teams, a skill he holds, lawful for him."""

    @extend_schema(responses=s.OpenPlaceOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        places = open_shifts.open_places_for(actor=self.actor)
        paginator = DefaultPagination()
        page: list[Any] | None = paginator.paginate_queryset(
            places,  # type: ignore[arg-type]  # a list pages like a queryset
            request,
            view=self,
        )
        return paginator.get_paginated_response(s.OpenPlaceOutputSerializer(page, many=True).data)


class OpenShiftClaimApi(ApiView):
    @extend_schema(
        request=s.OpenShiftClaimInputSerializer,
        responses={201: s.AssignmentOutputSerializer, 202: s.OpenShiftClaimOutputSerializer},
        description=(
            "First come (201): the place is yours at once. Fair award (202): the claim is "
            "recorded and the place is awarded at its deadline to the eligible claimant "
            "with the lowest burden ledger."
        ),
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.OpenShiftClaimInputSerializer, request.data)
        skill = Skill.objects.filter(code=data["skill"]).first()
        if skill is None:
            raise _field_not_found("skill")
        shift = selectors.shift_get(actor=self.actor, shift_id=data["shift"])
        result = open_shifts.open_shift_claim(actor=self.actor, shift=shift, skill=skill)
        if isinstance(result, OpenShiftClaim):  # the team awards fairly at a deadline
            return Response(
                s.OpenShiftClaimOutputSerializer(result).data, status=status.HTTP_202_ACCEPTED
            )
        return Response(s.AssignmentOutputSerializer(result).data, status=status.HTTP_201_CREATED)


class OpenShiftClaimListApi(ApiView):
    @extend_schema(responses=s.OpenShiftClaimOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        """My fair-award claims, newest first, with the award's explanation once decided."""
        return paginated_response(
            serializer_class=s.OpenShiftClaimOutputSerializer,
            queryset=fair_award.claim_list(actor=self.actor),
            request=request,
            view=self,
        )


class ShiftAwardApi(ApiView):
    @extend_schema(request=None, responses=s.AwardOutputSerializer)
    def post(self, request: Request, shift_id: int) -> Response:
        """Award now (planner or team lead): the shift's pending fair-award claims are
        decided at once, as at the deadline."""
        shift = selectors.shift_get(actor=self.actor, shift_id=shift_id)
        decided = fair_award.open_shift_award_now(actor=self.actor, shift=shift)
        texts = list(dict.fromkeys(c.explanation.get("text", "") for c in decided))
        winners = [c.officer_id for c in decided if c.status == ClaimStatus.WON]
        return Response(
            s.AwardOutputSerializer(
                {
                    "shift": shift.pk,
                    "explanation": " ".join(texts),
                    "winners": winners,
                    "claims": decided,
                }
            ).data
        )


class TeamSwapPolicyApi(ApiView):
    @extend_schema(responses=s.SwapPolicyOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        """The team's swap and open-shift policy (officers of the team may read it)."""
        team = team_get(actor=self.actor, team_id=team_id)
        return Response(s.SwapPolicyOutputSerializer(policies.swap_policy_get(team=team)).data)

    @extend_schema(
        request=s.SwapPolicyUpdateInputSerializer, responses=s.SwapPolicyOutputSerializer
    )
    def patch(self, request: Request, team_id: int) -> Response:
        """Change the policy (team lead or planner of the team, unit manager, administrator)."""
        team = team_get(actor=self.actor, team_id=team_id)
        data = _valid(s.SwapPolicyUpdateInputSerializer, request.data)
        policy = policies.swap_policy_update(actor=self.actor, team=team, **data)
        return Response(s.SwapPolicyOutputSerializer(policy).data)


class PeriodRepairApi(ApiView):
    @extend_schema(request=None, responses={202: s.SolveJobOutputSerializer})
    def post(self, request: Request, period_id: int) -> Response:
        """One-click repair of a published roster (planner): starts the solver's repair
        mode (published roster as previous; swaps and claims pinned) and resolves the
        period's repair suggestion. Apply the result with `/solve-jobs/{id}/apply/`."""
        period = selectors.period_get(actor=self.actor, period_id=period_id)
        job = repair.repair_start(actor=self.actor, period=period)
        job.refresh_from_db()  # with eager Celery the job has already run
        return Response(s.SolveJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class SwapListApi(ApiView):
    @extend_schema(responses=s.SwapOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=s.SwapOutputSerializer,
            queryset=swaps.swap_list(actor=self.actor),
            request=request,
            view=self,
        )

    @extend_schema(request=s.SwapCreateInputSerializer, responses={201: s.SwapOutputSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(s.SwapCreateInputSerializer, request.data)
        mine = Assignment.objects.select_related("shift", "skill", "officer")
        assignment = mine.filter(pk=data["assignment"], officer=self.actor).first()
        if assignment is None:
            raise _field_not_found("assignment")
        receiver = None
        if "receiver" in data:
            try:
                receiver = officer_get(actor=self.actor, officer_id=data["receiver"])
            except NotFound:
                raise _field_not_found("receiver") from None
        wanted = None
        if "wanted_assignment" in data:
            wanted = mine.filter(
                pk=data["wanted_assignment"], shift__team__in=self.actor.teams.all()
            ).first()
            if wanted is None:
                raise _field_not_found("wanted_assignment")
        swap = swaps.swap_offer(
            actor=self.actor,
            kind=data["kind"],
            assignment=assignment,
            receiver=receiver,
            wanted=wanted,
            note=data["note"],
        )
        swap = swaps.swap_get(actor=self.actor, swap_id=swap.pk)
        return Response(s.SwapOutputSerializer(swap).data, status=status.HTTP_201_CREATED)


class SwapDetailApi(ApiView):
    @extend_schema(responses=s.SwapOutputSerializer)
    def get(self, request: Request, swap_id: int) -> Response:
        swap = swaps.swap_get(actor=self.actor, swap_id=swap_id)
        return Response(s.SwapOutputSerializer(swap).data)


class _SwapActionApi(ApiView):
    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        raise NotImplementedError

    input_serializer: type[serializers.Serializer[Any]] | None = None

    def post(self, request: Request, swap_id: int) -> Response:
        data = _valid(self.input_serializer, request.data) if self.input_serializer else {}
        swap = swaps.swap_get(actor=self.actor, swap_id=swap_id)
        self.act(swap, data)
        swap = swaps.swap_get(actor=self.actor, swap_id=swap_id)
        return Response(s.SwapOutputSerializer(swap).data)


class SwapAcceptApi(_SwapActionApi):
    @extend_schema(request=None, responses=s.SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_accept(actor=self.actor, swap=swap)


class SwapWithdrawApi(_SwapActionApi):
    @extend_schema(request=None, responses=s.SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_withdraw(actor=self.actor, swap=swap)


class SwapApproveApi(_SwapActionApi):
    @extend_schema(request=None, responses=s.SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_approve(actor=self.actor, swap=swap)


class SwapRejectApi(_SwapActionApi):
    input_serializer = s.SwapRejectInputSerializer

    @extend_schema(request=s.SwapRejectInputSerializer, responses=s.SwapOutputSerializer)
    def post(self, request: Request, swap_id: int) -> Response:
        return super().post(request, swap_id)

    def act(self, swap: Swap, data: dict[str, Any]) -> Swap:
        return swaps.swap_reject(actor=self.actor, swap=swap, reason=data["reason"])
