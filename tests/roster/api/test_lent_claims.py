"""Claims of lent places that wait for the officer's home team lead (issue #18).

Zuid (`other_team`) lends its open places; centrum (`team`, agent's home team) wants its
lead's approval before agent works elsewhere (`members_need_approval`, borrower side)."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from organisation.models import RoleAssignment
from roster.lent_claim_models import LentClaimRequest, LentClaimStatus
from roster.models import Assignment, AssignmentSource, Phase, TeamLendingPolicy
from roster.services.lent_claim_decisions import lent_claims_void_due
from tests.factories.organisation import AbsenceFactory, OfficerFactory, TeamFactory
from tests.factories.roster import PeriodFactory, ShiftFactory, aware
from tests.roster.notification_subjects import assert_opens

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/inbox/"


def _claim(client, shift, skill="basis"):
    return client.post(
        "/api/v1/open-shifts/claim/", {"shift": shift.id, "skill": skill}, format="json"
    )


def _decide(client, request_id, decision, comment=""):
    return client.post(
        f"/api/v1/inbox/lent_claim/{request_id}/{decision}/", {"comment": comment}, format="json"
    )


def _zuid_shift(other_team, start=None, **kwargs):
    if start is None:
        day = timezone.localdate() + dt.timedelta(days=2)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    period = PeriodFactory(team=other_team, phase=Phase.PUBLISHED)
    return ShiftFactory(period=period, start=start, demand={"basis": 1}, **kwargs)


@pytest.fixture
def lending(team, other_team):
    """Zuid lends to the unit; centrum wants its lead's approval for its officers."""
    TeamLendingPolicy.objects.create(team=other_team, lends_open_places=True)
    TeamLendingPolicy.objects.create(team=team, members_need_approval=True)


@pytest.fixture
def pending(officer, other_team, lending, api_client_for, django_capture_on_commit_callbacks):
    shift = _zuid_shift(other_team)
    with django_capture_on_commit_callbacks(execute=True):
        response = _claim(api_client_for(officer), shift)
    assert response.status_code == 202, response.data
    return LentClaimRequest.objects.get(pk=response.data["id"])


