"""Demo of a pending three-way swap chain in team `centrum`: `agent` would take a shift of
`collega`, `collega` one of a third colleague, and the colleague one of `agent`'s. `agent`
and the colleague accepted; the chain waits for `collega` (then, by the team's swap policy,
for `teamchef`'s approval in the inbox).

Everything goes through the services (`roster.services.swap_chains`), so the search, the
rules and the notifications are the real ones. Idempotent: a second run finds the chain and
changes nothing. Called from `seed_demo` after `seed_swaps` (its published period).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.errors import DomainError
from organisation.models import Absence, Officer, Team
from roster.models import Assignment, Phase
from roster.services.swap_chains import swap_chain_accept, swap_offer_create
from roster.swap_chain_models import OPEN_CHAIN_STATUSES, SwapChain, SwapChainLeg

logger = logging.getLogger(__name__)

#: How many places per officer and how many third colleagues the demo tries.
TRIES = 10


class _NoChain(Exception):
    """These three places make no lawful chain: roll the offers back, try the next."""


def seed_swap_chains(today: dt.date) -> dict[str, Any]:
    """Seed one pending three-way chain with `agent` and `collega` (once)."""
    team = Team.objects.get(code="centrum")
    agent = Officer.objects.get(username="agent")
    collega = Officer.objects.get(username="collega")
    pending = SwapChain.objects.filter(
        team=team,
        status__in=OPEN_CHAIN_STATUSES,
        pk__in=SwapChainLeg.objects.filter(giver=agent).values("chain_id"),
    )
    chain = pending.first() or _seed(team, agent, collega)
    if chain is None:
        logger.info("demo: no lawful three-way chain with agent and collega today")
        return {"pending_chains": 0}
    return {"pending_chains": pending.count(), "chain": chain.pk}


def _places(officer: Officer) -> list[Assignment]:
    """The officer's places ahead (from tomorrow) in a published roster of his team, last
    first."""
    return list(
        Assignment.objects.filter(
            officer=officer,
            shift__team__code="centrum",
            shift__period__phase=Phase.PUBLISHED,
            shift__start__gt=timezone.now() + dt.timedelta(days=1),
        )
        .select_related("shift")
        .order_by("-shift__start")[:TRIES]
    )


def _thirds(team: Team, agent: Officer, collega: Officer) -> list[Officer]:
    now = timezone.now()
    absent = Absence.objects.in_force().overlapping(now, None).values("officer_id")
    return list(
        Officer.objects.filter(teams=team, is_active=True, assignments__isnull=False)
        .exclude(pk__in=[agent.pk, collega.pk])
        .exclude(username__in=["teamchef", "roosteraar"])
        .exclude(pk__in=absent)
        .distinct()
        .order_by("pk")[:TRIES]
    )


def _seed(team: Team, agent: Officer, collega: Officer) -> SwapChain | None:
    for third in _thirds(team, agent, collega):
        for a in _places(agent):
            for c in _places(collega):
                for t in _places(third):
                    if len({a.shift_id, c.shift_id, t.shift_id}) < 3:
                        continue
                    try:
                        with transaction.atomic():
                            return _try(agent, collega, third, a, c, t)
                    except _NoChain:
                        continue
    return None


def _try(
    agent: Officer, collega: Officer, third: Officer, a: Assignment, c: Assignment, t: Assignment
) -> SwapChain:
    """Offer the three places round the ring; the last offer makes the search propose the
    chain. `agent` and the third colleague accept; `collega` has yet to."""
    try:
        swap_offer_create(actor=agent, assignment=a, wanted_shifts=[c.shift], note="Ruilketen")
        swap_offer_create(actor=collega, assignment=c, wanted_shifts=[t.shift])
        swap_offer_create(actor=third, assignment=t, wanted_shifts=[a.shift])
    except (DomainError, ValidationError) as exc:  # not allowed on today's roster: next
        raise _NoChain() from exc
    chain = SwapChain.objects.filter(
        pk__in=SwapChainLeg.objects.filter(giver=agent, assignment=a).values("chain_id"),
        status__in=OPEN_CHAIN_STATUSES,
    ).first()
    if chain is None:
        raise _NoChain()
    swap_chain_accept(actor=agent, chain=chain)
    swap_chain_accept(actor=third, chain=chain)
    return chain
