"""Notifications are written in the reader's language, not in the language of whoever
triggered them: e-mail in the recipient's language at send time, the in-app list in the
language he reads in now."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from notifications.models import Notification
from organisation.models import Officer
from tests.requests_desk.test_sick_inbox_notifications import SICK
from tests.requests_desk.test_workflow import _act, _file

pytestmark = pytest.mark.django_db

LEAVE = {"range": {"from": "2026-12-01", "to": "2026-12-03"}, "hours": 24}


def _in(client, language: str):
    """The client with its phone set to `language` (Accept-Language on every call)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def _speaks(officer: Officer, language: str) -> None:
    officer.language = language
    officer.email = f"{officer.username}@example.org"
    officer.save(update_fields=["language", "email"])


def test_an_english_lead_approves_and_the_dutch_officer_reads_dutch(
    catalogue,
    officer,
    team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
    eager_celery,  # the e-mail is sent by a task: run it here, broker or not
) -> None:
    # given: a Dutch officer's leave request and an English-speaking team lead
    _speaks(officer, "nl")
    _speaks(team_lead, "en")
    rid = _file(api_client_for(officer), "annual_leave", LEAVE).data["id"]
    # when: the lead approves it from his English app
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(_in(api_client_for(team_lead), "en"), rid, "approve")
    assert response.status_code == 200
    # then: the officer's notifications and e-mails are Dutch
    titles = set(Notification.objects.filter(recipient=officer).values_list("title", flat=True))
    assert f"Aanvraag #{rid}: Goedgekeurd" in titles
    assert f"Aanvraag #{rid}: Gesloten" in titles
    mails = {m.subject for m in mail.outbox if m.to == [officer.email]}
    assert f"Aanvraag #{rid}: Goedgekeurd" in mails
    assert not any("Request" in t or "Approved" in t for t in titles | mails)


def test_a_dutch_officer_reports_sick_and_the_english_lead_reads_english(
    catalogue,
    officer,
    team_lead,
    planner,
    vz_staff,
    api_client_for,
    django_capture_on_commit_callbacks,
) -> None:
    # given: an English-speaking lead, a Dutch-speaking planner, a Dutch officer
    _speaks(team_lead, "en")
    _speaks(planner, "nl")
    _speaks(officer, "nl")
    # when: the officer reports sick from his Dutch app
    with django_capture_on_commit_callbacks(execute=True):
        response = _file(_in(api_client_for(officer), "nl"), "sick_report", SICK)
    assert response.status_code == 201
    # then: the lead reads English (dates in his format), the planner Dutch
    lead = Notification.objects.get(kind="officer_absent", recipient=team_lead)
    mine = Notification.objects.get(kind="officer_absent", recipient=planner)
    name = officer.get_full_name()
    assert lead.title == f"{name} is absent"
    assert lead.body.startswith("Absent from ")
    assert mine.title == f"{name} is afwezig"
    assert mine.body.startswith("Afwezig vanaf ")
    # the form's first day (fixed when the suite was collected, maybe before local midnight)
    today = dt.date.fromisoformat(SICK["first_day"])
    with translation.override("en"):
        assert f"Absent from {date_format(today, 'DATE_FORMAT')}," in lead.body
    with translation.override("nl"):
        assert f"Afwezig vanaf {date_format(today, 'DATE_FORMAT')}," in mine.body
    # and neither carries the kind of absence or the form (need-to-know)
    for n in (lead, mine):
        for text in (n.title, n.body):
            assert "sick" not in text.lower()
            assert "ziek" not in text.lower()
            assert "0612345678" not in text


def test_the_in_app_list_follows_the_readers_language_of_now(
    catalogue,
    officer,
    team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
    eager_celery,  # the e-mail is sent by a task: run it here, broker or not
) -> None:
    # given: a notification written while the officer read Dutch (its e-mail is Dutch)
    _speaks(officer, "nl")
    rid = _file(api_client_for(officer), "annual_leave", LEAVE).data["id"]
    with django_capture_on_commit_callbacks(execute=True):
        _act(api_client_for(team_lead), rid, "approve")
    client = api_client_for(officer)
    dutch = client.get("/api/v1/notifications/").data["results"]
    assert f"Aanvraag #{rid}: Goedgekeurd" in {n["title"] for n in dutch}
    # when: he switches to English
    assert client.patch("/api/v1/me/", {"language": "en"}, format="json").status_code == 200
    # then: the same notifications read English in the app, whatever the phone asks for
    english = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="nl").data["results"]
    assert f"Request #{rid}: Approved" in {n["title"] for n in english}
    assert [n["id"] for n in english] == [n["id"] for n in dutch]
    # and his data export too
    export = client.get("/api/v1/me/export/").data["notifications"]
    assert f"Request #{rid}: Approved" in {n["title"] for n in export}
    # while the e-mail already sent stays as it was sent
    assert f"Aanvraag #{rid}: Goedgekeurd" in {m.subject for m in mail.outbox}


def test_without_preference_the_site_language_is_used(
    catalogue, officer, team_lead, api_client_for, django_capture_on_commit_callbacks
) -> None:
    # given: an officer who never logged in with a language (no preference)
    assert officer.language == ""
    rid = _file(api_client_for(officer), "annual_leave", LEAVE).data["id"]
    # when: an English-speaking lead approves
    _speaks(team_lead, "en")
    with django_capture_on_commit_callbacks(execute=True):
        _act(_in(api_client_for(team_lead), "en"), rid, "approve")
    # then: the stored text is in the site's language (Dutch), not the lead's
    titles = set(Notification.objects.filter(recipient=officer).values_list("title", flat=True))
    assert f"Aanvraag #{rid}: Goedgekeurd" in titles
