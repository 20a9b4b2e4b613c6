"""The client's address, the one rule for throttling, login lockout and logs.

Behind TRUSTED_PROXY_COUNT reverse proxies, each appending the address it saw to
X-Forwarded-For, the client is the entry that many places from the right; anything further left
was written by the client and is not trusted. With no trusted proxy (the default) the header is
ignored and the socket's address counts. Same rule as DRF's `NUM_PROXIES`, which the throttles
use (settings set both from TRUSTED_PROXY_COUNT).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(settings.TRUSTED_PROXY_COUNT)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in str(forwarded).split(",") if hop.strip()]
    if not hops:
        return remote
    return hops[-min(proxies, len(hops))]
