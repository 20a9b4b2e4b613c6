"""Sections of the officer's own data export (`GET /me/export/`, AVG right of access).

The desk owns the export and its own sections (requests, notifications, devices, the
competence profile); an app above it adds what it holds about the officer by registering a
section in its `AppConfig.ready()` (the roster: hours and leave balances, the dated terms of
employment). A section takes the officer and returns JSON-ready data about him only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from organisation.models import Officer

Section = Callable[[Officer], Any]

_SECTIONS: dict[str, Section] = {}
RESERVED = frozenset({"officer", "requests", "notifications", "devices", "competences"})


def register_export_section(name: str, section: Section) -> None:
    """Add `section` to the export under `name`. Registering the same one again is harmless
    (``ready()`` may run twice in tests); a different one under a taken name is an error."""
    if name in RESERVED or _SECTIONS.get(name, section) is not section:
        raise ImproperlyConfigured(f"Export section {name!r} is taken.")
    _SECTIONS[name] = section


def export_sections(officer: Officer) -> dict[str, Any]:
    return {name: section(officer) for name, section in sorted(_SECTIONS.items())}
