"""The officer's admin page shows his dated terms read-only; HR may set a leave entitlement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from organisation.employment_services import contract_hours_record
from tests.factories.organisation import OfficerFactory

pytestmark = pytest.mark.django_db


def test_the_officer_page_shows_the_contract_history_without_edit_fields(client: Client) -> None:
    admin = OfficerFactory(is_staff=True, is_superuser=True)
    officer = OfficerFactory(contract_minutes_per_week=2160)
    contract_hours_record(
        actor=admin,
        officer=officer,
        valid_from=dt.date(2027, 3, 1),
        minutes_per_week=1440,
        source="request:7",
    )
    client.force_login(admin)

    response = client.get(f"/admin/organisation/officer/{officer.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "request:7" in page
    assert 'name="contract_hours-0-minutes_per_week"' not in page  # read-only
    assert 'name="leave_entitlements-TOTAL_FORMS"' in page  # editable
