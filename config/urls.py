from django.contrib import admin
from django.urls import include, path
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
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
    # JSON by default like every other answer under /api/; YAML with ?format=yaml.
    path(
        "api/schema/",
        SpectacularAPIView.as_view(
            renderer_classes=[
                OpenApiJsonRenderer,
                OpenApiJsonRenderer2,
                OpenApiYamlRenderer,
                OpenApiYamlRenderer2,
            ]
        ),
        name="schema",
    ),
    # A page, read only: any other method is a JSON 405 (common.middleware).
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="schema", http_method_names=["get", "head"]),
        name="docs",
    ),
    path("api/v1/", include(api_v1)),
    path("console/", include("console.urls")),
]

handler404 = "common.views.json_not_found"
handler500 = "common.views.json_server_error"
