"""Every answer under `/api/` is JSON in the error shape (ADR 0002), unknown paths included.

The probes are derived from the URL conf and the OpenAPI schema, not listed by hand: every
documented path with ids that match no converter, missing and doubled trailing slashes, an
unknown suffix, and every HTTP method; anonymous and authenticated; with DEBUG off and on
(`make demo` runs with DEBUG on, where Django would otherwise answer with its HTML pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

METHODS = ("get", "post", "put", "patch", "delete", "options", "head")
# Values for a path parameter that no converter accepts, or that name nothing.
BAD_IDS = ("0", "abc", "99999999999999999999")
# The only non-JSON successes under /api/: the Swagger page and the calendar feed
# (text/calendar, its own tests).
NON_JSON_OK = re.compile(r"^/api/docs/$|^/api/v1/calendar/[^/]+\.ics$")
JSON_TYPE = re.compile(r"^application/([\w.-]+\+)?json\b")


def _api_routes() -> Iterator[str]:
    """Every route under api/ in the URL conf, as a template with `{name}` placeholders."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for p in patterns:
            route = str(p.pattern)
            route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).lstrip("^").rstrip("$")
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                yield "/" + prefix + route

    yield from (r for r in walk(get_resolver().url_patterns, "") if r.startswith("/api/"))


def _good(template: str) -> str:
    return re.sub(r"{\w+}", "1", template)


def _probe_paths(templates: set[str]) -> set[str]:
    paths = {"/api/", "/api/v1/", "/api/v2/", "/api/v1/no-such-thing/", "/api/nope", "/api/v1"}
    for template in templates:
        names = re.findall(r"{(\w+)}", template)
        good = _good(template)
        paths |= {good, good.rstrip("/"), good + "/", good + "unknown/", good + "unknown"}
        for bad in BAD_IDS:
            for name in names:
                paths.add(template.replace("{" + name + "}", bad).replace("{", "").replace("}", ""))
    return paths


@pytest.fixture
def error_schema() -> dict[str, Any]:
    doc = APIClient().get("/api/schema/?format=json").json()
    return {**doc["components"]["schemas"]["Error"], "components": doc["components"]}


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize("authenticated", [False, True], ids=["anonymous", "officer"])
def test_every_answer_under_api_is_json_in_the_error_shape(
    settings: Any,
    api_client_for: Any,
    officer: Any,
    error_schema: Any,
    debug: bool,
    authenticated: bool,
) -> None:
    settings.DEBUG = debug
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    schema_paths = APIClient().get("/api/schema/?format=json").json()["paths"]
    templates = set(_api_routes()) | {p for p in schema_paths if p.startswith("/api/")}
    # The documented operations themselves are the schema fuzz's job (and a documented
    # logout would end this session): probe everything around them.
    documented = {(m, _good(p)) for p, ops in schema_paths.items() for m in ops}
    client = api_client_for(officer) if authenticated else APIClient()
    client.raise_request_exception = False
    wrong = []
    for path in sorted(_probe_paths(templates)):
        for method in METHODS:
            if (method, path) in documented or (method == "head" and ("get", path) in documented):
                continue
            response = getattr(client, method)(path)
            ctype = response.get("Content-Type", "")
            if NON_JSON_OK.match(path) and response.status_code < 400:
                continue
            if not JSON_TYPE.match(ctype) or 300 <= response.status_code < 400:
                wrong.append(f"{method.upper()} {path} -> {response.status_code} {ctype}")
                continue
            if response.status_code >= 400 and method != "head":
                try:
                    jsonschema.validate(response.json(), error_schema)
                except jsonschema.ValidationError as exc:
                    wrong.append(f"{method.upper()} {path} -> {response.status_code} {exc.message}")
    assert wrong == [], f"{len(wrong)} non-JSON answers:\n" + "\n".join(wrong)
