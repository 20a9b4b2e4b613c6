import pytest
from django.core.management import call_command

from roster.models import Absence, Phase, RosterPeriod, Shift, ShiftTemplate, SignUp, Wish

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (ShiftTemplate, RosterPeriod, Shift, SignUp, Absence))


@pytest.mark.slow
def test_seed_demo_adds_an_open_period_with_realistic_signups_idempotently(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    periods = RosterPeriod.objects.select_related("team")
    assert {p.team.code for p in periods} == {"centrum", "zuid"}
    assert {p.phase for p in periods} == {Phase.SIGNUP_OPEN}
    assert all((p.end_date - p.start_date).days == 28 for p in periods)
    wanted_earlies = (
        SignUp.objects.filter(shift__kind="early", shift__is_weekend=False, wish=Wish.WANT).count()
        / Shift.objects.filter(kind="early", is_weekend=False).count()
    )
    wanted_weekend_nights = (
        SignUp.objects.filter(shift__kind="night", shift__is_weekend=True, wish=Wish.WANT).count()
        / Shift.objects.filter(kind="night", is_weekend=True).count()
    )
    assert wanted_earlies > 4 * wanted_weekend_nights
    assert Absence.objects.filter(kind="leave").count() >= 5
    sick = Absence.objects.filter(kind="sick")
    assert sick.count() >= 2
    assert all(a.end is None and a.created_by_id == a.officer_id for a in sick)
