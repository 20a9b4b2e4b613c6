"""The training-place demo (demo/training_places.py): `collega`, in training for ovd, finds an
ovd place beside his mentor `agent` in his open-shift list and claims it."""

import pytest
from django.core.management import call_command

from organisation.models import Officer
from roster.models import Assignment

pytestmark = pytest.mark.django_db


def test_collega_sees_a_training_place_beside_agent_and_claims_it(settings, api_client_for):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent: still one such place
    agent = Officer.objects.get(username="agent")
    collega = Officer.objects.get(username="collega")
    client = api_client_for(collega)
    rows = client.get("/api/v1/open-shifts/", {"page_size": 100}).data["results"]
    training = [r for r in rows if r["training"]]
    assert [(r["skill"], [m["officer"] for m in r["mentors"]]) for r in training] == [
        ("ovd", [agent.pk])
    ]
    assert training[0]["mentors"][0]["absent"] is False
    response = client.post(
        "/api/v1/open-shifts/claim/", {"shift": training[0]["shift"], "skill": "ovd"}, format="json"
    )
    assert response.status_code == 201, response.data
    assert (
        Assignment.objects.get(shift_id=training[0]["shift"], officer=collega).skill.code == "ovd"
    )
    # an officer who trains for nothing does not see it
    wijkagent = Officer.objects.get(username="wijkagent")
    theirs = api_client_for(wijkagent).get("/api/v1/open-shifts/", {"page_size": 100}).data
    assert all(not r["training"] for r in theirs["results"])
