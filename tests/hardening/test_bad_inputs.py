"""Bad inputs on representative write endpoints: malformed JSON, wrong types, huge bodies,
unknown fields, SQL and HTML in fields, other people's ids. Each is a clear 4xx in the error
format `{code, detail, fields}`, nothing is saved, and nothing answers 5xx.

SQL or HTML inside a free-text field is data, not an attack surface: it is stored as typed and
returned in JSON (never rendered as HTML by the API); in an id or enum field it is a 400."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Model

from organisation.models import Absence
from requests_desk.models import Request, RequestComment
from roster.models import Assignment, Shift, SignUp, Swap
from tests.hardening.matrix_support import Caller
from tests.hardening.test_permission_matrix import matrix_caller  # noqa: F401 - fixture

WATCHED: tuple[type[Model], ...] = (
    SignUp,
    Request,
    RequestComment,
    Absence,
    Swap,
    Assignment,
    Shift,
)
SQL = "1; DROP TABLE roster_signup; --"
HTML = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in WATCHED}


def _cases(i: dict[str, Any], other_shift: int) -> list[tuple[str, str, str, Any, set[int]]]:
    """(name, method, path, body — a str is sent raw as JSON text —, allowed statuses)"""
    huge = "x" * (settings.MAX_REQUEST_BODY_BYTES + 1)
    return [
        ("malformed JSON", "post", "/api/v1/signups/", '{"signups": [', {400}),
        ("JSON that is not an object", "post", "/api/v1/signups/", "[1, 2, 3]", {400}),
        ("wrong type: list expected", "post", "/api/v1/signups/", {"signups": "all"}, {400}),
        (
            "wrong type: id as text",
            "post",
            "/api/v1/signups/",
            {"signups": [{"shift": "abc", "wish": "want"}]},
            {400},
        ),
        (
            "wrong type: number for a boolean",
            "post",
            "/api/v1/requests/",
            {"type": i["code"], "form_data": {"what": "pen"}, "submit": 2},
            {400},
        ),
        (
            "enum value unknown",
            "post",
            "/api/v1/signups/",
            {"signups": [{"shift": i["shift_id"], "wish": "maybe"}]},
            {400},
        ),
        (
            "id out of range",
            "post",
            "/api/v1/open-shifts/claim/",
            {"shift": 2**63, "skill": "basis"},
            {400},
        ),
        ("body over the size limit", "post", "/api/v1/signups/", huge, {413}),
        (
            "unknown field",
            "post",
            "/api/v1/signups/",
            {"signups": [{"shift": i["shift_id"], "wish": "want"}], "officer": 1},
            {400},
        ),
        (
            "unknown field in an item",
            "post",
            "/api/v1/signups/",
            {"signups": [{"shift": i["shift_id"], "wish": "want", "officer": 1}]},
            {400},
        ),
        (
            "SQL in an id field",
            "post",
            "/api/v1/open-shifts/claim/",
            {"shift": SQL, "skill": "basis"},
            {400},
        ),
        (
            "SQL in a slug field",
            "post",
            "/api/v1/open-shifts/claim/",
            {"shift": i["open_shift_id"], "skill": SQL},
            {400},
        ),
        ("HTML in an enum field", "post", "/api/v1/swaps/", {"kind": HTML, "assignment": 1}, {400}),
        (
            "NUL character in a text field",
            "post",
            f"/api/v1/requests/{i['request_id']}/comments/",
            {"body": "a\x00b"},
            {400},
        ),
        (
            "text over its maximum length",
            "post",
            f"/api/v1/requests/{i['request_id']}/comments/",
            {"body": "x" * 4001},
            {400},
        ),
        (
            "form data against the type's schema",
            "post",
            "/api/v1/requests/",
            {"type": i["code"], "form_data": {"what": "", "extra": HTML}},
            {400, 422},
        ),
        (
            "end before start",
            "patch",
            f"/api/v1/shifts/{i['shift_id']}/",
            {"start": "2027-01-05T15:00:00+01:00", "end": "2027-01-05T07:00:00+01:00"},
            {400},
        ),
        (
            "foreign id: another team's shift",
            "post",
            "/api/v1/signups/",
            {"signups": [{"shift": other_shift, "wish": "want"}]},
            {403, 404},
        ),
        (
            "foreign id: an officer of another team",
            "post",
            "/api/v1/absences/",
            {"officer": i["other_officer_id"], "kind": "leave", "start": "2027-03-01T08:00Z"},
            {404},
        ),
        (
            "foreign id: someone else's place",
            "post",
            "/api/v1/swaps/",
            {"kind": "market", "assignment": i["colleague_assignment_id"]},
            {400},
        ),
        (
            "foreign id: someone else's request",
            "post",
            f"/api/v1/requests/{i['foreign_request_id']}/comments/",
            {"body": "mine now"},
            {404},
        ),
        ("foreign id: a shift that does not exist", "patch", "/api/v1/shifts/999999/", {}, {404}),
    ]


@pytest.mark.django_db
def test_bad_inputs_get_a_clear_4xx_and_change_nothing(
    matrix_caller: Caller,  # noqa: F811
    other_team: Any,
    other_officer: Any,
    colleague: Any,
) -> None:
    from requests_desk.models import RequestType
    from requests_desk.services import workflow
    from tests.factories.roster import PeriodFactory, ShiftFactory

    # given: the matrix's objects, plus another team's shift and a colleague's request
    i = dict(matrix_caller.graph.ids)
    other_shift = ShiftFactory(period=PeriodFactory(team=other_team)).pk
    i["other_officer_id"] = other_officer.pk
    i["colleague_assignment_id"] = Assignment.objects.filter(officer=colleague).first().pk
    i["foreign_request_id"] = workflow.request_create(
        actor=colleague,
        request_type=RequestType.objects.get(code=i["code"]),
        form_data={"what": "chair"},
    ).pk
    planner = matrix_caller.clients["planner"]
    officer = matrix_caller.clients["officer"]
    results: list[str] = []

    for name, method, path, body, allowed in _cases(i, other_shift):
        client = planner if path.startswith("/api/v1/shifts/") else officer
        if "absences" in path:
            client = matrix_caller.clients["team_lead"]
        before = _counts()
        raw = body if isinstance(body, str) else json.dumps(body)
        response = client.generic(method.upper(), path, raw, content_type="application/json")
        # then: a clear 4xx in the error format, nothing saved
        status = response.status_code
        results.append(f"{name}: {status}")
        assert status in allowed, f"{name}: {status} {response.content[:300]!r}"
        payload = response.json()
        assert set(payload) >= {"code", "detail"}, (name, payload)
        # the parser refuses unreadable bodies as a whole (malformed JSON, a NUL character)
        if status == 400 and payload["code"] != "malformed_request":
            assert payload.get("fields"), (name, payload)
        assert _counts() == before, name

    print("\nbad inputs: " + "; ".join(results))


@pytest.mark.django_db
def test_sql_and_html_in_free_text_are_stored_as_typed_and_returned_as_json(
    matrix_caller: Caller,  # noqa: F811
) -> None:
    # given: a comment whose text looks like SQL and HTML
    i = matrix_caller.graph.ids
    text = f"{SQL} {HTML}"
    client = matrix_caller.clients["officer"]
    # when: the officer posts it on his request
    response = client.post(
        f"/api/v1/requests/{i['request_id']}/comments/", {"body": text}, format="json"
    )
    # then: it is data — stored verbatim, returned as JSON, tables intact, never HTML
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert RequestComment.objects.get(pk=response.json()["id"]).body == text
    assert SignUp.objects.exists()
    detail = client.get(f"/api/v1/requests/{i['request_id']}/")
    assert detail["Content-Type"].startswith("application/json")
    assert text in [c["body"] for c in detail.json()["comments"]]
