"""Contract hours as history: a range spanning a change counts both contracts pro rata."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from organisation.employment import CONTRACT_BASE_DATE, ContractHours
from organisation.employment_selectors import (
    contract_minutes_between,
    contract_minutes_between_many,
    contract_minutes_per_week_on,
    contract_weekly_average_many,
    leave_entitlement_minutes,
)
from organisation.employment_services import contract_hours_record, contract_hours_sync
from organisation.models import LeaveEntitlement
from tests.factories.organisation import OfficerFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2027, 3, 1)  # a Monday


def test_without_history_the_officers_contract_holds_for_every_day() -> None:
    officer = OfficerFactory(contract_minutes_per_week=2160)

    assert contract_minutes_between(officer, MON, MON + dt.timedelta(days=28)) == 4 * 2160
    assert contract_minutes_between(officer, MON, MON + dt.timedelta(days=3)) == 2160 * 3 // 7
    assert contract_minutes_between(officer, MON, MON) == 0


def test_a_range_spanning_a_change_counts_each_day_at_its_contract() -> None:
    # given 36 h until 15 March, 24 h from then on
    officer = OfficerFactory(contract_minutes_per_week=2160)
    contract_hours_record(
        actor=officer,
        officer=officer,
        valid_from=MON + dt.timedelta(days=14),
        minutes_per_week=1440,
        source="request:1",
    )

    # when a 28-day period spans it, then 14 days at 36 h and 14 at 24 h
    assert (
        contract_minutes_between(officer, MON, MON + dt.timedelta(days=28)) == 2 * 2160 + 2 * 1440
    )
    # a range before or after the change sees one contract only
    assert contract_minutes_between(officer, MON, MON + dt.timedelta(days=7)) == 2160
    assert (
        contract_minutes_between(officer, MON + dt.timedelta(days=14), MON + dt.timedelta(days=21))
        == 1440
    )
    # uneven split: 3 days at 36 h + 4 at 24 h, divided by 7 once
    assert (
        contract_minutes_between(officer, MON + dt.timedelta(days=11), MON + dt.timedelta(days=18))
        == (3 * 2160 + 4 * 1440) // 7
    )
    assert contract_minutes_per_week_on(officer, MON) == 2160
    assert contract_minutes_per_week_on(officer, MON + dt.timedelta(days=14)) == 1440


def test_the_first_change_keeps_the_old_contract_as_the_base_row() -> None:
    officer = OfficerFactory(contract_minutes_per_week=1728)

    contract_hours_record(
        actor=officer, officer=officer, valid_from=MON, minutes_per_week=2160, source="request:1"
    )

    rows = list(
        ContractHours.objects.filter(officer=officer).values_list("valid_from", "minutes_per_week")
    )
    assert rows == [(CONTRACT_BASE_DATE, 1728), (MON, 2160)]


def test_recording_the_same_source_twice_changes_nothing() -> None:
    officer = OfficerFactory(contract_minutes_per_week=2160)
    for _ in range(2):
        contract_hours_record(
            actor=officer,
            officer=officer,
            valid_from=MON,
            minutes_per_week=1440,
            source="request:9",
        )

    assert ContractHours.objects.filter(officer=officer).count() == 2  # base + change


def test_a_change_in_force_becomes_the_current_contract_and_a_later_one_on_its_day() -> None:
    officer = OfficerFactory(contract_minutes_per_week=2160)
    contract_hours_record(
        actor=officer,
        officer=officer,
        valid_from=dt.date(2020, 1, 1),
        minutes_per_week=1800,
        source="request:1",
    )
    officer.refresh_from_db()
    assert officer.contract_minutes_per_week == 1800

    contract_hours_record(
        actor=officer,
        officer=officer,
        valid_from=dt.date(2099, 1, 1),
        minutes_per_week=1440,
        source="request:2",
    )
    officer.refresh_from_db()
    assert officer.contract_minutes_per_week == 1800  # not yet

    assert contract_hours_sync(today=dt.date(2099, 1, 1)) == 1
    officer.refresh_from_db()
    assert officer.contract_minutes_per_week == 1440
    assert contract_hours_sync(today=dt.date(2099, 1, 1)) == 0  # idempotent


def test_contract_minutes_out_of_range_are_refused_and_nothing_is_saved() -> None:
    officer = OfficerFactory(contract_minutes_per_week=2160)

    with pytest.raises(ValidationError) as raised:
        contract_hours_record(
            actor=officer, officer=officer, valid_from=MON, minutes_per_week=0, source="request:1"
        )

    assert "minutes_per_week" in raised.value.message_dict
    assert not ContractHours.objects.filter(officer=officer).exists()


def test_the_bulk_variant_answers_for_many_officers_in_two_queries(
    django_assert_num_queries: object,
) -> None:
    changed = OfficerFactory(contract_minutes_per_week=2160)
    plain = OfficerFactory(contract_minutes_per_week=1440)
    contract_hours_record(
        actor=changed,
        officer=changed,
        valid_from=MON + dt.timedelta(days=7),
        minutes_per_week=1080,
        source="request:1",
    )

    with django_assert_num_queries(2):  # type: ignore[operator]
        figures = contract_minutes_between_many(
            [changed.pk, plain.pk], MON, MON + dt.timedelta(days=14)
        )

    assert figures == {changed.pk: 2160 + 1080, plain.pk: 2 * 1440}


def test_leave_entitlement_defaults_to_statutory_plus_cao_pro_rata() -> None:
    full = OfficerFactory(contract_minutes_per_week=2160)
    half = OfficerFactory(contract_minutes_per_week=1080)

    assert leave_entitlement_minutes(full, 2027) == (4 * 2160 + 64 * 60, False)  # 208 h
    assert leave_entitlement_minutes(half, 2027) == ((4 * 1080 + 32 * 60), False)

    LeaveEntitlement.objects.create(officer=half, year=2027, minutes=100 * 60)
    assert leave_entitlement_minutes(half, 2027) == (6000, True)


def test_the_weekly_average_is_exact_without_a_change_and_pro_rata_with_one() -> None:
    plain = OfficerFactory(contract_minutes_per_week=2160)
    changed = OfficerFactory(contract_minutes_per_week=2160)
    contract_hours_record(
        actor=changed,
        officer=changed,
        valid_from=MON + dt.timedelta(days=1),
        minutes_per_week=1440,
        source="request:1",
    )

    # a three-day period: no rounding loss for the unchanged contract
    assert contract_weekly_average_many(
        [plain.pk, changed.pk], MON, MON + dt.timedelta(days=3)
    ) == {plain.pk: 2160, changed.pk: 1680}
