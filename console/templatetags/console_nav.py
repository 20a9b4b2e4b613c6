"""What the console's navigation shows to whom."""

from __future__ import annotations

from typing import Any

from django import template

from roster.capacity import may_read_capacity

register = template.Library()


@register.filter
def reads_capacity(user: Any) -> bool:
    """Whether the unit capacity page is for this user (he manages a team; no extra query:
    his scope is computed once per request)."""
    return bool(user.is_authenticated) and may_read_capacity(user)
