from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from organisation.models import Officer, Qualification, Team


class OfficerFilter(django_filters.FilterSet):  # type: ignore[misc]
    team = django_filters.ModelChoiceFilter(
        field_name="teams", queryset=Team.objects.all(), help_text="Team id."
    )
    skill = django_filters.CharFilter(method="filter_skill", help_text="Holds this skill today.")
    q = django_filters.CharFilter(method="filter_q", help_text="Part of the name.")

    class Meta:
        model = Officer
        fields = ["team", "skill", "q"]

    def filter_skill(self, qs: QuerySet[Officer], name: str, value: str) -> QuerySet[Officer]:
        holders = Qualification.objects.valid_on().filter(skill__code=value).values("officer_id")
        return qs.filter(pk__in=holders)

    def filter_q(self, qs: QuerySet[Officer], name: str, value: str) -> QuerySet[Officer]:
        return qs.filter(Q(first_name__icontains=value) | Q(last_name__icontains=value))


class TeamFilter(django_filters.FilterSet):  # type: ignore[misc]
    class Meta:
        model = Team
        fields = ["unit"]
