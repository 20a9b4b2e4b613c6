"""Hardening, round two (issue #16), the request desk's findings 6, 7, 8 and 10: one
regression test (or more) per finding, named `test_fNN_...`. Each failed on main before its
fix."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from organisation.models import Absence, AbsenceKind, Delegation, Desk, Officer, Role
from requests_desk.models import (
    ApprovalStatus,
    ApprovalTask,
    PrivacyReadLog,
    Request,
    RequestAttachment,
    RequestComment,
    RequestEvent,
    State,
    validate_route,
)
from requests_desk.services.catalogue import CATALOGUE_FILE, catalogue_load
from roster.models import Phase, RosterPeriod
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory, TeamFactory
from tests.factories.roster import PeriodFactory

pytestmark = pytest.mark.django_db

CLAIM = {"date": "2026-11-20", "route": "Amsterdam - Den Haag", "mode": "pt"}


@pytest.fixture
def catalogue(unit: Any) -> dict[str, int]:
    return catalogue_load(unit=unit)


def _file(client: Any, code: str, form: dict[str, Any], submit: bool = True) -> Any:
    return client.post(
        "/api/v1/requests/", {"type": code, "form_data": form, "submit": submit}, format="json"
    )


def _act(client: Any, request_id: int, action: str, **extra: Any) -> Any:
    return client.post(
        f"/api/v1/requests/{request_id}/transitions/", {"action": action, **extra}, format="json"
    )


# --- 10. Audit rows are immutable in the database; admin edits leave an event or none ------


def _filed(catalogue: Any, officer: Officer, team_lead: Officer, api_client_for: Any) -> int:
    response = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200})
    assert response.status_code == 201
    return int(response.data["id"])


@pytest.mark.postgres
def test_f10_request_events_and_read_logs_cannot_be_updated_in_the_database(
    catalogue, officer, team_lead, api_client_for
) -> None:
    rid = _filed(catalogue, officer, team_lead, api_client_for)
    event = RequestEvent.objects.filter(request_id=rid).first()
    log = PrivacyReadLog.objects.create(request_id=rid, reader=team_lead)
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        RequestEvent.objects.filter(pk=event.pk).update(to_state=State.CLOSED)
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        RequestEvent.objects.filter(pk=event.pk).update(actor=None, comment="rewritten")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        PrivacyReadLog.objects.filter(pk=log.pk).update(reader=officer)
    # but: erasing an officer nulls his name in the trail (ON DELETE SET NULL) and keeps it
    RequestEvent.objects.filter(pk=event.pk).update(actor=None)
    event.refresh_from_db()
    assert (event.actor_id, event.to_state) == (None, State.DRAFT)
    # and a request's deletion (end of retention) still takes its trail with it
    Request.objects.filter(pk=rid).delete()
    assert not RequestEvent.objects.filter(request_id=rid).exists()
    assert not PrivacyReadLog.objects.filter(request_id=rid).exists()


def test_f10_an_admin_edit_of_a_request_changes_no_workflow_field_and_a_hold_leaves_an_event(
    catalogue, officer, team_lead, api_client_for, client, administrator
) -> None:
    rid = _filed(catalogue, officer, team_lead, api_client_for)
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    url = f"/admin/requests_desk/request/{rid}/change/"
    assert client.get(url).status_code == 200
    events = RequestEvent.objects.filter(request_id=rid).count()
    response = client.post(
        url, {"state": "closed", "form_data": '{"amount": 1}', "legal_hold": "on"}
    )
    assert response.status_code == 302
    request = Request.objects.get(pk=rid)
    assert (request.state, request.form_data["amount"], request.legal_hold) == (
        State.IN_APPROVAL,
        4200,
        True,
    )
    hold = RequestEvent.objects.filter(request_id=rid).order_by("id").last()
    assert RequestEvent.objects.filter(request_id=rid).count() == events + 1
    assert (hold.action, hold.actor_id) == ("legal_hold_on", administrator.pk)
    assert client.get(f"/admin/requests_desk/request/{rid}/delete/").status_code == 403


def test_f10_admin_pages_of_periods_absences_and_officers_are_read_only_where_it_matters(
    team, officer, client, administrator
) -> None:
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    period = PeriodFactory(team=team)
    response = client.post(
        f"/admin/roster/rosterperiod/{period.pk}/change/", {"phase": Phase.PUBLISHED}
    )
    assert response.status_code == 302
    assert RosterPeriod.objects.get(pk=period.pk).phase == period.phase
    absence = Absence.objects.create(
        officer=officer,
        kind=AbsenceKind.LEAVE,
        start=timezone.now(),
        end=timezone.now() + dt.timedelta(days=1),
        created_by=administrator,
    )
    client.post(f"/admin/organisation/absence/{absence.pk}/change/", {"kind": "sick"})
    assert Absence.objects.get(pk=absence.pk).kind == AbsenceKind.LEAVE
    assert client.get("/admin/organisation/absence/add/").status_code == 403
    request = RequestFactory().get("/")
    request.user = administrator
    officer_admin = admin.site._registry[Officer]
    readonly = officer_admin.get_readonly_fields(request, officer)
    assert {"contract_minutes_per_week", "night_exempt", "teams", "date_of_birth"} <= set(readonly)


# --- 8. Internal comments: one rule; a sick form holds no free text ------------------------

FAULT = {"location": "Bureau Centrum, hal", "what": "Deur klemt", "urgency": "low"}
SICK = {
    # today: a sick report's first day lies at most 7 days back (roster.desk_outcomes)
    "first_day": timezone.localdate().isoformat(),
    "exp_duration": "2_3_days",
    "phone": "0612345678",
    "work_accident": False,
    "third_party": False,
}


def _comment(client: Any, rid: int, body: str, internal: bool = False) -> Any:
    return client.post(
        f"/api/v1/requests/{rid}/comments/", {"body": body, "internal": internal}, format="json"
    )


def _bodies(client: Any, rid: int) -> list[str]:
    response = client.get(f"/api/v1/requests/{rid}/")
    assert response.status_code == 200
    return [c["body"] for c in response.data["comments"]]


def test_f08_an_internal_comment_on_a_public_request_is_for_its_desk_only(
    catalogue, officer, colleague, team_lead, api_client_for
) -> None:
    staff = OfficerFactory(username="facilitair")
    RoleAssignmentFactory(
        officer=staff, role=Role.DESK_STAFF, desk=Desk.objects.get(code="facilitair")
    )
    rid = _file(api_client_for(officer), "building_fault", FAULT).data["id"]
    assert (
        _comment(api_client_for(staff), rid, "Monteur kent hem", internal=True).status_code == 201
    )
    assert _comment(api_client_for(staff), rid, "Wij komen dinsdag").status_code == 201
    assert _bodies(api_client_for(staff), rid) == ["Monteur kent hem", "Wij komen dinsdag"]
    for viewer in (officer, colleague, team_lead):  # a public request: all of them see it
        assert _bodies(api_client_for(viewer), rid) == ["Wij komen dinsdag"]
    # nor may a mere viewer write one
    assert _comment(api_client_for(colleague), rid, "x", internal=True).status_code == 403


def test_f08_approvers_on_the_route_see_internal_comments_others_do_not(
    catalogue, officer, team_lead, unit_manager, finance_staff, administrator, api_client_for
) -> None:
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 30000}).data["id"]
    assert _comment(api_client_for(team_lead), rid, "Klopt", internal=True).status_code == 201
    assert _bodies(api_client_for(team_lead), rid) == ["Klopt"]
    assert _bodies(api_client_for(officer), rid) == []
    assert _bodies(api_client_for(administrator), rid) == []  # sees the request, not the notes
    assert _act(api_client_for(team_lead), rid, "approve").status_code == 200
    assert _bodies(api_client_for(unit_manager), rid) == ["Klopt"]  # now on the route
    assert _bodies(api_client_for(finance_staff), rid) == ["Klopt"]  # the fulfilling desk


@pytest.fixture
def finance_staff(catalogue: Any) -> Officer:
    o = OfficerFactory(username="financien")
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=Desk.objects.get(code="financien"))
    return o


@pytest.fixture
def vz_staff(catalogue: Any) -> Officer:
    o = OfficerFactory(username="verzuim")
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=Desk.objects.get(code="vz"))
    return o


def test_f08_a_sick_report_takes_no_free_text_from_the_requester(
    catalogue, officer, vz_staff, api_client_for
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "sick_report", SICK).data["id"]
    events = RequestEvent.objects.filter(request_id=rid).count()
    response = _comment(me, rid, "Griep, 39 graden")
    assert response.status_code == 400
    assert (response.data["code"], list(response.data["fields"])) == (
        "free_text_not_allowed",
        ["body"],
    )
    response = _act(me, rid, "close", comment="Griep")
    assert (response.status_code, response.data["code"]) == (400, "free_text_not_allowed")
    assert "comment" in response.data["fields"]
    assert not RequestComment.objects.filter(request_id=rid).exists()
    assert RequestEvent.objects.filter(request_id=rid).count() == events
    upload = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = me.post(f"/api/v1/requests/{rid}/attachments/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert not RequestAttachment.objects.filter(request_id=rid).exists()
    # the desk may still note what it did, internally
    assert _comment(api_client_for(vz_staff), rid, "Gebeld", internal=True).status_code == 201


# --- 6. Delegations: approvers only, a plausible substitute, a bounded window -------------


def _delegate(client: Any, substitute: int, start: dt.date, end: dt.date) -> Any:
    body = {"substitute": substitute, "start_date": start, "end_date": end}
    return client.post("/api/v1/delegations/", body, format="json")


def test_f06_only_a_team_lead_or_unit_manager_may_delegate(
    officer, colleague, planner, desk_staff, administrator, team_lead, api_client_for
) -> None:
    today = timezone.localdate()
    for actor in (officer, planner, desk_staff, administrator):
        response = _delegate(api_client_for(actor), colleague.pk, today, today)
        assert (response.status_code, response.data["code"]) == (403, "not_an_approver")
    assert _delegate(api_client_for(team_lead), colleague.pk, today, today).status_code == 201
    assert Delegation.objects.count() == 1


def test_f06_an_unusable_substitute_is_one_400_whatever_the_reason(
    officer, team_lead, other_officer, api_client_for
) -> None:
    today = timezone.localdate()
    inactive = OfficerFactory(is_active=False, teams=[officer.teams.first()])
    elsewhere = OfficerFactory(teams=[TeamFactory()])  # a team of another unit
    answers = []
    for substitute in (999_999, inactive.pk, elsewhere.pk, team_lead.pk):
        response = _delegate(api_client_for(team_lead), substitute, today, today)
        answers.append((response.status_code, response.data["code"], response.data["fields"]))
    assert len(set(map(str, answers))) == 1
    assert answers[0][:2] == (400, "delegation_invalid")
    assert list(answers[0][2]) == ["substitute"]
    assert not Delegation.objects.exists()
    # a colleague of another team of the same unit is fine
    assert _delegate(api_client_for(team_lead), other_officer.pk, today, today).status_code == 201


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (-1, 0, "start_date"),  # starts in the past
        (0, -1, "end_date"),  # ends before it starts
        (0, 90, "end_date"),  # 91 days: one too many
        (400, 401, "start_date"),  # planned too far ahead
    ],
)
def test_f06_a_delegation_has_a_bounded_window(
    start, end, field, officer, team_lead, api_client_for
) -> None:
    today = timezone.localdate()
    days = dt.timedelta
    response = _delegate(
        api_client_for(team_lead), officer.pk, today + days(start), today + days(end)
    )
    assert (response.status_code, list(response.data["fields"])) == (400, [field])
    assert not Delegation.objects.exists()


def test_f06_the_longest_window_is_a_setting_and_overlaps_are_refused(
    officer, colleague, team_lead, api_client_for, settings
) -> None:
    settings.DELEGATION_MAX_DAYS = 10
    today = timezone.localdate()
    days = dt.timedelta
    client = api_client_for(team_lead)
    assert _delegate(client, officer.pk, today, today + days(10)).status_code == 400
    assert _delegate(client, officer.pk, today, today + days(9)).status_code == 201
    overlap = _delegate(client, colleague.pk, today + days(9), today + days(12))
    assert (overlap.status_code, overlap.data["code"]) == (409, "delegation_overlap")
    assert _delegate(client, colleague.pk, today + days(10), today + days(12)).status_code == 201


def test_f06_a_substitute_reads_a_delegated_request_only_while_the_delegation_runs(
    catalogue, officer, colleague, team_lead, api_client_for
) -> None:
    today = timezone.localdate()
    created = _delegate(api_client_for(team_lead), colleague.pk, today, today + dt.timedelta(3))
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    assert api_client_for(colleague).get(f"/api/v1/requests/{rid}/").status_code == 200
    # the delegation ends (here: it had started before today and is ended by its approver)
    Delegation.objects.filter(pk=created.data["id"]).update(start_date=today - dt.timedelta(2))
    ended = api_client_for(team_lead).post(f"/api/v1/delegations/{created.data['id']}/end/")
    assert (ended.status_code, ended.data["end_date"]) == (
        200,
        (today - dt.timedelta(1)).isoformat(),
    )
    assert api_client_for(colleague).get(f"/api/v1/requests/{rid}/").status_code == 404
    assert _act(api_client_for(colleague), rid, "approve").status_code == 404
    # the team lead takes his task back
    assert _act(api_client_for(team_lead), rid, "approve").data["state"] == "approved"


def test_f06_a_delegation_not_yet_started_is_withdrawn_and_only_by_its_approver(
    officer, team_lead, other_team_lead, api_client_for
) -> None:
    start = timezone.localdate() + dt.timedelta(5)
    created = _delegate(api_client_for(team_lead), officer.pk, start, start)
    url = f"/api/v1/delegations/{created.data['id']}/end/"
    assert api_client_for(other_team_lead).post(url).status_code == 404
    assert api_client_for(officer).post(url).status_code == 404
    assert api_client_for(team_lead).post(url).status_code == 204
    assert not Delegation.objects.exists()


# --- 7. The route follows the form at every submit; the five noted conditions are enforced -


def _route(rid: int) -> list[str]:
    """The kinds of the request's open steps, in order."""
    open_ = [ApprovalStatus.WAITING, ApprovalStatus.PENDING]
    tasks = ApprovalTask.objects.filter(request_id=rid, status__in=open_).order_by("position")
    return [t.kind for t in tasks]


