from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from roster.models import RosterAuditEvent, RosterPeriod, ShiftTemplate


@admin.register(RosterPeriod)
class RosterPeriodAdmin(admin.ModelAdmin[RosterPeriod]):
    """Read-only: periods are created and move through their phases by the roster services,
    which write the `RosterAuditEvent` (an admin edit would leave no trace)."""

    list_display = ("team", "start_date", "end_date", "phase", "publish_on")
    list_filter = ("phase", "team")
    readonly_fields = (
        "team",
        "start_date",
        "end_date",
        "phase",
        "signup_opens_at",
        "signup_closes_at",
        "publish_on",
        "published_at",
        "published_members",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(admin.ModelAdmin[ShiftTemplate]):
    list_display = ("team", "name", "kind", "start_time", "end_time", "active")


@admin.register(RosterAuditEvent)
class RosterAuditEventAdmin(admin.ModelAdmin[RosterAuditEvent]):
    """Read-only, even for superusers: the audit trail is written by services only."""

    list_display = ("period", "action", "from_phase", "to_phase", "actor", "created_at")
    readonly_fields = ("period", "actor", "action", "from_phase", "to_phase", "payload")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
