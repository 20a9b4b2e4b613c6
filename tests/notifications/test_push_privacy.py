"""A push passes through Google's and Apple's servers: no name, no absence or health data, no
form answer may ever be in one. Checked on what the local provider servers received."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Device, NotificationKind
from notifications.push.message import BODY_ELIGIBLE_KINDS
from notifications.tasks import deliver_notification
from organisation.models import Desk, Role
from requests_desk.services.catalogue import catalogue_load
from tests.factories.notifications import NotificationFactory
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory
from tests.requests_desk.test_workflow import _file

pytestmark = pytest.mark.django_db

SECRET = "Anouk Agent is ziek (SK), request:12; ziekmelding 0612345678, Dorpsstraat 1"
LEAK = re.compile(r"(?i)sick|ziek|anouk|agent|request:|0612345678|dorpsstraat|\bSK\b")


def _payloads(fcm, apns) -> list[str]:
    return [json.dumps(r.body) for r in fcm.received] + [json.dumps(r.body) for r in apns.received]


@pytest.fixture
def daytime(monkeypatch) -> None:
    moment = dt.datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def phones():
    def register(*officers):
        for i, o in enumerate(officers):
            Device.objects.create(
                officer=o,
                platform="fcm",
                token=f"fcm-{i:02d}-" + "t" * 40,
                last_registered_at=timezone.now(),
            )
            Device.objects.create(
                officer=o,
                platform="apns",
                token=f"{i:02d}" * 32,
                last_registered_at=timezone.now(),
            )

    return register


def test_no_kind_puts_its_text_in_a_push_by_default(
    team_lead, fcm, apns, phones, daytime, eager_celery
) -> None:
    # given a notification of every kind whose title and body hold a name and a sick report
    phones(team_lead)
    for kind in NotificationKind:
        NotificationFactory(recipient=team_lead, kind=kind, title=SECRET, body=SECRET)
        NotificationFactory(recipient=team_lead, kind=kind, title=SECRET, urgent=True)
    # when each is delivered to his Android phone and his iPhone
    for n in team_lead.notifications.all():
        deliver_notification.delay(n.pk)
    # then both providers got every one, and none carries any of it
    payloads = _payloads(fcm, apns)
    assert len(payloads) == 2 * 2 * len(NotificationKind)
    assert [p for p in payloads if LEAK.search(p)] == []


def test_a_force_may_let_harmless_kinds_carry_their_title_and_only_those(
    team_lead, fcm, apns, phones, daytime, eager_celery, settings
) -> None:
    settings.PUSH_BODY_KINDS = sorted(BODY_ELIGIBLE_KINDS)
    phones(team_lead)
    for kind in NotificationKind:
        NotificationFactory(recipient=team_lead, kind=kind, title=f"T-{kind}", body=SECRET)
    for n in team_lead.notifications.all():
        deliver_notification.delay(n.pk)
    bodies = {r.body["message"]["notification"].get("body") for r in fcm.received}
    assert bodies == {None} | {f"T-{kind}" for kind in BODY_ELIGIBLE_KINDS}
    assert [p for p in _payloads(fcm, apns) if LEAK.search(p)] == []


def test_the_check_refuses_a_kind_that_may_name_someone(settings) -> None:
    from django.core.management.base import SystemCheckError

    settings.PUSH_BODY_KINDS = ["open_shift_available", "officer_absent"]
    with pytest.raises(SystemCheckError, match=r"notifications\.E001.*officer_absent"):
        call_command("check")
    settings.PUSH_BODY_KINDS = sorted(BODY_ELIGIBLE_KINDS)
    call_command("check")


def test_a_real_sick_report_reaches_every_phone_without_a_word_of_it(
    unit,
    officer,
    team_lead,
    planner,
    api_client_for,
    fcm,
    apns,
    phones,
    daytime,
    eager_celery,
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    # given the catalogue, the health desk, and phones for everyone a sick report notifies,
    # with every harmless kind allowed its text
    catalogue_load(unit=unit)
    vz = OfficerFactory(username="verzuim")
    RoleAssignmentFactory(officer=vz, role=Role.DESK_STAFF, desk=Desk.objects.get(code="vz"))
    settings.PUSH_BODY_KINDS = sorted(BODY_ELIGIBLE_KINDS)
    phones(officer, team_lead, planner, vz)
    # when the officer reports sick in the app
    with django_capture_on_commit_callbacks(execute=True):
        response = _file(
            api_client_for(officer),
            "sick_report",
            {
                "first_day": timezone.localdate().isoformat(),
                "exp_duration": "2_3_days",
                "phone": "0612345678",
                "work_accident": False,
                "third_party": False,
            },
        )
    assert response.status_code == 201
    # then his lead and planner were pushed ("X is absent" in the app)...
    assert officer.get_full_name() in " ".join(
        team_lead.notifications.values_list("title", flat=True)
    )
    payloads = _payloads(fcm, apns)
    assert len(payloads) >= 4
    # ...but no push names him, the sickness, the request or his answers
    assert [p for p in payloads if LEAK.search(p)] == []
