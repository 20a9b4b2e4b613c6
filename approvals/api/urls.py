from django.urls import URLPattern, URLResolver, path

from approvals.api import views as v

urlpatterns: list[URLPattern | URLResolver] = [
    path("inbox/", v.InboxListApi.as_view(), name="inbox"),
    path("inbox/changes/", v.InboxChangesApi.as_view(), name="inbox-changes"),
    path(
        "inbox/<str:kind>/<id:item_id>/approve/",
        v.InboxApproveApi.as_view(),
        name="inbox-approve",
    ),
    path("inbox/<str:kind>/<id:item_id>/reject/", v.InboxRejectApi.as_view(), name="inbox-reject"),
    path("inbox/counts/", v.BadgeCountsApi.as_view(), name="inbox-counts"),
]
