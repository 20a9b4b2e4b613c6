"""One absence lifecycle for every source, end to end through the API: a sick report, its
extension and the recovery report (desk), an approved leave (desk), a planner's entry (roster
API). Each test asserts which places, and only those, are freed, which are flagged at risk,
the repair suggestion in the planner's inbox and who is told.

The officer's month: nine shifts on days -1, +1, +2, +4, +6, +9, +12, +15 and +19 from today
(07:00-15:00 local), none today, so that no assertion depends on the time of day.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone

from notifications.models import Notification
from organisation.models import Absence
from requests_desk.models import Request
from roster.models import Assignment, AtRiskAssignment, Phase, RepairSuggestion
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory
from tests.requests_desk.test_workflow import _act, _file

# Announcing freed places is a Celery task: run it in the test, also where CI has a broker.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

OFFSETS = (-1, 1, 2, 4, 6, 9, 12, 15, 19)


def _today():
    return timezone.localdate()


def _at(offset, hour=7):
    day = _today() + dt.timedelta(days=offset)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _iso(offset):
    return (_today() + dt.timedelta(days=offset)).isoformat()


def _sick(first_day_offset=-1, exp_duration="1_day"):
    return {
        "first_day": _iso(first_day_offset),
        "exp_duration": exp_duration,
        "phone": "0612345678",
        "work_accident": False,
        "third_party": False,
    }


@pytest.fixture
def month(team, officer, colleague, team_lead, planner, basis):
    """A published period with the officer on nine shifts (shift id per day offset) and a
    qualified colleague who may take them."""
    return officer_month(team, officer, basis)


def officer_month(team, officer, basis):
    """The published period and the officer's nine shifts of `month`."""
    period = PeriodFactory(
        team=team,
        phase=Phase.PUBLISHED,
        start_date=_today() - dt.timedelta(days=1),
        end_date=_today() + dt.timedelta(days=27),
    )
    shifts = {}
    for offset in OFFSETS:
        start = _at(offset)
        shift = ShiftFactory(period=period, start=start, end=start + dt.timedelta(hours=8))
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
        shifts[offset] = shift.pk
    return period, shifts


def _assigned(officer, shifts):
    ids = set(Assignment.objects.filter(officer=officer).values_list("shift_id", flat=True))
    return sorted(o for o, pk in shifts.items() if pk in ids)


def _flagged(shifts):
    ids = set(AtRiskAssignment.objects.values_list("assignment__shift_id", flat=True))
    return sorted(o for o, pk in shifts.items() if pk in ids)


def _told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def _no_kind(payload):
    text = json.dumps(payload, default=str).lower()
    assert "sick" not in text
    assert "ziek" not in text


@pytest.fixture
def sick_in_month(
    catalogue, month, officer, team, planner, api_client_for, django_capture_on_commit_callbacks
):
    """The officer reports sick from yesterday, expected one day; the planner has set the
    team's margin to 2 days. Returns the sick report's id."""
    patched = api_client_for(planner).patch(
        f"/api/v1/teams/{team.id}/absence-policy/", {"sick_margin_days": 2}, format="json"
    )
    assert patched.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(api_client_for(officer), "sick_report", _sick())
    assert filed.status_code == 201, filed.data
    return filed.data["id"]


def test_sick_from_yesterday_for_one_day_frees_only_up_to_the_margin_in_a_nine_shift_month(
    sick_in_month, month, officer, colleague, team, planner, team_lead, api_client_for
):
    period, shifts = month
    # then: the absence starts at the form's first day, expected back today
    absence = Absence.objects.get(officer=officer)
    assert absence.start == _at(-1, 0)
    assert absence.expected_end == _at(0, 0)
    assert absence.end is None
    assert absence.status == "active"
    # and: only tomorrow's place (expected end + 2 margin days) is freed; yesterday's worked
    # shift is untouched; the seven later places stay assigned, flagged at risk
    assert _assigned(officer, shifts) == [-1, 2, 4, 6, 9, 12, 15, 19]
    assert _flagged(shifts) == [2, 4, 6, 9, 12, 15, 19]
    # and: one repair suggestion for the period, in the planner's approvals inbox
    suggestion = RepairSuggestion.objects.get(period=period, resolved_at__isnull=True)
    assert suggestion.freed_places == 1
    inbox = api_client_for(planner).get("/api/v1/inbox/", {"kind": "repair"}).data
    assert [(i["kind"], i["id"]) for i in inbox["results"]] == [("repair", suggestion.id)]
    _no_kind(inbox)
    # and: the qualified colleague hears of the open place; the sick officer does not
    assert colleague.id in _told("open_shift_available")
    assert officer.id not in _told("open_shift_available")
    # and: lead and planner learn "absent", since when and until when, never why
    told = Notification.objects.get(kind="officer_absent", recipient=planner)
    # "... at risk: 7. Shifts freed: 1." (in the recipient's language)
    assert told.body.endswith(": 7. Shifts freed: 1.") or told.body.endswith(
        ": 7. Vrijgekomen diensten: 1."
    )
    _no_kind({"title": told.title, "body": told.body})
    assert team_lead.id in _told("officer_absent")


