"""The app's deltas after a swap chain: each party's roster, the lead's inbox and the
notifications; a client applying deltas holds what a full re-read shows (issue 18)."""

import pytest

from roster.models import TeamSwapPolicy
from roster.services.swap_chains import swap_chain_accept
from tests.common.test_sync import LocalCopy, _by_kind_and_id
from tests.roster.services.test_swap_chains import holders, offer_round, place, published, third

__all__ = ["published", "third"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

JANUARY = {"start": "2027-01-01", "end": "2027-01-31"}


def test_deltas_after_an_applied_chain_equal_a_full_reread(
    officer, colleague, third, published, basis, team, team_lead, api_client_for,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    places = (
        place(officer, published, basis, 2027, 1, 11, 7, 0),
        place(colleague, published, basis, 2027, 1, 12, 7, 0),
        place(third, published, basis, 2027, 1, 13, 7, 0),
    )
    parties = (officer, colleague, third)
    rosters = [LocalCopy(api_client_for(p), "/api/v1/me/roster/", **JANUARY) for p in parties]
    notes = [LocalCopy(api_client_for(p), "/api/v1/notifications/") for p in parties]
    inbox = LocalCopy(api_client_for(team_lead), "/api/v1/inbox/", _by_kind_and_id)
    copies = [*rosters, *notes, inbox]

    def sync_all():
        answers = [copy.sync() for copy in copies]
        for copy in copies:
            copy.assert_equal_to_full_read()
        return answers

    sync_all()
    # when: the chain is found and proposed: each party's notifications bring it
    with django_capture_on_commit_callbacks(execute=True):
        chain = offer_round(officer, colleague, third, places)
    proposed = sync_all()
    for answer in proposed[3:6]:
        assert [n["kind"] for n in answer["changed"]] == ["swap_chain_proposed"]
    assert all(a["changed"] == [] for a in proposed[:3])
    # when: all accept; the chain waits in the lead's inbox
    with django_capture_on_commit_callbacks(execute=True):
        for party in parties:
            swap_chain_accept(actor=party, chain=chain)
    waiting = sync_all()
    assert [(i["kind"], i["id"]) for i in waiting[6]["changed"]] == [("swap_chain", chain.pk)]
    # when: the lead approves: the places move at once
    with django_capture_on_commit_callbacks(execute=True):
        approved = api_client_for(team_lead).post(
            f"/api/v1/inbox/swap_chain/{chain.pk}/approve/", {}, format="json"
        )
    assert approved.status_code == 200, approved.data
    assert holders(*places) == [third.pk, officer.pk, colleague.pk]
    done = sync_all()
    # then: every party lost his own place (a tombstone) and got the one he takes; the task
    # left the inbox; no answer after the first was a reset
    for k, answer in enumerate(done[:3]):
        assert answer["removed"] == [{"id": places[k].pk}]
        taken = places[(k + 1) % 3]
        assert [(i["id"], i["shift"], i["source"]) for i in answer["changed"]] == [
            (taken.pk, taken.shift_id, "swap")
        ]
    assert done[6]["removed"] == [{"kind": "swap_chain", "id": chain.pk}]
    assert not any(a["reset"] for a in [*proposed, *waiting, *done])
