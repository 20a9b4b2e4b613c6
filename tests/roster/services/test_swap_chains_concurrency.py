"""A three-way swap chain applies atomically or not at all while the roster changes under it
(real row locks: PostgreSQL, threads with their own connections)."""

import threading
from functools import partial

import pytest
from django.db import connection

from common.errors import DomainError
from organisation.models import Officer
from roster.models import Assignment, Phase, Swap
from roster.services.swap_chains import swap_chain_accept, swap_offer_create
from roster.services.swaps import swap_accept, swap_offer
from roster.swap_chain_models import SwapChain, SwapChainStatus
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

ROUNDS = 4


def _run(results: dict[str, str], name: str, barrier: threading.Barrier, act) -> None:
    try:
        barrier.wait()
        act()
        results[name] = "ok"
    except DomainError as exc:
        results[name] = exc.code
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_three_way_chain_applies_entirely_or_not_at_all_under_a_concurrent_swap(team, basis):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    people = []
    for name in ("a", "b", "c", "d"):
        o = OfficerFactory(username=f"keten-{name}", teams=[team])
        QualificationFactory(officer=o, skill=basis)
        people.append(o)
    a, b, c, d = people
    outcomes = []
    for round_ in range(ROUNDS):
        # given: A, B, C in a proposed chain that A and B accepted; B also gave his place to
        # D in a plain give-away that D is about to accept
        week = 7 * round_
        places = [
            AssignmentFactory(
                officer=who,
                shift=ShiftFactory(period=period, start=aware(2027, 1, 4 + week + k, 7, 0)),
                skill=basis,
            )
            for k, who in enumerate((a, b, c))
        ]
        pa, pb, pc = places
        swap_offer_create(actor=a, assignment=pa, wanted_shifts=[pb.shift])
        swap_offer_create(actor=b, assignment=pb, wanted_shifts=[pc.shift])
        swap_offer_create(actor=c, assignment=pc, wanted_shifts=[pa.shift])
        chain = SwapChain.objects.get(status=SwapChainStatus.PROPOSED)
        swap_chain_accept(actor=a, chain=chain)
        swap_chain_accept(actor=b, chain=chain)
        give = swap_offer(actor=b, kind="give_away", assignment=pb, receiver=d)
        # when: C's acceptance (applies the chain) and D's acceptance (moves B's place) race
        results: dict[str, str] = {}
        barrier = threading.Barrier(2)
        c_fresh = Officer.objects.get(pk=c.pk)
        d_fresh = Officer.objects.get(pk=d.pk)
        chain_fresh = SwapChain.objects.get(pk=chain.pk)
        swap_fresh = Swap.objects.get(pk=give.pk)
        threads = [
            threading.Thread(
                target=_run,
                args=(
                    results,
                    "chain",
                    barrier,
                    partial(swap_chain_accept, actor=c_fresh, chain=chain_fresh),
                ),
            ),
            threading.Thread(
                target=_run,
                args=(
                    results,
                    "swap",
                    barrier,
                    partial(swap_accept, actor=d_fresh, swap=swap_fresh),
                ),
            ),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # then: exactly one of them changed the roster, and the chain moved all or nothing
        chain.refresh_from_db()
        holders = [Assignment.objects.get(pk=p.pk).officer_id for p in places]
        if chain.status == SwapChainStatus.APPLIED:
            assert results == {"chain": "ok", "swap": "not_assigned"}
            assert holders == [c.pk, a.pk, b.pk]
        else:
            # the acceptance finds the place moved (void), or the upkeep run after the swap's
            # commit voided the chain first (no longer open): either way nothing moved
            assert results["swap"] == "ok"
            assert results["chain"] in {"swap_chain_void", "swap_chain_not_open"}
            assert (chain.status, chain.reason) == (SwapChainStatus.VOID, "place_changed")
            assert holders == [a.pk, d.pk, c.pk]
        assert Assignment.objects.filter(shift__in=[p.shift_id for p in places]).count() == 3
        outcomes.append(chain.status)
    assert len(outcomes) == ROUNDS