def test_planner_sees_the_places_at_risk_as_absent_only(
    sick_in_month, month, officer, team, planner, api_client_for, django_assert_num_queries
):
    period, shifts = month
    client = api_client_for(planner)
    with django_assert_num_queries(6):  # user, roles, teams, the team, count, page (joined)
        listed = client.get(f"/api/v1/teams/{team.id}/at-risk/")
    assert listed.status_code == 200
    rows = listed.data["results"]
    assert [r["shift"] for r in rows] == [shifts[o] for o in (2, 4, 6, 9, 12, 15, 19)]
    assert {r["officer"] for r in rows} == {officer.id}
    assert {r["reason"] for r in rows} == {"absent"}
    assert rows[0]["expected_end"] == _at(0, 0).isoformat()
    _no_kind(listed.data)
    places = client.get(f"/api/v1/periods/{period.id}/assignments/").data["results"]
    risky = sorted(p["shift"] for p in places if p["at_risk"])
    assert risky == sorted(shifts[o] for o in (2, 4, 6, 9, 12, 15, 19))
    assert not [p for p in places if p["shift"] == shifts[-1] and p["at_risk"]]


def test_places_at_risk_are_for_line_management_only(
    sick_in_month, team, officer, colleague, other_team_lead, unit_manager, api_client_for
):
    url = f"/api/v1/teams/{team.id}/at-risk/"
    assert api_client_for(officer).get(url).status_code == 403
    assert api_client_for(colleague).get(url).status_code == 403
    assert api_client_for(other_team_lead).get(url).status_code == 404
    seen = api_client_for(unit_manager).get(url)
    assert seen.status_code == 200
    assert seen.data["count"] == 7
    _no_kind(seen.data)


