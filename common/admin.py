from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from common.models import ApiAuditRecord


@admin.register(ApiAuditRecord)
class ApiAuditRecordAdmin(admin.ModelAdmin[ApiAuditRecord]):
    """Read-only, even for superusers: the middleware writes these, nobody edits them."""

    list_display = ["created_at", "actor", "method", "path", "status", "request_id"]
    list_filter = ["method", "status"]
    search_fields = ["path", "request_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
