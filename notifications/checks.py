"""System checks of the notifications app's settings (run at start-up and by `manage.py
check`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from notifications.push.message import BODY_ELIGIBLE_KINDS


@register()
def check_push_body_kinds(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """PUSH_BODY_KINDS may list only kinds whose text names nobody (push passes through Google
    and Apple): any other kind is refused, so no setting can put a name or an absence in a
    push."""
    refused = sorted(set(getattr(settings, "PUSH_BODY_KINDS", ())) - BODY_ELIGIBLE_KINDS)
    if not refused:
        return []
    return [
        Error(
            f"PUSH_BODY_KINDS lists {', '.join(refused)}: only "
            f"{', '.join(sorted(BODY_ELIGIBLE_KINDS))} may carry text in a push.",
            id="notifications.E001",
        )
    ]
