"""Fair award of open places: claims until a deadline, then the lowest ledger wins."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from organisation.models import Training
from roster.models import (
    Assignment,
    OpenShiftClaim,
    OpenShiftPolicy,
    Phase,
    RosterAuditEvent,
    TeamSwapPolicy,
)
from roster.services.fair_award import open_shift_awards_due
from tests.factories.organisation import OfficerFactory, QualificationFactory, SkillFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.notification_subjects import assert_opens

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(team):
    return TeamSwapPolicy.objects.create(
        team=team, open_shift_policy=OpenShiftPolicy.FAIR_AWARD, claim_window_hours=24
    )


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


@pytest.fixture
def earlier(team):
    return PeriodFactory(team=team, start_date=dt.date(2026, 12, 7), phase=Phase.ARCHIVED)


def _member(team, basis, first_name):
    o = OfficerFactory(teams=[team], first_name=first_name, last_name="Test")
    QualificationFactory(officer=o, skill=basis)
    return o


NIGHTS = [dt.date(2026, 12, d) for d in (7, 8, 9, 10, 14, 15, 16, 17)]  # Mon-Thu
WEEKEND_DAYS = [dt.date(2026, 12, d) for d in (12, 13, 19, 20)]


def _worked(officer, period, basis, *, nights=0, weekends=0):
    """Give the officer `nights` weekday nights and `weekends` Saturday/Sunday early shifts
    in the (earlier, published) `period`: his ledger is derived from them."""
    for day in NIGHTS[:nights]:
        start = aware(day.year, day.month, day.day, 23, 0)
        shift = ShiftFactory(
            period=period, kind="night", start=start, end=start + dt.timedelta(hours=8)
        )
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
    for day in WEEKEND_DAYS[:weekends]:
        shift = ShiftFactory(period=period, start=aware(day.year, day.month, day.day, 7, 0))
        AssignmentFactory(officer=officer, shift=shift, skill=basis)


def _claim(client, shift, skill="basis"):
    return client.post(
        "/api/v1/open-shifts/claim/", {"shift": shift.id, "skill": skill}, format="json"
    )


def test_claim_under_fair_award_is_recorded_not_assigned(officer, fair, published, api_client_for):
    shift = ShiftFactory(period=published, demand={"basis": 1})
    before = timezone.now()
    response = _claim(api_client_for(officer), shift)
    assert response.status_code == 202, response.data
    assert response.data["status"] == "pending"
    deadline = dt.datetime.fromisoformat(response.data["deadline"])
    assert before + dt.timedelta(hours=23) < deadline <= timezone.now() + dt.timedelta(hours=24)
    assert not Assignment.objects.exists()
    assert RosterAuditEvent.objects.filter(action="open_shift_claim_recorded").count() == 1
    again = _claim(api_client_for(officer), shift)
    assert again.status_code == 409
    assert again.data["code"] == "already_claimed"
    mine = api_client_for(officer).get("/api/v1/open-shifts/claims/")
    assert [c["id"] for c in mine.data["results"]] == [response.data["id"]]


def test_the_claim_deadline_is_never_later_than_the_award_hours_before_the_shift(
    officer, fair, published, api_client_for
):
    start = timezone.now() + dt.timedelta(hours=20)
    shift = ShiftFactory(period=published, start=start, demand={"basis": 1})
    response = _claim(api_client_for(officer), shift)
    deadline = dt.datetime.fromisoformat(response.data["deadline"])
    assert deadline <= start - dt.timedelta(hours=fair.award_hours_before_start)


def test_award_now_gives_the_place_to_the_lowest_ledger_and_explains_why(
    team,
    basis,
    fair,
    published,
    earlier,
    planner,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    # given: three claimants with 6, 2 and 4 burden shifts in the ledger
    anna = _member(team, basis, "Anna")
    bert = _member(team, basis, "Bert")
    cees = _member(team, basis, "Cees")
    _worked(anna, earlier, basis, nights=4, weekends=2)
    _worked(bert, earlier, basis, nights=1, weekends=1)
    _worked(cees, earlier, basis, nights=3, weekends=1)
    shift = ShiftFactory(period=published, demand={"basis": 1})
    for o in (anna, cees, bert):  # Bert claims last: the ledger, not the order, decides
        assert _claim(api_client_for(o), shift).status_code == 202
    # when: the planner awards now
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(planner).post(f"/api/v1/shifts/{shift.id}/award/")
    # then: Bert (lowest burdens) gets the place; the explanation names him and the others
    assert response.status_code == 200, response.data
    assert response.data["winners"] == [bert.id]
    text = response.data["explanation"]
    assert text.startswith("Bert Test")
    assert "Anna Test: 6" in text
    assert "Cees Test: 4" in text
    assert Assignment.objects.get(shift=shift).officer == bert
    claims = {c.officer_id: c for c in OpenShiftClaim.objects.all()}
    assert claims[bert.id].status == "won"
    assert {claims[anna.id].status, claims[cees.id].status} == {"lost"}
    rows = {r["officer"]: r for r in claims[anna.id].explanation["claimants"]}
    assert (rows[bert.id]["rank"], rows[cees.id]["rank"], rows[anna.id]["rank"]) == (1, 2, 3)
    assert rows[bert.id]["burdens"] == 2
    assert rows[bert.id]["minutes_delta"] == 2 * 480 - 2160 * 28 // 7  # 2 shifts, 4 weeks
    won = Notification.objects.get(kind="open_shift_won")
    assert won.recipient == bert
    assert won.subject_url.startswith("/api/v1/me/roster/?start=")
    assert_opens([won], api_client_for, kind="shift", subject_id=shift.id)
    lost = Notification.objects.filter(kind="open_shift_lost")
    assert {n.subject_url for n in lost} == {"/api/v1/open-shifts/"}
    assert_opens(lost, api_client_for, kind="shift", subject_id=shift.id)
    assert {n.recipient for n in Notification.objects.filter(kind="open_shift_lost")} == {
        anna,
        cees,
    }
    assert RosterAuditEvent.objects.filter(action="open_shift_award").count() == 1


def test_award_rechecks_the_rules_and_skips_an_unlawful_claimant(
    team, basis, fair, published, earlier, planner, api_client_for
):
    # given: the lowest-ledger claimant took a late shift the evening before meanwhile
    low = _member(team, basis, "Laag")
    high = _member(team, basis, "Hoog")
    _worked(high, earlier, basis, nights=5)
    shift = ShiftFactory(period=published, start=aware(2027, 1, 6, 7, 0), demand={"basis": 1})
    for o in (low, high):
        assert _claim(api_client_for(o), shift).status_code == 202
    late = ShiftFactory(period=published, start=aware(2027, 1, 5, 15, 0), demand={"basis": 1})
    AssignmentFactory(officer=low, shift=late, skill=basis)
    # when
    response = api_client_for(planner).post(f"/api/v1/shifts/{shift.id}/award/")
    # then: the place goes to the lawful claimant; the other is named as not eligible
    assert response.data["winners"] == [high.id]
    assert "atw.daily_rest" in response.data["explanation"]
    assert Assignment.objects.get(shift=shift).officer == high


def test_award_now_by_the_wrong_user_is_403_or_404_and_awards_nothing(
    officer, other_team_lead, fair, published, api_client_for
):
    shift = ShiftFactory(period=published, demand={"basis": 1})
    assert _claim(api_client_for(officer), shift).status_code == 202
    assert api_client_for(officer).post(f"/api/v1/shifts/{shift.id}/award/").status_code == 403
    other = api_client_for(other_team_lead).post(f"/api/v1/shifts/{shift.id}/award/")
    assert other.status_code == 404
    assert OpenShiftClaim.objects.get().status == "pending"
    assert not Assignment.objects.exists()


def test_award_now_without_claims_is_409(team_lead, fair, published, api_client_for):
    shift = ShiftFactory(period=published, demand={"basis": 1})
    response = api_client_for(team_lead).post(f"/api/v1/shifts/{shift.id}/award/")
    assert response.status_code == 409
    assert response.data["code"] == "nothing_to_award"


def test_the_beat_task_awards_only_claims_whose_deadline_passed(
    officer, colleague, fair, published, api_client_for
):
    due = ShiftFactory(period=published, demand={"basis": 1})
    later = ShiftFactory(period=published, start=aware(2027, 1, 8, 7, 0), demand={"basis": 1})
    assert _claim(api_client_for(officer), due).status_code == 202
    assert _claim(api_client_for(colleague), later).status_code == 202
    OpenShiftClaim.objects.filter(shift=due).update(deadline=timezone.now())
    assert open_shift_awards_due() == 1
    assert open_shift_awards_due() == 0  # idempotent
    assert Assignment.objects.get(shift=due).officer == officer
    assert OpenShiftClaim.objects.get(shift=later).status == "pending"


def test_claims_of_a_cancelled_shift_are_all_lost_at_the_award(
    officer, fair, published, api_client_for
):
    shift = ShiftFactory(period=published, demand={"basis": 1})
    assert _claim(api_client_for(officer), shift).status_code == 202
    shift.cancelled_at = timezone.now()
    shift.save(update_fields=["cancelled_at"])
    OpenShiftClaim.objects.update(deadline=timezone.now())
    assert open_shift_awards_due() == 1
    claim = OpenShiftClaim.objects.get()
    assert claim.status == "lost"
    assert claim.explanation["winners"] == []
    assert not Assignment.objects.exists()


def test_two_trainees_who_each_pass_alone_do_not_both_win_beside_one_mentor(
    team, basis, fair, published, earlier, planner, api_client_for
):
    # given: one mentor on the shift, two ovd places, two trainees for ovd who each may
    # take a place beside him; the one with the lower ledger wins
    ovd = SkillFactory(code="ovd")
    mentor = _member(team, basis, "Mentor")
    QualificationFactory(officer=mentor, skill=ovd)
    low, high = _member(team, basis, "Laag"), _member(team, basis, "Hoog")
    for trainee in (low, high):
        Training.objects.create(officer=trainee, skill=ovd, started_on=dt.date(2026, 11, 1))
    _worked(high, earlier, basis, nights=3)
    shift = ShiftFactory(
        period=published, start=aware(2027, 1, 6, 7, 0), demand={"basis": 1, "ovd": 2}
    )
    AssignmentFactory(officer=mentor, shift=shift, skill=basis)
    for trainee in (low, high):
        assert _claim(api_client_for(trainee), shift, "ovd").status_code == 202
    # when
    response = api_client_for(planner).post(f"/api/v1/shifts/{shift.id}/award/")
    # then: one trainee gets a place; the other is not eligible beside the first, and says why
    assert response.status_code == 200, response.data
    assert response.data["winners"] == [low.id]
    assert "project.training_mentor" in response.data["explanation"]
    assert set(Assignment.objects.filter(shift=shift).values_list("officer_id", flat=True)) == {
        mentor.id,
        low.id,
    }
    statuses = dict(OpenShiftClaim.objects.values_list("officer_id", "status"))
    assert statuses == {low.id: "won", high.id: "lost"}
    rows = {
        r["officer"]: r for r in OpenShiftClaim.objects.get(officer=high).explanation["claimants"]
    }
    assert rows[high.id]["eligible"] is False
    assert rows[high.id]["reason"] == "project.training_mentor"
