"""The inbox asks only the sources the actor's roles can give items (issue #17, fast reads)."""

import pytest

from approvals.registry import asks, sources
from approvals.selectors import inbox_counts, inbox_items
from organisation.models import RoleAssignment
from tests.approvals.test_inbox import _accepted_swap

pytestmark = pytest.mark.django_db


def test_an_officer_who_decides_nothing_costs_one_query_for_swaps_and_chains(
    officer, api_client_for, django_assert_num_queries
):
    # given: an officer who leads, substitutes for and plans no team
    client = api_client_for(officer)
    # when: user, scope (roles, teams), approval tasks, one "does he substitute today"
    # instead of the swap, swap-chain and lent-claim queries; no repair query (he plans
    # nothing)
    with django_assert_num_queries(5):
        response = client.get("/api/v1/inbox/")
    # then
    assert response.status_code == 200, response.data
    assert response.data["results"] == []


def test_a_planner_is_asked_about_repairs_but_not_swaps(
    planner, api_client_for, django_assert_num_queries
):
    client = api_client_for(planner)
    # user, scope (roles, teams), approval tasks, substitute check, repair suggestions
    with django_assert_num_queries(6):
        response = client.get("/api/v1/inbox/")
    assert response.status_code == 200, response.data


def test_skipped_sources_are_exactly_those_with_nothing_for_the_actor(
    team, officer, colleague, basis, team_lead, planner
):
    # given: a swap waiting for the team lead
    swap = _accepted_swap(team, officer, colleague, basis)
    for someone in (officer, colleague, team_lead, planner):
        actor = type(someone).objects.get(pk=someone.pk)  # a fresh object: no scope remembered
        skipped = {s.kind for s in sources() if not asks(s, actor)}
        # when asking every source regardless of relevance
        every = {s.kind: s.count(actor=actor) for s in sources()}
        # then: a skipped source would have had nothing, and the lists agree
        assert all(every[kind] == 0 for kind in skipped), (actor, skipped, every)
        assert inbox_counts(actor=actor) == {"total": sum(every.values()), **every}
    assert "swap" not in {s.kind for s in sources() if not asks(s, team_lead)}
    assert [(i.kind, i.id) for i in inbox_items(actor=team_lead, kind="swap")] == [
        ("swap", swap.pk)
    ]
    # a team lead role makes the swap sources relevant again for a former plain officer
    RoleAssignment.objects.create(officer=officer, role="team_lead", team=team)
    fresh = type(officer).objects.get(pk=officer.pk)
    assert {"swap", "swap_chain", "lent_claim"} <= {s.kind for s in sources() if asks(s, fresh)}