def test_f07_an_edited_returned_request_gets_the_route_its_new_amount_needs(
    catalogue, officer, team_lead, unit_manager, api_client_for
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    assert _route(rid) == ["team_lead"]
    assert _act(api_client_for(team_lead), rid, "return").data["state"] == "returned"
    edited = me.patch(
        f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 500_000}}, format="json"
    )
    assert edited.status_code == 200
    assert _act(me, rid, "submit").data["state"] == "in_approval"
    assert _route(rid) == ["team_lead", "unit_manager", "finance"]
    # and the team lead's earlier look at €42 does not approve €5 000
    assert _act(api_client_for(unit_manager), rid, "approve").status_code == 404  # not yet


def test_f07_a_left_out_amount_counts_as_the_worst_case(
    catalogue, officer, team_lead, unit_manager, api_client_for
) -> None:
    me = api_client_for(officer)
    without = _file(me, "laptop", {"item": "laptop", "reason": "Oude is stuk"}).data["id"]
    cheap = _file(me, "laptop", {"item": "laptop", "reason": "Stuk", "amount": 90_000}).data["id"]
    assert _route(without) == ["team_lead", "unit_manager"]
    assert _route(cheap) == ["team_lead"]


def _start(day: int, hour: int = 8) -> str:
    return dt.datetime(2027, 3, day, hour, tzinfo=dt.UTC).isoformat()


