from django.urls import URLPattern, URLResolver, path

from notifications.api import views as v

urlpatterns: list[URLPattern | URLResolver] = [
    path("notifications/", v.NotificationListApi.as_view(), name="notification-list"),
    path(
        "notifications/changes/",
        v.NotificationChangesApi.as_view(),
        name="notification-changes",
    ),
    path(
        "notifications/unread-count/",
        v.NotificationUnreadCountApi.as_view(),
        name="notification-unread-count",
    ),
    path(
        "notifications/read-all/", v.NotificationReadAllApi.as_view(), name="notification-read-all"
    ),
    path(
        "notifications/preferences/",
        v.NotificationPreferenceApi.as_view(),
        name="notification-preferences",
    ),
    path(
        "notifications/<id:notification_id>/read/",
        v.NotificationReadApi.as_view(),
        name="notification-read",
    ),
    path("me/devices/", v.MyDeviceListApi.as_view(), name="my-devices"),
    path("me/devices/<id:device_id>/", v.MyDeviceApi.as_view(), name="my-device"),
]
