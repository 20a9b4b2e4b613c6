"""A swap chain whose premises broke is voided at once (where a service changed places) or
by the periodic task, every party is told why, and nothing of the roster moves (issue 18)."""

import datetime as dt

import pytest
from django.conf import settings

from notifications.models import Notification
from organisation.models import Qualification
from roster.models import Assignment, Shift, TeamSwapPolicy
from roster.services.absence_effects import absence_effects_apply
from roster.services.solving.commit import roster_replace
from roster.services.swap_chain_upkeep import swap_chains_void_stale
from roster.services.swap_chains import swap_chain_accept
from roster.services.swaps import swap_accept, swap_offer
from roster.swap_chain_models import SwapChain, SwapChainStatus
from roster.tasks import void_stale_swap_chains
from tests.factories.organisation import AbsenceFactory, OfficerFactory, QualificationFactory
from tests.factories.roster import aware
from tests.roster.services.test_swap_chains import holders, offer_round, published, third

__all__ = ["published", "third"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(officer, colleague, third, published, basis):
    """A (officer) works the 11th, B (colleague) the 12th, C (third) the 13th of January
    2027; A takes B's place, B takes C's, C takes A's: proposed to all three."""
    from tests.roster.services.test_swap_chains import place

    places = (
        place(officer, published, basis, 2027, 1, 11, 7, 0),
        place(colleague, published, basis, 2027, 1, 12, 7, 0),
        place(third, published, basis, 2027, 1, 13, 7, 0),
    )
    found = offer_round(officer, colleague, third, places)
    found.places = places
    return found


def _cancelled(chain):
    """The chain's `swap_chain_cancelled` notifications by recipient."""
    told = Notification.objects.filter(kind="swap_chain_cancelled")
    return {n.recipient_id: n for n in told}


def _assert_void(chain, reason, parties):
    chain.refresh_from_db()
    assert (chain.status, chain.reason) == (SwapChainStatus.VOID, reason)
    assert set(_cancelled(chain)) == {p.pk for p in parties}


def test_a_cancelled_shift_voids_the_chain_at_the_next_periodic_check(
    officer, colleague, third, chain, django_capture_on_commit_callbacks
):
    # given: B's shift is cancelled (no service path for a published shift: an admin edit)
    a, b, c = chain.places
    Shift.objects.filter(pk=b.shift_id).update(cancelled_at=aware(2027, 1, 1, 12, 0))
    # when: beat runs the task
    with django_capture_on_commit_callbacks(execute=True):
        assert void_stale_swap_chains() == 1
    # then: void, all three told why in their language, nothing moved
    _assert_void(chain, "shift_cancelled", [officer, colleague, third])
    note = _cancelled(chain)[officer.pk]
    assert note.rendered("body", "en").endswith("A shift of the chain was cancelled.")
    assert note.rendered("body", "nl").endswith("Een dienst van de ruilketen is geannuleerd.")
    assert holders(a, c) == [officer.pk, third.pk]
    # and: checking again changes nothing (idempotent)
    assert swap_chains_void_stale() == 0


def test_a_shift_that_started_voids_the_chain(
    officer, colleague, third, chain, django_capture_on_commit_callbacks
):
    a = chain.places[0]
    assert swap_chains_void_stale(now=a.shift.start - dt.timedelta(minutes=1)) == 0
    assert SwapChain.objects.get().status == SwapChainStatus.PROPOSED
    with django_capture_on_commit_callbacks(execute=True):
        assert swap_chains_void_stale(now=a.shift.start) == 1
    _assert_void(chain, "shift_started", [officer, colleague, third])


def test_a_sick_report_voids_the_chain_at_once_and_only_the_officer_reads_the_kind(
    officer, colleague, third, chain, django_capture_on_commit_callbacks
):
    # given: C, who would take A's place on the 11th, reports sick for that day (his own
    # place on the 13th stays his)
    absence = AbsenceFactory(
        officer=third, kind="sick", start=aware(2027, 1, 11, 0, 0), end=aware(2027, 1, 12, 0, 0)
    )
    # when: the absence takes effect on the roster (the sick report's outcome)
    with django_capture_on_commit_callbacks(execute=True):
        absence_effects_apply(actor=None, absence=absence)
    # then: the chain is void without waiting for beat; the parties read no absence
    _assert_void(chain, "no_longer_lawful", [officer, colleague, third])
    notes = _cancelled(chain)
    for party in (officer, colleague):
        for lang in ("en", "nl"):
            text = notes[party.pk].rendered("body", lang).lower()
            for word in ("sick", "ziek", "absent", "afwezig"):
                assert word not in text
        assert (
            notes[party.pk]
            .rendered("body", "en")
            .endswith("A party can no longer work a shift of the chain.")
        )
    # and: the absent officer himself reads his own absence's kind (need-to-know)
    own = notes[third.pk]
    assert own.rendered("body", "en").endswith("You are absent (Sick) on a shift you would take.")
    assert "(Ziek)" in own.rendered("body", "nl")


def test_a_party_who_left_the_team_voids_the_chain(
    officer, colleague, third, chain, team, django_capture_on_commit_callbacks
):
    third.teams.remove(team)
    with django_capture_on_commit_callbacks(execute=True):
        assert swap_chains_void_stale() == 1
    _assert_void(chain, "not_team_member", [officer, colleague, third])


def test_a_party_no_longer_qualified_voids_the_chain(
    officer, colleague, third, chain, basis, django_capture_on_commit_callbacks
):
    Qualification.objects.filter(officer=third, skill=basis).update(valid_until=dt.date(2027, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        assert swap_chains_void_stale() == 1
    _assert_void(chain, "not_qualified", [officer, colleague, third])


def test_a_plain_swap_of_a_legs_place_voids_the_chain_at_once(
    officer, colleague, third, chain, team, basis, django_capture_on_commit_callbacks
):
    # given: B gives his place of the chain to D in an ordinary give-away (auto-approved)
    d = OfficerFactory(teams=[team])
    QualificationFactory(officer=d, skill=basis)
    b = chain.places[1]
    give = swap_offer(actor=colleague, kind="give_away", assignment=b, receiver=d)
    # when: D accepts (the place moves)
    with django_capture_on_commit_callbacks(execute=True):
        swap_accept(actor=d, swap=give)
    # then: the chain is void at once; D's place stays his; A and C keep theirs
    _assert_void(chain, "place_changed", [officer, colleague, third])
    assert holders(*chain.places) == [officer.pk, d.pk, third.pk]
    assert Notification.objects.filter(kind="swap_chain_cancelled", recipient=d).count() == 0


def test_a_repair_that_moves_a_legs_place_voids_the_chain_at_once(
    officer, colleague, third, chain, published, team, basis, django_capture_on_commit_callbacks
):
    # given: a repair writes the period with C's place on the 13th given to D
    d = OfficerFactory(teams=[team])
    a, b, c = chain.places
    placements = [
        {"officer": f"o{x.officer_id}", "shift": f"s{x.shift_id}", "skill": "basis"} for x in (a, b)
    ] + [{"officer": f"o{d.pk}", "shift": f"s{c.shift_id}", "skill": "basis"}]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        roster_replace(published, placements, actor=None)
    # then
    _assert_void(chain, "place_changed", [officer, colleague, third])
    assert Assignment.objects.filter(shift=c.shift, officer=d).exists()


def test_a_manual_change_of_a_legs_place_is_found_by_the_periodic_check(
    officer, colleague, third, chain, django_capture_on_commit_callbacks
):
    Assignment.objects.filter(pk=chain.places[2].pk).update(officer=OfficerFactory())
    with django_capture_on_commit_callbacks(execute=True):
        assert swap_chains_void_stale() == 1
    _assert_void(chain, "place_changed", [officer, colleague, third])


def test_a_chain_waiting_for_the_lead_is_voided_and_the_lead_told(
    officer, colleague, third, chain, team, team_lead, django_capture_on_commit_callbacks
):
    # given: the lead must approve; all three accepted
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    for party in (officer, colleague, third):
        swap_chain_accept(actor=party, chain=chain)
    assert SwapChain.objects.get().status == SwapChainStatus.ACCEPTED
    # when: A's shift is cancelled and beat runs
    Shift.objects.filter(pk=chain.places[0].shift_id).update(cancelled_at=aware(2027, 1, 2))
    with django_capture_on_commit_callbacks(execute=True):
        assert swap_chains_void_stale() == 1
    # then: the parties and the lead are told; nothing waits for him any more
    _assert_void(chain, "shift_cancelled", [officer, colleague, third, team_lead])


def test_an_unrelated_change_leaves_a_sound_chain_proposed(
    officer, colleague, third, chain, team, basis, published, django_capture_on_commit_callbacks
):
    from tests.roster.services.test_swap_chains import place

    other = OfficerFactory(teams=[team])
    QualificationFactory(officer=other, skill=basis)
    elsewhere = place(other, published, basis, 2027, 1, 20, 7, 0)
    give = swap_offer(actor=other, kind="give_away", assignment=elsewhere, receiver=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        swap_accept(actor=colleague, swap=give)  # B's roster changes: his chain is checked
    assert SwapChain.objects.get().status == SwapChainStatus.PROPOSED
    assert not Notification.objects.filter(kind="swap_chain_cancelled").exists()


def test_beat_runs_the_check_every_quarter_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["roster-void-stale-swap-chains"]
    assert entry["task"] == "roster.tasks.void_stale_swap_chains"
    assert entry["schedule"] == dt.timedelta(minutes=15)
