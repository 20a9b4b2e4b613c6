"""The demo's joint-solve scene (demo/joint.py): two closed weeks that share officers."""

import pytest
from django.core.management import call_command

from organisation.models import Officer
from roster.joint_selectors import joint_candidates
from roster.models import Phase, RosterPeriod
from roster.services.solving.joint import check_periods

pytestmark = pytest.mark.django_db


def test_the_demo_offers_roosteraar_a_joint_solve_of_centrum_and_zuid(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent: still one week per team
    weeks = RosterPeriod.objects.filter(phase=Phase.SIGNUP_CLOSED, shifts__isnull=False).distinct()
    closed = {p.team.code: p for p in weeks.filter(team__code__in=["centrum", "zuid"])}
    assert set(closed) == {"centrum", "zuid"}
    assert weeks.filter(team__code="centrum").count() == 1
    planner = Officer.objects.get(username="roosteraar")
    assert joint_candidates(actor=planner, period=closed["centrum"]) == [closed["zuid"]]
    check_periods([closed["centrum"], closed["zuid"]])  # may be solved together
    assert (
        joint_candidates(actor=Officer.objects.get(username="teamchef"), period=closed["zuid"])
        == []
    )
