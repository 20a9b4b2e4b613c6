import datetime as dt

import pytest
from django.utils import timezone

from organisation.models import AbsenceKind
from roster.models import Assignment, Phase, RosterAuditEvent
from roster.services.absence_effects import shifts_free_for_absence
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

pytestmark = pytest.mark.django_db


def _shift_at(period, hours_from_now: float):
    start = timezone.now() + dt.timedelta(hours=hours_from_now)
    return ShiftFactory(period=period, start=start, end=start + dt.timedelta(hours=8))


def test_sick_absence_frees_coming_overlapping_shifts_only(officer, colleague, team, basis):
    # given: a published period with the officer on a shift tomorrow, one that already
    # started, one after the absence ends, and a colleague on tomorrow's shift
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    tomorrow = _shift_at(period, 20)
    started = _shift_at(period, -2)
    later = _shift_at(period, 24 * 10)
    for shift in (tomorrow, started, later):
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
    AssignmentFactory(officer=colleague, shift=tomorrow, skill=basis)
    now = timezone.now()
    absence = AbsenceFactory(
        officer=officer, kind=AbsenceKind.SICK, start=now, end=now + dt.timedelta(days=5)
    )

    # when
    freed = shifts_free_for_absence(actor=officer, absence=absence, now=now)

    # then: only tomorrow's place is freed, with an audit event; the rest stays
    assert [f.shift_id for f in freed] == [tomorrow.pk]
    remaining = set(Assignment.objects.values_list("officer_id", "shift_id"))
    assert remaining == {
        (officer.pk, started.pk),
        (officer.pk, later.pk),
        (colleague.pk, tomorrow.pk),
    }
    event = RosterAuditEvent.objects.get(action="assignment_freed")
    assert event.payload["shift"] == tomorrow.pk
    assert event.payload["reason"] == "absent"  # need-to-know: the audit never says why
    assert event.payload["absence"] == absence.pk


def test_open_ended_absence_frees_every_coming_shift(officer, team, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    shifts = [_shift_at(period, h) for h in (5, 48, 24 * 20)]
    for shift in shifts:
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
    absence = AbsenceFactory(officer=officer, kind=AbsenceKind.SICK, start=timezone.now(), end=None)
    freed = shifts_free_for_absence(actor=officer, absence=absence)
    assert len(freed) == 3
    assert not Assignment.objects.exists()
