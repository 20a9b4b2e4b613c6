from django.urls import path

from organisation.api import auth, competences, oidc, views

urlpatterns = [
    path("auth/token/", auth.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/refresh/", auth.TokenRefreshApi.as_view(), name="auth-refresh"),
    path("auth/oidc/config/", oidc.OidcConfigApi.as_view(), name="auth-oidc-config"),
    path("auth/oidc/token/", oidc.OidcTokenObtainApi.as_view(), name="auth-oidc-token"),
    path("auth/logout/", auth.LogoutApi.as_view(), name="auth-logout"),
    path("auth/logout-all/", auth.LogoutAllApi.as_view(), name="auth-logout-all"),
    path("me/password/", auth.PasswordChangeApi.as_view(), name="me-password"),
    path("me/", views.MeApi.as_view(), name="me"),
    path("units/", views.UnitListApi.as_view(), name="unit-list"),
    path("units/<id:unit_id>/", views.UnitDetailApi.as_view(), name="unit-detail"),
    path("teams/", views.TeamListApi.as_view(), name="team-list"),
    path("teams/<id:team_id>/", views.TeamDetailApi.as_view(), name="team-detail"),
    path("officers/", views.OfficerListApi.as_view(), name="officer-list"),
    path("officers/<id:officer_id>/", views.OfficerDetailApi.as_view(), name="officer-detail"),
    path(
        "officers/<id:officer_id>/qualifications/",
        views.QualificationCreateApi.as_view(),
        name="qualification-create",
    ),
    path("skills/", views.SkillListApi.as_view(), name="skill-list"),
    # the competence profile (issue 18)
    path("me/competences/", competences.MyCompetencesApi.as_view(), name="me-competences"),
    path("me/ambitions/", competences.MyAmbitionCreateApi.as_view(), name="me-ambition-create"),
    path(
        "me/ambitions/<id:ambition_id>/",
        competences.MyAmbitionDetailApi.as_view(),
        name="me-ambition-detail",
    ),
    path(
        "officers/<id:officer_id>/competences/",
        competences.OfficerCompetencesApi.as_view(),
        name="officer-competences",
    ),
    path(
        "officers/<id:officer_id>/trainings/",
        competences.TrainingStartApi.as_view(),
        name="training-start",
    ),
    path(
        "trainings/<id:training_id>/end/", competences.TrainingEndApi.as_view(), name="training-end"
    ),
]