@pytest.mark.parametrize(
    ("code", "form", "route"),
    [
        # uniform_order: over budget (more than 10 pieces) needs the team lead
        ("uniform_order", {"items": [{"item": "broek", "size": "52", "qty": 2}], "pickup": 1}, []),
        (
            "uniform_order",
            {"items": [{"item": "broek", "size": "52", "qty": 6}] * 2, "pickup": 1},
            ["team_lead"],
        ),
        # pool_car_booking: more than three days needs the team lead
        ("pool_car_booking", {"start": _start(1), "end": _start(4), "destination": "Zwolle"}, []),
        (
            "pool_car_booking",
            {"start": _start(1), "end": _start(4, 9), "destination": "Zwolle"},
            ["team_lead"],
        ),
        # building_access: a restricted zone (any but the ordinary ones) adds the security desk
        ("building_access", {"sites": ["Bureau Centrum"], "zones": ["Kantoor"]}, ["team_lead"]),
        (
            "building_access",
            {"sites": ["Bureau Centrum"], "zones": ["kantoor", "cellencomplex"]},
            ["team_lead", "desk"],
        ),
    ],
)
def test_f07_route_conditions_of_the_catalogue_are_enforced(
    code, form, route, catalogue, officer, team_lead, api_client_for
) -> None:
    response = _file(api_client_for(officer), code, form)
    assert response.status_code == 201, response.data
    assert _route(response.data["id"]) == route
    if "desk" in route:
        task = ApprovalTask.objects.get(request_id=response.data["id"], kind="desk")
        assert task.desk.code == "sec"


