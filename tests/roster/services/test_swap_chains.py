"""Swap chains: found among offers, checked as a whole, applied at once or not at all."""

import datetime as dt

import pytest

from common.errors import Forbidden, FourEyes
from notifications.models import Notification
from roster.errors import SwapChainNotOpen, SwapChainVoid
from roster.models import (
    Assignment,
    Phase,
    RosterAuditEvent,
    Shift,
    TeamSwapPolicy,
)
from roster.services.swap_chains import (
    swap_chain_accept,
    swap_chain_approve,
    swap_chain_decline,
    swap_chain_reject,
    swap_offer_create,
    swap_offer_withdraw,
)
from roster.swap_chain_models import (
    SwapChain,
    SwapChainStatus,
    SwapOfferStatus,
)
from tests.factories.organisation import AbsenceFactory, OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


@pytest.fixture
def third(team, basis):
    o = OfficerFactory(username="derde", first_name="Daan", last_name="Dekker", teams=[team])
    QualificationFactory(officer=o, skill=basis)
    return o


def place(officer, published, basis, *start, hours=8):
    shift = ShiftFactory(
        period=published, start=aware(*start), end=aware(*start) + dt.timedelta(hours=hours)
    )
    return AssignmentFactory(officer=officer, shift=shift, skill=basis)


@pytest.fixture
def three_places(officer, colleague, third, published, basis):
    """A (agent) works the 11th, B (colleague) the 12th, C (third) the 13th of January."""
    return (
        place(officer, published, basis, 2027, 1, 11, 7, 0),
        place(colleague, published, basis, 2027, 1, 12, 7, 0),
        place(third, published, basis, 2027, 1, 13, 7, 0),
    )


def offer_round(officer, colleague, third, three_places):
    """A wants B's shift, B wants C's, C wants A's: the third offer closes the cycle."""
    a, b, c = three_places
    swap_offer_create(actor=officer, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=colleague, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a.shift])
    return SwapChain.objects.get()


def holders(*assignments):
    return [Assignment.objects.get(pk=a.pk).officer_id for a in assignments]


def test_a_cycle_of_three_is_proposed_to_every_party_and_applied_on_the_last_acceptance(
    officer, colleague, third, three_places, django_capture_on_commit_callbacks
):
    # given: three offers that form a cycle
    a, b, c = three_places
    with django_capture_on_commit_callbacks(execute=True):
        chain = offer_round(officer, colleague, third, three_places)
    # then: proposed to all three, nobody moved yet
    assert chain.status == SwapChainStatus.PROPOSED
    legs = list(chain.legs.order_by("position"))
    assert [(leg.giver_id, leg.taker_id) for leg in legs] == [
        (officer.pk, third.pk),
        (colleague.pk, officer.pk),
        (third.pk, colleague.pk),
    ]
    proposed = Notification.objects.filter(kind="swap_chain_proposed")
    assert sorted(proposed.values_list("recipient_id", flat=True)) == sorted(
        [officer.pk, colleague.pk, third.pk]
    )
    assert holders(a, b, c) == [officer.pk, colleague.pk, third.pk]
    # when: two accept, nothing moves; the third accepts: all three places move at once
    swap_chain_accept(actor=officer, chain=chain)
    swap_chain_accept(actor=colleague, chain=chain)
    assert holders(a, b, c) == [officer.pk, colleague.pk, third.pk]
    with django_capture_on_commit_callbacks(execute=True):
        done = swap_chain_accept(actor=third, chain=chain)
    # then
    assert done.status == SwapChainStatus.APPLIED
    assert holders(a, b, c) == [third.pk, officer.pk, colleague.pk]
    assert {a_.source for a_ in Assignment.objects.all()} == {"swap"}
    assert set(chain.legs.values_list("offer__status", flat=True)) == {SwapOfferStatus.USED}
    assert Notification.objects.filter(kind="swap_chain_applied").count() == 3
    assert RosterAuditEvent.objects.filter(action="swap_chain_apply").count() == 1


def test_one_party_declines_nothing_changes_and_the_others_are_told(
    officer, colleague, third, three_places, django_capture_on_commit_callbacks
):
    chain = offer_round(officer, colleague, third, three_places)
    swap_chain_accept(actor=officer, chain=chain)
    with django_capture_on_commit_callbacks(execute=True):
        swap_chain_decline(actor=colleague, chain=chain, reason="Liever niet")
    chain.refresh_from_db()
    assert chain.status == SwapChainStatus.DECLINED
    assert holders(*three_places) == [officer.pk, colleague.pk, third.pk]
    told = Notification.objects.filter(kind="swap_chain_cancelled")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([officer.pk, third.pk])
    # the same chain is not proposed again, and the offers stay open
    assert SwapChain.objects.count() == 1
    assert set(chain.legs.values_list("offer__status", flat=True)) == {SwapOfferStatus.OPEN}
    with pytest.raises(SwapChainNotOpen):
        swap_chain_accept(actor=third, chain=chain)


