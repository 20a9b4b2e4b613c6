from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from organisation.models import Officer
from organisation.need_to_know import may_read_special_category
from requests_desk.models import (
    PrivacyClass,
    PrivacyReadLog,
    ReadChannel,
    Request,
    RequestEvent,
    RequestType,
    RequestTypeVersion,
)
from requests_desk.services.privacy import request_read_record


def _special(obj: Request | None) -> bool:
    return obj is not None and obj.version.privacy_class == PrivacyClass.SPECIAL_CATEGORY


def _readable(request: HttpRequest, obj: Request) -> bool:
    """Whether the viewer may read what this request is and says (`need_to_know`)."""
    if not _special(obj):
        return True
    viewer = request.user if isinstance(request.user, Officer) else None
    return may_read_special_category(viewer, officer_id=obj.requester_id, desk_id=obj.desk_id)


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
    legal hold here writes its own event.

    Special-category requests (AVG art. 9/10: sick and recovery reports...) are read-only for
    everyone, the legal hold included, and every opening of one is logged
    (`PrivacyReadLog`, channel `admin`). Their type, form data and version are shown only to
    who may read them (`need_to_know.may_read_special_category`: staff of the designated
    desk); everyone else, an administrator included, reads "special category" and no form.
    Comments and attachments are not in the admin at all."""

    list_display = ["id", "requester", "state", "due_date", "overdue"]  # + the type, per viewer
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
    #: What tells what a special-category request is or says.
    SPECIAL_FIELDS = ("request_type", "version", "form_data")
    fields = [*WORKFLOW_FIELDS, "legal_hold"]
    readonly_fields = WORKFLOW_FIELDS

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("version", "request_type")

    def get_list_display(self, request: HttpRequest) -> Any:
        @admin.display(description=_("request type"))
        def shown_type(obj: Request) -> str:
            if _readable(request, obj):
                return str(obj.request_type)
            return str(PrivacyClass.SPECIAL_CATEGORY.label)

        return ["id", shown_type, "requester", "state", "due_date", "overdue"]

    def get_fields(self, request: HttpRequest, obj: Request | None = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not _readable(request, obj):
            fields = [f for f in fields if f not in self.SPECIAL_FIELDS]
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Request | None = None) -> bool:
        if _special(obj):
            return False
        return super().has_change_permission(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if (
            response.status_code == 200
            and _special(obj)
            and isinstance(request.user, Officer)
            and obj is not None
        ):
            request_read_record(actor=request.user, request=obj, channel=ReadChannel.ADMIN)
        return response

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

    list_display = ["request", "reader", "channel", "read_at"]
    list_filter = ["channel"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
