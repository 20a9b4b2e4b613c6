import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from organisation.models import Officer
from roster.models import Assignment, Phase, RosterAuditEvent
from tests.factories.organisation import (
    AbsenceFactory,
    OfficerFactory,
    QualificationFactory,
    SkillFactory,
)
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.notification_subjects import assert_opens

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


def _claim(client, shift, skill="basis"):
    return client.post(
        "/api/v1/open-shifts/claim/", {"shift": shift.id, "skill": skill}, format="json"
    )


def test_list_shows_only_open_places_the_officer_may_take_with_fixed_queries(
    officer,
    colleague,
    basis,
    team,
    published,
    other_period,
    api_client_for,
    django_assert_num_queries,
):
    # given: one open basis place, a full shift, an OvD-only shift, another team's shift,
    # and a shift that would break the 11 h rest after the officer's late shift
    open_shift = ShiftFactory(period=published, demand={"basis": 2})
    AssignmentFactory(officer=colleague, shift=open_shift, skill=basis)
    full = ShiftFactory(period=published, start=aware(2027, 1, 6, 7, 0), demand={"basis": 1})
    AssignmentFactory(officer=colleague, shift=full, skill=basis)
    SkillFactory(code="ovd")
    ShiftFactory(period=published, start=aware(2027, 1, 7, 7, 0), demand={"ovd": 1})
    other_period.phase = Phase.PUBLISHED
    other_period.save()
    ShiftFactory(period=other_period)
    late = ShiftFactory(period=published, start=aware(2027, 1, 10, 15, 0), demand={"basis": 1})
    AssignmentFactory(officer=officer, shift=late, skill=basis)
    ShiftFactory(period=published, start=aware(2027, 1, 11, 7, 0), demand={"basis": 1})
    for day in (12, 13, 14):  # more open shifts must not add queries
        ShiftFactory(period=published, start=aware(2027, 1, day, 7, 0), demand={"basis": 1})
    client = api_client_for(officer)
    # when: user, his materialised list's state (none yet: the list is computed live), teams
    # lending to him, shifts, filled places, own shifts, qualifications, absences, night
    # exemptions, the fatigue caps, his trainings (none: no training places)
    with django_assert_num_queries(11):
        response = client.get("/api/v1/open-shifts/")
    # then
    assert response.status_code == 200
    first = response.data["results"][0]
    assert (first["shift"], first["skill"], first["open"]) == (open_shift.id, "basis", 1)
    assert response.data["count"] == 4


def test_night_exempt_officer_and_absent_officer_see_no_night_or_absent_places(
    team, basis, published, api_client_for
):
    exempt = OfficerFactory(teams=[team], night_exempt=True)
    QualificationFactory(officer=exempt, skill=basis)
    ShiftFactory(
        period=published, kind="night", start=aware(2027, 1, 5, 23, 0), end=aware(2027, 1, 6, 7, 0)
    )
    day_shift = ShiftFactory(period=published, start=aware(2027, 1, 8, 7, 0))
    shifts = [
        r["shift"] for r in api_client_for(exempt).get("/api/v1/open-shifts/").data["results"]
    ]
    assert shifts == [day_shift.id]
    AbsenceFactory(officer=exempt, start=aware(2027, 1, 8, 0, 0), end=aware(2027, 1, 9, 0, 0))
    assert api_client_for(exempt).get("/api/v1/open-shifts/").data["count"] == 0


