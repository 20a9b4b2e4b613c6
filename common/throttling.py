"""Throttles keyed on the client's address as `common.net.client_ip` reads it (the one rule,
shared with the login lockout), in the shared cache (CACHE_URL; required in production)."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from common.net import client_ip


class UserThrottle(UserRateThrottle):
    """Per officer; anonymous callers per address."""

    def get_ident(self, request: Any) -> str:
        return client_ip(request)


class AnonThrottle(AnonRateThrottle):
    """Anonymous callers per address (login, refresh, the calendar feed)."""

    def get_ident(self, request: Any) -> str:
        return client_ip(request)


class HealthRateThrottle(AnonRateThrottle):
    """`/healthz` per address: plenty for a load balancer, too little to keep workers busy."""

    scope = "healthz"

    def get_ident(self, request: Any) -> str:
        return client_ip(request)
