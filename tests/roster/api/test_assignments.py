import datetime as dt

import pytest

from roster.ledger import ledger_entries
from roster.models import Assignment, Phase, RosterAuditEvent
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.notification_subjects import assert_opens

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(team):
    return PeriodFactory(team=team, phase=Phase.PROPOSED)


def _assign(client, period, shift, officer, skill="basis"):
    return client.post(
        f"/api/v1/periods/{period.id}/assignments/",
        {"shift": shift.id, "officer": officer.id, "skill": skill},
        format="json",
    )


def test_planner_assigns_by_hand_and_it_is_audited(planner, officer, proposed, api_client_for):
    shift = ShiftFactory(period=proposed)
    response = _assign(api_client_for(planner), proposed, shift, officer)
    assert response.status_code == 201, response.data
    assert response.data["source"] == "manual"
    event = RosterAuditEvent.objects.get(action="assignment_create")
    assert event.payload["officer"] == officer.id


def test_breaking_the_eleven_hour_rest_is_422_naming_atw_daily_rest(
    planner, officer, basis, proposed, api_client_for
):
    late = ShiftFactory(period=proposed, kind="late", start=aware(2027, 1, 5, 15, 0))
    AssignmentFactory(officer=officer, shift=late, skill=basis)
    early = ShiftFactory(period=proposed, start=aware(2027, 1, 6, 7, 0))  # 8 h after 23:00
    response = _assign(api_client_for(planner), proposed, early, officer)
    assert response.status_code == 422
    assert response.data["code"] == "rule_violation"
    assert response.data["extra"]["rule"] == "atw.daily_rest"
    assert Assignment.objects.count() == 1


def test_rest_of_exactly_eleven_hours_is_allowed(planner, officer, basis, proposed, api_client_for):
    late = ShiftFactory(period=proposed, start=aware(2027, 1, 5, 15, 0))
    AssignmentFactory(officer=officer, shift=late, skill=basis)
    next_day = ShiftFactory(period=proposed, start=aware(2027, 1, 6, 10, 0))
    assert _assign(api_client_for(planner), proposed, next_day, officer).status_code == 201


def test_night_series_in_previous_period_counts_across_the_boundary(
    planner, officer, basis, team, proposed, api_client_for
):
    previous = PeriodFactory(team=team, start_date=dt.date(2026, 12, 7), phase=Phase.PUBLISHED)
    for day in (1, 2, 3):
        night = ShiftFactory(
            period=previous,
            kind="night",
            start=aware(2027, 1, day, 23, 0),
            end=aware(2027, 1, day + 1, 7, 0),
        )
        AssignmentFactory(officer=officer, shift=night, skill=basis)
    early = ShiftFactory(period=proposed, start=aware(2027, 1, 5, 7, 0))  # 24 h after the series
    response = _assign(api_client_for(planner), proposed, early, officer)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "atw.rest_after_night_series"


def test_bad_input_is_400_naming_the_field(planner, officer, proposed, api_client_for):
    shift = ShiftFactory(period=proposed)
    client = api_client_for(planner)
    missing = client.post(
        f"/api/v1/periods/{proposed.id}/assignments/", {"shift": shift.id}, format="json"
    )
    assert set(missing.data["fields"]) == {"officer", "skill"}
    unknown_skill = _assign(client, proposed, shift, officer, skill="duiker")
    assert unknown_skill.status_code == 400
    assert "skill" in unknown_skill.data["fields"]
    assert not Assignment.objects.exists()


def test_wrong_user_and_wrong_phase(
    officer, team_lead, planner, colleague, team, proposed, other_period, api_client_for
):
    period = PeriodFactory(team=team, start_date=dt.date(2027, 2, 1))
    shift = ShiftFactory(period=proposed)
    assert _assign(api_client_for(team_lead), proposed, shift, colleague).status_code == 403
    other_shift = ShiftFactory(period=other_period)
    assert _assign(api_client_for(planner), other_period, other_shift, colleague).status_code == 404
    open_shift = ShiftFactory(period=period, start=aware(2027, 2, 2, 7, 0))
    wrong_phase = _assign(api_client_for(planner), period, open_shift, colleague)
    assert wrong_phase.status_code == 409
    assert wrong_phase.data["code"] == "wrong_phase"
    assert not Assignment.objects.exists()


def test_full_shift_absent_officer_and_double_assignment_are_409(
    planner, officer, colleague, basis, proposed, api_client_for
):
    client = api_client_for(planner)
    shift = ShiftFactory(period=proposed, demand={"basis": 1})
    assert _assign(client, proposed, shift, officer).status_code == 201
    assert _assign(client, proposed, shift, officer).data["code"] == "already_assigned"
    assert _assign(client, proposed, shift, colleague).data["code"] == "shift_full"
    AbsenceFactory(officer=colleague, kind="sick", end=None)
    other = ShiftFactory(period=proposed, start=aware(2027, 1, 7, 7, 0))
    assert _assign(client, proposed, other, colleague).data["code"] == "officer_absent"


def test_planner_removes_an_assignment(planner, officer, basis, proposed, api_client_for):
    assignment = AssignmentFactory(
        officer=officer, shift=ShiftFactory(period=proposed), skill=basis
    )
    assert (
        api_client_for(officer).delete(f"/api/v1/assignments/{assignment.id}/").status_code == 404
    )
    assert (
        api_client_for(planner).delete(f"/api/v1/assignments/{assignment.id}/").status_code == 204
    )
    assert not Assignment.objects.exists()


