"""OpenAPI: every operation documents its error responses, and `Error.code` lists every code."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from common.errors import ERROR_CODES


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
    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        method = self.method.upper()
        codes = ["429", "500"]
        if not any(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            codes += ["400", "409", "413", "422"]
        if "{" in self.path:
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
