import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from organisation.models import Absence, Delegation
from requests_desk.models import ApprovalTask, Request, RequestEvent
from requests_desk.services.sla import add_working_days
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db

CLAIM = {"date": "2026-11-20", "route": "Amsterdam - Den Haag", "mode": "pt"}


def _file(client, code, form, submit=True):
    return client.post(
        "/api/v1/requests/", {"type": code, "form_data": form, "submit": submit}, format="json"
    )


def _act(client, request_id, action, **extra):
    return client.post(
        f"/api/v1/requests/{request_id}/transitions/", {"action": action, **extra}, format="json"
    )


def test_declaration_of_300_goes_team_lead_unit_manager_finance_to_closed(
    catalogue, officer, team_lead, unit_manager, finance_staff, api_client_for
) -> None:
    me = api_client_for(officer)
    filed = _file(me, "travel_expense", {**CLAIM, "amount": 30000})
    assert filed.status_code == 201
    rid = filed.data["id"]
    assert filed.data["state"] == "in_approval"
    assert filed.data["due_date"] == add_working_days(timezone.localdate(), 10).isoformat()

    assert _act(api_client_for(unit_manager), rid, "approve").status_code == 404  # not yet
    assert _act(api_client_for(team_lead), rid, "approve").data["state"] == "in_approval"
    assert _act(api_client_for(unit_manager), rid, "approve").data["state"] == "approved"
    desk = api_client_for(finance_staff)
    queue = desk.get("/api/v1/inbox/desk/").data
    assert [r["id"] for r in queue["results"]] == [rid]
    assert _act(desk, rid, "claim").data["state"] == "in_fulfilment"
    assert _act(desk, rid, "fulfil").data["state"] == "fulfilled"
    closed = _act(me, rid, "close")
    assert closed.data["state"] == "closed"
    events = closed.data["events"]
    assert len(events) >= 5
    assert [e["to_state"] for e in events][-4:] == [
        "approved",
        "in_fulfilment",
        "fulfilled",
        "closed",
    ]
    assert {e["actor"] for e in events} >= {officer.pk, team_lead.pk, unit_manager.pk}


def test_small_declaration_needs_only_the_team_lead(
    catalogue, officer, team_lead, api_client_for
) -> None:
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    assert _act(api_client_for(team_lead), rid, "approve").data["state"] == "approved"


def test_returned_request_is_edited_and_resubmitted_with_sla_paused(
    catalogue, officer, team_lead, api_client_for, monkeypatch
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    due = Request.objects.get(pk=rid).due_date
    assert _act(api_client_for(team_lead), rid, "return", comment="Bon?").data["state"] == (
        "returned"
    )
    assert Request.objects.get(pk=rid).paused_at is not None
    # three weeks later the officer edits and resubmits: the due date moves by the pause
    later = timezone.now() + dt.timedelta(days=21)
    monkeypatch.setattr(timezone, "now", lambda: later)
    edited = me.patch(
        f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 4300}}, format="json"
    )
    assert edited.status_code == 200
    again = _act(me, rid, "submit")
    assert again.data["state"] == "in_approval"
    assert dt.date.fromisoformat(again.data["due_date"]) >= due + dt.timedelta(days=19)
    assert _act(api_client_for(team_lead), rid, "approve").data["state"] == "approved"


def test_withdrawn_and_rejected_requests(catalogue, officer, team_lead, api_client_for) -> None:
    me = api_client_for(officer)
    first = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    assert _act(me, first, "withdraw").data["state"] == "withdrawn"
    second = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    assert _act(api_client_for(team_lead), second, "reject").data["state"] == "rejected"
    assert not ApprovalTask.objects.filter(request_id=first, status="pending").exists()


