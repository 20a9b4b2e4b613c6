"""Form data is validated against the version's JSON Schema; every failing field is listed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from requests_desk.errors import FormInvalid


def _message(error: Any) -> str:
    v = error.validator
    if v == "type":
        return _("Wrong type (expected %(type)s).") % {"type": error.validator_value}
    if v == "enum":
        return _("Choose one of: %(values)s.") % {
            "values": ", ".join(str(x) for x in error.validator_value)
        }
    if v in ("minimum", "exclusiveMinimum"):
        return _("The value is too small.")
    if v in ("maximum", "exclusiveMaximum"):
        return _("The value is too large.")
    if v in ("minLength", "minItems"):
        return _("This field may not be empty.")
    if v in ("maxLength", "maxItems", "maxProperties"):
        return _("The value is too long.")
    if v == "format":
        return _("Not a valid %(format)s.") % {"format": error.validator_value}
    return _("Invalid value.")


def form_validate(*, schema: dict[str, Any], data: Any) -> None:
    """Raise FormInvalid naming every failing field (`fields.form_data.<field>`)."""
    if not isinstance(data, dict):
        raise FormInvalid(extra={"fields": {"form_data": [_("The form must be an object.")]}})
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        messages = errors.setdefault(key, [])
        if message not in messages:
            messages.append(message)

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for error in validator.iter_errors(data):
        path = [str(p) for p in error.absolute_path]
        if error.validator == "required" and not path:
            for name in error.validator_value:
                if name not in data:
                    add(name, _("This field is required."))
            continue
        if error.validator == "additionalProperties" and not path:
            allowed = set(schema.get("properties", {}))
            for name in sorted(set(data) - allowed):
                add(name, _("Unknown field."))
            continue
        key = ".".join(path) if path else "form_data"
        add(key, _message(error))
    if errors:
        raise FormInvalid(extra={"fields": {"form_data": errors}})
