"""Check a response against the served OpenAPI schema (drf-spectacular, OpenAPI 3.0).

OpenAPI 3.0 is not quite JSON Schema: `nullable: true` stands beside the type. The schema's
components are turned into JSON Schema (nullable becomes "or null") once, and a body is
validated with jsonschema against the documented response of its operation and status.
A status the operation does not document, or a non-JSON body where JSON is documented, is
a mismatch too. Used by the client-flow test and the schema conformance tests.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema


def _to_json_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _to_json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        if isinstance(out.get("type"), str) and "$ref" not in out and "enum" not in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


class SchemaMismatch(AssertionError):
    pass


class OpenApiValidator:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.components = _to_json_schema(document.get("components", {}))
        self._templates = [
            (re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(p)) + "$"), p)
            # literal paths before templated ones: /inbox/counts/ is not /inbox/{kind}/
            for p in sorted(document["paths"], key=lambda p: (p.count("{"), p))
        ]

    def template_for(self, path: str) -> str:
        for pattern, template in self._templates:
            if pattern.match(path):
                return template
        raise SchemaMismatch(f"{path} is not a path of the schema")

    def validate(self, method: str, path: str, status: int, content_type: str, body: bytes) -> None:
        """Raise SchemaMismatch unless the answer is one the schema documents."""
        import json

        template = self.template_for(path.split("?", 1)[0])
        operation = self.document["paths"][template].get(method.lower())
        if operation is None:
            raise SchemaMismatch(f"{method} {template} is not documented")
        responses = operation["responses"]
        documented = responses.get(str(status)) or responses.get("default")
        where = f"{method} {path} -> {status}"
        if documented is None:
            raise SchemaMismatch(f"{where}: status not documented ({sorted(responses)})")
        content = documented.get("content")
        if not content:
            if body:
                raise SchemaMismatch(f"{where}: a body where none is documented")
            return
        media = content_type.split(";", 1)[0].strip()
        if media not in content:
            raise SchemaMismatch(f"{where}: content type {media!r} not in {sorted(content)}")
        if not media.endswith("json"):
            return
        schema = _to_json_schema(content[media].get("schema", {}))
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise SchemaMismatch(f"{where}: body is not JSON") from exc
        try:
            jsonschema.validate(data, {**schema, "components": self.components})
        except jsonschema.ValidationError as exc:
            at = "/".join(str(p) for p in exc.absolute_path)
            raise SchemaMismatch(f"{where}: at {at or '(root)'}: {exc.message}") from exc