def test_a_claim_becomes_a_request_for_his_home_lead_and_the_lending_lead_is_told(
    officer,
    team,
    team_lead,
    other_team,
    other_team_lead,
    lending,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    # given
    shift = _zuid_shift(other_team)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _claim(api_client_for(officer), shift)
    # then: 202 with the request; nothing assigned; the place is still open
    assert response.status_code == 202, response.data
    body = response.data
    assert {k: body[k] for k in ("shift", "lending_team", "skill", "officer", "status")} == {
        "shift": shift.id,
        "lending_team": other_team.id,
        "skill": "basis",
        "officer": officer.id,
        "status": "pending",
    }
    assert body["approver_teams"] == [team.id]
    assert body["assignment"] is None
    assert not Assignment.objects.filter(shift=shift).exists()
    # his lead is asked, zuid's lead is told
    asked = Notification.objects.get(recipient=team_lead, kind="lent_claim_approval_needed")
    assert officer.get_full_name() in asked.rendered("body", "en")
    assert asked.rendered("title", "nl") == "Je collega vraagt om voor een ander team te werken"
    told = Notification.objects.get(recipient=other_team_lead, kind="lent_claim_requested")
    assert other_team.name not in told.rendered("body", "en")  # it is his own shift
    assert officer.get_full_name() in told.rendered("body", "en")
    # both open the request where they may read it
    assert_opens([asked, told], api_client_for, kind="lent_claim", subject_id=body["id"])


def test_the_home_lead_sees_it_in_the_inbox_and_the_counts(
    pending, officer, team_lead, other_team_lead, api_client_for
):
    rows = api_client_for(team_lead).get(INBOX, {"kind": "lent_claim"}).data["results"]
    assert [(r["kind"], r["id"], r["requester"], r["team"], r["status"]) for r in rows] == [
        ("lent_claim", pending.pk, officer.pk, pending.shift.team_id, "pending")
    ]
    counts = api_client_for(team_lead).get("/api/v1/inbox/counts/").data["inbox"]
    assert counts["lent_claim"] == 1
    # the lending lead does not decide it: not in his inbox
    assert api_client_for(other_team_lead).get(INBOX, {"kind": "lent_claim"}).data["results"] == []
    # nor in the officer's own
    assert api_client_for(officer).get(INBOX, {"kind": "lent_claim"}).data["results"] == []


def test_who_reads_the_request(
    pending,
    officer,
    colleague,
    team_lead,
    other_team_lead,
    other_officer,
    planner,
    administrator,
    api_client_for,
):
    def ids(actor):
        response = api_client_for(actor).get("/api/v1/lent-claims/")
        assert response.status_code == 200
        return [r["id"] for r in response.data["results"]]

    # the officer, his home lead, the lending lead (knows), an administrator
    for reader in (officer, team_lead, other_team_lead, administrator):
        assert ids(reader) == [pending.pk], reader
    # colleagues of either team, and his team's planner (decides nothing here): nothing
    assert ids(colleague) == []
    assert ids(other_officer) == []
    assert ids(planner) == []


def test_approve_creates_the_assignment_and_tells_him(
    pending,
    officer,
    team_lead,
    other_team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(api_client_for(team_lead), pending.pk, "approve")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "approved"
    placed = Assignment.objects.get(shift=pending.shift)
    assert (placed.officer, placed.source) == (officer, AssignmentSource.CLAIM)
    pending.refresh_from_db()
    assert (pending.status, pending.assignment, pending.decided_by) == (
        LentClaimStatus.APPROVED,
        placed,
        team_lead,
    )
    assert Notification.objects.filter(recipient=officer, kind="lent_claim_approved").exists()
    # the lending team hears of the claim as of any claim
    assert Notification.objects.filter(
        recipient=other_team_lead, kind="open_shift_claimed"
    ).exists()
    # and the item left the inbox
    assert api_client_for(team_lead).get(INBOX, {"kind": "lent_claim"}).data["results"] == []
    assert _decide(api_client_for(team_lead), pending.pk, "approve").status_code == 409


def test_a_lent_night_over_the_dst_change_is_approved_with_its_real_length(
    officer, other_team, team_lead, lending, api_client_for
):
    # 27-28 March 2027: clocks go forward, the night 23:00-07:00 lasts 7 hours
    night = _zuid_shift(
        other_team, start=aware(2027, 3, 27, 23, 0), end=aware(2027, 3, 28, 7, 0), kind="night"
    )
    response = _claim(api_client_for(officer), night)
    assert response.status_code == 202
    assert response.data["start"] == "2027-03-27T23:00:00+01:00"
    assert response.data["end"] == "2027-03-28T07:00:00+02:00"
    assert _decide(api_client_for(team_lead), response.data["id"], "approve").status_code == 200
    assert Assignment.objects.get(shift=night).officer == officer


def test_reject_assigns_nothing_and_tells_him_in_his_language(
    pending,
    officer,
    team_lead,
    other_team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(api_client_for(team_lead), pending.pk, "reject", "Needed here.")
    assert response.status_code == 200
    assert response.data["status"] == "rejected"
    assert not Assignment.objects.filter(shift=pending.shift).exists()
    pending.refresh_from_db()
    assert (pending.status, pending.reason) == (LentClaimStatus.REJECTED, "Needed here.")
    told = Notification.objects.get(recipient=officer, kind="lent_claim_rejected")
    assert told.rendered("title", "nl").startswith("Niet goedgekeurd: de dienst van")
    assert_opens(
        Notification.objects.filter(kind="lent_claim_rejected"),
        api_client_for,
        kind="lent_claim",
        subject_id=pending.pk,
    )
    assert Notification.objects.filter(
        recipient=other_team_lead, kind="lent_claim_rejected"
    ).exists()


def test_bad_input_is_400_naming_the_field_and_leaves_it_pending(
    pending, team, team_lead, api_client_for
):
    response = _decide(api_client_for(team_lead), pending.pk, "reject", "x" * 501)
    assert response.status_code == 400
    assert "comment" in response.data["fields"]
    pending.refresh_from_db()
    assert pending.status == LentClaimStatus.PENDING
    bad = api_client_for(team_lead).patch(
        f"/api/v1/teams/{team.id}/lending-policy/", {"members_need_approval": "yes"}, format="json"
    )
    assert bad.status_code == 400
    assert "members_need_approval" in bad.data["fields"]
    assert TeamLendingPolicy.objects.get(team=team).members_need_approval is True


def test_the_lead_switches_approval_on_for_his_officers(team, team_lead, api_client_for):
    response = api_client_for(team_lead).patch(
        f"/api/v1/teams/{team.id}/lending-policy/", {"members_need_approval": True}, format="json"
    )
    assert response.status_code == 200
    assert response.data["members_need_approval"] is True
    assert TeamLendingPolicy.objects.get(team=team).members_need_approval is True


def test_the_wrong_user_cannot_decide(pending, officer, other_team_lead, unit, api_client_for):
    # the lending lead reads it but does not decide: 403; a lead of a third team: 404;
    # the officer himself: 403 (four eyes)
    third_lead = OfficerFactory()
    RoleAssignment.objects.create(
        officer=third_lead, role="team_lead", team=TeamFactory(unit=unit, code="west")
    )
    for actor, code in ((other_team_lead, 403), (third_lead, 404), (officer, 403)):
        for decision in ("approve", "reject"):
            assert _decide(api_client_for(actor), pending.pk, decision).status_code == code
    pending.refresh_from_db()
    assert pending.status == LentClaimStatus.PENDING
    assert not Assignment.objects.filter(shift=pending.shift).exists()


def test_while_pending_the_place_stays_open_and_a_filled_place_voids_it_at_approval(
    pending,
    officer,
    other_officer,
    team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    # zuid's own officer still sees and takes the place
    rows = api_client_for(other_officer).get("/api/v1/open-shifts/").data["results"]
    assert pending.shift.id in {r["shift"] for r in rows}
    assert _claim(api_client_for(other_officer), pending.shift).status_code == 201
    # approval re-checks under the locks: refused, nothing assigned to him, request voided
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(api_client_for(team_lead), pending.pk, "approve")
    assert response.status_code == 409
    assert response.data["code"] == "already_filled"
    assert not Assignment.objects.filter(officer=officer).exists()
    pending.refresh_from_db()
    assert (pending.status, pending.reason) == (LentClaimStatus.VOIDED, "already_filled")
    assert Notification.objects.filter(recipient=officer, kind="lent_claim_voided").exists()


def test_an_absence_since_the_claim_refuses_approval_without_naming_it(
    pending, officer, team_lead, api_client_for
):
    shift = pending.shift
    AbsenceFactory(
        officer=officer, kind="sick", start=shift.start - dt.timedelta(hours=1), end=shift.end
    )
    response = _decide(api_client_for(team_lead), pending.pk, "approve")
    assert response.status_code == 409
    assert response.data["code"] == "officer_absent"
    assert "sick" not in str(response.data).lower()
    assert not Assignment.objects.filter(shift=shift).exists()
    pending.refresh_from_db()
    assert pending.status == LentClaimStatus.PENDING  # the lead may still reject it
    rows = api_client_for(team_lead).get("/api/v1/lent-claims/").data["results"]
    assert "sick" not in str(rows).lower()


def test_a_rule_broken_since_the_claim_refuses_approval(
    pending, officer, team, basis, team_lead, api_client_for
):
    # he was rostered in his own team on an overlapping shift meanwhile
    own = ShiftFactory(
        period=PeriodFactory(team=team, phase=Phase.PUBLISHED),
        start=pending.shift.start,
        demand={"basis": 1},
    )
    Assignment.objects.create(officer=officer, shift=own, skill=basis)
    response = _decide(api_client_for(team_lead), pending.pk, "approve")
    assert response.status_code == 422
    assert not Assignment.objects.filter(shift=pending.shift).exists()


def test_a_pending_claim_of_a_shift_that_started_or_was_cancelled_is_voided(
    pending, officer, other_team, lending, api_client_for, django_capture_on_commit_callbacks
):
    cancelled = ShiftFactory(
        period=pending.shift.period,
        start=pending.shift.start + dt.timedelta(days=1),
        demand={"basis": 1},
    )
    second = _claim(api_client_for(officer), cancelled)
    assert second.status_code == 202
    cancelled.cancelled_at = timezone.now()
    cancelled.save(update_fields=["cancelled_at"])
    # before the first shift starts only the cancelled one goes
    with django_capture_on_commit_callbacks(execute=True):
        assert lent_claims_void_due() == 1
    assert LentClaimRequest.objects.get(pk=second.data["id"]).reason == "shift_cancelled"
    pending.refresh_from_db()
    assert pending.status == LentClaimStatus.PENDING
    # once it has started, the first one too; a second run changes nothing
    assert lent_claims_void_due(now=pending.shift.start + dt.timedelta(minutes=1)) == 1
    pending.refresh_from_db()
    assert (pending.status, pending.reason) == (LentClaimStatus.VOIDED, "shift_started")
    assert lent_claims_void_due(now=pending.shift.start + dt.timedelta(minutes=1)) == 0
    assert Notification.objects.filter(recipient=officer, kind="lent_claim_voided").count() == 1


def test_without_the_home_policy_the_claim_is_made_at_once(officer, other_team, api_client_for):
    TeamLendingPolicy.objects.create(team=other_team, lends_open_places=True)
    shift = _zuid_shift(other_team)
    assert _claim(api_client_for(officer), shift).status_code == 201
    assert not LentClaimRequest.objects.exists()


def test_a_second_claim_while_one_waits_is_409(pending, officer, api_client_for):
    response = _claim(api_client_for(officer), pending.shift)
    assert response.status_code == 409
    assert response.data["code"] == "already_claimed"
    assert LentClaimRequest.objects.count() == 1
