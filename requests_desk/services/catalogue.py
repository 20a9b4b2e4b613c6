"""The catalogue: creating types, editing them as new versions, loading the reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from common.errors import Forbidden
from organisation.models import Desk, Officer, Unit
from organisation.selectors import actor_scope
from requests_desk.models import RequestType, RequestTypeVersion

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "catalogue.json"

VERSION_FIELDS = (
    "name_nl",
    "name_en",
    "description_nl",
    "description_en",
    "form_schema",
    "ui_hints",
    "route",
    "route_note",
    "desk",
    "sla_days",
    "outcome_kind",
    "privacy_class",
    "retention_days",
    "retention_after_employment",
)


def _require_admin(actor: Officer) -> None:
    if not actor_scope(actor).is_admin:
        raise Forbidden()


def _new_version(request_type: RequestType, values: dict[str, Any]) -> RequestTypeVersion:
    last = request_type.versions.order_by("-number").first()
    version = RequestTypeVersion(
        request_type=request_type, number=(last.number + 1) if last else 1, **values
    )
    version.full_clean()
    version.save()
    request_type.current_version = version
    request_type.save(update_fields=["current_version"])
    return version


def request_type_create(
    *, actor: Officer, code: str, category: str, active: bool = True, **values: Any
) -> RequestType:
    """Add a type to the catalogue (administrators): no deploy needed to file it."""
    _require_admin(actor)
    with transaction.atomic():
        request_type = RequestType(code=code, category=category, active=active)
        request_type.full_clean()
        request_type.save()
        _new_version(request_type, values)
    return request_type


def request_type_update(
    *, actor: Officer, request_type: RequestType, **changes: Any
) -> RequestType:
    """Edit a type: content changes create a new version; filed requests keep theirs."""
    _require_admin(actor)
    with transaction.atomic():
        locked = RequestType.objects.select_for_update().get(pk=request_type.pk)
        for name in ("category", "active"):
            if name in changes:
                setattr(locked, name, changes.pop(name))
        locked.full_clean()
        locked.save(update_fields=["category", "active"])
        content = {k: v for k, v in changes.items() if k in VERSION_FIELDS}
        if content:
            current = locked.current_version
            values: dict[str, Any] = {}
            if current is not None:
                values = {f: getattr(current, f) for f in VERSION_FIELDS}
            values.update(content)
            _new_version(locked, values)
    return locked


def catalogue_load(*, unit: Unit, path: Path = CATALOGUE_FILE) -> dict[str, int]:
    """Load the reference catalogue idempotently: desks are created in `unit` when missing;
    a type whose content differs from its current version gets a new version."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = updated = 0
    with transaction.atomic():
        desks = {
            d["code"]: Desk.objects.get_or_create(
                code=d["code"],
                defaults={"unit": unit, "name_nl": d["name_nl"], "name_en": d["name_en"]},
            )[0]
            for d in data["desks"]
        }
        for entry in data["types"]:
            values = {k: entry[k] for k in VERSION_FIELDS if k != "desk"}
            values["desk"] = desks[entry["desk"]] if entry["desk"] else None
            request_type, is_new = RequestType.objects.get_or_create(
                code=entry["code"], defaults={"category": entry["category"]}
            )
            current = request_type.current_version
            if current is not None and all(getattr(current, k) == v for k, v in values.items()):
                continue
            _new_version(request_type, values)
            created += int(is_new)
            updated += int(not is_new)
    return {"created": created, "updated": updated, "total": len(data["types"])}
