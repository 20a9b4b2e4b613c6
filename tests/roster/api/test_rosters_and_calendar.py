import datetime as dt

import icalendar
import pytest

from roster.models import CalendarFeed, Phase
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

RANGE = {"start": "2027-01-04", "end": "2027-01-31"}


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


def test_my_roster_shows_published_shifts_in_range_with_fixed_queries(
    officer, basis, team, published, api_client_for, django_assert_num_queries
):
    for day in range(5, 15):
        AssignmentFactory(
            officer=officer,
            skill=basis,
            shift=ShiftFactory(period=published, start=aware(2027, 1, day, 7, 0)),
        )
    draft = PeriodFactory(team=team, start_date=dt.date(2027, 2, 1), phase=Phase.PROPOSED)
    AssignmentFactory(
        officer=officer,
        skill=basis,
        shift=ShiftFactory(period=draft, start=aware(2027, 2, 2, 7, 0)),
    )
    client = api_client_for(officer)
    with django_assert_num_queries(3):  # user, count, page
        response = client.get("/api/v1/me/roster/", {"start": "2027-01-01", "end": "2027-02-28"})
    assert response.data["count"] == 10
    first = response.data["results"][0]
    assert first["start"] == "2027-01-05T07:00:00+01:00"
    assert first["skill"] == "basis"
    narrow = client.get("/api/v1/me/roster/", {"start": "2027-01-05", "end": "2027-01-06"})
    assert narrow.data["count"] == 2


def test_my_roster_needs_a_valid_range(officer, api_client_for):
    client = api_client_for(officer)
    missing = client.get("/api/v1/me/roster/", {"start": "2027-01-04"})
    assert "end" in missing.data["fields"]
    reversed_ = client.get("/api/v1/me/roster/", {"start": "2027-01-04", "end": "2027-01-01"})
    assert reversed_.status_code == 400
    assert "end" in reversed_.data["fields"]


def test_team_roster_shows_names_and_shifts_only_with_fixed_queries(
    officer, team, basis, published, api_client_for, django_assert_num_queries
):
    for day in range(5, 12):
        shift = ShiftFactory(period=published, start=aware(2027, 1, day, 7, 0), demand={"basis": 3})
        for _ in range(3):
            colleague = OfficerFactory(teams=[team])
            QualificationFactory(officer=colleague, skill=basis)
            AssignmentFactory(officer=colleague, shift=shift, skill=basis)
    client = api_client_for(officer)
    # user, scope roles, scope teams, team, count, page, assignments prefetch
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/teams/{team.id}/roster/", RANGE)
    assert response.data["count"] == 7
    person = response.data["results"][0]["officers"][0]
    assert set(person) == {"id", "name", "skill"}


def test_team_roster_of_another_team_is_404(officer, other_team, api_client_for):
    response = api_client_for(officer).get(f"/api/v1/teams/{other_team.id}/roster/", RANGE)
    assert response.status_code == 404


def test_team_ledger_is_anonymised(officer, colleague, team, api_client_for):
    data = api_client_for(officer).get(f"/api/v1/teams/{team.id}/ledger/").data
    assert len(data["officers"]) == 2
    assert set(data["officers"][0]) == {"nights", "weekends", "holidays", "minutes_delta"}


def _feed(client):
    response = client.post("/api/v1/me/calendar-feed/")
    assert response.status_code == 201
    return "/api/v1" + response.data["url"].split("/api/v1")[1]


def test_ical_feed_parses_and_shows_local_times_across_dst(officer, basis, team, api_client_for):
    autumn = PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.PUBLISHED)
    spring = PeriodFactory(team=team, start_date=dt.date(2026, 3, 23), phase=Phase.ARCHIVED)
    for period, day in ((autumn, dt.date(2026, 10, 24)), (spring, dt.date(2026, 3, 28))):
        night = ShiftFactory(
            period=period,
            kind="night",
            start=aware(day.year, day.month, day.day, 23, 0),
            end=aware(day.year, day.month, day.day + 1, 7, 0),
        )
        AssignmentFactory(officer=officer, shift=night, skill=basis)
    path = _feed(api_client_for(officer))
    response = api_client_for(None).get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert b"BEGIN:VTIMEZONE" in body
    assert b"DTSTART;TZID=Europe/Amsterdam:20261024T230000" in body
    cal = icalendar.Calendar.from_ical(body)
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    spans = [
        (
            e.decoded("dtstart").strftime("%H:%M"),
            e.decoded("dtend").strftime("%H:%M"),
            e.decoded("dtend").astimezone(dt.UTC) - e.decoded("dtstart").astimezone(dt.UTC),
        )
        for e in events
    ]
    assert spans == [
        ("23:00", "07:00", dt.timedelta(hours=7)),
        ("23:00", "07:00", dt.timedelta(hours=9)),
    ]


def test_ical_feed_rotates_and_revokes(officer, api_client_for):
    client = api_client_for(officer)
    first = _feed(client)
    second = _feed(client)
    anonymous = api_client_for(None)
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    assert client.delete("/api/v1/me/calendar-feed/").status_code == 204
    assert anonymous.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()
    assert api_client_for(None).post("/api/v1/me/calendar-feed/").status_code == 401
