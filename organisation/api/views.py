"""Organisation API: me, units, teams, officers, skills, qualifications."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from common.i18n import activate_user_language
from common.pagination import filter_queryset, paginated_response
from organisation import languages, selectors, services
from organisation.api import serializers as s
from organisation.filters import OfficerFilter, TeamFilter


class MeApi(ApiView):
    @extend_schema(responses=s.MeOutputSerializer, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        officer = selectors.me_get(actor=self.actor)
        context = {"request": request, "today": timezone.localdate()}
        return Response(s.MeOutputSerializer(officer, context=context).data)

    @extend_schema(
        request=s.MeUpdateInputSerializer,
        responses=s.MeOutputSerializer,
        operation_id="me_partial_update",
    )
    def patch(self, request: Request) -> Response:
        """Change his own language preference; this response is already in the new one."""
        data = s.MeUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "language" in data.validated_data:
            languages.officer_language_update(
                actor=self.actor, language=data.validated_data["language"]
            )
            activate_user_language(request, self.actor)
        officer = selectors.me_get(actor=self.actor)
        context = {"request": request, "today": timezone.localdate()}
        return Response(s.MeOutputSerializer(officer, context=context).data)


class UnitListApi(ApiView):
    @extend_schema(responses=s.UnitOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=s.UnitOutputSerializer,
            queryset=selectors.unit_list(actor=self.actor),
            request=request,
            view=self,
        )


class UnitDetailApi(ApiView):
    @extend_schema(responses=s.UnitOutputSerializer)
    def get(self, request: Request, unit_id: int) -> Response:
        unit = selectors.unit_get(actor=self.actor, unit_id=unit_id)
        return Response(s.UnitOutputSerializer(unit).data)


class TeamListApi(ApiView):
    @extend_schema(responses=s.TeamOutputSerializer(many=True), filters=True)
    def get(self, request: Request) -> Response:
        qs = filter_queryset(TeamFilter, request, selectors.team_list(actor=self.actor))
        return paginated_response(
            serializer_class=s.TeamOutputSerializer, queryset=qs, request=request, view=self
        )

    @extend_schema(request=s.TeamCreateInputSerializer, responses={201: s.TeamOutputSerializer})
    def post(self, request: Request) -> Response:
        data = s.TeamCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team = services.team_create(actor=self.actor, **data.validated_data)
        return Response(s.TeamOutputSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetailApi(ApiView):
    @extend_schema(responses=s.TeamOutputSerializer)
    def get(self, request: Request, team_id: int) -> Response:
        team = selectors.team_get(actor=self.actor, team_id=team_id)
        return Response(s.TeamOutputSerializer(team).data)


class OfficerListApi(ApiView):
    @extend_schema(responses=s.OfficerOutputSerializer(many=True), filters=True)
    def get(self, request: Request) -> Response:
        qs = filter_queryset(OfficerFilter, request, selectors.officer_list(actor=self.actor))
        return paginated_response(
            serializer_class=s.OfficerOutputSerializer, queryset=qs, request=request, view=self
        )


class OfficerDetailApi(ApiView):
    @extend_schema(responses=s.OfficerOutputSerializer)
    def get(self, request: Request, officer_id: int) -> Response:
        officer = selectors.officer_get(actor=self.actor, officer_id=officer_id)
        return Response(s.OfficerOutputSerializer(officer, context={"request": request}).data)


class QualificationCreateApi(ApiView):
    @extend_schema(
        request=s.QualificationCreateInputSerializer,
        responses={201: s.QualificationOutputSerializer},
    )
    def post(self, request: Request, officer_id: int) -> Response:
        officer = selectors.officer_get(actor=self.actor, officer_id=officer_id)
        data = s.QualificationCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        qualification = services.qualification_create(
            actor=self.actor, officer=officer, **data.validated_data
        )
        context = {"today": timezone.localdate()}
        return Response(
            s.QualificationOutputSerializer(qualification, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class SkillListApi(ApiView):
    @extend_schema(responses=s.SkillOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return paginated_response(
            serializer_class=s.SkillOutputSerializer,
            queryset=selectors.skill_list(),
            request=request,
            view=self,
        )
