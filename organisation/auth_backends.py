"""The switch that turns password login off (PASSWORD_LOGIN_ENABLED=0) for every door at once:
the API's token endpoint, the console's form and the Django admin's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


class PasswordLoginSwitch:
    """Listed before ModelBackend: while password login is off it refuses every password, which
    stops `authenticate()` before any later backend is asked. It never logs anyone in, and has
    no `get_user` or permission methods, so sessions and permissions never pass through it
    (nor does `Client.force_login` pick it)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if "password" in credentials and not settings.PASSWORD_LOGIN_ENABLED:
            raise PermissionDenied
        return None
