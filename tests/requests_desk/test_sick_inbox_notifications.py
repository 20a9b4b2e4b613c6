import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from organisation.models import Absence
from requests_desk.models import PrivacyReadLog, Request
from requests_desk.services.privacy import requests_purge_expired
from requests_desk.services.workflow import requests_escalate_overdue
from tests.requests_desk.test_workflow import CLAIM, _act, _file

pytestmark = pytest.mark.django_db

SICK = {
    # today: a sick report's first day lies at most 7 days back (roster.desk_outcomes)
    "first_day": timezone.localdate().isoformat(),
    "exp_duration": "2_3_days",
    "phone": "0612345678",
    "work_accident": False,
    "third_party": False,
}


def test_sick_report_creates_absence_at_once_and_notifies_lead_and_planner(
    catalogue,
    officer,
    team_lead,
    planner,
    vz_staff,
    api_client_for,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _file(api_client_for(officer), "sick_report", SICK)
    assert response.status_code == 201
    assert response.data["state"] == "approved"  # no approval step
    absence = Absence.objects.get(officer=officer)
    assert absence.kind == "sick"
    assert absence.end is None
    assert absence.expected_end is not None
    told = Notification.objects.filter(kind="officer_absent")
    assert {n.recipient for n in told} == {team_lead, planner}
    assert all("2_3" not in n.body and "0612" not in n.body for n in told)


def test_sick_report_is_invisible_to_team_lead_visible_to_desk_and_reads_are_logged(
    catalogue, officer, team_lead, vz_staff, api_client_for
) -> None:
    rid = _file(api_client_for(officer), "sick_report", SICK).data["id"]
    assert api_client_for(team_lead).get(f"/api/v1/requests/{rid}/").status_code == 404
    seen = api_client_for(vz_staff).get(f"/api/v1/requests/{rid}/")
    assert seen.status_code == 200
    assert seen.data["form_data"]["phone"] == "0612345678"
    assert (
        PrivacyReadLog.objects.filter(request_id=rid, reader=vz_staff, channel="api").count() == 1
    )
    assert not PrivacyReadLog.objects.filter(reader=team_lead).exists()


def test_sick_report_rejects_a_diagnosis_field_naming_it(
    catalogue, officer, api_client_for
) -> None:
    response = _file(api_client_for(officer), "sick_report", {**SICK, "diagnosis": "griep"})
    assert response.status_code == 400
    assert "diagnosis" in response.data["fields"]["form_data"]
    assert not Absence.objects.exists()
    assert not Request.objects.exists()


def test_recovery_report_ends_the_sick_absence(catalogue, officer, vz_staff, api_client_for):
    client = api_client_for(officer)
    sick_id = _file(client, "sick_report", SICK).data["id"]
    back_on = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    back = _file(client, "recovery_report", {"sick": sick_id, "date": back_on})
    assert back.status_code == 201
    assert Absence.objects.get(officer=officer).end is not None


def test_annual_leave_approval_creates_an_absence_and_closes(
    catalogue, officer, team_lead, api_client_for
) -> None:
    leave = {"range": {"from": "2026-12-01", "to": "2026-12-03"}, "hours": 24}
    rid = _file(api_client_for(officer), "annual_leave", leave).data["id"]
    assert _act(api_client_for(team_lead), rid, "approve").data["state"] == "closed"
    absence = Absence.objects.get(officer=officer)
    assert (absence.kind, absence.end - absence.start) == ("leave", dt.timedelta(days=3))


def test_inboxes_and_badge_counts_with_pinned_queries(
    catalogue, officer, team_lead, api_client_for, django_assert_num_queries
) -> None:
    me = api_client_for(officer)
    for amount in (1000, 2000, 3000):
        _file(me, "travel_expense", {**CLAIM, "amount": amount})
    lead = api_client_for(team_lead)
    with django_assert_num_queries(5):  # user, scope (roles, teams), count, page
        inbox = lead.get("/api/v1/inbox/approvals/")
    assert inbox.data["count"] == 3
    assert inbox.data["results"][0]["item_type"] == "request"
    with django_assert_num_queries(3):
        mine = me.get("/api/v1/requests/")
    assert mine.data["count"] == 3
    assert lead.get("/api/v1/inbox/counts/").data["waiting_for_me"] == 3
    assert me.get("/api/v1/inbox/counts/").data["my_open"] == 3
    assert me.get("/api/v1/requests/", {"state": "bogus"}).status_code == 400


def test_desk_queue_claim_assign_and_comments(
    catalogue, officer, other_officer, facilities_staff, api_client_for
) -> None:
    rid = _file(api_client_for(officer), "locker", {"site": 1}).data["id"]
    desk = api_client_for(facilities_staff)
    assert desk.get("/api/v1/inbox/desk/", {"assigned": "none"}).data["count"] == 1
    assert desk.get("/api/v1/inbox/desk/", {"assigned": "x"}).status_code == 400
    assert desk.get("/api/v1/inbox/desk/", {"state": "closed"}).status_code == 400
    assert desk.get("/api/v1/inbox/desk/", {"state": "approved"}).data["count"] == 1
    assert desk.get("/api/v1/inbox/desk/", {"overdue": "true"}).data["count"] == 0
    assigned = _act(desk, rid, "assign", assignee=facilities_staff.pk)
    assert assigned.data["assignee"] == facilities_staff.pk
    assert _act(desk, rid, "assign", assignee=officer.pk).status_code == 403
    internal = desk.post(
        f"/api/v1/requests/{rid}/comments/", {"body": "Kluis 12", "internal": True}, format="json"
    )
    public = desk.post(f"/api/v1/requests/{rid}/comments/", {"body": "Klaar"}, format="json")
    assert (internal.status_code, public.status_code) == (201, 201)
    own = api_client_for(officer).get(f"/api/v1/requests/{rid}/").data["comments"]
    assert [c["body"] for c in own] == ["Klaar"]
    empty = desk.post(f"/api/v1/requests/{rid}/comments/", {"body": ""}, format="json")
    assert "body" in empty.data["fields"]
    stranger = api_client_for(other_officer).post(
        f"/api/v1/requests/{rid}/comments/", {"body": "hoi"}, format="json"
    )
    assert stranger.status_code == 404


def test_notifications_list_unread_count_mark_read_and_email(
    catalogue, officer, team_lead, api_client_for, django_capture_on_commit_callbacks
) -> None:
    rid = _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    with django_capture_on_commit_callbacks(execute=True):
        _act(api_client_for(team_lead), rid, "approve")
    me = api_client_for(officer)
    assert me.get("/api/v1/notifications/unread-count/").data["unread"] == 1
    note = me.get("/api/v1/notifications/").data["results"][0]
    assert (note["request"], note["subject_kind"], note["subject_id"]) == (rid, "request", rid)
    assert note["subject_url"] == f"/api/v1/requests/{rid}/"
    assert me.post(f"/api/v1/notifications/{note['id']}/read/").data["marked"] == 1
    assert me.get("/api/v1/notifications/unread-count/").data["unread"] == 0
    assert (
        api_client_for(team_lead).post(f"/api/v1/notifications/{note['id']}/read/").status_code
        == 404
    )
    bad = me.put("/api/v1/notifications/preferences/", {"email": True}, format="json")
    assert "push" in bad.data["fields"]


def test_export_returns_own_requests_and_notifications(
    catalogue, officer, colleague, api_client_for
) -> None:
    _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}, submit=False)
    _file(api_client_for(colleague), "travel_expense", {**CLAIM, "amount": 100}, submit=False)
    data = api_client_for(officer).get("/api/v1/me/export/").data
    assert [r["form_data"]["amount"] for r in data["requests"]] == [4200]
    assert api_client_for(None).get("/api/v1/me/export/").status_code == 401


