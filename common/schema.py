"""OpenAPI: every operation documents its error responses, and `Error.code` lists every code."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_doc
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from common.api import ApiView
from common.errors import ERROR_CODES
from common.serializers import StrictInputSerializer


class ErrorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Stable snake_case code; see the list in `Error`.")
    detail = serializers.CharField(help_text="Human-readable message in the request language.")
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        help_text="Per failing field, its messages (nested for nested input).",
    )
    extra = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="E.g. `rule` for rule_violation."
    )

    class Meta:
        ref_name = "Error"


class AutoSchema(SpectacularAutoSchema):
    def _get_paginator(self) -> Any:
        # Only a GET list is a page (`common.pagination.paginated_response`); a write that
        # answers with a list (POST /signups/) returns the plain list.
        if self.method.upper() != "GET":
            return None
        return super()._get_paginator()  # type: ignore[no-untyped-call]

    def get_description(self) -> str:  # type: ignore[override]
        # A view without a docstring would show the base class's (ApiView: idempotency and
        # pagination plumbing) as if it described the operation.
        description = super().get_description()
        if description and description == get_doc(ApiView):
            return ""
        return description

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        result: dict[str, Any] = super()._map_basic_serializer(  # type: ignore[no-untyped-call]
            serializer, direction
        )
        if direction == "request" and isinstance(serializer, StrictInputSerializer):
            result["additionalProperties"] = False  # unknown fields are a 400
        return result

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        # 400 everywhere: bodies and query parameters (filters, dates) are validated.
        # 401 everywhere: a bad bearer (or refresh) token is refused even on open endpoints.
        codes = ["400", "401", "429", "500", "503"]
        if not any(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            # 404 also where the body names an object the actor may not see.
            codes += ["403", "404"]
        if self.method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
            codes += ["409", "413", "415", "422"]
        if "{" in self.path and "404" not in codes:
            codes.append("404")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    ErrorSerializer, code
                )
        return responses


def postprocess_error_codes(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """List every registered error code (with its status and meaning) in the Error schema."""
    schemas = result.get("components", {}).get("schemas", {})
    error = schemas.get("Error")
    if error:
        rows = "\n".join(
            f"- `{code}` ({status}): {text}" for code, (status, text) in sorted(ERROR_CODES.items())
        )
        error["properties"]["code"]["enum"] = sorted(ERROR_CODES)
        error["description"] = "Every error response. Codes:\n" + rows
    return result
