"""The test provider's claims: the employee number from its directory, and for a user marked
`expired` an ID token whose `exp` has already passed (a provider with a clock that is off)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class EmployeeNumberValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below whatever the scopes

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        entry = settings.DIRECTORY.get(request.user.username, {})
        claims: dict[str, Any] = {"preferred_username": request.user.username}
        if "employee_number" in entry:
            claims["employee_number"] = entry["employee_number"]
        return claims

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> Any:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if settings.DIRECTORY.get(request.user.username, {}).get("expired"):
            claims["exp"] = claims["auth_time"] - 3600
        return claims, expiration_time