def test_exporting_own_special_category_requests_is_logged_by_the_export_channel(
    catalogue, officer, api_client_for
) -> None:
    # given: the officer's sick report and an expense claim
    sick = _file(api_client_for(officer), "sick_report", SICK).data["id"]
    _file(api_client_for(officer), "travel_expense", {**CLAIM, "amount": 4200}, submit=False)
    PrivacyReadLog.objects.all().delete()  # the create's own read
    # when: he exports his data
    data = api_client_for(officer).get("/api/v1/me/export/").data
    # then: both are in it; the sick report's read is logged once, by the export channel
    assert len(data["requests"]) == 2
    assert list(PrivacyReadLog.objects.values_list("request_id", "reader_id", "channel")) == [
        (sick, officer.pk, "export")
    ]


def test_overdue_escalation_marks_and_notifies_once(
    catalogue, officer, team_lead, unit_manager, api_client_for
) -> None:
    rid = _file(api_client_for(officer), "travel_advance", {"trip": "x", "amount": 100}).data["id"]
    Request.objects.filter(pk=rid).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    assert requests_escalate_overdue() == 1
    assert requests_escalate_overdue() == 0
    assert Request.objects.get(pk=rid).overdue


def test_retention_purge_deletes_only_expired_finished_requests(
    catalogue, officer, api_client_for
) -> None:
    me = api_client_for(officer)
    old = _file(
        me,
        "room_booking",
        {"room": 1, "start": "2026-01-01T09:00:00+01:00", "end": "2026-01-01T10:00:00+01:00"},
    ).data["id"]
    _act(me, old, "withdraw")
    fresh = _file(me, "travel_expense", {**CLAIM, "amount": 1}, submit=False).data["id"]
    later = timezone.now() + dt.timedelta(days=100)
    Request.objects.filter(pk=old).update(legal_hold=True)
    assert requests_purge_expired(now=later) == 0
    Request.objects.filter(pk=old).update(legal_hold=False)
    about = {"subject_kind": "request", "recipient": officer, "title": "x"}
    Notification.objects.create(subject_id=old, **about)
    Notification.objects.create(subject_id=fresh, **about)
    assert requests_purge_expired(now=later) == 1
    assert list(Request.objects.values_list("id", flat=True)) == [fresh]
    assert list(Notification.objects.values_list("subject_id", flat=True)) == [fresh]


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_escalation_task_runs_in_a_real_worker(
    celery_worker_process, catalogue, officer, team_lead, unit_manager, api_client_for
) -> None:
    from requests_desk.tasks import escalate_overdue_requests

    rid = _file(api_client_for(officer), "travel_advance", {"trip": "x", "amount": 100}).data["id"]
    Request.objects.filter(pk=rid).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    assert escalate_overdue_requests.delay().get(timeout=60) == 1
    assert escalate_overdue_requests.delay().get(timeout=60) == 0
    assert Request.objects.get(pk=rid).overdue