def test_a_moved_shift_voids_the_chain_and_nothing_moves(
    officer, colleague, third, three_places, django_capture_on_commit_callbacks
):
    a, b, c = three_places
    chain = offer_round(officer, colleague, third, three_places)
    swap_chain_accept(actor=officer, chain=chain)
    swap_chain_accept(actor=colleague, chain=chain)
    # when: the planner moves B's shift an hour later meanwhile
    Shift.objects.filter(pk=b.shift_id).update(
        start=b.shift.start + dt.timedelta(hours=1), end=b.shift.end + dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SwapChainVoid):
        swap_chain_accept(actor=third, chain=chain)
    # then
    chain.refresh_from_db()
    assert (chain.status, chain.reason) == (SwapChainStatus.VOID, "shift_moved")
    assert holders(a, b, c) == [officer.pk, colleague.pk, third.pk]
    assert Notification.objects.filter(kind="swap_chain_cancelled").count() == 2


def test_a_place_given_to_someone_else_voids_the_chain_and_closes_that_offer(
    officer, colleague, third, three_places
):
    a, b, c = three_places
    chain = offer_round(officer, colleague, third, three_places)
    Assignment.objects.filter(pk=c.pk).update(officer=OfficerFactory())
    with pytest.raises(SwapChainVoid):
        swap_chain_accept(actor=officer, chain=chain)
    chain.refresh_from_db()
    assert (chain.status, chain.reason) == (SwapChainStatus.VOID, "place_changed")
    assert holders(a, b) == [officer.pk, colleague.pk]
    offers = dict(chain.legs.values_list("giver_id", "offer__status"))
    assert offers == {
        officer.pk: SwapOfferStatus.OPEN,
        colleague.pk: SwapOfferStatus.OPEN,
        third.pk: SwapOfferStatus.CLOSED,
    }


def test_a_party_who_fell_sick_voids_the_chain_at_acceptance(
    officer, colleague, third, three_places
):
    chain = offer_round(officer, colleague, third, three_places)
    AbsenceFactory(
        officer=third, kind="sick", start=aware(2027, 1, 10, 0, 0), end=aware(2027, 1, 20, 0, 0)
    )
    with pytest.raises(SwapChainVoid):
        swap_chain_accept(actor=officer, chain=chain)
    chain.refresh_from_db()
    assert (chain.status, chain.reason) == (SwapChainStatus.VOID, "no_longer_lawful")


def _two_place_chain(officer, colleague, third, published, basis, c_start):
    """A offers two places and would take B's shift on the 14th 07:00-15:00 and C's shift
    (`c_start`): each move alone is lawful for A."""
    a1 = place(officer, published, basis, 2027, 1, 4, 7, 0)
    a2 = place(officer, published, basis, 2027, 1, 25, 7, 0)
    b = place(colleague, published, basis, 2027, 1, 14, 7, 0)
    c = place(third, published, basis, *c_start)
    swap_offer_create(actor=officer, assignment=a1, wanted_shifts=[b.shift])
    swap_offer_create(actor=colleague, assignment=b, wanted_shifts=[a2.shift])
    swap_offer_create(actor=officer, assignment=a2, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a1.shift])


def test_a_chain_unlawful_only_in_combination_is_never_proposed(
    officer, colleague, third, published, basis
):
    # given: C's shift is the 14th 13:00-21:00: A would work it and B's 07:00-15:00 shift
    _two_place_chain(officer, colleague, third, published, basis, (2027, 1, 14, 13, 0))
    # then: the only cycle would make A work two overlapping shifts
    assert SwapChain.objects.count() == 0


def test_the_same_chain_with_compatible_shifts_is_proposed(
    officer, colleague, third, published, basis
):
    # the control: C's shift a week later, so A's roster after the chain is lawful
    _two_place_chain(officer, colleague, third, published, basis, (2027, 1, 21, 13, 0))
    chain = SwapChain.objects.get()
    assert chain.legs.count() == 4
    assert sorted(set(chain.legs.values_list("giver_id", flat=True))) == sorted(
        [officer.pk, colleague.pk, third.pk]
    )


def test_a_move_lawful_only_because_the_taker_gives_his_own_place_is_proposed(
    officer, colleague, third, published, basis
):
    # A works the 14th 07:00-15:00 and takes B's 13:00-21:00 the same day: overlapping, but A
    # hands his own shift to C in the same chain, so his roster after the chain is lawful
    a = place(officer, published, basis, 2027, 1, 14, 7, 0)
    b = place(colleague, published, basis, 2027, 1, 14, 13, 0)
    c = place(third, published, basis, 2027, 1, 20, 7, 0)
    swap_offer_create(actor=officer, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=colleague, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a.shift])
    assert SwapChain.objects.filter(status=SwapChainStatus.PROPOSED).count() == 1


