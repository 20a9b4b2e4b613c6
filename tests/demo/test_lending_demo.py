"""The lending demo (demo/lending.py): Zuid lends its open places to Centrum's agent."""

import pytest
from django.core.management import call_command

from organisation.models import Officer
from roster.models import Assignment, AssignmentSource, TeamLendingPolicy

pytestmark = pytest.mark.django_db


def test_agent_sees_zuids_lent_places_and_claims_one(settings, api_client_for) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    policy = TeamLendingPolicy.objects.get(team__code="zuid")
    assert policy.lends_open_places
    assert [t.code for t in policy.to_teams.all()] == ["centrum"]
    agent = Officer.objects.get(username="agent")
    client = api_client_for(agent)
    rows = client.get("/api/v1/open-shifts/", {"page_size": 100}).data["results"]
    lent = [r for r in rows if r["lent"]]
    assert lent, "agent sees no lent place of zuid"
    assert {r["team"] for r in lent} == {policy.team_id}
    response = client.post(
        "/api/v1/open-shifts/claim/", {"shift": lent[0]["shift"], "skill": "basis"}, format="json"
    )
    # Centrum wants its lead's approval (demo/lent_claims.py): the claim waits for teamchef
    assert response.status_code == 202, response.data
    assert response.data["status"] == "pending"
    teamchef = api_client_for(Officer.objects.get(username="teamchef"))
    waiting = teamchef.get("/api/v1/inbox/", {"kind": "lent_claim"}).data["results"]
    collega = Officer.objects.get(username="collega")
    assert {r["requester"] for r in waiting} == {agent.pk, collega.pk}
    decided = teamchef.post(
        f"/api/v1/inbox/lent_claim/{response.data['id']}/approve/", {}, format="json"
    )
    assert decided.status_code == 200, decided.data
    claimed = Assignment.objects.get(shift_id=lent[0]["shift"])
    assert (claimed.officer, claimed.source) == (agent, AssignmentSource.CLAIM)
    # the officer of another team who is not lent to (zuid's own wijkagent sees it as his own)
    wijkagent = Officer.objects.get(username="wijkagent")
    own = api_client_for(wijkagent).get("/api/v1/open-shifts/", {"page_size": 100}).data
    assert all(not r["lent"] for r in own["results"])
