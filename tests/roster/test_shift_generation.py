import datetime as dt

import pytest

from common.errors import Forbidden
from roster.errors import WrongPhase
from roster.models import Phase, Shift, ShiftKind
from roster.services.shifts import shifts_generate
from tests.factories.roster import PeriodFactory, ShiftTemplateFactory, aware

pytestmark = pytest.mark.django_db

NIGHT = {
    "name": "Nacht",
    "kind": ShiftKind.NIGHT,
    "start_time": dt.time(23),
    "end_time": dt.time(7),
}


def _period_with_night(team, start_date):
    ShiftTemplateFactory(team=team, weekdays=[5], **NIGHT)  # Saturday nights only
    return PeriodFactory(team=team, start_date=start_date, phase=Phase.DRAFT)


def test_night_across_end_of_dst_in_october_2026_lasts_nine_hours(team, planner) -> None:
    period = _period_with_night(team, dt.date(2026, 10, 19))
    shifts_generate(actor=planner, period=period)
    night = Shift.objects.get(period=period, start=aware(2026, 10, 24, 23, 0))
    assert night.minutes == 9 * 60
    assert night.end == aware(2026, 10, 25, 7, 0)
    assert night.is_night
    assert night.is_weekend


def test_night_across_start_of_dst_in_march_2026_lasts_seven_hours(team, planner) -> None:
    period = _period_with_night(team, dt.date(2026, 3, 23))
    shifts_generate(actor=planner, period=period)
    night = Shift.objects.get(period=period, start=aware(2026, 3, 28, 23, 0))
    assert night.minutes == 7 * 60
    assert night.is_night


def test_ordinary_saturday_night_lasts_eight_hours(team, planner) -> None:
    period = _period_with_night(team, dt.date(2026, 9, 7))
    shifts_generate(actor=planner, period=period)
    assert {s.minutes for s in Shift.objects.filter(period=period)} == {480}


def test_generation_follows_weekdays_and_date_range_and_is_idempotent(team, planner) -> None:
    ShiftTemplateFactory(team=team, weekdays=[0, 1, 2, 3, 4])
    ShiftTemplateFactory(
        team=team,
        name="Laat",
        kind="late",
        start_time=dt.time(15),
        end_time=dt.time(23),
        valid_from=dt.date(2027, 1, 11),
        valid_until=dt.date(2027, 1, 17),
    )
    period = PeriodFactory(team=team, phase=Phase.DRAFT)
    created = shifts_generate(actor=planner, period=period)
    assert len(created) == 20 + 7
    assert shifts_generate(actor=planner, period=period) == []
    assert Shift.objects.filter(period=period).count() == 27


def test_early_shift_flags_holiday_on_kings_day_and_no_night(team, planner) -> None:
    ShiftTemplateFactory(team=team, weekdays=[1])
    period = PeriodFactory(team=team, start_date=dt.date(2027, 4, 26), phase=Phase.DRAFT)
    shifts_generate(actor=planner, period=period)
    kings_day = Shift.objects.get(period=period, start=aware(2027, 4, 27, 7, 0))
    assert kings_day.is_holiday
    assert not kings_day.is_night
    assert not kings_day.is_weekend


def test_short_overlap_with_night_window_is_no_night(team, planner) -> None:
    ShiftTemplateFactory(
        team=team, kind="evening", start_time=dt.time(17), end_time=dt.time(1), weekdays=[2]
    )
    period = PeriodFactory(team=team, phase=Phase.DRAFT)
    shifts_generate(actor=planner, period=period)
    assert not Shift.objects.filter(period=period, is_night=True).exists()


def test_only_planner_generates_and_only_before_signup_closes(team, planner, team_lead) -> None:
    ShiftTemplateFactory(team=team)
    period = PeriodFactory(team=team, phase=Phase.SIGNUP_CLOSED)
    with pytest.raises(Forbidden):
        shifts_generate(actor=team_lead, period=period)
    with pytest.raises(WrongPhase):
        shifts_generate(actor=planner, period=period)
    assert not Shift.objects.exists()
