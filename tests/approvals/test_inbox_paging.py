"""The approvals inbox in cursor mode: its own sort key, unique per item."""

import pytest

from requests_desk.models import Request
from tests.approvals.test_inbox import _accepted_swap
from tests.common.test_cursor_pagination import _cursor_of
from tests.requests_desk.test_workflow import CLAIM, _file

pytestmark = pytest.mark.django_db


def test_inbox_pages_by_cursor_in_its_own_order(
    catalogue, team, officer, colleague, basis, team_lead, api_client_for
):
    # given: a swap and two desk requests waiting for the team lead
    swap = _accepted_swap(team, officer, colleague, basis)
    filer = api_client_for(officer)
    requests = [
        _file(filer, "travel_expense", {**CLAIM, "amount": amount}).data["id"]
        for amount in (1000, 2000)
    ]
    lead = api_client_for(team_lead)
    expected = [(i["kind"], i["id"]) for i in lead.get("/api/v1/inbox/").data["results"]]
    assert set(expected) == {("swap", swap.pk), *(("request", r) for r in requests)}
    # when: read one at a time, a request decided (it leaves the inbox) after the first page
    seen, cursor = [], ""
    while cursor is not None:
        page = lead.get("/api/v1/inbox/", {"cursor": cursor, "page_size": 1})
        assert page.status_code == 200, page.data
        seen += [(i["kind"], i["id"]) for i in page.data["results"]]
        if len(seen) == 1:
            gone = next(item for item in expected[1:] if item[0] == "request")
            Request.objects.filter(pk=gone[1]).delete()
        cursor = _cursor_of(page.data["next"])
    # then: the inbox's own order, the removed one not repeated or replaced by a skip
    assert seen == [item for item in expected if item != gone]


def test_inbox_cursor_of_another_list_is_a_400(officer, api_client_for):
    response = api_client_for(officer).get("/api/v1/inbox/", {"cursor": "x:y:z"})
    assert response.status_code == 400
    assert "cursor" in response.data["fields"]
