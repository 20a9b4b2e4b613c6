"""The move of the notification tables out of the desk keeps every row (issue #13).

A database on the old schema (notifications in `requests_desk`, linked to their request by a
foreign key) migrates forward with its notifications and preferences intact, the generic
subject reference filled from the old `request_id`; and back again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

# The old schema: the migrator applies every migration up to this one, in the order of a full
# migrate (so the notification models are still the desk's).
OLD = [("requests_desk", "0002_absence_delegation_to_organisation")]
BACK = [("notifications", None), *OLD]
NEW = [("requests_desk", "0004_move_notifications_out"), ("notifications", "0001_initial")]

pytestmark = pytest.mark.slow


def _fill_old_schema(apps: Any) -> dict[str, Any]:
    Officer = apps.get_model("organisation", "Officer")
    RequestType = apps.get_model("requests_desk", "RequestType")
    Version = apps.get_model("requests_desk", "RequestTypeVersion")
    Request = apps.get_model("requests_desk", "Request")
    Notification = apps.get_model("requests_desk", "Notification")
    Preference = apps.get_model("requests_desk", "NotificationPreference")

    anna = Officer.objects.create(username="anna", employee_number="1", email="anna@example.nl")
    bram = Officer.objects.create(username="bram", employee_number="2")
    rt = RequestType.objects.create(code="locker", category="facilities")
    version = Version.objects.create(
        request_type=rt,
        number=1,
        name_nl="Kluisje",
        name_en="Locker",
        form_schema={"type": "object"},
        outcome_kind="none",
        privacy_class="internal",
        retention_after_employment=False,
    )
    request = Request.objects.create(request_type=rt, version=version, requester=anna)
    read = timezone.now() - dt.timedelta(hours=1)
    about_request = Notification.objects.create(
        recipient=anna,
        kind="request_approved",
        title="Aanvraag goedgekeurd",
        request=request,
        read_at=read,
        emailed_at=read,
    )
    plain = Notification.objects.create(
        recipient=bram, kind="roster_published", title="Rooster", body="…", urgent=True
    )
    Preference.objects.create(
        officer=anna, email=False, push=True, quiet_start_hour=22, quiet_end_hour=6
    )
    return {
        "anna": anna.pk,
        "bram": bram.pk,
        "request": request.pk,
        "about_request": about_request.pk,
        "plain": plain.pk,
        "read": read,
    }


def test_old_notifications_and_preferences_survive_the_move_and_back(migrator: Any) -> None:
    # (one test: each run of the migrator rebuilds the whole database)
    # given a database on the old schema with two notifications and a preference
    old = migrator.apply_initial_migration(OLD)
    ids = _fill_old_schema(old.apps)

    # when it migrates forward
    new = migrator.apply_tested_migration(NEW)

    # then every row is in the notifications app, with its subject filled from request_id
    Notification = new.apps.get_model("notifications", "Notification")
    Preference = new.apps.get_model("notifications", "NotificationPreference")
    assert Notification._meta.db_table == "notifications_notification"
    assert Notification.objects.count() == 2
    about = Notification.objects.get(pk=ids["about_request"])
    assert (about.recipient_id, about.kind, about.title) == (
        ids["anna"],
        "request_approved",
        "Aanvraag goedgekeurd",
    )
    assert (about.subject_kind, about.subject_id, about.subject_url) == (
        "request",
        ids["request"],
        f"/api/v1/requests/{ids['request']}/",
    )
    assert (about.read_at, about.emailed_at, about.pushed_at) == (ids["read"], ids["read"], None)
    plain = Notification.objects.get(pk=ids["plain"])
    assert (plain.recipient_id, plain.body, plain.urgent) == (ids["bram"], "…", True)
    assert (plain.subject_kind, plain.subject_id, plain.subject_url) == ("", None, "")
    pref = Preference.objects.get()
    assert (pref.officer_id, pref.email, pref.push) == (ids["anna"], False, True)
    assert (pref.quiet_start_hour, pref.quiet_end_hour) == (22, 6)
    # and new rows continue the id sequence
    assert Notification.objects.create(recipient_id=ids["bram"], title="n").pk > ids["plain"]

    # when it migrates back again
    back = migrator.apply_tested_migration(BACK)

    # then the desk owns the rows again, linked to their request
    Notification = back.apps.get_model("requests_desk", "Notification")
    assert Notification._meta.db_table == "requests_desk_notification"
    assert Notification.objects.get(pk=ids["about_request"]).request_id == ids["request"]
    assert Notification.objects.get(pk=ids["plain"]).request_id is None
    assert back.apps.get_model("requests_desk", "NotificationPreference").objects.count() == 1
