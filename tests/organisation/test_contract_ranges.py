"""Contract minutes for many officers over many ranges at once (the fairness ledger's read)."""

from __future__ import annotations

import datetime as dt

import pytest

from organisation.employment_selectors import contract_minutes_between, contract_minutes_over_ranges
from organisation.employment_services import contract_hours_record
from tests.factories.organisation import OfficerFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2027, 3, 1)  # a Monday


def test_each_range_counts_like_contract_minutes_between_in_two_queries(
    django_assert_num_queries,
) -> None:
    # given one officer whose contract changes halfway and one without history
    changed, plain = OfficerFactory(), OfficerFactory(contract_minutes_per_week=1728)
    contract_hours_record(
        actor=changed,
        officer=changed,
        valid_from=MON + dt.timedelta(days=14),
        minutes_per_week=1440,
        source="request:7",
    )
    ranges = [
        (changed.pk, MON, MON + dt.timedelta(days=28)),
        (changed.pk, MON + dt.timedelta(days=28), MON + dt.timedelta(days=56)),
        (plain.pk, MON, MON + dt.timedelta(days=28)),
        (plain.pk, MON, MON),
    ]
    # when
    with django_assert_num_queries(2):
        minutes = contract_minutes_over_ranges(ranges)
    # then
    assert minutes == {
        ranges[0]: 2 * 2160 + 2 * 1440,
        ranges[1]: 4 * 1440,
        ranges[2]: 4 * 1728,
        ranges[3]: 0,
    }
    officers = {changed.pk: changed, plain.pk: plain}
    for key in ranges:
        assert minutes[key] == contract_minutes_between(officers[key[0]], key[1], key[2])
