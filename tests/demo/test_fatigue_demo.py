"""The demo's fatigue hotspot (demo/fatigue.py): `agent` sees it in the app, the planner in
the console grid."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from organisation.models import Officer
from roster.models import RosterPeriod, TeamFatiguePolicy

pytestmark = pytest.mark.django_db


def test_the_demo_shows_agents_fatigue_hotspot(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    policy = TeamFatiguePolicy.objects.get(team__code="centrum")
    assert (policy.cap, policy.cap_enabled) == (50, False)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    agent = Officer.objects.get(username="agent")
    # the officer in the app
    api = APIClient()
    api.force_authenticate(agent)
    first, last = monday, monday + dt.timedelta(days=13)
    response = api.get("/api/v1/me/fatigue/", {"from": first.isoformat(), "to": last.isoformat()})
    assert response.status_code == 200
    totals = [d["total"] for d in response.data["days"]]
    assert max(totals) > 50
    # the planner in the console grid
    period = RosterPeriod.objects.get(team__code="centrum", start_date=monday)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(
        Officer.objects.get(username="roosteraar"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    html = client.get(f"/console/periods/{period.pk}/").content.decode()
    assert "fat-hot" in html
    assert "(cap 50)" in html
