import datetime as dt

import pytest
from django.utils import timezone

from roster.errors import AlreadyFilled, ShiftCancelled, ShiftStarted
from roster.models import Phase
from roster.services.absence_effects import absence_effects_apply
from roster.services.open_shifts import open_places_for, open_shift_claim
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


def test_a_sick_report_opens_the_place_and_a_colleague_claims_it(
    officer, colleague, basis, published
):
    # given: the officer holds the only place of a shift two days ahead
    shift = ShiftFactory(
        period=published, start=timezone.now() + dt.timedelta(days=2), demand={"basis": 1}
    )
    AssignmentFactory(officer=officer, shift=shift, skill=basis)
    assert open_places_for(actor=colleague) == []
    # when: he reports sick
    absence = AbsenceFactory(
        officer=officer,
        kind="sick",
        start=timezone.now(),
        end=None,
        expected_end=timezone.now() + dt.timedelta(days=4),
    )
    absence_effects_apply(actor=officer, absence=absence)
    # then: the colleague sees the open place (the sick officer does not) and claims it
    places = open_places_for(actor=colleague)
    assert [(p.shift.pk, p.skill, p.open) for p in places] == [(shift.pk, "basis", 1)]
    assert open_places_for(actor=officer) == []
    assignment = open_shift_claim(actor=colleague, shift=shift, skill=basis)
    assert assignment.source == "claim"
    with pytest.raises(AlreadyFilled):
        open_shift_claim(actor=officer, shift=shift, skill=basis)


def test_cancelled_or_started_shifts_cannot_be_claimed(officer, basis, published):
    cancelled = ShiftFactory(period=published, cancelled_at=timezone.now())
    with pytest.raises(ShiftCancelled):
        open_shift_claim(actor=officer, shift=cancelled, skill=basis)
    started = ShiftFactory(period=published, start=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ShiftStarted):
        open_shift_claim(actor=officer, shift=started, skill=basis)
    assert open_places_for(actor=officer) == []
