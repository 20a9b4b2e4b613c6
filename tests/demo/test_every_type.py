"""Every request type of the catalogue, driven from filing to its end state on the demo data
with the demo logins only, through the API (issue #17: "a demo that plays every path").

The demo is seeded once for the module (`seed_demo`, without the solve) inside a transaction
that is rolled back at the end; each type runs in its own nested transaction, so each starts
from the freshly seeded demo and no type's absence collides with another's.

A form is built from the type's JSON Schema so that every conditional step of its route
applies (amounts above each limit, more than ten items, zones outside the general ones): the
longest route is the one played. Who acts is found the way a user finds it: the logins' own
approvals inbox and desk queue. A request no demo login has in his inbox or queue waits
forever, and fails the test with the state it is stuck in.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from demo.organisation import DEMO_LOGINS
from organisation.models import (
    Absence,
    AbsenceKind,
    ContractHours,
    HoursMutation,
    NightExemption,
    Officer,
    SecondTeamMembership,
    Team,
    Unit,
)
from requests_desk.models import ApprovalStatus, ApprovalTask, Request, State
from requests_desk.services.catalogue import CATALOGUE_FILE

AMS = ZoneInfo("Europe/Amsterdam")
CATALOGUE = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
TYPES = {entry["code"]: entry for entry in CATALOGUE["types"]}
LOGINS = [login.username for login in DEMO_LOGINS]
DESK_STAFF = {desk: login.username for login in DEMO_LOGINS for desk in login.desks}
TEAM_LEAD = {"centrum": "teamchef", "zuid": "teamchef-zuid"}
#: A sick report, its extension and recovery refer to an earlier sick report or leave of the
#: same officer: the test files that one first (and drives it to its end as well).
NEEDS_SICK_REPORT = {"sick_extension", "recovery_report"}
NEEDS_LEAVE_NOW = {"sick_during_leave"}
#: A leave change moves leave of the same officer that has not started yet.
NEEDS_LEAVE_LATER = {"leave_change"}
#: Who files each type: the officers of both teams in turn, so both teams' routes are played.
FILER = {code: ("agent", "wijkagent")[i % 2] for i, code in enumerate(sorted(TYPES))}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The seeded demo (rolled back after the module)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", force=True, stdout=io.StringIO())
        yield {
            "officers": {o.username: o for o in Officer.objects.filter(username__in=LOGINS)},
            "teams": dict(Team.objects.values_list("code", "pk")),
            "unit": Unit.objects.get(code="ams").pk,
            "leave": Request.objects.filter(
                request_type__code="annual_leave",
                state=State.CLOSED,
            )
            .values_list("pk", flat=True)
            .first(),
        }
        transaction.set_rollback(True)


class Demo:
    """The demo logins' API clients and what the test learns on the way."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.officers: dict[str, Officer] = data["officers"]
        self.clients: dict[str, APIClient] = {}

    def client(self, username: str) -> APIClient:
        if username not in self.clients:
            client = APIClient()
            token = RefreshToken.for_user(self.officers[username]).access_token
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            self.clients[username] = client
        return self.clients[username]

    def items(self, username: str, url: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Every item of a list endpoint, following its `next` links."""
        found: list[Any] = []
        response = self.client(username).get(url, params or {})
        while True:
            assert response.status_code == 200, (username, url, response.data)
            found.extend(response.data["results"])
            if not response.data.get("next"):
                return found
            response = self.client(username).get(response.data["next"])

    def act(self, username: str, request_id: int, action: str) -> None:
        response = self.client(username).post(
            f"/api/v1/requests/{request_id}/transitions/", {"action": action}, format="json"
        )
        assert response.status_code == 200, (username, action, response.data)


def _team_of(username: str) -> str:
    return next(login.team for login in DEMO_LOGINS if login.username == username)


def _approvers_first(filer: str) -> list[str]:
    """The logins in the order a user would look: his team lead, the unit manager, the desks."""
    likely = [TEAM_LEAD[_team_of(filer)], "eenheidschef", *TEAM_LEAD.values(), *DESK_STAFF.values()]
    ordered = list(dict.fromkeys(likely + LOGINS))
    return [u for u in ordered if u != filer]


def drive(demo: Demo, filer: str, code: str, form: dict[str, Any]) -> tuple[int, list[str]]:
    """File `code` as `filer` and move it on as the logins that have it, until it ends.

    Returns the request id and the trail (`login:action`)."""
    filed = demo.client(filer).post(
        "/api/v1/requests/", {"type": code, "form_data": form, "submit": True}, format="json"
    )
    assert filed.status_code == 201, (code, filed.data)
    request_id = filed.data["id"]
    trail = [f"{filer}:submit"]
    for _ in range(12):
        detail = demo.client(filer).get(f"/api/v1/requests/{request_id}/")
        assert detail.status_code == 200, detail.data
        state = detail.data["state"]
        if state == State.CLOSED:
            return request_id, trail
        if state == State.IN_APPROVAL:
            approver = next(
                (
                    u
                    for u in _approvers_first(filer)
                    if any(
                        task["request"]["id"] == request_id
                        for task in demo.items(u, "/api/v1/inbox/approvals/", {"type": code})
                    )
                ),
                None,
            )
            assert approver is not None, f"{code}: in approval, in no demo login's inbox {trail}"
            demo.act(approver, request_id, "approve")
            trail.append(f"{approver}:approve")
        elif state in (State.APPROVED, State.IN_FULFILMENT):
            desk = detail.data["desk"]
            assert desk is not None, f"{code}: {state} without a desk {trail}"
            staff = [DESK_STAFF.get(desk, ""), *(u for u in LOGINS if u != filer)]
            handler = next(
                (
                    u
                    for u in dict.fromkeys(staff)
                    if u
                    and any(r["id"] == request_id for r in demo.items(u, "/api/v1/inbox/desk/"))
                ),
                None,
            )
            assert handler is not None, f"{code}: {state} at desk {desk}, in no queue {trail}"
            if state == State.APPROVED:
                demo.act(handler, request_id, "claim")
                trail.append(f"{handler}:claim")
            demo.act(handler, request_id, "fulfil")
            trail.append(f"{handler}:fulfil")
        elif state == State.FULFILLED:
            demo.act(filer, request_id, "close")
            trail.append(f"{filer}:close")
        else:
            pytest.fail(f"{code}: stuck in {state} {trail}")
    pytest.fail(f"{code}: no end after {trail}")


def _at(day: dt.date, hour: int) -> str:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS).isoformat()


def _bounded(spec: dict[str, Any], wanted: float) -> float:
    low = spec.get("minimum", spec.get("exclusiveMinimum", 0) + 1)
    return min(max(wanted, low), spec.get("maximum", wanted))


def _value(name: str, spec: dict[str, Any], day: dt.date) -> Any:
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "string":
        if spec.get("format") == "date":
            return day.isoformat()
        if spec.get("format") == "date-time":
            return _at(day, 17 if name == "end" else 9)
        return "Demo"[: spec.get("maxLength", 4)]
    if kind == "integer":
        return int(_bounded(spec, 1))
    if kind == "number":
        return _bounded(spec, 4)
    if kind == "boolean":
        return False
    if kind == "array":
        return [_value(name, spec["items"], day)]
    if kind == "object":
        properties = spec.get("properties")
        if properties is None:
            return {"maat": "M"}
        return {key: _value(key, sub, day) for key, sub in properties.items()}
    raise AssertionError(f"no value for {name}: {spec}")


def _longest_route(form: dict[str, Any], route: list[dict[str, Any]], schema: Any) -> None:
    """Make every conditional step of the route apply."""
    properties = schema["properties"]
    for step in route:
        condition = step.get("condition")
        if not condition:
            continue
        if condition["op"] == "any_outside":
            form[condition["field"]] = ["cellencomplex"]
        elif "span" in condition:
            start = dt.datetime.fromisoformat(form[condition["span"][0]])
            end = start + dt.timedelta(days=condition["value"] + 1)
            form[condition["span"][1]] = end.isoformat()
        elif "sum" in condition:
            form[condition["field"]][0][condition["sum"]] = condition["value"] + 1
        else:
            spec = properties[condition["field"]]
            form[condition["field"]] = type(_value("", spec, timezone.localdate()))(
                _bounded(spec, condition["value"] + 1)
            )


def form_for(code: str, filer: str, demo: Demo, refs: dict[str, int]) -> dict[str, Any]:
    """A valid form of `code` for `filer` (dates ten weeks ahead, clear of the demo's
    absences)."""
    entry = TYPES[code]
    schema = entry["form_schema"]
    today = timezone.localdate()
    day = today + dt.timedelta(days=70)
    form = {name: _value(name, spec, day) for name, spec in schema["properties"].items()}
    officers = demo.officers
    other_team = demo.data["teams"]["zuid" if _team_of(filer) == "centrum" else "centrum"]
    overrides: dict[str, Any] = {
        "team": other_team,  # a second team, a host team: the other one
        "host_team": other_team,
        "target_team": other_team,
        "target_unit": demo.data["unit"],
        "person": officers["collega"].pk,
        "recipient": officers["collega"].pk,
        "host": officers["collega"].pk,
        "first_day": today.isoformat(),  # a sick report is about today
        "leave": refs.get("leave", demo.data["leave"]),
        "sick": refs.get("sick"),
    }
    for name in schema["properties"]:
        if name in overrides:
            form[name] = overrides[name]
    if code in NEEDS_LEAVE_NOW:
        form["first_day"] = (today + dt.timedelta(days=1)).isoformat()
    if code == "recovery_report":
        form["date"] = (today + dt.timedelta(days=2)).isoformat()
    if code == "sick_extension":
        form["last_day"] = (today + dt.timedelta(days=10)).isoformat()
    _longest_route(form, entry["route"], schema)
    return {k: v for k, v in form.items() if v is not None}


def _outcome_holds(code: str, request: Request) -> None:
    """What the request's outcome kind does beyond the workflow took place."""
    kind = TYPES[code]["outcome_kind"]
    source = f"request:{request.pk}"
    absence = request.absence
    if kind == "absence" and "range" in request.form_data:
        assert absence is not None
        assert absence.kind in (AbsenceKind.LEAVE, AbsenceKind.TRAINING)
    elif kind == "sick":
        assert absence is not None
        assert absence.kind == AbsenceKind.SICK
    elif kind == "sick_extension":
        last_day = dt.date.fromisoformat(request.form_data["last_day"])
        assert absence is not None
        assert absence.expected_end == dt.datetime.combine(
            last_day + dt.timedelta(days=1), dt.time.min, tzinfo=AMS
        )
    elif kind == "recovery":
        assert absence is not None
        assert absence.end is not None
    elif kind == "leave_change":  # the leave moved to the form's new range
        first = dt.date.fromisoformat(request.form_data["new_range"]["from"])
        assert absence is not None
        assert absence.start == dt.datetime.combine(first, dt.time.min, tzinfo=AMS)
        assert absence.cancelled_at is None
    elif kind == "contract_hours":
        assert ContractHours.objects.filter(source=source).exists()
    elif kind == "night_exemption":
        assert NightExemption.objects.filter(source=source).exists()
    elif kind == "second_team":
        assert SecondTeamMembership.objects.filter(source=source).exists()
    elif kind == "overtime":
        assert HoursMutation.objects.filter(source=source).exists()


@pytest.mark.slow
@pytest.mark.parametrize("code", sorted(TYPES))
def test_every_type_reaches_its_end_with_the_demo_logins(
    code: str, demo: dict[str, Any], db: Any
) -> None:
    play = Demo(demo)
    filer = FILER[code]
    refs: dict[str, int] = {}
    if code in NEEDS_SICK_REPORT:
        sick = form_for("sick_report", filer, play, refs)
        refs["sick"], _ = drive(play, filer, "sick_report", sick)
    if code in NEEDS_LEAVE_NOW:  # on leave from today for four days
        today = timezone.localdate()
        leave = {
            "range": {"from": today.isoformat(), "to": (today + dt.timedelta(3)).isoformat()},
            "hours": 32.0,
        }
        refs["leave"], _ = drive(play, filer, "annual_leave", leave)
    if code in NEEDS_LEAVE_LATER:  # leave in 72-74 days; the change moves it to day 70
        later = timezone.localdate() + dt.timedelta(days=72)
        leave = {
            "range": {"from": later.isoformat(), "to": (later + dt.timedelta(2)).isoformat()},
            "hours": 24.0,
        }
        refs["leave"], _ = drive(play, filer, "annual_leave", leave)
    request_id, trail = drive(play, filer, code, form_for(code, filer, play, refs))
    request = Request.objects.select_related("absence").get(pk=request_id)
    assert request.state == State.CLOSED, trail
    assert request.closed_at is not None
    assert not ApprovalTask.objects.filter(
        request=request, status__in=[ApprovalStatus.WAITING, ApprovalStatus.PENDING]
    ).exists()
    # every step of the route was decided by a demo login, none by the requester
    decided = ApprovalTask.objects.filter(request=request, status=ApprovalStatus.APPROVED)
    assert set(decided.values_list("decided_by__username", flat=True)) <= set(LOGINS) - {filer}
    _outcome_holds(code, request)


def test_every_desk_of_the_catalogue_is_staffed_by_a_demo_login() -> None:
    desks = {d["code"] for d in CATALOGUE["desks"]}
    assert desks == set(DESK_STAFF)
    used = {entry["desk"] for entry in CATALOGUE["types"] if entry["desk"]}
    assert used <= set(DESK_STAFF)


def test_no_seeded_request_waits_for_no_one(demo: dict[str, Any], db: Any) -> None:
    """Every open request the demo seeds is in some demo login's inbox or desk queue."""
    play = Demo(demo)
    waiting = {
        u: {t["request"]["id"] for t in play.items(u, "/api/v1/inbox/approvals/")}
        | {r["id"] for r in play.items(u, "/api/v1/inbox/desk/")}
        for u in LOGINS
    }
    reachable = set().union(*waiting.values())
    open_ids = set(
        Request.objects.filter(
            state__in=[State.IN_APPROVAL, State.APPROVED, State.IN_FULFILMENT]
        ).values_list("pk", flat=True)
    )
    assert open_ids, "the demo seeds open requests"
    assert open_ids <= reachable, sorted(open_ids - reachable)


def test_sick_report_kind_reaches_the_health_desk_login_not_the_line(
    demo: dict[str, Any], db: Any
) -> None:
    """Need-to-know on the demo: `verzuim` (health desk) learns the kind of a sick report;
    `teamchef` and `roosteraar` learn only that the officer is absent."""
    play = Demo(demo)
    request_id, trail = drive(
        play, "agent", "sick_report", form_for("sick_report", "agent", play, {})
    )
    assert trail[-3:] == ["verzuim:claim", "verzuim:fulfil", "agent:close"]
    absence = Absence.objects.get(source=f"request:{request_id}")
    seen: dict[str, Any] = {}
    for username in ("verzuim", "teamchef", "roosteraar"):
        rows = play.items(username, "/api/v1/absences/")
        seen[username] = next(r for r in rows if r["id"] == absence.pk)
    assert seen["verzuim"]["kind"] == "sick"
    assert seen["teamchef"]["kind"] == "absent"
    assert seen["roosteraar"]["kind"] == "absent"
    # the sick report itself (special category) is not for the line
    assert play.client("teamchef").get(f"/api/v1/requests/{request_id}/").status_code == 404
    assert play.client("verzuim").get(f"/api/v1/requests/{request_id}/").status_code == 200


def _open_period(play: Demo, username: str) -> dict[str, Any]:
    """The officer's team's latest period open for sign-up, as he reads it."""
    team = play.data["teams"][_team_of(username)]
    periods = [
        p
        for p in play.items(username, "/api/v1/periods/")
        if p["team"] == team and p["phase"] == "signup_open"
    ]
    return max(periods, key=lambda p: p["start_date"])


@pytest.mark.parametrize("username", ["agent", "collega", "wijkagent"])
def test_an_officer_login_signs_up_in_his_teams_open_period(
    username: str, demo: dict[str, Any], db: Any
) -> None:
    play = Demo(demo)
    period = _open_period(play, username)
    first = dt.date.fromisoformat(period["start_date"])
    shifts = play.items(
        username,
        "/api/v1/shifts/",
        {"team": period["team"], "start": first.isoformat(), "end": first.isoformat()},
    )
    basis = [s["id"] for s in shifts if "basis" in s["demand"]]
    assert basis, period
    response = play.client(username).post(
        "/api/v1/signups/", {"signups": [{"shift": basis[0], "wish": "want"}]}, format="json"
    )
    assert response.status_code == 200, response.data
    mine = play.items(username, "/api/v1/signups/")
    assert {(s["shift"], s["wish"]) for s in mine} >= {(basis[0], "want")}


def test_agent_and_collega_swap_directly_and_teamchef_approves(
    demo: dict[str, Any], db: Any
) -> None:
    """agent offers one of his coming places for one of collega's; collega accepts;
    teamchef approves; each then works the other's shift."""
    play = Demo(demo)
    today = timezone.localdate()
    window = {"start": today.isoformat(), "end": (today + dt.timedelta(days=14)).isoformat()}
    now = timezone.now()

    def coming(username: str) -> list[dict[str, Any]]:
        rows = play.items(username, "/api/v1/me/roster/", window)
        return [r for r in rows if dt.datetime.fromisoformat(r["start"]) > now]

    mine, theirs = coming("agent"), coming("collega")
    assert mine, "agent works in the published period"
    assert theirs, "collega works in the published period"
    swap = None
    for place in mine:
        for wanted in theirs:
            offered = play.client("agent").post(
                "/api/v1/swaps/",
                {"kind": "exchange", "assignment": place["id"], "wanted_assignment": wanted["id"]},
                format="json",
            )
            if offered.status_code == 201:
                swap = (offered.data["id"], place, wanted)
                break
        if swap:
            break
    assert swap is not None, "no lawful exchange between agent and collega"
    swap_id, place, wanted = swap
    accepted = play.client("collega").post(f"/api/v1/swaps/{swap_id}/accept/")
    assert accepted.status_code == 200, accepted.data
    approved = play.client("teamchef").post(f"/api/v1/swaps/{swap_id}/approve/")
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == "approved"
    assert wanted["shift"] in {r["shift"] for r in coming("agent")}
    assert place["shift"] in {r["shift"] for r in coming("collega")}
