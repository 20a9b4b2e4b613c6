from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from organisation.models import Officer
from requests_desk.models import (
    PrivacyReadLog,
    Request,
    RequestEvent,
    RequestType,
    RequestTypeVersion,
)


class VersionInline(admin.TabularInline[RequestTypeVersion, RequestType]):
    model = RequestTypeVersion
    extra = 0
    fields = ["number", "name_nl", "name_en", "outcome_kind", "privacy_class", "created_at"]
    readonly_fields = [
        "number",
        "name_nl",
        "name_en",
        "outcome_kind",
        "privacy_class",
        "created_at",
    ]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RequestType)
class RequestTypeAdmin(admin.ModelAdmin[RequestType]):
    list_display = ["code", "category", "active", "current_version"]
    list_filter = ["category", "active"]
    search_fields = ["code", "versions__name_nl", "versions__name_en"]
    readonly_fields = ["current_version"]
    inlines = [VersionInline]


@admin.register(RequestTypeVersion)
class RequestTypeVersionAdmin(admin.ModelAdmin[RequestTypeVersion]):
    """Saving a version always stores a new one and makes it current (old requests keep
    theirs)."""

    list_display = ["request_type", "number", "name_nl", "outcome_kind", "privacy_class"]
    list_filter = ["outcome_kind", "privacy_class"]
    readonly_fields = ["number"]

    def save_model(
        self, request: HttpRequest, obj: RequestTypeVersion, form: Any, change: Any
    ) -> None:
        last = obj.request_type.versions.order_by("-number").first()
        obj.pk = None
        obj.number = (last.number + 1) if last else 1
        obj.save()
        obj.request_type.current_version = obj
        obj.request_type.save(update_fields=["current_version"])


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin[Request]):
    """Read-only but for the legal hold: the workflow (state, form, route, desk, dates) moves
    only through `workflow.request_act`, which writes the audit event. Setting or lifting a
    legal hold here writes its own event."""

    list_display = ["id", "request_type", "requester", "state", "due_date", "overdue"]
    list_filter = ["state", "overdue"]
    WORKFLOW_FIELDS = (
        "requester",
        "request_type",
        "version",
        "team",
        "desk",
        "state",
        "form_data",
        "assignee",
        "submitted_at",
        "due_date",
        "paused_at",
        "overdue",
        "escalated_at",
        "closed_at",
        "absence",
    )
    fields = [*WORKFLOW_FIELDS, "legal_hold"]
    readonly_fields = WORKFLOW_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Request, form: Any, change: Any) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if "legal_hold" in form.changed_data:
                RequestEvent.objects.create(
                    request=obj,
                    actor=request.user if isinstance(request.user, Officer) else None,
                    action="legal_hold_on" if obj.legal_hold else "legal_hold_off",
                    from_state=obj.state,
                    to_state=obj.state,
                )


@admin.register(RequestEvent)
class RequestEventAdmin(admin.ModelAdmin[RequestEvent]):
    """Read-only, even for superusers: events are written by `request_transition` only."""

    list_display = ["request", "actor", "action", "from_state", "to_state", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PrivacyReadLog)
class PrivacyReadLogAdmin(admin.ModelAdmin[PrivacyReadLog]):
    """Read-only, even for superusers: who read a special-category request is evidence."""

    list_display = ["request", "reader", "read_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
