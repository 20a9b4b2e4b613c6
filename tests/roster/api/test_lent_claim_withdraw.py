"""The officer withdraws his pending lent claim (`POST /lent-claims/{id}/withdraw/`).

Zuid (`other_team`) lends its open places; centrum (`team`, agent's home team) wants its
lead's approval first (as in `tests/roster/api/test_lent_claims.py`)."""

import pytest

from notifications.models import Notification
from organisation.models import RoleAssignment
from roster.lent_claim_models import LentClaimRequest, LentClaimStatus
from roster.models import Assignment, RosterAuditEvent, TeamLendingPolicy
from roster.services.lent_claim_decisions import lent_claims_void_due
from tests.factories.organisation import OfficerFactory, TeamFactory
from tests.factories.roster import aware
from tests.roster.api.test_lent_claims import _claim, _decide, _zuid_shift
from tests.roster.notification_subjects import assert_opens

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/inbox/"


@pytest.fixture
def lending(team, other_team):
    """Zuid lends to the unit; centrum wants its lead's approval for its officers."""
    TeamLendingPolicy.objects.create(team=other_team, lends_open_places=True)
    TeamLendingPolicy.objects.create(team=team, members_need_approval=True)


@pytest.fixture
def pending(officer, other_team, lending, api_client_for, django_capture_on_commit_callbacks):
    """Agent's claim of a zuid place, waiting for teamchef (its notifications sent)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = _claim(api_client_for(officer), _zuid_shift(other_team))
    assert response.status_code == 202, response.data
    return LentClaimRequest.objects.get(pk=response.data["id"])


def _withdraw(client, request_id, body=None):
    return client.post(f"/api/v1/lent-claims/{request_id}/withdraw/", body or {}, format="json")


def test_he_withdraws_it_and_it_leaves_the_inbox_of_his_lead_who_is_told(
    pending,
    officer,
    team_lead,
    other_team_lead,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    # given: his lead has the item in his inbox (and synced it)
    lead = api_client_for(team_lead)
    synced = lead.get(f"{INBOX}changes/").data
    assert [(i["kind"], i["id"]) for i in synced["changed"]] == [("lent_claim", pending.pk)]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _withdraw(api_client_for(officer), pending.pk)
    # then: withdrawn by him, nothing assigned
    assert response.status_code == 200, response.data
    body = response.data
    assert (body["id"], body["status"], body["decided_by"], body["assignment"]) == (
        pending.pk,
        "withdrawn",
        officer.pk,
        None,
    )
    assert body["decided_at"] is not None
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (LentClaimStatus.WITHDRAWN, officer)
    assert not Assignment.objects.filter(shift=pending.shift).exists()
    # the inbox item is gone (list, counts, and a tombstone in the delta)
    assert lead.get(INBOX, {"kind": "lent_claim"}).data["results"] == []
    assert lead.get(f"{INBOX}counts/").data["inbox"]["lent_claim"] == 0
    delta = lead.get(f"{INBOX}changes/", {"changed_since": synced["sync_token"]}).data
    assert delta["removed"] == [{"kind": "lent_claim", "id": pending.pk}]
    # an audit event in the lending team's period
    event = RosterAuditEvent.objects.get(action="lent_claim_withdraw")
    assert (event.actor, event.period) == (officer, pending.shift.period)
    assert event.payload["status"] == "withdrawn"
    # his lead (who was asked) and zuid's lead (who was told) learn it; he does not
    told = Notification.objects.filter(kind="lent_claim_withdrawn")
    assert sorted(n.recipient_id for n in told) == sorted([team_lead.pk, other_team_lead.pk])
    asked = told.get(recipient=team_lead)
    assert asked.rendered("title", "nl").startswith(
        f"Ingetrokken door {officer.get_full_name()}: de dienst van"
    )
    assert asked.rendered("title", "en").startswith(
        f"Withdrawn by {officer.get_full_name()}: the shift of"
    )
    assert_opens(told, api_client_for, kind="lent_claim", subject_id=pending.pk)


def test_a_dst_night_claim_is_withdrawn_and_named_by_its_local_start(
    officer, other_team, team_lead, lending, api_client_for, django_capture_on_commit_callbacks
):
    # 30-31 October 2027: clocks go back, the night 23:00-07:00 lasts 9 hours
    night = _zuid_shift(
        other_team, start=aware(2027, 10, 30, 23, 0), end=aware(2027, 10, 31, 7, 0), kind="night"
    )
    claimed = _claim(api_client_for(officer), night)
    assert claimed.status_code == 202, claimed.data
    with django_capture_on_commit_callbacks(execute=True):
        response = _withdraw(api_client_for(officer), claimed.data["id"])
    assert response.status_code == 200
    assert (response.data["start"], response.data["end"]) == (
        "2027-10-30T23:00:00+02:00",
        "2027-10-31T07:00:00+01:00",
    )
    told = Notification.objects.get(recipient=team_lead, kind="lent_claim_withdrawn")
    assert told.rendered("title", "nl") == (
        "Ingetrokken door Anouk Agent: de dienst van 2027-10-30 23:00 van Basisteam Zuid"
    )


def test_bad_input_is_400_naming_the_field_and_leaves_it_pending(
    pending, officer, team_lead, api_client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _withdraw(api_client_for(officer), pending.pk, {"reason": "Toch niet."})
    assert response.status_code == 400
    assert "reason" in response.data["fields"]
    pending.refresh_from_db()
    assert pending.status == LentClaimStatus.PENDING
    assert not Notification.objects.filter(kind="lent_claim_withdrawn").exists()
    assert not RosterAuditEvent.objects.filter(action="lent_claim_withdraw").exists()
    # an id that is no lent claim of his: 404
    assert _withdraw(api_client_for(officer), pending.pk + 1000).status_code == 404


def test_only_he_may_withdraw_it(
    pending,
    colleague,
    other_officer,
    team_lead,
    other_team_lead,
    unit_manager,
    administrator,
    unit,
    api_client_for,
):
    # those who read it (his lead, the lending lead, the unit manager, an administrator): 403;
    # a colleague, zuid's officer, a lead of a third team: 404 (they do not see it)
    third_lead = OfficerFactory()
    RoleAssignment.objects.create(
        officer=third_lead, role="team_lead", team=TeamFactory(unit=unit, code="west")
    )
    for actor, code in (
        (team_lead, 403),
        (other_team_lead, 403),
        (unit_manager, 403),
        (administrator, 403),
        (colleague, 404),
        (other_officer, 404),
        (third_lead, 404),
    ):
        assert _withdraw(api_client_for(actor), pending.pk).status_code == code, actor
    pending.refresh_from_db()
    assert pending.status == LentClaimStatus.PENDING
    assert not RosterAuditEvent.objects.filter(action="lent_claim_withdraw").exists()


@pytest.mark.parametrize(
    ("decision", "status"),
    [("approve", "approved"), ("reject", "rejected"), ("withdraw", "withdrawn")],
)
def test_once_decided_or_withdrawn_it_is_409(
    pending, officer, team_lead, api_client_for, decision, status
):
    # given: the lead decided, or he withdrew it already
    if decision == "withdraw":
        assert _withdraw(api_client_for(officer), pending.pk).status_code == 200
    else:
        assert _decide(api_client_for(team_lead), pending.pk, decision).status_code == 200
    placed = list(Assignment.objects.filter(shift=pending.shift).values_list("officer", flat=True))
    # when
    response = _withdraw(api_client_for(officer), pending.pk)
    # then
    assert response.status_code == 409
    assert response.data["code"] == "lent_claim_decided"
    assert response.data["extra"]["status"] == status
    pending.refresh_from_db()
    assert pending.status == status
    assert (
        list(Assignment.objects.filter(shift=pending.shift).values_list("officer", flat=True))
        == placed
    )


def test_a_withdrawn_claim_cannot_be_approved_and_a_voided_one_not_withdrawn(
    pending, officer, team_lead, other_team, lending, api_client_for
):
    assert _withdraw(api_client_for(officer), pending.pk).status_code == 200
    approve = _decide(api_client_for(team_lead), pending.pk, "approve")
    assert approve.status_code == 409
    assert approve.data["code"] == "lent_claim_decided"
    assert not Assignment.objects.filter(shift=pending.shift).exists()
    # a request voided by the beat task (its shift started) stays voided
    second = _claim(api_client_for(officer), pending.shift)
    assert second.status_code == 202
    assert lent_claims_void_due(now=pending.shift.start) == 1
    again = _withdraw(api_client_for(officer), second.data["id"])
    assert again.status_code == 409
    assert LentClaimRequest.objects.get(pk=second.data["id"]).status == LentClaimStatus.VOIDED


def test_what_each_reader_reads_after_the_withdrawal(
    pending,
    officer,
    colleague,
    other_officer,
    team_lead,
    other_team_lead,
    planner,
    administrator,
    api_client_for,
):
    body = _withdraw(api_client_for(officer), pending.pk).data

    def rows(actor):
        return api_client_for(actor).get("/api/v1/lent-claims/").data["results"]

    # he, his lead, the lending lead and an administrator read the same row, withdrawn
    for reader in (officer, team_lead, other_team_lead, administrator):
        assert rows(reader) == [body], reader
    assert set(body) == {
        "id",
        "shift",
        "lending_team",
        "start",
        "end",
        "skill",
        "officer",
        "officer_name",
        "approver_teams",
        "status",
        "assignment",
        "decided_by",
        "reason",
        "created_at",
        "decided_at",
    }
    assert (body["status"], body["reason"]) == ("withdrawn", "")
    # colleagues of either team and his planner read nothing
    for reader in (colleague, other_officer, planner):
        assert rows(reader) == [], reader


def test_he_may_claim_the_place_again_after_withdrawing(
    pending, officer, team_lead, api_client_for
):
    assert _withdraw(api_client_for(officer), pending.pk).status_code == 200
    again = _claim(api_client_for(officer), pending.shift)
    assert again.status_code == 202
    assert again.data["status"] == "pending"
    rows = api_client_for(team_lead).get(INBOX, {"kind": "lent_claim"}).data["results"]
    assert [r["id"] for r in rows] == [again.data["id"]]
