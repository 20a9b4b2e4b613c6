"""GET/POST /periods/{id}/unavailability/, DELETE /periods/{id}/unavailability/{id}/: an
officer's own unavailability, filed in the sign-up window within his team's limit."""

import datetime as dt

import pytest
from django.utils import timezone

from organisation.models import Absence, AbsenceKind
from roster.models import Phase, RosterAuditEvent, TeamAbsencePolicy, UnavailabilityReason
from tests.factories.organisation import AbsenceFactory, OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

REASON = "Bruiloft van mijn zus"  # the officer's own words: only he may read them back
DAYS = {"start": "2027-01-05", "end": "2027-01-06", "reason": REASON}
EVENING = {"start": "2027-01-08T18:00:00+01:00", "end": "2027-01-08T23:00:00+01:00"}


def _url(period, absence_id=None):
    base = f"/api/v1/periods/{period.pk}/unavailability/"
    return base if absence_id is None else f"{base}{absence_id}/"


def _limit(team, days):
    TeamAbsencePolicy.objects.update_or_create(
        team=team, defaults={"unavailability_max_days_per_period": days}
    )


def test_officer_marks_two_whole_days_and_reads_them_back_with_his_reason(
    officer, period, api_client_for
):
    client = api_client_for(officer)
    response = client.post(_url(period), DAYS, format="json")
    assert response.status_code == 201, response.data
    assert response.data["start"] == "2027-01-05T00:00:00+01:00"
    assert response.data["end"] == "2027-01-07T00:00:00+01:00"  # the last day is inclusive
    assert response.data["whole_days"] is True
    assert response.data["reason"] == REASON
    absence = Absence.objects.get()
    assert (absence.officer, absence.kind, absence.source) == (officer, "unavailable", "officer")
    assert absence.created_by == officer
    assert UnavailabilityReason.objects.get().absence == absence  # kept off the absence
    listed = client.get(_url(period))
    assert [row["id"] for row in listed.data["results"]] == [absence.pk]
    assert listed.data["results"][0]["reason"] == REASON