def test_team_lead_approves_special_category_leave_without_seeing_its_content(
    catalogue, officer, team_lead, api_client_for
) -> None:
    form = {"date": "2026-12-02", "hours": 2}
    rid = _file(api_client_for(officer), "medical_appointment", form).data["id"]
    lead = api_client_for(team_lead)
    assert lead.get(f"/api/v1/requests/{rid}/").status_code == 404
    inbox = lead.get("/api/v1/inbox/approvals/").data["results"]
    assert "form_data" not in inbox[0]["request"]
    approved = _act(lead, rid, "approve")
    assert approved.status_code == 200
    assert approved.data["state"] == "closed"
    assert "form_data" not in approved.data
    assert Absence.objects.filter(officer=officer, kind="leave").exists()


def test_form_errors_are_in_dutch_when_asked(catalogue, officer, team_lead, api_client_for):
    response = api_client_for(officer).post(
        "/api/v1/requests/",
        {"type": "travel_expense", "form_data": {"diagnosis": "x"}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.data["fields"]["form_data"]["diagnosis"] == ["Onbekend veld."]
    assert response.data["fields"]["form_data"]["amount"] == ["Dit veld is verplicht."]


def test_retention_after_employment_waits_for_an_inactive_account(
    catalogue, officer, team_lead, api_client_for
) -> None:
    me = api_client_for(officer)
    leave = {"range": {"from": "2026-12-01", "to": "2026-12-01"}, "hours": 8}
    rid = _file(me, "annual_leave", leave).data["id"]
    _act(me, rid, "withdraw")
    much_later = timezone.now() + dt.timedelta(days=800)
    assert requests_purge_expired(now=much_later) == 0
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert requests_purge_expired(now=much_later) == 1


def test_sick_report_frees_the_officers_coming_shifts(
    catalogue, officer, team, basis, planner, api_client_for, django_capture_on_commit_callbacks
) -> None:
    from roster.models import Assignment, Phase
    from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    start = timezone.now() + dt.timedelta(hours=12)
    shift = ShiftFactory(period=period, start=start, end=start + dt.timedelta(hours=8))
    AssignmentFactory(officer=officer, shift=shift, skill=basis)
    with django_capture_on_commit_callbacks(execute=True):
        response = _file(api_client_for(officer), "sick_report", SICK)
    assert response.status_code == 201
    assert not Assignment.objects.filter(officer=officer).exists()
    told = Notification.objects.get(kind="officer_absent", recipient=planner)
    assert told.body.endswith(("Shifts freed: 1.", "Vrijgekomen diensten: 1."))
