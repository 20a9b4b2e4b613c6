"""Sick report -> shifts opened -> repair proposed -> applied -> officers notified."""

import pytest

from notifications.models import Notification
from roster.models import Assignment, RepairSuggestion, RosterAuditEvent, SolveStatus
from roster.services.publication import roster_publish
from roster.services.solving.jobs import solve_start
from roster.services.swaps import swap_accept, swap_offer
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, ShiftFactory, aware
from tests.requests_desk.test_sick_inbox_notifications import SICK
from tests.requests_desk.test_workflow import CLAIM, _file
from tests.roster.notification_subjects import assert_opens
from tests.roster.solve_fixtures import fast_solver, small_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_solver")]
__all__ = ["fast_solver"]


def _report_sick_until(client, last_day):
    """A sick report from today, then a sick extension to `last_day` (the response)."""
    reported = _file(client, "sick_report", SICK)
    assert reported.status_code == 201, reported.data
    return _file(client, "sick_extension", {"sick": reported.data["id"], "last_day": last_day})


def test_sick_report_to_repair_applied_and_the_team_leads_inbox(
    catalogue,
    team,
    basis,
    planner,
    team_lead,
    vz_staff,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    # given: a published roster made by the solver
    small = small_period(team, basis)
    with django_capture_on_commit_callbacks(execute=True):
        solve_start(actor=planner, period=small.period)
    roster_publish(actor=planner, period=small.period)
    sick = next(o for o in small.officers if Assignment.objects.filter(officer=o).exists())
    freed = set(Assignment.objects.filter(officer=sick).values_list("shift_id", flat=True))

    # when: the officer reports sick and, still sick, expects to be back after 7 January
    # (a sick report frees only up to its expected end plus the team's margin; the period
    # lies in January, so the extension is what frees his places there)
    with django_capture_on_commit_callbacks(execute=True):
        filed = _report_sick_until(api_client_for(sick), "2027-01-07")
    assert filed.status_code == 201, filed.data

    # then: his shifts are open places and the planner is offered a one-click repair
    assert not Assignment.objects.filter(officer=sick).exists()
    suggestion = RepairSuggestion.objects.get(period=small.period)
    assert suggestion.freed_places == len(freed)
    told = Notification.objects.get(kind="repair_suggested", recipient=planner)
    assert f"/api/v1/periods/{small.period.id}/repair/" in told.body
    assert "ziek" not in told.body.lower()  # never why the places were freed
    assert_opens([told], api_client_for, kind="period", subject_id=small.period.id)
    assert "sick" not in told.body.lower()
    planner_client = api_client_for(planner)
    inbox = planner_client.get("/api/v1/inbox/", {"kind": "repair"}).data
    assert [(i["kind"], i["id"]) for i in inbox["results"]] == [("repair", suggestion.id)]

    # when: the planner approves the repair from the inbox (the solve runs as a task)
    with django_capture_on_commit_callbacks(execute=True):
        started = planner_client.post(f"/api/v1/inbox/repair/{suggestion.id}/approve/")
    assert started.status_code == 200, started.data
    job_id = started.data["job"]
    job = planner_client.get(f"/api/v1/solve-jobs/{job_id}/").data
    assert job["status"] == SolveStatus.DONE
    added = job["change_set"]["added"]
    assert {int(a["shift"][1:]) for a in added} >= freed  # the freed places are refilled
    assert planner_client.get("/api/v1/inbox/").data["count"] == 0  # suggestion resolved

    # when: the planner applies the change set
    with django_capture_on_commit_callbacks(execute=True):
        applied = planner_client.post(f"/api/v1/solve-jobs/{job_id}/apply/", {}, format="json")
    assert applied.status_code == 200, applied.data

    # then: the places are filled and every officer whose roster changed is notified
    for shift_id in freed:
        assert Assignment.objects.filter(shift_id=shift_id).exists()
    changed = {int(a["officer"][1:]) for a in added}
    notified = set(
        Notification.objects.filter(kind="roster_changed").values_list("recipient", flat=True)
    )
    assert changed
    assert changed <= notified
    assert RosterAuditEvent.objects.filter(action="repair_apply").exists()

    # and: the team lead's inbox shows a swap and a desk request together
    giver = OfficerFactory(teams=[team], first_name="Gert")
    taker = OfficerFactory(teams=[team], first_name="Tess")
    for o in (giver, taker):
        QualificationFactory(officer=o, skill=basis)
    extra = ShiftFactory(period=small.period, start=aware(2027, 1, 6, 15, 0), demand={"basis": 1})
    place = AssignmentFactory(officer=giver, shift=extra, skill=basis)
    from roster.models import TeamSwapPolicy

    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    swap = swap_offer(actor=giver, kind="give_away", assignment=place, receiver=taker)
    swap_accept(actor=taker, swap=swap)
    assert _file(api_client_for(giver), "travel_expense", {**CLAIM, "amount": 1000}).status_code
    lead_inbox = api_client_for(team_lead).get("/api/v1/inbox/").data
    assert {i["kind"] for i in lead_inbox["results"]} == {"swap", "request"}


def test_repair_endpoint_success_wrong_user_and_wrong_phase(
    team,
    basis,
    planner,
    officer,
    other_team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    small = small_period(team, basis)
    url = f"/api/v1/periods/{small.period.id}/repair/"
    not_published = api_client_for(planner).post(url)
    assert not_published.status_code == 409
    assert not_published.data["code"] == "wrong_phase"
    with django_capture_on_commit_callbacks(execute=True):
        solve_start(actor=planner, period=small.period)
    roster_publish(actor=planner, period=small.period)
    assert api_client_for(officer).post(url).status_code == 403
    assert api_client_for(other_team_lead).post(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(planner).post(url)
    assert response.status_code == 202, response.data
    assert response.data["mode"] == "repair"


def test_a_freed_place_is_announced_to_colleagues_who_may_take_it(
    catalogue, team, basis, planner, api_client_for, django_capture_on_commit_callbacks
):
    # given: a published roster; the sick officer's colleagues are qualified and free
    small = small_period(team, basis)
    with django_capture_on_commit_callbacks(execute=True):
        solve_start(actor=planner, period=small.period)
    roster_publish(actor=planner, period=small.period)
    sick = next(o for o in small.officers if Assignment.objects.filter(officer=o).exists())
    freed = set(Assignment.objects.filter(officer=sick).values_list("shift_id", flat=True))
    spare = OfficerFactory(teams=[team], first_name="Reserve")
    QualificationFactory(officer=spare, skill=basis)
    unqualified = OfficerFactory(teams=[team], first_name="Nieuw")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _report_sick_until(api_client_for(sick), "2027-01-07")
    # then: the qualified spare officer is told, the unqualified one and the sick one not
    told = set(
        Notification.objects.filter(kind="open_shift_available").values_list("recipient", flat=True)
    )
    assert spare.id in told
    assert unqualified.id not in told
    assert sick.id not in told
    offered = Notification.objects.get(kind="open_shift_available", recipient=spare)
    assert offered.subject_id in freed  # one of the sick officer's shifts, now open
    assert_opens([offered], api_client_for, kind="shift", subject_id=offered.subject_id)