@pytest.mark.parametrize(
    ("day", "proposed"),
    [
        (30, True),  # 30/31 October 2027: clocks go back, 10:30 on the wall is 11:30 of rest
        (23, False),  # a week earlier the same wall-clock times leave 10:30 of rest (< 11 h)
    ],
)
def test_rest_across_the_dst_night_is_counted_in_real_time(
    officer, colleague, third, published, basis, day, proposed
):
    # given: C keeps his early shift the next morning at 09:30 and would take A's late shift
    # that ends at 23:00 the evening before
    place(third, published, basis, 2027, 10, day + 1, 9, 30)
    a = place(officer, published, basis, 2027, 10, day, 15, 0)
    b = place(colleague, published, basis, 2027, 10, day - 5, 7, 0)
    c = place(third, published, basis, 2027, 10, day - 10, 7, 0)
    swap_offer_create(actor=officer, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=colleague, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a.shift])
    assert SwapChain.objects.exists() is proposed


def test_an_unqualified_taker_is_never_proposed(officer, colleague, team, published, basis):
    untrained = OfficerFactory(teams=[team])  # no qualification
    a = place(officer, published, basis, 2027, 1, 11, 7, 0)
    b = place(colleague, published, basis, 2027, 1, 12, 7, 0)
    c = place(untrained, published, basis, 2027, 1, 13, 7, 0)
    swap_offer_create(actor=officer, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=colleague, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=untrained, assignment=c, wanted_shifts=[a.shift])
    assert not SwapChain.objects.exists()


def test_with_a_lead_approval_policy_the_lead_approves_once_for_the_whole_chain(
    officer, colleague, third, three_places, team, team_lead, django_capture_on_commit_callbacks
):
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    chain = offer_round(officer, colleague, third, three_places)
    for party in (officer, colleague):
        swap_chain_accept(actor=party, chain=chain)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = swap_chain_accept(actor=third, chain=chain)
    assert accepted.status == SwapChainStatus.ACCEPTED
    assert holders(*three_places) == [officer.pk, colleague.pk, third.pk]
    waiting = Notification.objects.filter(kind="swap_chain_approval_needed")
    assert list(waiting.values_list("recipient_id", flat=True)) == [team_lead.pk]
    # a party may not approve; the lead approves once and all places move
    with pytest.raises(Forbidden):
        swap_chain_approve(actor=officer, chain=chain)
    done = swap_chain_approve(actor=team_lead, chain=chain)
    assert done.status == SwapChainStatus.APPLIED
    assert done.decided_by_id == team_lead.pk
    assert holders(*three_places) == [third.pk, officer.pk, colleague.pk]


def test_a_lead_who_is_a_party_may_not_approve_four_eyes(
    colleague, third, team, team_lead, published, basis
):
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    QualificationFactory(officer=team_lead, skill=basis)
    a = place(team_lead, published, basis, 2027, 1, 11, 7, 0)
    b = place(colleague, published, basis, 2027, 1, 12, 7, 0)
    c = place(third, published, basis, 2027, 1, 13, 7, 0)
    swap_offer_create(actor=team_lead, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=colleague, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a.shift])
    chain = SwapChain.objects.get()
    for party in (team_lead, colleague, third):
        swap_chain_accept(actor=party, chain=chain)
    with pytest.raises(FourEyes):
        swap_chain_approve(actor=team_lead, chain=chain)


def test_the_lead_rejects_and_nothing_changes(
    officer, colleague, third, three_places, team, team_lead
):
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    chain = offer_round(officer, colleague, third, three_places)
    for party in (officer, colleague, third):
        swap_chain_accept(actor=party, chain=chain)
    rejected = swap_chain_reject(actor=team_lead, chain=chain, reason="Bezetting")
    assert rejected.status == SwapChainStatus.REJECTED
    assert holders(*three_places) == [officer.pk, colleague.pk, third.pk]


def test_withdrawing_an_offer_voids_its_pending_chain(officer, colleague, third, three_places):
    chain = offer_round(officer, colleague, third, three_places)
    offer = chain.legs.get(giver=colleague).offer
    swap_offer_withdraw(actor=colleague, offer=offer)
    chain.refresh_from_db()
    assert (chain.status, chain.reason) == (SwapChainStatus.VOID, "offer_withdrawn")
    offer.refresh_from_db()
    assert offer.status == SwapOfferStatus.WITHDRAWN


def test_an_outsider_may_not_accept_or_decline(officer, colleague, third, three_places, team):
    chain = offer_round(officer, colleague, third, three_places)
    outsider = OfficerFactory(teams=[team])
    with pytest.raises(Forbidden):
        swap_chain_accept(actor=outsider, chain=chain)
    with pytest.raises(Forbidden):
        swap_chain_decline(actor=outsider, chain=chain)
