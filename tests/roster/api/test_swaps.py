import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from organisation.models import Officer
from roster.models import Assignment, Phase, RosterAuditEvent, Swap, TeamSwapPolicy
from tests.factories.organisation import OfficerFactory, QualificationFactory, SkillFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.notification_subjects import assert_opens

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


@pytest.fixture
def mine(officer, basis, published):
    """The officer's early shift on Tuesday 5 January 2027."""
    return AssignmentFactory(officer=officer, shift=ShiftFactory(period=published), skill=basis)


@pytest.fixture
def theirs(colleague, basis, published):
    """The colleague's early shift on Thursday 7 January 2027."""
    shift = ShiftFactory(period=published, start=aware(2027, 1, 7, 7, 0))
    return AssignmentFactory(officer=colleague, shift=shift, skill=basis)


@pytest.fixture
def manual_policy(team):
    return TeamSwapPolicy.objects.create(team=team, auto_approve=False)


def _offer(client, **body):
    return client.post("/api/v1/swaps/", body, format="json")


def _act(client, swap_id, action, body=None):
    return client.post(f"/api/v1/swaps/{swap_id}/{action}/", body or {}, format="json")


# -- give-away ---------------------------------------------------------------------------------


def test_give_away_is_accepted_and_auto_approved_and_notified(
    officer, colleague, mine, api_client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offered = _offer(
            api_client_for(officer), kind="give_away", assignment=mine.id, receiver=colleague.id
        )
    assert offered.status_code == 201, offered.data
    assert offered.data["status"] == "offered"
    received = Notification.objects.get(kind="swap_offer_received")
    assert received.recipient == colleague
    assert_opens([received], api_client_for, kind="swap", subject_id=offered.data["id"])
    with django_capture_on_commit_callbacks(execute=True):
        accepted = _act(api_client_for(colleague), offered.data["id"], "accept")
    assert accepted.status_code == 200, accepted.data
    assert accepted.data["status"] == "auto_approved"
    mine.refresh_from_db()
    assert (mine.officer, mine.source) == (colleague, "swap")
    assert set(
        Notification.objects.filter(kind="swap_approved").values_list("recipient", flat=True)
    ) == {officer.id, colleague.id}
    actions = list(RosterAuditEvent.objects.values_list("action", flat=True))
    assert actions == ["swap_offer", "swap_accept", "swap_auto_approve"]


def test_give_away_that_breaks_the_eleven_hour_rest_is_422_naming_rule_and_officer(
    officer, colleague, basis, mine, published, api_client_for
):
    late = ShiftFactory(period=published, start=aware(2027, 1, 4, 15, 0))  # ends 23:00
    AssignmentFactory(officer=colleague, shift=late, skill=basis)
    response = _offer(
        api_client_for(officer), kind="give_away", assignment=mine.id, receiver=colleague.id
    )
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "atw.daily_rest"
    assert response.data["extra"]["officer"] == colleague.id
    assert not Swap.objects.exists()


def test_night_exempt_colleague_never_gets_a_night(officer, team, basis, published, api_client_for):
    night = ShiftFactory(
        period=published, kind="night", start=aware(2027, 1, 5, 23, 0), end=aware(2027, 1, 6, 7, 0)
    )
    assignment = AssignmentFactory(officer=officer, shift=night, skill=basis)
    exempt = OfficerFactory(teams=[team], night_exempt=True)
    QualificationFactory(officer=exempt, skill=basis)
    response = _offer(
        api_client_for(officer), kind="give_away", assignment=assignment.id, receiver=exempt.id
    )
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "project.night_exempt"
    assert response.data["extra"]["officer"] == exempt.id


def test_receiver_without_the_skill_valid_on_that_date_is_422(
    officer, team, basis, published, api_client_for
):
    ovd = SkillFactory(code="ovd")
    shift = ShiftFactory(period=published, demand={"ovd": 1})
    assignment = AssignmentFactory(officer=officer, shift=shift, skill=ovd)
    expired = OfficerFactory(teams=[team])
    QualificationFactory(officer=expired, skill=ovd, valid_until=dt.date(2026, 12, 31))
    response = _offer(
        api_client_for(officer), kind="give_away", assignment=assignment.id, receiver=expired.id
    )
    assert response.status_code == 422
    assert response.data["code"] == "not_qualified"
    assert response.data["extra"] == {"officer": expired.id, "skill": "ovd"}


def test_offer_with_bad_input_is_400_naming_the_field_and_saves_nothing(
    officer, colleague, mine, theirs, api_client_for
):
    client = api_client_for(officer)
    assert set(_offer(client).data["fields"]) == {"kind", "assignment"}
    no_wanted = _offer(client, kind="exchange", assignment=mine.id)
    assert set(no_wanted.data["fields"]) == {"wanted_assignment"}
    no_receiver = _offer(client, kind="give_away", assignment=mine.id)
    assert set(no_receiver.data["fields"]) == {"receiver"}
    not_mine = _offer(client, kind="market", assignment=theirs.id)
    assert set(not_mine.data["fields"]) == {"assignment"}
    to_self = _offer(client, kind="give_away", assignment=mine.id, receiver=officer.id)
    assert set(to_self.data["fields"]) == {"receiver"}
    assert not Swap.objects.exists()
    assert not RosterAuditEvent.objects.exists()


def test_wrong_users_get_404_or_403(
    officer, colleague, other_officer, other_team_lead, team_lead, mine, api_client_for
):
    swap_id = _offer(
        api_client_for(officer), kind="give_away", assignment=mine.id, receiver=colleague.id
    ).data["id"]
    assert api_client_for(other_officer).get(f"/api/v1/swaps/{swap_id}/").status_code == 404
    assert _act(api_client_for(other_officer), swap_id, "accept").status_code == 404
    assert _act(api_client_for(other_team_lead), swap_id, "approve").status_code == 404
    assert _act(api_client_for(colleague), swap_id, "withdraw").status_code == 403
    assert _act(api_client_for(officer), swap_id, "approve").status_code == 403
    assert _act(api_client_for(team_lead), swap_id, "accept").status_code == 404
    assert Swap.objects.get().status == "offered"


# -- exchange with team-lead approval ----------------------------------------------------------


def test_exchange_waits_for_the_team_lead_who_approves_it(
    officer,
    colleague,
    team_lead,
    mine,
    theirs,
    manual_policy,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    swap_id = _offer(
        api_client_for(officer), kind="exchange", assignment=mine.id, wanted_assignment=theirs.id
    ).data["id"]
    with django_capture_on_commit_callbacks(execute=True):
        accepted = _act(api_client_for(colleague), swap_id, "accept")
    assert accepted.data["status"] == "accepted"
    assert Notification.objects.get(kind="swap_accepted").recipient == officer
    needed = Notification.objects.get(kind="swap_approval_needed")
    assert needed.recipient == team_lead
    assert_opens([needed], api_client_for, kind="swap", subject_id=swap_id)
    mine.refresh_from_db()
    assert mine.officer == officer  # nothing moves before approval
    approved = _act(api_client_for(team_lead), swap_id, "approve")
    assert approved.status_code == 200, approved.data
    assert approved.data["status"] == "approved"
    assert approved.data["decided_by"] == team_lead.id
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.officer, theirs.officer) == (colleague, officer)
    assert _act(api_client_for(team_lead), swap_id, "approve").data["code"] == "swap_not_allowed"


def test_approval_rechecks_the_rules_on_the_roster_as_it_is_now(
    officer, colleague, team_lead, basis, mine, theirs, published, manual_policy, api_client_for
):
    swap_id = _offer(
        api_client_for(officer), kind="exchange", assignment=mine.id, wanted_assignment=theirs.id
    ).data["id"]
    assert _act(api_client_for(colleague), swap_id, "accept").status_code == 200
    # meanwhile the colleague got a late shift the evening before the offered early shift
    late = ShiftFactory(period=published, start=aware(2027, 1, 4, 15, 0))
    AssignmentFactory(officer=colleague, shift=late, skill=basis)
    response = _act(api_client_for(team_lead), swap_id, "approve")
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "atw.daily_rest"
    assert response.data["extra"]["officer"] == colleague.id
    assert Swap.objects.get().status == "accepted"
    mine.refresh_from_db()
    assert mine.officer == officer


def test_exchange_that_breaks_the_offerers_rest_names_the_offerer(
    officer, colleague, basis, mine, published, api_client_for
):
    # the colleague's early shift the morning after the officer's late shift
    late = ShiftFactory(period=published, start=aware(2027, 1, 8, 15, 0))
    AssignmentFactory(officer=officer, shift=late, skill=basis)
    early = ShiftFactory(period=published, start=aware(2027, 1, 9, 7, 0))
    wanted = AssignmentFactory(officer=colleague, shift=early, skill=basis)
    response = _offer(
        api_client_for(officer), kind="exchange", assignment=mine.id, wanted_assignment=wanted.id
    )
    assert response.status_code == 422
    assert response.data["extra"]["officer"] == officer.id
    assert response.data["extra"]["rule"] == "atw.daily_rest"


def test_team_lead_rejects_and_offerer_withdraws(
    officer,
    colleague,
    team_lead,
    mine,
    theirs,
    manual_policy,
    api_client_for,
    django_capture_on_commit_callbacks,
):
    client = api_client_for(officer)
    first = _offer(client, kind="exchange", assignment=mine.id, wanted_assignment=theirs.id)
    _act(api_client_for(colleague), first.data["id"], "accept")
    bad = _act(api_client_for(team_lead), first.data["id"], "reject", {"reason": 7 * "x" * 100})
    assert bad.status_code == 400
    assert "reason" in bad.data["fields"]
    with django_capture_on_commit_callbacks(execute=True):
        rejected = _act(
            api_client_for(team_lead), first.data["id"], "reject", {"reason": "bezetting"}
        )
    assert rejected.data["status"] == "rejected"
    assert rejected.data["reason"] == "bezetting"
    assert Notification.objects.filter(kind="swap_rejected").count() == 2
    second = _offer(client, kind="market", assignment=mine.id)
    withdrawn = _act(client, second.data["id"], "withdraw")
    assert withdrawn.data["status"] == "withdrawn"
    assert _act(client, second.data["id"], "withdraw").status_code == 409


def test_named_receiver_may_decline_an_offer(officer, colleague, mine, api_client_for):
    swap_id = _offer(
        api_client_for(officer), kind="give_away", assignment=mine.id, receiver=colleague.id
    ).data["id"]
    assert _act(api_client_for(colleague), swap_id, "reject").data["status"] == "rejected"


def test_a_place_can_only_be_offered_once_at_a_time(officer, colleague, mine, api_client_for):
    client = api_client_for(officer)
    assert _offer(client, kind="market", assignment=mine.id).status_code == 201
    again = _offer(client, kind="give_away", assignment=mine.id, receiver=colleague.id)
    assert again.status_code == 409
    assert again.data["code"] == "swap_not_allowed"


# -- market ----------------------------------------------------------------------------------


def test_market_offer_goes_to_the_first_valid_taker(
    officer, colleague, team, basis, mine, api_client_for
):
    swap_id = _offer(api_client_for(officer), kind="market", assignment=mine.id).data["id"]
    third = OfficerFactory(teams=[team])
    QualificationFactory(officer=third, skill=basis)
    assert api_client_for(third).get("/api/v1/swaps/").data["count"] == 1
    taken = _act(api_client_for(colleague), swap_id, "accept")
    assert taken.data["status"] == "auto_approved"
    assert taken.data["receiver"] == colleague.id
    late = _act(api_client_for(third), swap_id, "accept")
    assert late.status_code == 409
    assert late.data["code"] == "swap_not_allowed"
    assert _act(api_client_for(officer), swap_id, "accept").status_code in (403, 409)


def test_market_taker_who_breaks_a_rule_is_422_and_the_offer_stays_open(
    officer, colleague, basis, mine, published, api_client_for
):
    swap_id = _offer(api_client_for(officer), kind="market", assignment=mine.id).data["id"]
    late = ShiftFactory(period=published, start=aware(2027, 1, 4, 15, 0))
    AssignmentFactory(officer=colleague, shift=late, skill=basis)
    response = _act(api_client_for(colleague), swap_id, "accept")
    assert response.status_code == 422
    assert response.data["extra"]["officer"] == colleague.id
    assert Swap.objects.get().status == "offered"


# -- late change and listing -----------------------------------------------------------------


def test_late_change_records_both_officers_consent(
    officer, colleague, basis, published, api_client_for
):
    soon = ShiftFactory(period=published, start=timezone.now() + dt.timedelta(days=3))
    assignment = AssignmentFactory(officer=officer, shift=soon, skill=basis)
    offered = _offer(
        api_client_for(officer), kind="give_away", assignment=assignment.id, receiver=colleague.id
    )
    assert offered.data["late_change"] is True
    assert offered.data["offerer_consent_at"] is not None
    accepted = _act(api_client_for(colleague), offered.data["id"], "accept")
    assert accepted.data["receiver_consent_at"] is not None
    event = RosterAuditEvent.objects.get(action="swap_auto_approve")
    assert event.payload["late_change"] is True
    assert event.payload["consent"]["receiver"] is not None


def test_swap_list_shows_own_swaps_with_fixed_queries(
    officer, colleague, basis, published, api_client_for, django_assert_num_queries
):
    for day in range(5, 12):
        shift = ShiftFactory(period=published, start=aware(2027, 1, day, 7, 0))
        assignment = AssignmentFactory(officer=officer, shift=shift, skill=basis)
        _offer(api_client_for(officer), kind="market", assignment=assignment.id)
    client = api_client_for(colleague)
    # user, scope roles, scope teams, count, page
    with django_assert_num_queries(5):
        response = client.get("/api/v1/swaps/")
    assert response.data["count"] == 7
    assert response.data["results"][0]["offered_shift"]["start"]


def _accept_in_thread(officer_id: int, swap_id: int, results: list[int]) -> None:
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    try:
        client = APIClient()
        token = RefreshToken.for_user(Officer.objects.get(pk=officer_id)).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        results.append(client.post(f"/api/v1/swaps/{swap_id}/accept/").status_code)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_of_one_market_offer_one_wins(team, basis, api_client_for):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    takers = []
    for _ in range(3):
        o = OfficerFactory(teams=[team])
        QualificationFactory(officer=o, skill=basis)
        takers.append(o)
    offerer, *others = takers
    assignment = AssignmentFactory(officer=offerer, shift=ShiftFactory(period=period), skill=basis)
    swap_id = _offer(api_client_for(offerer), kind="market", assignment=assignment.id).data["id"]
    results: list[int] = []
    threads = [
        threading.Thread(target=_accept_in_thread, args=(o.pk, swap_id, results)) for o in others
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409]
    assignment.refresh_from_db()
    assert assignment.officer_id in {o.pk for o in others}
    assert Assignment.objects.filter(shift=assignment.shift).count() == 1


def test_team_lead_who_is_part_of_the_swap_may_not_approve_it_four_eyes(
    officer, team_lead, basis, mine, manual_policy, api_client_for
):
    QualificationFactory(officer=team_lead, skill=basis)
    swap_id = _offer(
        api_client_for(officer), kind="give_away", assignment=mine.id, receiver=team_lead.id
    ).data["id"]
    assert _act(api_client_for(team_lead), swap_id, "accept").data["status"] == "accepted"
    response = _act(api_client_for(team_lead), swap_id, "approve")
    assert response.status_code == 403
    assert response.data["code"] == "four_eyes"
    assert Swap.objects.get().status == "accepted"
