"""Pagination for APIView-style list endpoints."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import DefaultPagination


def paginated_response(
    *,
    serializer_class: Any,
    queryset: QuerySet[Any],
    request: Request,
    view: APIView,
    context: dict[str, Any] | None = None,
) -> Response:
    paginator = DefaultPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    serializer = serializer_class(page, many=True, context={"request": request, **(context or {})})
    return paginator.get_paginated_response(serializer.data)


def filter_queryset(
    filterset_class: Any, request: Request, queryset: QuerySet[Any]
) -> QuerySet[Any]:
    """Apply a django-filter FilterSet; invalid filter values are a 400 naming the parameter."""
    from rest_framework.exceptions import ValidationError

    filterset = filterset_class(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    qs: QuerySet[Any] = filterset.qs
    return qs
