"""The one approvals inbox: desk requests, swaps and repair suggestions in one list."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from organisation.models import Delegation
from requests_desk.models import Request
from roster.models import Assignment, Phase, Swap, TeamSwapPolicy
from roster.services.swaps import swap_accept, swap_offer
from tests.factories.organisation import OfficerFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory
from tests.requests_desk.test_workflow import CLAIM, _file

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted_swap(team, officer, colleague, basis):
    """A give-away from the officer to the colleague, accepted, waiting for the team lead."""
    return _accepted_swap(team, officer, colleague, basis)


def _accepted_swap(team, officer, colleague, basis):
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    published = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    mine = AssignmentFactory(officer=officer, shift=ShiftFactory(period=published), skill=basis)
    swap = swap_offer(actor=officer, kind="give_away", assignment=mine, receiver=colleague)
    return swap_accept(actor=colleague, swap=swap)


@pytest.fixture
def expense(catalogue, officer, team_lead, api_client_for):
    """A travel expense claim of the officer waiting for the team lead."""
    filed = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 1000})
    assert filed.status_code == 201, filed.data
    return Request.objects.get(pk=filed.data["id"])


def _decide(client, kind, item_id, decision, body=None):
    return client.post(f"/api/v1/inbox/{kind}/{item_id}/{decision}/", body or {}, format="json")


def test_team_lead_inbox_lists_swaps_and_desk_requests_together_with_counts(
    team_lead, accepted_swap, expense, api_client_for, django_assert_num_queries
):
    # given: a swap and a desk request waiting for the team lead
    lead = api_client_for(team_lead)
    # when
    # user, scope, then one query per kind (approval tasks, swaps, repair suggestions, swap
    # chains, lent claims)
    with django_assert_num_queries(7):
        response = lead.get("/api/v1/inbox/")
    # then: both in one list, with kind, title, requester, urgency and due time
    assert response.status_code == 200, response.data
    items = {(i["kind"], i["id"]): i for i in response.data["results"]}
    assert set(items) == {("swap", accepted_swap.id), ("request", expense.id)}
    swap_item = items[("swap", accepted_swap.id)]
    assert swap_item["requester"] == accepted_swap.offerer_id
    assert swap_item["status"] == "accepted"
    assert swap_item["urgency"] == "normal"  # the shift is weeks away
    assert swap_item["due_at"] is not None
    assert items[("request", expense.id)]["title"]
    counts = lead.get("/api/v1/inbox/counts/").data["inbox"]
    assert counts == {
        "total": 2,
        "request": 1,
        "swap": 1,
        "repair": 0,
        "swap_chain": 0,
        "lent_claim": 0,
    }
    only_swaps = lead.get("/api/v1/inbox/", {"kind": "swap"}).data
    assert [i["kind"] for i in only_swaps["results"]] == ["swap"]


def test_inbox_with_an_unknown_kind_filter_is_400_naming_kind(team_lead, api_client_for):
    response = api_client_for(team_lead).get("/api/v1/inbox/", {"kind": "bogus"})
    assert response.status_code == 400
    assert set(response.data["fields"]) == {"kind"}


def test_officers_inbox_does_not_show_the_swap_he_is_part_of(
    officer, colleague, accepted_swap, api_client_for
):
    assert api_client_for(officer).get("/api/v1/inbox/").data["count"] == 0
    assert api_client_for(colleague).get("/api/v1/inbox/").data["count"] == 0


def test_approve_a_swap_from_the_inbox_moves_the_place(
    team_lead, colleague, accepted_swap, api_client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(api_client_for(team_lead), "swap", accepted_swap.id, "approve")
    assert response.status_code == 200, response.data
    assert response.data == {
        "kind": "swap",
        "id": accepted_swap.id,
        "decision": "approve",
        "status": "approved",
        "job": None,
    }
    assert Assignment.objects.get(pk=accepted_swap.offered_assignment_id).officer == colleague
    assert api_client_for(team_lead).get("/api/v1/inbox/").data["count"] == 0


def test_reject_a_desk_request_and_a_swap_from_the_inbox(
    team_lead, accepted_swap, expense, api_client_for
):
    lead = api_client_for(team_lead)
    request_rejected = _decide(lead, "request", expense.id, "reject", {"comment": "Te laat."})
    assert request_rejected.status_code == 200, request_rejected.data
    assert request_rejected.data["status"] == "rejected"
    swap_rejected = _decide(lead, "swap", accepted_swap.id, "reject", {"comment": "Bezetting."})
    assert swap_rejected.data["status"] == "rejected"
    accepted_swap.refresh_from_db()
    assert accepted_swap.reason == "Bezetting."


def test_approve_a_desk_request_from_the_inbox(team_lead, expense, api_client_for):
    response = _decide(api_client_for(team_lead), "request", expense.id, "approve")
    assert response.status_code == 200, response.data
    expense.refresh_from_db()
    assert response.data["status"] == expense.state
    assert expense.state != "in_approval" or not expense.approvals.filter(
        approver__username="teamchef", status="pending"
    )


def test_decision_with_bad_input_is_400_naming_the_field_and_changes_nothing(
    team_lead, accepted_swap, api_client_for
):
    lead = api_client_for(team_lead)
    too_long = _decide(lead, "swap", accepted_swap.id, "reject", {"comment": "x" * 501})
    assert too_long.status_code == 400
    assert set(too_long.data["fields"]) == {"comment"}
    unknown = _decide(lead, "swap", accepted_swap.id, "approve", {"note": "ok"})
    assert unknown.status_code == 400
    assert set(unknown.data["fields"]) == {"note"}
    assert Swap.objects.get(pk=accepted_swap.id).status == "accepted"


def test_decision_by_the_wrong_user_is_404_or_403_and_changes_nothing(
    officer, other_team_lead, accepted_swap, expense, api_client_for
):
    other = api_client_for(other_team_lead)
    assert _decide(other, "swap", accepted_swap.id, "approve").status_code == 404
    assert _decide(other, "request", expense.id, "approve").status_code == 404
    own = _decide(api_client_for(officer), "swap", accepted_swap.id, "approve")
    assert own.status_code == 403  # the offerer sees his swap but may not approve it
    assert _decide(other, "bogus", accepted_swap.id, "approve").status_code == 404
    assert Swap.objects.get(pk=accepted_swap.id).status == "accepted"
    expense.refresh_from_db()
    assert expense.state == "in_approval"


def test_substitute_of_the_team_lead_is_told_sees_and_approves_the_swap(
    team,
    officer,
    colleague,
    basis,
    team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    # given: the team lead delegated his approvals to a substitute for today
    substitute = OfficerFactory(username="plaatsvervanger")
    today = timezone.localdate()
    Delegation.objects.create(
        approver=team_lead,
        substitute=substitute,
        start_date=today,
        end_date=today + dt.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        accepted_swap = _accepted_swap(team, officer, colleague, basis)
    assert Notification.objects.filter(kind="swap_approval_needed", recipient=substitute).exists()
    client = api_client_for(substitute)
    # when / then
    listed = client.get("/api/v1/inbox/", {"kind": "swap"}).data
    assert [i["id"] for i in listed["results"]] == [accepted_swap.id]
    approved = _decide(client, "swap", accepted_swap.id, "approve")
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == "approved"


def test_existing_desk_inbox_endpoints_still_work(team_lead, expense, api_client_for):
    lead = api_client_for(team_lead)
    assert lead.get("/api/v1/inbox/approvals/").data["count"] == 1
    assert lead.get("/api/v1/inbox/counts/").data["waiting_for_me"] == 1
