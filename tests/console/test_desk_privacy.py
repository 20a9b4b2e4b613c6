"""The console's desk page and special-category requests: only the designated desk reads the
form, every read is logged like an API read (channel `console`), internal comments only for
the desk and the approvers (`requests_desk.selectors.internal_comments_visible`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from organisation.models import Desk, Officer, Role
from requests_desk.models import PrivacyReadLog, RequestType
from requests_desk.services.catalogue import catalogue_load
from requests_desk.services.workflow import comment_create, request_create
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db

SICK = {
    # today: a sick report's first day lies at most 7 days back (roster.desk_outcomes)
    "first_day": timezone.localdate().isoformat(),
    "exp_duration": "1_day",
    "phone": "DESKFORM-0611",
    "work_accident": False,
    "third_party": False,
}


def _staff(code: str) -> Officer:
    o = OfficerFactory()
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=Desk.objects.get(code=code))
    return o


@pytest.fixture
def catalogue(unit: Any) -> None:
    catalogue_load(unit=unit)


def test_the_health_desk_reads_a_sick_report_on_its_page_and_the_read_is_logged(
    catalogue: None, officer: Officer, client_for: Any
) -> None:
    # given: a sick report, routed to the vz desk
    sick = request_create(
        actor=officer,
        request_type=RequestType.objects.get(code="sick_report"),
        form_data=SICK,
        submit=True,
    )
    vz, hr = _staff("vz"), _staff("hr")
    url = f"/console/desk/requests/{sick.pk}/"
    # when: the vz desk's staff and another desk's staff open its page
    page = client_for(vz).get(url)
    other = client_for(hr).get(url)
    # then: the vz desk reads the form, the other desk not even the page; one read logged
    assert page.status_code == 200
    assert "DESKFORM-0611" in page.content.decode()
    assert other.status_code == 404
    assert "DESKFORM" not in other.content.decode()
    assert list(PrivacyReadLog.objects.values_list("reader_id", "channel")) == [(vz.pk, "console")]


def test_another_desk_reads_no_internal_comment_on_a_public_request(
    catalogue: None, officer: Officer, client_for: Any
) -> None:
    # given: a public room booking (facilitair) with an internal note of its desk
    booking = request_create(
        actor=officer,
        request_type=RequestType.objects.get(code="room_booking"),
        form_data={
            "room": 3,
            "start": "2027-02-01T09:00:00+01:00",
            "end": "2027-02-01T10:00:00+01:00",
        },
        submit=True,
    )
    facilitair, hr = _staff("facilitair"), _staff("hr")
    comment_create(actor=facilitair, request=booking, body="NOTE-internal-42", internal=True)
    comment_create(actor=facilitair, request=booking, body="NOTE-public-42", internal=False)
    url = f"/console/desk/requests/{booking.pk}/"
    # when: its own desk and another desk open the page
    own = client_for(facilitair).get(url).content.decode()
    other = client_for(hr).get(url).content.decode()
    # then: only its own desk reads the internal note; both read the public one; no read log
    assert "NOTE-internal-42" in own
    assert "NOTE-internal-42" not in other
    assert "NOTE-public-42" in other
    assert not PrivacyReadLog.objects.exists()
