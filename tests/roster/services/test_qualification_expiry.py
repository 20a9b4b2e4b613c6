"""Expiring qualifications are announced once to the officer and his planners, ahead of time
(issue 18, `roster.services.qualification_expiry`)."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from organisation.models import Language, Qualification
from roster.services.qualification_expiry import qualification_expiry_announce
from roster.tasks import announce_expiring_qualifications
from tests.factories.organisation import QualificationFactory, SkillFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def expiring(officer):
    """The officer's ovd certificate ends on 30 March (29 days ahead)."""
    officer.language = Language.DUTCH
    officer.save(update_fields=["language"])
    return QualificationFactory(
        officer=officer,
        skill=SkillFactory(code="ovd"),
        valid_from=dt.date(2024, 1, 1),
        valid_until=dt.date(2027, 3, 30),
    )


def _announce(capture, today=TODAY):
    with capture(execute=True):
        return qualification_expiry_announce(today=today)


def test_the_officer_and_his_planner_hear_once_that_a_qualification_expires(
    expiring, officer, planner, colleague, settings, django_capture_on_commit_callbacks
):
    settings.QUALIFICATION_EXPIRY_NOTICE_DAYS = 60
    # when the daily run passes twice
    assert _announce(django_capture_on_commit_callbacks) == 1
    assert _announce(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=1)) == 0
    # then one notification each, in the officer's language, none to his colleague
    mine = Notification.objects.get(recipient=officer)
    assert (mine.kind, mine.title) == (
        "qualification_expiring",
        "Je kwalificatie ovd verloopt op 30 maart 2027",
    )
    assert mine.subject_url == f"/api/v1/officers/{officer.pk}/competences/"
    theirs = Notification.objects.get(recipient=planner)
    assert "ovd" in theirs.title
    assert officer.last_name in theirs.title
    assert not Notification.objects.filter(recipient=colleague).exists()
    expiring.refresh_from_db()
    assert expiring.expiry_announced_for == dt.date(2027, 3, 30)


def test_nothing_is_announced_before_the_lead_time(
    expiring, settings, django_capture_on_commit_callbacks
):
    settings.QUALIFICATION_EXPIRY_NOTICE_DAYS = 28  # the end is 29 days ahead
    assert _announce(django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
    settings.QUALIFICATION_EXPIRY_NOTICE_DAYS = 29
    assert _announce(django_capture_on_commit_callbacks) == 1


def test_a_new_expiry_date_is_announced_again_and_a_renewal_not_at_all(
    expiring, officer, django_capture_on_commit_callbacks
):
    assert _announce(django_capture_on_commit_callbacks) == 1
    # the certificate is extended to a date that comes near again
    Qualification.objects.filter(pk=expiring.pk).update(valid_until=dt.date(2027, 4, 15))
    assert _announce(django_capture_on_commit_callbacks, dt.date(2027, 3, 20)) == 1
    assert Notification.objects.filter(recipient=officer).count() == 2
    # a renewal that starts the day after: marked, nothing sent
    QualificationFactory(
        officer=officer, skill=expiring.skill, valid_from=dt.date(2027, 4, 16), valid_until=None
    )
    Qualification.objects.filter(pk=expiring.pk).update(
        valid_until=dt.date(2027, 4, 15), expiry_announced_for=None
    )
    assert _announce(django_capture_on_commit_callbacks, dt.date(2027, 3, 21)) == 0
    assert Notification.objects.filter(recipient=officer).count() == 2


def test_the_beat_task_announces_what_expires_from_today(officer, eager_celery):
    soon = timezone.localdate() + dt.timedelta(days=10)
    q = QualificationFactory(
        officer=officer, skill=SkillFactory(code="bhv"), valid_from=dt.date(2024, 1, 1),
        valid_until=soon,
    )  # fmt: skip
    announce_expiring_qualifications.delay()
    q.refresh_from_db()
    assert q.expiry_announced_for == soon