def test_illegal_transition_is_409_with_stable_code(
    catalogue, officer, team_lead, api_client_for
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    _act(me, rid, "withdraw")
    response = _act(api_client_for(team_lead), rid, "approve")
    assert response.status_code == 409
    assert response.data["code"] == "transition_not_allowed"
    assert _act(me, rid, "fulfil").status_code == 409
    bad = _act(me, rid, "explode")
    assert bad.status_code == 400
    assert "action" in bad.data["fields"]


def test_bad_form_lists_every_failing_field_and_saves_nothing(
    catalogue, officer, api_client_for
) -> None:
    response = _file(
        api_client_for(officer),
        "travel_expense",
        {"date": "not-a-date", "mode": "rocket", "amount": "lots", "colour": "red"},
    )
    assert response.status_code == 400
    assert response.data["code"] == "form_invalid"
    assert set(response.data["fields"]["form_data"]) == {
        "date",
        "mode",
        "amount",
        "route",
        "colour",
    }
    assert not Request.objects.exists()
    unknown = api_client_for(officer).post(
        "/api/v1/requests/", {"type": "nope", "form_data": {}}, format="json"
    )
    assert unknown.status_code == 400
    assert "type" in unknown.data["fields"]


def test_wrong_user_gets_404_and_four_eyes_holds(
    catalogue, officer, other_officer, team_lead, other_team_lead, api_client_for
) -> None:
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    assert api_client_for(other_officer).get(f"/api/v1/requests/{rid}/").status_code == 404
    assert _act(api_client_for(other_team_lead), rid, "approve").status_code == 404
    assert _act(api_client_for(officer), rid, "approve").data["code"] == "four_eyes"


def test_approver_on_leave_is_skipped_to_his_substitute(
    catalogue, officer, team_lead, team, api_client_for
) -> None:
    substitute = OfficerFactory(username="plaatsvervanger", teams=[team])
    RoleAssignmentFactory(officer=substitute, role="team_lead", team=team)
    Absence.objects.create(
        officer=team_lead,
        kind="leave",
        start=timezone.now() - dt.timedelta(days=1),
        end=timezone.now() + dt.timedelta(days=5),
        created_by=team_lead,
    )
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    task = ApprovalTask.objects.get(request_id=rid)
    assert task.approver == substitute
    assert _act(api_client_for(substitute), rid, "approve").data["state"] == "approved"


def test_delegation_for_a_date_range_routes_to_the_substitute(
    catalogue, officer, team_lead, unit_manager, api_client_for
) -> None:
    today = timezone.localdate()
    created = api_client_for(team_lead).post(
        "/api/v1/delegations/",
        {"substitute": unit_manager.pk, "start_date": today, "end_date": today},
        format="json",
    )
    assert created.status_code == 201
    bad = api_client_for(team_lead).post(
        "/api/v1/delegations/",
        {"substitute": unit_manager.pk, "start_date": today, "end_date": today - dt.timedelta(1)},
        format="json",
    )
    assert bad.status_code == 400
    assert Delegation.objects.count() == 1
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    task = ApprovalTask.objects.get(request_id=rid)
    assert (task.approver, task.delegated_from) == (unit_manager, team_lead)
    inbox = api_client_for(unit_manager).get("/api/v1/inbox/approvals/").data
    assert [i["request"]["id"] for i in inbox["results"]] == [rid]


def test_audit_events_are_immutable(catalogue, officer, api_client_for) -> None:
    from django.core.exceptions import ValidationError

    _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}, submit=False)
    event = RequestEvent.objects.first()
    event.comment = "changed"
    with pytest.raises(ValidationError):
        event.save()


def _approve_in_thread(user_id, request_id, results) -> None:
    from organisation.models import Officer
    from requests_desk.services.workflow import request_act

    try:
        actor = Officer.objects.get(pk=user_id)
        request_act(actor=actor, request_id=request_id, action="approve")
        results.append("ok")
    except Exception as exc:
        results.append(type(exc).__name__)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_approval_one_wins(catalogue, officer, team_lead, api_client_for):
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    results: list[str] = []
    threads = [
        threading.Thread(target=_approve_in_thread, args=(team_lead.pk, rid, results))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["TransitionNotAllowed", "ok"]
    assert RequestEvent.objects.filter(request_id=rid, action="approve").count() == 1
