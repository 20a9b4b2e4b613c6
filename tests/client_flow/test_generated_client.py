"""The app's main flows, driven by a typed client generated from `/api/schema/` (issue #17).

openapi-python-client (pinned in the dev extras) generates the client from the schema that
the live server serves, into a temporary directory, for every run: nothing generated is
committed, so the client can never be stale. The flows then run against a live server
(`live_server`; PostgreSQL in CI) as the phone app would: log in, my roster, sign up, file
and withdraw a request, offer and accept a swap, the team lead's inbox, my notifications.

A response the schema does not describe fails the run twice over: the generated client
parses every documented status into its model and raises on an undocumented one, and every
raw answer is also validated against the schema (`tests.schema_validation`) in an httpx
response hook. The flows find their ids through the API (lists, `me`), so list shapes come
from the schema, not from this file.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from organisation.models import Role
from roster.models import Phase, TeamSwapPolicy
from tests.factories.organisation import (
    OfficerFactory,
    QualificationFactory,
    RoleAssignmentFactory,
    SkillFactory,
    TeamFactory,
    UnitFactory,
)
from tests.factories.requests_desk import RequestTypeVersionFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.schema_validation import OpenApiValidator

PASSWORD = "correct-horse-battery"  # the factories' password
PACKAGE = "samen_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


def _generate(schema: dict[str, Any], into: Path) -> None:
    (into / "schema.json").write_text(json.dumps(schema))
    # No post hooks: the generated code is imported, not committed, so it need not be formatted.
    (into / "config.json").write_text(json.dumps({"post_hooks": []}))
    done = subprocess.run(  # noqa: S603 - our own pinned tool, fixed arguments
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(into / "schema.json"),
            "--config",
            str(into / "config.json"),
            "--meta",
            "none",
            "--output-path",
            str(into / PACKAGE),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def api(live_server: Any, tmp_path: Path) -> Iterator[Any]:
    """The generated package, plus the validator of raw answers."""
    schema = httpx.get(f"{live_server.url}/api/schema/", timeout=30).json()
    _generate(schema, tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module(PACKAGE)
        yield Api(package, OpenApiValidator(schema), live_server.url)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


class Api:
    """Thin access to the generated modules; every client it makes validates each answer."""

    def __init__(self, package: ModuleType, validator: OpenApiValidator, url: str) -> None:
        self.package = package
        self.validator = validator
        self.url = url
        self.answers = 0

    def op(self, name: str) -> Any:
        return importlib.import_module(f"{PACKAGE}.api.api.{name}")

    def model(self, name: str) -> Any:
        return getattr(importlib.import_module(f"{PACKAGE}.models"), name)

    def _check(self, response: httpx.Response) -> None:
        response.read()
        self.validator.validate(
            response.request.method,
            response.request.url.raw_path.decode(),
            response.status_code,
            response.headers.get("Content-Type", ""),
            response.content,
        )
        self.answers += 1

    def _httpx_args(self) -> dict[str, Any]:
        return {"event_hooks": {"response": [self._check]}}

    def anonymous(self) -> Any:
        return self.package.Client(
            base_url=self.url, raise_on_unexpected_status=True, httpx_args=self._httpx_args()
        )

    def login(self, username: str) -> Any:
        """Log in through the API as the app does; an authenticated client for `username`."""
        body = self.model("LoginRequest").from_dict({"username": username, "password": PASSWORD})
        answer = self.op("api_v1_auth_token_create").sync_detailed(
            client=self.anonymous(), body=body
        )
        assert answer.status_code == 200, answer.content
        assert isinstance(answer.parsed, self.model("Login"))
        return self.package.AuthenticatedClient(
            base_url=self.url,
            token=answer.parsed.access,
            raise_on_unexpected_status=True,
            httpx_args=self._httpx_args(),
        )

    def call(self, name: str, client: Any, expect: int = 200, **kwargs: Any) -> Any:
        answer = self.op(name).sync_detailed(client=client, **kwargs)
        assert answer.status_code == expect, answer.content
        return answer.parsed


@pytest.fixture
def world(eager_celery: None) -> dict[str, Any]:
    """A team with two officers and a team lead, an open sign-up period with two shifts, a
    published period where `agent` works, a swap policy that needs the lead's approval and
    an approval-only request type."""
    team = TeamFactory(unit=UnitFactory(code="ams"), code="centrum")
    basis = SkillFactory(code="basis")
    agent = OfficerFactory(username="agent", teams=[team])
    colleague = OfficerFactory(username="collega", teams=[team])
    lead = OfficerFactory(username="teamchef", teams=[team])
    for officer in (agent, colleague):
        QualificationFactory(officer=officer, skill=basis)
    RoleAssignmentFactory(officer=lead, role=Role.TEAM_LEAD, team=team)
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    open_period = PeriodFactory(team=team, start_date=dt.date(2027, 2, 1))
    for day in (2, 3):
        ShiftFactory(period=open_period, start=aware(2027, 2, day, 7, 0))
    published = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    AssignmentFactory(officer=agent, shift=ShiftFactory(period=published), skill=basis)
    RequestTypeVersionFactory(request_type__code="day_off", route=[{"kind": "team_lead"}])
    return {"team": team, "colleague": colleague}


@pytest.mark.django_db(transaction=True)
def test_the_main_flows_through_the_generated_client(api: Api, world: dict[str, Any]) -> None:
    agent = api.login("agent")
    me = api.call("me_retrieve", agent)
    team_id = me.teams[0].id

    # My roster: the published early shift of Tuesday 5 January 2027.
    roster = api.call(
        "api_v1_me_roster_list", agent, start=dt.date(2027, 1, 4), end=dt.date(2027, 1, 31)
    )
    assert [item.start.date() for item in roster.results] == [dt.date(2027, 1, 5)]
    my_assignment = roster.results[0].id

    # Sign up for the open period's shifts, found through the shift list.
    shifts = api.call(
        "api_v1_shifts_list",
        agent,
        team=team_id,
        start=dt.date(2027, 2, 1),
        end=dt.date(2027, 2, 28),
    )
    wanted = [s.id for s in shifts.results]
    assert len(wanted) == 2
    body = api.model("SignUpBulkInputRequest").from_dict(
        {"signups": [{"shift": sid, "wish": "want"} for sid in wanted]}
    )
    signed = api.call("api_v1_signups_create", agent, body=body)
    assert sorted(s.shift for s in signed) == sorted(wanted)
    assert api.call("api_v1_signups_list", agent).count == 2

    # File a request and withdraw it; file a second one for the team lead.
    types = api.call("api_v1_request_types_list", agent)
    assert [t.code for t in types.results] == ["day_off"]
    new = api.model("RequestCreateInputRequest").from_dict(
        {"type": "day_off", "form_data": {"what": "a day off"}, "submit": True}
    )
    filed = api.call("api_v1_requests_create", agent, expect=201, body=new)
    assert filed.state == "in_approval"
    withdraw = api.model("TransitionInputRequest").from_dict({"action": "withdraw"})
    withdrawn = api.call(
        "api_v1_requests_transitions_create", agent, request_id=filed.id, body=withdraw
    )
    assert withdrawn.state == "withdrawn"
    pending = api.call("api_v1_requests_create", agent, expect=201, body=new)

    # Offer my shift to a colleague; he accepts; it waits for the team lead.
    offer = api.model("SwapCreateInputRequest").from_dict(
        {"kind": "give_away", "assignment": my_assignment, "receiver": world["colleague"].id}
    )
    swap = api.call("api_v1_swaps_create", agent, expect=201, body=offer)
    assert swap.status == "offered"
    colleague = api.login("collega")
    offered_to_me = api.call("api_v1_swaps_list", colleague)
    assert [s.id for s in offered_to_me.results] == [swap.id]
    accepted = api.call("api_v1_swaps_accept_create", colleague, swap_id=swap.id)
    assert accepted.status == "accepted"

    # The team lead's inbox holds both; he approves the swap from it.
    lead = api.login("teamchef")
    inbox = api.call("api_v1_inbox_list", lead)
    assert sorted((i.kind, i.id) for i in inbox.results) == [
        ("request", pending.id),
        ("swap", swap.id),
    ]
    counts = api.call("api_v1_inbox_counts_retrieve", lead)
    assert counts.inbox.total == 2
    decision = api.call(
        "api_v1_inbox_approve_create",
        lead,
        kind=api.model("ApiV1InboxApproveCreateKind")("swap"),
        item_id=swap.id,
    )
    assert decision.status == "approved"

    # Both officers read the outcome in their notifications.
    for client in (agent, colleague):
        notes = api.call("api_v1_notifications_list", client)
        assert "swap_approved" in [n.kind for n in notes.results]

    # Wrong input and a wrong user answer in the documented error shape too.
    bad = api.op("api_v1_swaps_accept_create").sync_detailed(client=agent, swap_id=swap.id)
    assert bad.status_code in (403, 404, 409)
    assert isinstance(bad.parsed, api.model("Error"))
    assert api.answers >= 20
