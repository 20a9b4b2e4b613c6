"""Competence profile API (issue 18): an officer's skills with level and expiry, his
ambitions (written by himself) and his trainings (started and ended by his managers)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import ApiView
from organisation import competence_selectors as selectors
from organisation import competence_services as services
from organisation.api import competence_serializers as s
from organisation.selectors import officer_get


def _ctx() -> dict[str, object]:
    return {"today": timezone.localdate()}


class MyCompetencesApi(ApiView):
    @extend_schema(responses=s.CompetenceProfileOutputSerializer)
    def get(self, request: Request) -> Response:
        """My own profile: skills, ambitions, trainings."""
        profile = selectors.my_competence_profile(actor=self.actor)
        return Response(s.CompetenceProfileOutputSerializer(profile, context=_ctx()).data)


class MyAmbitionCreateApi(ApiView):
    @extend_schema(request=s.AmbitionInputSerializer, responses={201: s.AmbitionOutputSerializer})
    def post(self, request: Request) -> Response:
        """Add an ambition of my own ("wants to become motor officer")."""
        data = s.AmbitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ambition = services.ambition_create(actor=self.actor, **data.validated_data)
        return Response(s.AmbitionOutputSerializer(ambition).data, status=status.HTTP_201_CREATED)


class MyAmbitionDetailApi(ApiView):
    @extend_schema(request=s.AmbitionUpdateInputSerializer, responses=s.AmbitionOutputSerializer)
    def patch(self, request: Request, ambition_id: int) -> Response:
        """Change one of my ambitions; someone else's is not found."""
        ambition = selectors.ambition_get(actor=self.actor, ambition_id=ambition_id)
        data = s.AmbitionUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ambition = services.ambition_update(
            actor=self.actor, ambition=ambition, **data.validated_data
        )
        return Response(s.AmbitionOutputSerializer(ambition).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, ambition_id: int) -> Response:
        ambition = selectors.ambition_get(actor=self.actor, ambition_id=ambition_id)
        services.ambition_delete(actor=self.actor, ambition=ambition)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OfficerCompetencesApi(ApiView):
    @extend_schema(responses=s.CompetenceProfileOutputSerializer)
    def get(self, request: Request, officer_id: int) -> Response:
        """An officer's profile: himself, the lead or planner of his teams, their unit
        manager, administrators. A colleague: 403; anyone else: 404."""
        profile = selectors.competence_profile_get(actor=self.actor, officer_id=officer_id)
        return Response(s.CompetenceProfileOutputSerializer(profile, context=_ctx()).data)


class TrainingStartApi(ApiView):
    @extend_schema(
        request=s.TrainingStartInputSerializer, responses={201: s.TrainingOutputSerializer}
    )
    def post(self, request: Request, officer_id: int) -> Response:
        """Put the officer in training for a skill (his managers only)."""
        officer = officer_get(actor=self.actor, officer_id=officer_id)
        data = s.TrainingStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        training = services.training_start(actor=self.actor, officer=officer, **data.validated_data)
        return Response(
            s.TrainingOutputSerializer(training, context=_ctx()).data,
            status=status.HTTP_201_CREATED,
        )


class TrainingEndApi(ApiView):
    @extend_schema(request=s.TrainingEndInputSerializer, responses=s.TrainingOutputSerializer)
    def post(self, request: Request, training_id: int) -> Response:
        """End a running training (his managers only)."""
        training = selectors.training_get(actor=self.actor, training_id=training_id)
        data = s.TrainingEndInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        training = services.training_end(actor=self.actor, training=training, **data.validated_data)
        return Response(s.TrainingOutputSerializer(training, context=_ctx()).data)