def test_an_extension_frees_the_next_stretch_and_moves_the_flags(
    sick_in_month,
    month,
    officer,
    planner,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    period, shifts = month
    # when: still sick, expected last day +4 (back +5; margin 2: freed up to +7)
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(
            api_client_for(officer), "sick_extension", {"sick": sick_in_month, "last_day": _iso(4)}
        )
    assert filed.status_code == 201, filed.data
    assert filed.data["state"] == "approved"
    # then
    absence = Absence.objects.get(officer=officer)
    assert absence.expected_end == _at(5, 0)
    assert _assigned(officer, shifts) == [-1, 9, 12, 15, 19]
    assert _flagged(shifts) == [9, 12, 15, 19]
    assert RepairSuggestion.objects.get(period=period).freed_places == 4
    bodies = list(
        Notification.objects.filter(kind="officer_absent", recipient=planner).values_list(
            "body", flat=True
        )
    )
    assert len(bodies) == 2
    assert any(
        b.endswith((": 4. Shifts freed: 3.", ": 4. Vrijgekomen diensten: 3.")) for b in bodies
    )


def test_a_recovery_report_ends_the_absence_frees_inside_and_clears_the_flags(
    sick_in_month, month, officer, planner, api_client_for, django_capture_on_commit_callbacks
):
    period, shifts = month
    # when: back from day +9 on
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(
            api_client_for(officer), "recovery_report", {"sick": sick_in_month, "date": _iso(9)}
        )
    assert filed.status_code == 201, filed.data
    # then: the absence ends at the start of that day; the places still inside it (+2, +4,
    # +6) are freed; the places from +9 on stay assigned; no flag is left
    absence = Absence.objects.get(officer=officer)
    assert absence.end == _at(9, 0)
    assert _assigned(officer, shifts) == [-1, 9, 12, 15, 19]
    assert not AtRiskAssignment.objects.exists()
    assert api_client_for(planner).get(
        f"/api/v1/teams/{period.team_id}/at-risk/"
    ).data["count"] == 0  # fmt: skip
    assert planner.id in _told("officer_back")


def test_a_recovery_today_keeps_every_later_place(
    sick_in_month, month, officer, api_client_for, django_capture_on_commit_callbacks
):
    _period, shifts = month
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(
            api_client_for(officer), "recovery_report", {"sick": sick_in_month, "date": _iso(0)}
        )
    assert filed.status_code == 201, filed.data
    assert _assigned(officer, shifts) == [-1, 2, 4, 6, 9, 12, 15, 19]
    assert not AtRiskAssignment.objects.exists()
    assert Absence.objects.get(officer=officer).status == "ended"


# The offsets, not the forms, are parameters: a form built at collection time goes stale when
# the run crosses midnight in Amsterdam.
@pytest.mark.parametrize(
    "first_day_offset",
    [
        -8,  # more than 7 days back
        2,  # later than tomorrow
    ],
)
def test_a_sick_report_outside_the_window_is_400_naming_the_first_day_and_saves_nothing(
    first_day_offset, catalogue, month, officer, api_client_for
):
    _period, shifts = month
    form = _sick(first_day_offset=first_day_offset)
    response = _file(api_client_for(officer), "sick_report", form)
    assert response.status_code == 400
    assert "first_day" in response.data["fields"]["form_data"]
    assert not Absence.objects.exists()
    assert not Request.objects.exists()
    assert _assigned(officer, shifts) == list(OFFSETS)


def test_a_second_sick_report_while_sick_is_400_naming_the_first_day(
    sick_in_month, officer, api_client_for
):
    response = _file(api_client_for(officer), "sick_report", _sick(first_day_offset=0))
    assert response.status_code == 400
    assert "first_day" in response.data["fields"]["form_data"]
    assert Absence.objects.count() == 1


def test_bad_extensions_and_recoveries_are_400_naming_the_field(
    sick_in_month, officer, colleague, api_client_for
):
    me = api_client_for(officer)
    past = _file(me, "sick_extension", {"sick": sick_in_month, "last_day": _iso(-1)})
    assert past.status_code == 400
    assert "last_day" in past.data["fields"]["form_data"]
    free_text = _file(
        me, "sick_extension", {"sick": sick_in_month, "last_day": _iso(3), "note": "griep"}
    )
    assert free_text.status_code == 400
    assert "note" in free_text.data["fields"]["form_data"]
    not_mine = _file(
        api_client_for(colleague), "sick_extension", {"sick": sick_in_month, "last_day": _iso(3)}
    )
    assert not_mine.status_code == 400
    assert "sick" in not_mine.data["fields"]["form_data"]
    before = _file(me, "recovery_report", {"sick": sick_in_month, "date": _iso(-1)})
    assert before.status_code == 400
    assert "date" in before.data["fields"]["form_data"]
    absence = Absence.objects.get(officer=officer)
    assert (absence.end, absence.expected_end) == (None, _at(0, 0))
    assert not Request.objects.filter(request_type__code__in=["sick_extension"]).exists()


def test_an_approved_leave_frees_its_days_suggests_a_repair_and_tells_colleagues(
    catalogue,
    month,
    officer,
    colleague,
    team_lead,
    planner,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    period, shifts = month
    leave = {"range": {"from": _iso(4), "to": _iso(6)}, "hours": 24}
    rid = _file(api_client_for(officer), "annual_leave", leave).data["id"]
    assert _assigned(officer, shifts) == list(OFFSETS)  # nothing freed before approval
    # when: the team lead approves
    with django_capture_on_commit_callbacks(execute=True):
        approved = _act(api_client_for(team_lead), rid, "approve")
    assert approved.status_code == 200, approved.data
    # then: the two places inside the leave are freed, nothing is flagged
    assert _assigned(officer, shifts) == [-1, 1, 2, 9, 12, 15, 19]
    assert not AtRiskAssignment.objects.exists()
    absence = Absence.objects.get(officer=officer)
    assert (absence.start, absence.end, absence.status) == (_at(4, 0), _at(7, 0), "planned")
    suggestion = RepairSuggestion.objects.get(period=period, resolved_at__isnull=True)
    assert suggestion.freed_places == 2
    inbox = api_client_for(planner).get("/api/v1/inbox/", {"kind": "repair"}).data
    assert [i["id"] for i in inbox["results"]] == [suggestion.id]
    assert colleague.id in _told("open_shift_available")
    assert planner.id in _told("repair_suggested")


def _leave_on(client, offset):
    leave = {"range": {"from": _iso(offset), "to": _iso(offset)}, "hours": 8}
    return _file(client, "annual_leave", leave).data["id"]


def test_a_leave_inside_a_sicknesss_expected_stretch_cannot_be_approved(
    catalogue, month, officer, team_lead, api_client_for
):
    # given: sick from today, expected a week
    assert _file(api_client_for(officer), "sick_report", _sick(0, "1_week")).status_code == 201
    rid = _leave_on(api_client_for(officer), 3)
    refused = _act(api_client_for(team_lead), rid, "approve")
    assert refused.status_code == 400
    assert "start" in refused.data["fields"]
    assert Absence.objects.filter(officer=officer).count() == 1
    assert Request.objects.get(pk=rid).state == "in_approval"


def test_a_leave_after_a_sicknesss_expected_end_may_be_approved(
    sick_in_month, month, officer, team_lead, api_client_for
):
    # given: sick from yesterday, expected back today; leave asked for in 12 days
    rid = _leave_on(api_client_for(officer), 12)
    approved = _act(api_client_for(team_lead), rid, "approve")
    assert approved.status_code == 200, approved.data
    kinds = sorted(Absence.objects.filter(officer=officer).values_list("kind", flat=True))
    assert kinds == ["leave", "sick"]
    assert 12 not in _assigned(officer, month[1])


def test_a_sick_report_is_never_refused_for_leave_booked_later(
    catalogue, month, officer, team_lead, api_client_for, django_capture_on_commit_callbacks
):
    # given: an approved leave in 12 days
    rid = _leave_on(api_client_for(officer), 12)
    assert _act(api_client_for(team_lead), rid, "approve").status_code == 200
    # when: he reports sick today, expected a week
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(api_client_for(officer), "sick_report", _sick(0, "1_week"))
    # then: the report is taken and both absences stand
    assert filed.status_code == 201, filed.data
    kinds = sorted(Absence.objects.filter(officer=officer).values_list("kind", flat=True))
    assert kinds == ["leave", "sick"]


def test_a_second_sick_report_while_one_is_open_is_refused(
    sick_in_month, month, officer, api_client_for
):
    # given: sick from yesterday, expected back today (past its expected end tomorrow)
    again = _file(api_client_for(officer), "sick_report", _sick(1, "1_day"))
    assert again.status_code == 400
    assert "first_day" in again.data["fields"]["form_data"], again.data
    assert Absence.objects.filter(officer=officer).count() == 1


def test_a_planners_entry_frees_its_days_suggests_a_repair_and_tells_colleagues(
    month, officer, colleague, planner, api_client_for, django_capture_on_commit_callbacks
):
    period, shifts = month
    body = {
        "officer": officer.id,
        "kind": "training",
        "start": _at(9, 0).isoformat(),
        "end": _at(13, 0).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(planner).post("/api/v1/absences/", body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["status"] == "planned"
    assert response.data["kind"] == "absent"  # the planner never learns the kind
    assert response.data["source"] == ""
    assert _assigned(officer, shifts) == [-1, 1, 2, 4, 6, 15, 19]
    assert RepairSuggestion.objects.get(period=period).freed_places == 2
    assert colleague.id in _told("open_shift_available")


def test_a_sick_report_during_leave_cuts_the_leave_and_keeps_the_officer_absent(
    catalogue, month, officer, team_lead, api_client_for, django_capture_on_commit_callbacks
):
    _period, shifts = month
    me = api_client_for(officer)
    leave = {"range": {"from": _iso(-1), "to": _iso(4)}, "hours": 40}
    rid = _file(me, "annual_leave", leave).data["id"]
    with django_capture_on_commit_callbacks(execute=True):
        _act(api_client_for(team_lead), rid, "approve")
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(
            me, "sick_during_leave", {"leave": rid, "first_day": _iso(1), "stay_addr": "Thuis"}
        )
    assert filed.status_code == 201, filed.data
    leave_absence, sick = Absence.objects.order_by("start")
    assert (leave_absence.kind, leave_absence.end) == ("leave", _at(1, 0))
    assert (sick.kind, sick.start, sick.end, sick.expected_end) == (
        "sick",
        _at(1, 0),
        None,
        _at(5, 0),
    )
    # the leave freed +1, +2, +4; the sickness is expected as long as the leave (back +5),
    # with the default margin of 1 day: +6 on stays assigned, at risk
    assert _assigned(officer, shifts) == [-1, 6, 9, 12, 15, 19]
    assert _flagged(shifts) == [6, 9, 12, 15, 19]
