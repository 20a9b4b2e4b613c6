from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from organisation.models import (
    Absence,
    Delegation,
    Desk,
    Officer,
    Qualification,
    RoleAssignment,
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
    inlines = [QualificationInline, RoleAssignmentInline]


admin.site.register(Unit)
admin.site.register(Team)
admin.site.register(Desk)
admin.site.register(Skill)
admin.site.register(Delegation)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin[Absence]):
    list_display = ("officer", "kind", "start", "end", "expected_end", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("officer", "created_by")