@pytest.mark.parametrize(
    ("code", "form"),
    [
        ("job_shadowing", {"date": "2027-03-01"}),
        ("second_team", {"range": {"from": "2027-03-01", "to": "2027-06-01"}}),
    ],
)
def test_f07_the_host_teams_lead_approves_before_the_own_team_lead(
    code, form, catalogue, officer, team_lead, other_team, other_team_lead, api_client_for
) -> None:
    field = "host_team" if code == "job_shadowing" else "team"
    rid = _file(api_client_for(officer), code, {**form, field: other_team.pk}).data["id"]
    assert _route(rid) == ["team_lead", "team_lead"]
    host = ApprovalTask.objects.get(request_id=rid, status=ApprovalStatus.PENDING)
    assert host.approver == other_team_lead
    assert _act(api_client_for(team_lead), rid, "approve").status_code in (403, 404)
    assert _act(api_client_for(other_team_lead), rid, "approve").status_code == 200
    done = _act(api_client_for(team_lead), rid, "approve")
    assert done.data.get("state") in ("approved", "closed"), done.data
    # shadowing one's own team needs no second look by the same lead
    own = _file(api_client_for(officer), code, {**form, field: officer.teams.first().pk})
    assert _route(own.data["id"]) == ["team_lead"]


def test_f07_no_route_note_describes_a_condition_the_routing_leaves_out() -> None:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    notes = {t["code"]: t["route_note"] for t in data["types"] if "not modelled" in t["route_note"]}
    assert notes == {}
    for entry in data["types"]:
        validate_route(entry["route"])


@pytest.mark.parametrize(
    "step",
    [
        {"kind": "unit_manager", "team_field": "host_team"},  # only a team lead of a host team
        {"kind": "desk", "desk": "sec", "condition": {"field": "zones", "op": "any_outside"}},
        {"kind": "team_lead", "condition": {"span": ["start"], "op": "gt", "value": 3}},
        {"kind": "team_lead", "condition": {"field": "items", "sum": 1, "op": "gt", "value": 3}},
    ],
)
def test_f07_a_malformed_route_step_is_refused(step) -> None:
    with pytest.raises(ValidationError):
        validate_route([step])
