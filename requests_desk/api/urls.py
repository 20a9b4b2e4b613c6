from django.urls import URLPattern, URLResolver, path

from requests_desk.api import views as v

urlpatterns: list[URLPattern | URLResolver] = [
    path("request-types/", v.RequestTypeListApi.as_view(), name="request-type-list"),
    path(
        "request-types/<slug:code>/", v.RequestTypeDetailApi.as_view(), name="request-type-detail"
    ),
    path("requests/", v.RequestListApi.as_view(), name="request-list"),
    path("requests/changes/", v.RequestChangesApi.as_view(), name="request-changes"),
    path("requests/<id:request_id>/", v.RequestDetailApi.as_view(), name="request-detail"),
    path(
        "requests/<id:request_id>/transitions/",
        v.RequestTransitionApi.as_view(),
        name="request-transition",
    ),
    path(
        "requests/<id:request_id>/comments/",
        v.RequestCommentCreateApi.as_view(),
        name="request-comment-create",
    ),
    path(
        "requests/<id:request_id>/attachments/",
        v.RequestAttachmentCreateApi.as_view(),
        name="request-attachment-create",
    ),
    path(
        "requests/<id:request_id>/attachments/<id:attachment_id>/",
        v.RequestAttachmentDownloadApi.as_view(),
        name="request-attachment-download",
    ),
    path("inbox/approvals/", v.ApprovalInboxApi.as_view(), name="approval-inbox"),
    path("inbox/desk/", v.DeskQueueApi.as_view(), name="desk-queue"),
    path("delegations/", v.DelegationListApi.as_view(), name="delegation-list"),
    path(
        "delegations/<id:delegation_id>/end/",
        v.DelegationEndApi.as_view(),
        name="delegation-end",
    ),
    path("me/export/", v.MeExportApi.as_view(), name="me-export"),
]