def test_publish_moves_phase_and_the_ledger_counts_the_period(
    planner, officer, colleague, basis, proposed, api_client_for
):
    night = ShiftFactory(
        period=proposed, kind="night", start=aware(2027, 1, 9, 23, 0), end=aware(2027, 1, 10, 7, 0)
    )
    AssignmentFactory(officer=officer, shift=night, skill=basis)
    client = api_client_for(planner)
    response = client.post(f"/api/v1/periods/{proposed.id}/publish/")
    assert response.status_code == 200, response.data
    assert response.data["phase"] == "published"
    entries = {e.officer_id: e for e in ledger_entries(officer_ids=[officer.pk, colleague.pk])}
    entry = entries[officer.pk]
    assert (entry.period_id, entry.nights, entry.weekends, entry.worked_minutes) == (
        proposed.pk,
        1,
        1,
        480,
    )
    assert entry.contract_minutes == 4 * 2160
    # a member without a shift counts the period's contract hours
    assert (entries[colleague.pk].worked_minutes, entries[colleague.pk].contract_minutes) == (
        0,
        4 * 2160,
    )
    again = client.post(f"/api/v1/periods/{proposed.id}/publish/")
    assert again.status_code == 409
    mine = api_client_for(officer).get("/api/v1/me/ledger/").data
    assert mine["nights"] == 1
    assert mine["minutes_delta"] == 480 - 4 * 2160


def test_publish_refuses_a_roster_breaking_a_rule(
    planner, officer, basis, proposed, api_client_for
):
    for start in (aware(2027, 1, 5, 15, 0), aware(2027, 1, 6, 7, 0)):
        AssignmentFactory(
            officer=officer, shift=ShiftFactory(period=proposed, start=start), skill=basis
        )
    response = api_client_for(planner).post(f"/api/v1/periods/{proposed.id}/publish/")
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "atw.daily_rest"
    proposed.refresh_from_db()
    assert proposed.phase == Phase.PROPOSED
    assert not proposed.published_members.exists()
    assert ledger_entries(officer_ids=[officer.pk]) == []


def test_compliance_report_lists_violations_and_coverage(
    planner, officer, basis, proposed, api_client_for
):
    for start in (aware(2027, 1, 5, 15, 0), aware(2027, 1, 6, 7, 0)):
        AssignmentFactory(
            officer=officer, shift=ShiftFactory(period=proposed, start=start), skill=basis
        )
    client = api_client_for(planner)
    report = client.get(f"/api/v1/periods/{proposed.id}/compliance/").data
    assert report["officers_checked"] == 1
    assert [v["rule"] for v in report["violations"]] == ["atw.daily_rest"]
    assert {w["rule"] for w in report["warnings"]} == {"coverage"}
    assert (
        api_client_for(officer).get(f"/api/v1/periods/{proposed.id}/compliance/").status_code == 403
    )


def test_members_see_assignments_only_once_published(
    officer, planner, basis, proposed, api_client_for, django_assert_num_queries
):
    for day in range(5, 10):
        shift = ShiftFactory(period=proposed, start=aware(2027, 1, day, 7, 0))
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
    client = api_client_for(officer)
    assert client.get(f"/api/v1/periods/{proposed.id}/assignments/").data["count"] == 0
    planner_client = api_client_for(planner)
    # user, roles, teams, period, count, page
    with django_assert_num_queries(6):
        response = planner_client.get(f"/api/v1/periods/{proposed.id}/assignments/")
    assert response.data["count"] == 5


def test_publish_notifies_team_members_after_commit(
    planner, officer, colleague, basis, proposed, api_client_for, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    AssignmentFactory(officer=officer, shift=ShiftFactory(period=proposed), skill=basis)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(planner).post(f"/api/v1/periods/{proposed.id}/publish/")
    assert response.status_code == 200
    told = set(
        Notification.objects.filter(kind="roster_published").values_list("recipient", flat=True)
    )
    assert {officer.pk, colleague.pk} <= told
    assert planner.pk not in told  # not a member of the team
    # tapping it opens his roster over the period's days, which holds his shift
    published = Notification.objects.filter(kind="roster_published")
    assert_opens(published, api_client_for, kind="period", subject_id=proposed.id)
    mine = published.get(recipient=officer)
    rows = api_client_for(officer).get(mine.subject_url).data["results"]
    assert [row["shift"] for row in rows] == [Assignment.objects.get(officer=officer).shift_id]


def test_failed_publish_notifies_nobody(
    planner, officer, basis, proposed, api_client_for, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        api_client_for(officer).post(f"/api/v1/periods/{proposed.id}/publish/")
    assert not Notification.objects.filter(kind="roster_published").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            "Breekt de regel over dagelijkse rust: 9 u 00 min, minstens 11 u 00 min nodig "
            "(laatdienst van za 24 Okt 15:00, vroegdienst van zo 25 Okt 07:00).",
        ),
        (
            "en",
            "Breaks the rule on daily rest: 9 h 00 min, at least 11 h 00 min needed "
            "(late shift of Sat 24 Oct 15:00, early shift of Sun 25 Oct 07:00).",
        ),
    ],
)
def test_a_broken_rule_reads_in_the_readers_language_with_real_hours_over_dst(
    planner, officer, basis, proposed, api_client_for, language, expected
):
    # the clocks go back in the night of 25 October 2026: 23:00 CEST to 07:00 CET is 9 h
    late = ShiftFactory(period=proposed, kind="late", start=aware(2026, 10, 24, 15, 0))
    AssignmentFactory(officer=officer, shift=late, skill=basis)
    early = ShiftFactory(period=proposed, kind="early", start=aware(2026, 10, 25, 7, 0))
    planner.language = language
    planner.save(update_fields=["language"])
    response = _assign(api_client_for(planner), proposed, early, officer)
    assert response.status_code == 422
    assert response.data["detail"] == expected
    assert response.data["extra"]["violations"][0]["value"] == 540
    assert Assignment.objects.filter(shift=early).count() == 0
