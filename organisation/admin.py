from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organisation import need_to_know
from organisation.models import (
    Absence,
    ContractHours,
    Delegation,
    Desk,
    HoursMutation,
    LeaveEntitlement,
    NightExemption,
    Officer,
    Qualification,
    RoleAssignment,
    SecondTeamMembership,
    Skill,
    Team,
    Unit,
)


class QualificationInline(admin.TabularInline[Qualification, Officer]):
    model = Qualification
    extra = 0


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, Officer]):
    model = RoleAssignment
    extra = 0


class _ReadOnlyInline(admin.TabularInline[Any, Officer]):
    """Dated terms that an approved request writes (ADR 0006): shown, changed only through
    the desk (so each change has its request and its approvals)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ContractHoursInline(_ReadOnlyInline):
    model = ContractHours
    fields = ("valid_from", "minutes_per_week", "source")


class NightExemptionInline(_ReadOnlyInline):
    model = NightExemption
    # not its source: that names a special-category request (the basis may be health data)
    fields = ("valid_from", "valid_until")


class SecondTeamMembershipInline(_ReadOnlyInline):
    model = SecondTeamMembership
    fields = ("team", "valid_from", "valid_until", "source")


class HoursMutationInline(_ReadOnlyInline):
    model = HoursMutation
    fk_name = "officer"
    fields = ("date", "minutes", "kind", "source")


class LeaveEntitlementInline(admin.TabularInline[LeaveEntitlement, Officer]):
    """HR sets a year's entitlement where it differs from the default."""

    model = LeaveEntitlement
    extra = 0


@admin.register(Officer)
class OfficerAdmin(UserAdmin[Officer]):
    list_display = ("username", "employee_number", "first_name", "last_name", "is_active")
    search_fields = ("username", "employee_number", "first_name", "last_name")
    list_filter = ("teams", "night_exempt", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Samenroosteren",
            {
                "fields": (
                    "employee_number",
                    "contract_minutes_per_week",
                    "date_of_birth",
                    "night_exempt",
                    "phone",
                    "teams",
                )
            },
        ),
    )
    add_fieldsets = (
        *(UserAdmin.add_fieldsets or ()),
        (None, {"fields": ("employee_number", "email")}),
    )
    inlines = [
        QualificationInline,
        RoleAssignmentInline,
        ContractHoursInline,
        NightExemptionInline,
        SecondTeamMembershipInline,
        HoursMutationInline,
        LeaveEntitlementInline,
    ]
    # What the roster and its rules read is changed through the API's services only (so the
    # change is checked and traced): read-only on an existing officer.
    roster_fields = ("contract_minutes_per_week", "date_of_birth", "night_exempt", "teams")

    def get_readonly_fields(self, request: HttpRequest, obj: Officer | None = None) -> Any:
        base = tuple(super().get_readonly_fields(request, obj))
        return base + self.roster_fields if obj is not None else base


admin.site.register(Unit)
admin.site.register(Team)
admin.site.register(Desk)
admin.site.register(Skill)
admin.site.register(Delegation)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin[Absence]):
    """Read-only: an absence is recorded and ended through the absence services, which free
    the officer's shifts and notify the planner; an admin edit would do neither.

    Need-to-know as everywhere (`organisation.need_to_know`): the list shows the kind only to a
    reader who may learn it ("Absent" otherwise); the page shows neither kind nor source; there
    is no filter by kind (the list it yields would tell the kind)."""

    fields = ("officer", "start", "end", "expected_end", "created_by", "created_at")
    readonly_fields = fields

    def get_list_display(self, request: HttpRequest) -> Any:
        reader = request.user

        @admin.display(description=_("kind"))
        def shown_kind(obj: Absence) -> str:
            return str(need_to_know.shown_kind_label(reader, obj))  # type: ignore[arg-type]

        return ("officer", shown_kind, "start", "end", "expected_end", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
