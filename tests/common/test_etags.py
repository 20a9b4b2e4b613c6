"""ETag / If-None-Match on the inbox and the request-type catalogue: a client that has the
body already gets a bodiless 304; a change, or another reader's body, has another ETag."""

import pytest

from requests_desk.models import Request, RequestType
from tests.approvals.test_inbox import _accepted_swap
from tests.requests_desk.conftest import catalogue
from tests.requests_desk.test_workflow import CLAIM, _file

__all__ = ["catalogue"]

pytestmark = pytest.mark.django_db


def test_the_inbox_answers_304_while_unchanged_and_200_after_a_change(
    catalogue, team, officer, colleague, basis, team_lead, api_client_for
):
    # given: a swap waiting for the lead, who has read his inbox
    _accepted_swap(team, officer, colleague, basis)
    lead = api_client_for(team_lead)
    first = lead.get("/api/v1/inbox/")
    etag = first["ETag"]
    assert first.status_code == 200
    # when: he asks again with the ETag
    again = lead.get("/api/v1/inbox/", HTTP_IF_NONE_MATCH=etag)
    # then: 304 without a body
    assert again.status_code == 304
    assert again.content == b""
    # when: a desk request arrives for him
    filed = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 1000})
    assert filed.status_code == 201
    changed = lead.get("/api/v1/inbox/", HTTP_IF_NONE_MATCH=etag)
    # then: 200 with the new item and a new ETag
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert Request.objects.get(pk=filed.data["id"]).pk in {
        i["id"] for i in changed.data["results"] if i["kind"] == "request"
    }


def test_another_readers_inbox_has_another_etag_and_never_a_304_on_mine(
    team, officer, colleague, basis, team_lead, api_client_for
):
    _accepted_swap(team, officer, colleague, basis)
    lead_etag = api_client_for(team_lead).get("/api/v1/inbox/")["ETag"]
    other = api_client_for(colleague).get("/api/v1/inbox/", HTTP_IF_NONE_MATCH=lead_etag)
    assert other.status_code == 200
    assert other["ETag"] != lead_etag
    assert other.data["results"] == []
    assert "Authorization" in other["Vary"]


def test_the_catalogue_answers_304_while_unchanged_and_200_after_a_change_or_in_english(
    catalogue, officer, api_client_for
):
    client = api_client_for(officer)
    path = "/api/v1/request-types/"
    first = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
    etag = first["ETag"]
    assert first.status_code == 200
    assert "Accept-Language" in first["Vary"]
    # unchanged: 304
    assert client.get(path, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="nl").status_code == 304
    # the same catalogue in English is another body: 200 with its own ETag
    english = client.get(path, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert english["ETag"] != etag
    # a type withdrawn from the catalogue: 200 again
    RequestType.objects.filter(code=first.data["results"][0]["code"]).update(active=False)
    after = client.get(path, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="nl")
    assert after.status_code == 200
    assert after["ETag"] != etag


def test_an_unchanged_delta_answers_304(officer, api_client_for):
    client = api_client_for(officer)
    body = client.get("/api/v1/notifications/changes/")
    token, etag = body.data["sync_token"], body["ETag"]
    delta = client.get("/api/v1/notifications/changes/", {"changed_since": token})
    again = client.get(
        "/api/v1/notifications/changes/",
        {"changed_since": token},
        HTTP_IF_NONE_MATCH=delta["ETag"],
    )
    assert again.status_code == 304
    assert etag != delta["ETag"]  # the reset and the empty delta differ