def test_officer_marks_a_time_range_without_a_reason(officer, period, api_client_for):
    response = api_client_for(officer).post(_url(period), EVENING, format="json")
    assert response.status_code == 201, response.data
    assert response.data["whole_days"] is False
    assert response.data["reason"] == ""
    assert Absence.objects.get().end == aware(2027, 1, 8, 23, 0)
    assert not UnavailabilityReason.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "2027-01-08T18:00:00+01:00", "end": "2027-01-08T17:00:00+01:00"}, "end"),
        ({"start": "2027-01-08T18:00:00+01:00", "end": "2027-01-08T18:00:00+01:00"}, "end"),
        ({"start": "2027-01-06", "end": "2027-01-05"}, "end"),
        ({"start": "2027-01-06", "end": "2027-01-06T18:00:00+01:00"}, "end"),
        ({"start": "2027-01-03", "end": "2027-01-04"}, "start"),  # the day before the period
        ({"start": "2027-01-31", "end": "2027-02-01"}, "end"),  # 1 February is after it
        ({"start": "2027-01-05", "end": "2027-01-05", "reason": "x" * 201}, "reason"),
        ({"start": "2027-01-05", "end": "2027-01-05", "reason": 7}, "reason"),
        ({"start": "2027-01-05", "end": "2027-01-05", "kind": "sick"}, "kind"),
        ({"start": "5 januari", "end": "2027-01-05"}, "start"),
        ({"end": "2027-01-05"}, "start"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(
    officer, period, api_client_for, body, field
):
    response = api_client_for(officer).post(_url(period), body, format="json")
    assert response.status_code == 400, response.data
    assert field in response.data["fields"], response.data
    assert not Absence.objects.exists()
    assert not RosterAuditEvent.objects.exists()


def test_overlapping_his_own_absence_is_400_on_the_overlapping_field(
    officer, period, api_client_for
):
    # given: a week of leave 4-8 January (until the 9th, 00:00)
    AbsenceFactory(officer=officer, kind=AbsenceKind.LEAVE)
    client = api_client_for(officer)
    # when: a day inside it, and a range that runs into it from before
    inside = client.post(_url(period), {"start": "2027-01-06", "end": "2027-01-06"}, format="json")
    into = client.post(
        _url(period),
        {"start": "2027-01-04T00:00:00+01:00", "end": "2027-01-04T08:00:00+01:00"},
        format="json",
    )
    # then
    assert inside.status_code == into.status_code == 400
    assert "start" in inside.data["fields"]
    assert "start" in into.data["fields"]
    assert Absence.objects.count() == 1


def test_overlapping_his_own_earlier_unavailability_names_end(officer, period, api_client_for):
    client = api_client_for(officer)
    assert client.post(_url(period), EVENING, format="json").status_code == 201
    before = {"start": "2027-01-08T12:00:00+01:00", "end": "2027-01-08T19:00:00+01:00"}
    response = client.post(_url(period), before, format="json")
    assert response.status_code == 400
    assert list(response.data["fields"]) == ["end"]
    assert Absence.objects.count() == 1


def test_a_shift_he_is_rostered_on_is_400_and_frees_nothing(
    officer, period, other_team, basis, api_client_for
):
    # given: he also works for team zuid, whose published roster has him on 12 January
    officer.teams.add(other_team)
    published = PeriodFactory(team=other_team, phase=Phase.PUBLISHED)
    shift = ShiftFactory(period=published, start=aware(2027, 1, 12, 7, 0))
    assignment = AssignmentFactory(officer=officer, shift=shift, skill=basis)
    # when
    response = api_client_for(officer).post(
        _url(period), {"start": "2027-01-12", "end": "2027-01-12"}, format="json"
    )
    # then: the day runs into the shift, so `end` is what overlaps
    assert response.status_code == 400
    assert list(response.data["fields"]) == ["end"]
    assert not Absence.objects.exists()
    assignment.refresh_from_db()


def test_exceeding_the_team_limit_is_400_on_end_and_saves_nothing(
    officer, team, period, api_client_for
):
    # given: the team allows 3 days per period; he has marked 2 (the 5th and the 6th)
    _limit(team, 3)
    client = api_client_for(officer)
    assert client.post(_url(period), DAYS, format="json").status_code == 201
    # when: an evening on the 8th (a third day) is fine, but then the 11th and 12th are not
    third = client.post(_url(period), EVENING, format="json")
    fourth = client.post(_url(period), {"start": "2027-01-11", "end": "2027-01-12"}, format="json")
    # then
    assert third.status_code == 201, third.data
    assert fourth.status_code == 400
    assert list(fourth.data["fields"]) == ["end"]
    assert "3" in fourth.data["fields"]["end"][0]
    assert Absence.objects.count() == 2
    # and a second range on a day already counted costs nothing
    same_day = {"start": "2027-01-08T07:00:00+01:00", "end": "2027-01-08T09:00:00+01:00"}
    assert client.post(_url(period), same_day, format="json").status_code == 201


def test_a_range_past_midnight_counts_both_days(officer, team, period, api_client_for):
    _limit(team, 1)
    late = {"start": "2027-01-08T22:00:00+01:00", "end": "2027-01-09T02:00:00+01:00"}
    response = api_client_for(officer).post(_url(period), late, format="json")
    assert response.status_code == 400
    assert "end" in response.data["fields"]
    assert not Absence.objects.exists()


def test_a_team_that_allows_none_refuses_even_one_hour(officer, team, period, api_client_for):
    _limit(team, 0)
    hour = {"start": "2027-01-08T18:00:00+01:00", "end": "2027-01-08T19:00:00+01:00"}
    response = api_client_for(officer).post(_url(period), hour, format="json")
    assert response.status_code == 400
    assert "end" in response.data["fields"]
    assert not Absence.objects.exists()


def test_outside_the_sign_up_window_is_409_and_saves_nothing(officer, team, api_client_for):
    closed = PeriodFactory(
        team=team,
        phase=Phase.SIGNUP_CLOSED,
        signup_opens_at=timezone.now() - dt.timedelta(days=10),
        signup_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    response = api_client_for(officer).post(_url(closed), DAYS, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "signup_window_closed"
    assert not Absence.objects.exists()


def test_wrong_users_cannot_file(officer, period, planner, other_officer, api_client_for):
    # a planner of the team is no member: 403; an officer of another team does not see it: 404
    as_planner = api_client_for(planner).post(_url(period), DAYS, format="json")
    as_other = api_client_for(other_officer).post(_url(period), DAYS, format="json")
    anonymous = api_client_for(None).post(_url(period), DAYS, format="json")
    assert as_planner.status_code == 403
    assert as_planner.data["code"] == "not_team_member"
    assert as_other.status_code == 404
    assert anonymous.status_code == 401
    assert not Absence.objects.exists()


def test_a_manager_cannot_file_it_through_the_absences_api(planner, officer, api_client_for):
    response = api_client_for(planner).post(
        "/api/v1/absences/",
        {
            "officer": officer.pk,
            "kind": "unavailable",
            "start": "2027-01-05T00:00:00+01:00",
            "end": "2027-01-06T00:00:00+01:00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.data["fields"]
    assert not Absence.objects.exists()


def _file(client, period, body=DAYS):
    response = client.post(_url(period), body, format="json")
    assert response.status_code == 201, response.data
    return response.data["id"]


@pytest.mark.parametrize("role", ["planner", "team_lead", "unit_manager", "administrator"])
def test_managers_see_when_never_why(request, role, officer, period, api_client_for):
    # given: the officer's unavailability with a reason
    absence_id = _file(api_client_for(officer), period)
    reader = request.getfixturevalue(role)
    # when
    client = api_client_for(reader)
    listed = client.get(_url(period))
    absences = client.get("/api/v1/absences/")
    # then: he sees that and when, not why
    assert listed.status_code == 200
    [row] = listed.data["results"]
    assert row["id"] == absence_id
    assert (row["officer"], row["officer_name"]) == (officer.pk, "Anouk Agent")
    assert (row["start"], row["end"]) == ("2027-01-05T00:00:00+01:00", "2027-01-07T00:00:00+01:00")
    assert row["reason"] == ""
    [seen] = [a for a in absences.data["results"] if a["id"] == absence_id]
    assert seen["kind"] == "unavailable"
    assert seen["source"] == ""
    for body in (listed.content, absences.content):
        assert b"Bruiloft" not in body


def test_colleagues_and_the_health_desk_never_read_the_reason(
    officer, colleague, health_desk_staff, period, api_client_for
):
    _file(api_client_for(officer), period)
    mine = _file(api_client_for(colleague), period, EVENING)
    # a colleague sees only his own
    listed = api_client_for(colleague).get(_url(period))
    assert [row["id"] for row in listed.data["results"]] == [mine]
    # the health desk learns the kind of absences, but the officer's own words are his alone
    desk = api_client_for(health_desk_staff)
    assert desk.get(_url(period)).status_code == 404
    absences = desk.get("/api/v1/absences/")
    assert absences.status_code == 200
    assert b"Bruiloft" not in absences.content


def test_the_list_costs_a_fixed_number_of_queries(
    team, period, planner, basis, api_client_for, django_assert_num_queries
):
    for i in range(3):
        o = OfficerFactory(first_name=f"Agent{i}", teams=[team])
        QualificationFactory(officer=o, skill=basis)
        _file(api_client_for(o), period)
    client = api_client_for(planner)
    client.get(_url(period))  # warm the caches of the authentication
    with django_assert_num_queries(6):
        response = client.get(_url(period))
    assert response.data["count"] == 3


def test_officer_withdraws_it_while_the_window_is_open(officer, period, api_client_for):
    client = api_client_for(officer)
    absence_id = _file(client, period)
    response = client.delete(_url(period, absence_id))
    assert response.status_code == 204
    assert not Absence.objects.exists()
    assert not UnavailabilityReason.objects.exists()  # his words go with it
    actions = list(RosterAuditEvent.objects.values_list("action", flat=True))
    assert actions == ["unavailability_create", "unavailability_withdraw"]
    for event in RosterAuditEvent.objects.all():
        assert "Bruiloft" not in str(event.payload)
        assert event.payload["officer"] == officer.pk


def test_withdrawing_after_the_window_is_409_and_keeps_it(officer, period, api_client_for):
    client = api_client_for(officer)
    absence_id = _file(client, period)
    period.phase = Phase.SIGNUP_CLOSED
    period.save(update_fields=["phase"])
    response = client.delete(_url(period, absence_id))
    assert response.status_code == 409
    assert response.data["code"] == "signup_window_closed"
    assert Absence.objects.filter(pk=absence_id).exists()


def test_wrong_users_cannot_withdraw(
    officer, colleague, planner, other_officer, period, api_client_for
):
    absence_id = _file(api_client_for(officer), period)
    # a colleague does not see it, the planner sees it but may not withdraw it
    assert api_client_for(colleague).delete(_url(period, absence_id)).status_code == 404
    assert api_client_for(planner).delete(_url(period, absence_id)).status_code == 403
    assert api_client_for(other_officer).delete(_url(period, absence_id)).status_code == 404
    # nor can an ordinary absence be withdrawn through it
    leave = AbsenceFactory(
        officer=officer, start=aware(2027, 1, 20, 0, 0), end=aware(2027, 1, 21, 0, 0)
    )
    assert api_client_for(officer).delete(_url(period, leave.pk)).status_code == 404
    assert Absence.objects.count() == 2


def test_a_whole_day_on_the_spring_dst_sunday_lasts_23_hours(officer, team, api_client_for):
    # given: a period across Sunday 28 March 2027 (clocks go forward 02:00 -> 03:00)
    spring = PeriodFactory(team=team, start_date=dt.date(2027, 3, 22))
    # when
    response = api_client_for(officer).post(
        _url(spring), {"start": "2027-03-28", "end": "2027-03-28"}, format="json"
    )
    # then
    assert response.status_code == 201, response.data
    assert response.data["start"] == "2027-03-28T00:00:00+01:00"
    assert response.data["end"] == "2027-03-29T00:00:00+02:00"
    assert response.data["whole_days"] is True
    absence = Absence.objects.get()
    assert absence.end - absence.start == dt.timedelta(hours=23)


def test_the_limit_message_is_dutch_for_a_dutch_phone(officer, team, period, api_client_for):
    _limit(team, 1)
    response = api_client_for(officer).post(
        _url(period), DAYS, format="json", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert response.data["fields"]["end"] == [
        "Je team staat hoogstens 1 dag niet beschikbaar toe in deze periode; dit zou 2 worden."
    ]
