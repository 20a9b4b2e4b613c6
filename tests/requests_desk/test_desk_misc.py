import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from requests_desk.models import Request
from tests.requests_desk.test_workflow import CLAIM, _act, _file

pytestmark = pytest.mark.django_db


def test_desk_queue_query_count_is_pinned(
    catalogue, officer, facilities_staff, api_client_for, django_assert_num_queries
) -> None:
    for site in (1, 2, 3):
        _file(api_client_for(officer), "locker", {"site": site})
    desk = api_client_for(facilities_staff)
    with django_assert_num_queries(5):  # user, scope (roles, teams), count, page
        assert desk.get("/api/v1/inbox/desk/").data["count"] == 3


def test_request_edit_only_by_requester_while_draft_with_valid_form(
    catalogue, officer, team_lead, api_client_for
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 100}, submit=False).data["id"]
    bad = me.patch(f"/api/v1/requests/{rid}/", {"form_data": {"amount": -1}}, format="json")
    assert bad.status_code == 400
    assert {"amount", "route"} <= set(bad.data["fields"]["form_data"])
    assert Request.objects.get(pk=rid).form_data["amount"] == 100
    ok = me.patch(f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 200}})
    assert ok.status_code == 200
    _act(me, rid, "submit")
    late = me.patch(f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 300}})
    assert late.status_code == 409
    other = api_client_for(team_lead).patch(
        f"/api/v1/requests/{rid}/", {"form_data": {**CLAIM, "amount": 1}}, format="json"
    )
    assert other.status_code == 403


def test_delegation_list_shows_only_mine(team_lead, unit_manager, api_client_for) -> None:
    today = timezone.localdate()
    api_client_for(team_lead).post(
        "/api/v1/delegations/",
        {"substitute": unit_manager.pk, "start_date": today, "end_date": today + dt.timedelta(3)},
        format="json",
    )
    assert api_client_for(team_lead).get("/api/v1/delegations/").data["count"] == 1
    assert api_client_for(unit_manager).get("/api/v1/delegations/").data["count"] == 0
    missing = api_client_for(team_lead).post(
        "/api/v1/delegations/",
        {"substitute": 99999, "start_date": today, "end_date": today},
        format="json",
    )
    assert missing.status_code == 400
    assert list(missing.data["fields"]) == ["substitute"]


def test_seed_demo_files_requests_in_every_resting_state(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    count = Request.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Request.objects.count() == count
    states = set(Request.objects.values_list("state", flat=True))
    # `submitted` is transient: submission moves on to in_approval or approved at once
    assert states == {
        "draft",
        "in_approval",
        "returned",
        "approved",
        "in_fulfilment",
        "fulfilled",
        "closed",
        "rejected",
        "withdrawn",
    }
