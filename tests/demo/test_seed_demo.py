import pytest
from django.core.management import CommandError, call_command

from organisation.models import (
    ContractHours,
    HoursMutation,
    Officer,
    Qualification,
    Role,
    RoleAssignment,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_creates_the_demo_logins(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (
        Officer.objects.count(),
        Qualification.objects.count(),
        RoleAssignment.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert (
        Officer.objects.count(),
        Qualification.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts
    for username in ("agent", "teamchef", "roosteraar", "loket", "beheer"):
        assert Officer.objects.get(username=username).check_password("demo-samen")
    assert RoleAssignment.objects.filter(officer__username="teamchef", role=Role.TEAM_LEAD).exists()
    for team in ("centrum", "zuid"):
        assert Officer.objects.filter(teams__code=team).count() >= 60
    # approved HR requests took effect, once however often the seed runs
    assert (
        ContractHours.objects.filter(officer__username="agent", minutes_per_week=1920).count() == 1
    )
    assert HoursMutation.objects.get(officer__username="agent").minutes == 150


def test_seed_demo_refuses_without_debug(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
    assert not Officer.objects.filter(username="agent").exists()
