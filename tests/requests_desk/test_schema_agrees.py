"""The catalogue and request lists agree with the served schema, also for a type that no
desk fulfils (issue #17: `desk` came back null where the schema said string)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories.requests_desk import RequestTypeVersionFactory
from tests.schema_validation import OpenApiValidator, SchemaMismatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def validator() -> OpenApiValidator:
    return OpenApiValidator(APIClient().get("/api/schema/").json())


def _check(validator: OpenApiValidator, response: Any) -> None:
    validator.validate(
        response.wsgi_request.method,
        response.wsgi_request.get_full_path(),
        response.status_code,
        response["Content-Type"],
        response.content,
    )


def test_a_type_without_a_desk_is_null_in_every_list_and_the_schema_allows_it(
    validator, officer, team_lead, api_client_for
) -> None:
    # Given an approval-only type that no desk fulfils
    RequestTypeVersionFactory(request_type__code="day_off", desk=None)
    me = api_client_for(officer)
    # When the officer reads the catalogue and files a request of that type
    listed = me.get("/api/v1/request-types/")
    detail = me.get("/api/v1/request-types/day_off/")
    filed = me.post(
        "/api/v1/requests/", {"type": "day_off", "form_data": {"what": "x"}}, format="json"
    )
    mine = me.get("/api/v1/requests/")
    one = me.get(f"/api/v1/requests/{filed.data['id']}/")
    # Then desk is null everywhere, and every answer matches its schema
    assert [t["desk"] for t in listed.data["results"]] == [None]
    assert detail.data["desk"] is None
    assert filed.status_code == 201, filed.data
    assert [r["desk"] for r in mine.data["results"]] == [None]
    assert one.data["desk"] is None
    for response in (listed, detail, filed, mine, one):
        _check(validator, response)


def test_the_validator_catches_a_null_where_the_schema_says_string(
    validator, officer, api_client_for
) -> None:
    # The check above can fail: the same list with a null where the schema says string.
    RequestTypeVersionFactory(request_type__code="day_off", desk=None)
    data = api_client_for(officer).get("/api/v1/request-types/").json()
    data["results"][0]["name"] = None
    body = json.dumps(data).encode()
    with pytest.raises(SchemaMismatch, match="results/0/name"):
        validator.validate("GET", "/api/v1/request-types/", 200, "application/json", body)
