"""The pure chain search (no database): cycles, preference order, disjoint choice."""

import subprocess
import sys

from roster.swap_chain_search import ChainOffer, chain_key, cycles, find_chains


def offer(oid: int, officer: int, shift: int, *wanted: int) -> ChainOffer:
    return ChainOffer(id=oid, officer=officer, shift=shift, wanted=frozenset(wanted))


def ids(chain):
    return [o.id for o in chain]


def test_three_officers_who_want_each_others_shift_form_one_cycle():
    # given: A wants B's shift, B wants C's, C wants A's
    a, b, c = offer(1, 10, 100, 200), offer(2, 20, 200, 300), offer(3, 30, 300, 100)
    # when / then: one cycle, starting at the lowest offer
    assert [ids(c_) for c_ in cycles([c, a, b])] == [[1, 2, 3]]


def test_a_two_officer_exchange_is_not_a_chain():
    a, b = offer(1, 10, 100, 200), offer(2, 20, 200, 100)
    assert cycles([a, b]) == []


def test_an_open_path_is_not_a_chain():
    a, b, c = offer(1, 10, 100, 200), offer(2, 20, 200, 300), offer(3, 30, 300)
    assert cycles([a, b, c]) == []


def test_one_officers_own_offers_are_never_linked():
    # A wants a shift only he himself offers: no edge, so no cycle
    a1, a2, b = offer(1, 10, 100, 200), offer(2, 10, 200, 300), offer(3, 20, 300, 100)
    assert cycles([a1, a2, b]) == []


def test_a_cycle_through_two_officers_only_is_not_a_chain():
    # A -> B -> A -> B: four offers, two officers (two plain exchanges)
    offers = [
        offer(1, 10, 100, 200),
        offer(2, 20, 200, 300),
        offer(3, 10, 300, 400),
        offer(4, 20, 400, 100),
    ]
    assert cycles(offers) == []


def test_an_officer_may_appear_twice_in_a_chain_of_three_officers():
    offers = [
        offer(1, 10, 100, 200),  # A gives 100, takes 200
        offer(2, 20, 200, 300),  # B gives 200, takes 300 (A's second place)
        offer(3, 10, 300, 400),  # A gives 300, takes 400
        offer(4, 30, 400, 100),  # C gives 400, takes 100
    ]
    assert [ids(c) for c in cycles(offers)] == [[1, 2, 3, 4]]


def test_shortest_cycle_is_preferred_and_offers_are_used_once():
    # a 3-cycle and a 4-cycle share offer 1
    offers = [
        offer(1, 10, 100, 200, 500),
        offer(2, 20, 200, 300),
        offer(3, 30, 300, 100),
        offer(5, 50, 500, 600),
        offer(6, 60, 600, 700),
        offer(7, 70, 700, 100),
    ]
    found = cycles(offers)
    assert [ids(c) for c in found] == [[1, 2, 3], [1, 5, 6, 7]]
    assert [ids(c) for c in find_chains(offers)] == [[1, 2, 3]]


def test_an_unlawful_chain_is_skipped_and_the_next_one_chosen():
    offers = [
        offer(1, 10, 100, 200, 500),
        offer(2, 20, 200, 300),
        offer(3, 30, 300, 100),
        offer(5, 50, 500, 600),
        offer(6, 60, 600, 700),
        offer(7, 70, 700, 100),
    ]
    seen = []

    def lawful(chain):
        seen.append(ids(chain))
        return len(chain) == 4

    assert [ids(c) for c in find_chains(offers, lawful=lawful)] == [[1, 5, 6, 7]]
    assert seen == [[1, 2, 3], [1, 5, 6, 7]]


def test_declined_chains_and_busy_officers_are_not_proposed_again():
    offers = [offer(1, 10, 100, 200), offer(2, 20, 200, 300), offer(3, 30, 300, 100)]
    assert find_chains(offers, exclude={chain_key([1, 2, 3])}) == []
    assert find_chains(offers, busy_officers={20}) == []
    assert len(find_chains(offers)) == 1


def test_an_officer_is_in_at_most_one_chain_of_a_search():
    # two disjoint cycles that share officer 10 through different offers
    offers = [
        offer(1, 10, 100, 200),
        offer(2, 20, 200, 300),
        offer(3, 30, 300, 100),
        offer(4, 10, 400, 500),
        offer(5, 40, 500, 600),
        offer(6, 50, 600, 400),
    ]
    assert len(cycles(offers)) == 2
    assert [ids(c) for c in find_chains(offers)] == [[1, 2, 3]]


def test_max_length_bounds_the_search():
    ring = [offer(i, i, 100 + i, 100 + (i % 6) + 1) for i in range(1, 7)]
    assert [len(c) for c in cycles(ring, max_length=6)] == [6]
    assert cycles(ring, max_length=5) == []


def test_the_search_loads_no_django():
    code = (
        "import sys, roster.swap_chain_search; "
        "sys.exit(1 if any(m.startswith('django') for m in sys.modules) else 0)"
    )
    run = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603 - fixed code
    assert run.returncode == 0
