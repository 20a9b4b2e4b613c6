import datetime as dt

import pytest
from django.utils import timezone

from roster.errors import NotAssigned
from roster.models import Phase, RosterAuditEvent, SwapStatus
from roster.services.absence_effects import absence_effects_apply
from roster.services.swaps import swap_accept, swap_offer, swaps_expire
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


def test_expire_marks_open_swaps_whose_shift_started_and_is_idempotent(officer, basis, published):
    # given: a market offer for a shift that starts in a day
    shift = ShiftFactory(period=published, start=timezone.now() + dt.timedelta(days=1))
    assignment = AssignmentFactory(officer=officer, shift=shift, skill=basis)
    swap = swap_offer(actor=officer, kind="market", assignment=assignment)
    # when: the shift has started
    later = shift.start + dt.timedelta(minutes=1)
    assert swaps_expire(now=timezone.now()) == 0
    assert swaps_expire(now=later) == 1
    assert swaps_expire(now=later) == 0
    # then
    swap.refresh_from_db()
    assert swap.status == SwapStatus.EXPIRED
    assert RosterAuditEvent.objects.filter(action="swap_expire").count() == 1


def test_accept_after_a_sick_report_freed_the_offered_place_is_409_not_assigned(
    officer, colleague, basis, published
):
    # given: a give-away of a shift three days ahead
    shift = ShiftFactory(period=published, start=timezone.now() + dt.timedelta(days=3))
    assignment = AssignmentFactory(officer=officer, shift=shift, skill=basis)
    swap = swap_offer(actor=officer, kind="give_away", assignment=assignment, receiver=colleague)
    # when: the offerer reports sick and his place is freed
    absence = AbsenceFactory(
        officer=officer,
        kind="sick",
        start=timezone.now(),
        end=None,
        expected_end=timezone.now() + dt.timedelta(days=4),
    )
    absence_effects_apply(actor=officer, absence=absence)
    # then
    with pytest.raises(NotAssigned):
        swap_accept(actor=colleague, swap=swap)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.OFFERED


def test_beat_task_expires_swaps_whose_shift_started(officer, basis, published, eager_celery):
    from django.conf import settings

    from roster.tasks import expire_swaps

    started = timezone.now() - dt.timedelta(minutes=5)
    shift = ShiftFactory(period=published, start=started + dt.timedelta(days=1))
    assignment = AssignmentFactory(officer=officer, shift=shift, skill=basis)
    swap = swap_offer(actor=officer, kind="market", assignment=assignment)
    type(shift).objects.filter(pk=shift.pk).update(
        start=started, end=started + dt.timedelta(hours=8)
    )
    assert expire_swaps.delay().get() == 1
    swap.refresh_from_db()
    assert swap.status == SwapStatus.EXPIRED
    entries = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "roster.tasks.expire_swaps" in entries