def test_claim_creates_a_claim_assignment_audits_and_notifies(
    officer, planner, basis, published, api_client_for, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(period=published, demand={"basis": 1})
    with django_capture_on_commit_callbacks(execute=True):
        response = _claim(api_client_for(officer), shift)
    assert response.status_code == 201, response.data
    assert response.data["source"] == "claim"
    assert Assignment.objects.get().officer == officer
    event = RosterAuditEvent.objects.get(action="open_shift_claim")
    assert event.payload["officer"] == officer.id
    assert event.payload["consent"] == []  # far ahead: outside the fixed window
    claimed = Notification.objects.filter(kind="open_shift_claimed")
    assert {n.recipient_id for n in claimed} == {officer.id, planner.id}
    # the claimant opens his roster, the planner the shift
    assert_opens(claimed, api_client_for, kind="shift", subject_id=shift.id)
    urls = {n.recipient_id: n.subject_url for n in claimed}
    day = timezone.localdate(shift.start).isoformat()
    assert urls == {
        officer.id: f"/api/v1/me/roster/?start={day}&end={day}",
        planner.id: f"/api/v1/shifts/{shift.id}/",
    }
    mine = api_client_for(officer).get(urls[officer.id]).data["results"]
    assert [row["shift"] for row in mine] == [shift.id]


def test_claim_inside_the_fixed_window_records_the_claimants_consent(
    officer, basis, published, api_client_for
):
    start = timezone.now() + dt.timedelta(days=2)
    shift = ShiftFactory(period=published, start=start, demand={"basis": 1})
    assert _claim(api_client_for(officer), shift).status_code == 201
    assert RosterAuditEvent.objects.get(action="open_shift_claim").payload["consent"] == [
        officer.id
    ]


def test_claim_with_bad_input_is_400_naming_the_field(officer, published, api_client_for):
    shift = ShiftFactory(period=published)
    client = api_client_for(officer)
    missing = client.post("/api/v1/open-shifts/claim/", {"shift": shift.id}, format="json")
    assert missing.status_code == 400
    assert set(missing.data["fields"]) == {"skill"}
    unknown = _claim(client, shift, skill="duiker")
    assert unknown.status_code == 400
    assert "skill" in unknown.data["fields"]
    assert not Assignment.objects.exists()


def test_claim_by_the_wrong_user_is_404_or_403(
    other_officer, unit_manager, published, api_client_for
):
    shift = ShiftFactory(period=published)
    assert _claim(api_client_for(other_officer), shift).status_code == 404
    not_member = _claim(api_client_for(unit_manager), shift)  # sees the shift, not in the team
    assert not_member.status_code == 403
    assert not_member.data["code"] == "not_team_member"
    assert not Assignment.objects.exists()


def test_claim_of_a_full_place_is_409_already_filled(
    officer, colleague, basis, published, api_client_for
):
    shift = ShiftFactory(period=published, demand={"basis": 1})
    assert _claim(api_client_for(colleague), shift).status_code == 201
    response = _claim(api_client_for(officer), shift)
    assert response.status_code == 409
    assert response.data["code"] == "already_filled"
    assert Assignment.objects.count() == 1


def test_claim_in_an_unpublished_period_is_409(officer, period, api_client_for):
    shift = ShiftFactory(period=period)
    assert _claim(api_client_for(officer), shift).data["code"] == "wrong_phase"


def test_claim_that_breaks_the_eleven_hour_rest_is_422_naming_rule_and_officer(
    officer, basis, published, api_client_for
):
    late = ShiftFactory(period=published, start=aware(2027, 1, 5, 15, 0), demand={"basis": 1})
    AssignmentFactory(officer=officer, shift=late, skill=basis)
    early = ShiftFactory(period=published, start=aware(2027, 1, 6, 7, 0))
    response = _claim(api_client_for(officer), early)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "atw.daily_rest"
    assert response.data["extra"]["officer"] == officer.id
    assert Assignment.objects.count() == 1


CLAIMANTS = 100


def _claim_in_thread(
    officer_id: int, shift_id: int, results: list[tuple[int, str]], start: threading.Barrier
) -> None:
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    try:
        client = APIClient()
        token = RefreshToken.for_user(Officer.objects.get(pk=officer_id)).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        start.wait(timeout=60)  # every thread holds its own connection before anyone claims
        response = client.post(
            "/api/v1/open-shifts/claim/", {"shift": shift_id, "skill": "basis"}, format="json"
        )
        results.append((response.status_code, response.data.get("code", "")))
    finally:
        connection.close()


def _claim_concurrently(team, basis, shift) -> list[tuple[int, str]]:
    officers = []
    for _ in range(CLAIMANTS):
        o = OfficerFactory(teams=[team])
        QualificationFactory(officer=o, skill=basis)
        officers.append(o)
    results: list[tuple[int, str]] = []
    start = threading.Barrier(CLAIMANTS)
    threads = [
        threading.Thread(target=_claim_in_thread, args=(o.pk, shift.pk, results, start))
        for o in officers
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_of_one_place_exactly_one_wins(team, basis):
    # given: one open basis place and 100 qualified colleagues, each on his own connection
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    shift = ShiftFactory(period=period, demand={"basis": 1})
    # when: all claim at once
    results = _claim_concurrently(team, basis, shift)
    # then: exactly one 201, the other 99 are 409 already_filled, one assignment
    statuses = sorted(code for code, _detail in results)
    assert statuses == [201] + [409] * (CLAIMANTS - 1)
    assert {detail for code, detail in results if code == 409} == {"already_filled"}
    assert Assignment.objects.filter(shift=shift).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_fair_award_claims_are_all_recorded_and_one_is_awarded(team, basis):
    # given: a fair-award team with one open place
    from roster.models import OpenShiftClaim, OpenShiftPolicy, TeamSwapPolicy
    from roster.services.fair_award import open_shift_award

    TeamSwapPolicy.objects.create(team=team, open_shift_policy=OpenShiftPolicy.FAIR_AWARD)
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    shift = ShiftFactory(period=period, demand={"basis": 1})
    # when: 100 colleagues claim at once, then the place is awarded
    results = _claim_concurrently(team, basis, shift)
    decided = open_shift_award(actor=None, shift=shift)
    # then: every claim recorded (202) with one shared deadline; one winner, one assignment
    assert sorted(code for code, _detail in results) == [202] * CLAIMANTS
    assert OpenShiftClaim.objects.values("deadline").distinct().count() == 1
    assert [c.status for c in decided].count("won") == 1
    assert Assignment.objects.filter(shift=shift).count() == 1
