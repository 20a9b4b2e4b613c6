from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from common.views import HealthApi

api_v1 = [
    path("", include("organisation.api.urls")),
    path("", include("roster.api.urls")),
    path("", include("requests_desk.api.urls")),
    path("", include("approvals.api.urls")),
    path("", include("notifications.api.urls")),
]

urlpatterns = [
    path("healthz", HealthApi.as_view(), name="healthz"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/v1/", include(api_v1)),
    path("console/", include("console.urls")),
]

handler404 = "common.views.json_not_found"
handler500 = "common.views.json_server_error"
