"""Swap chains whose premises broke are voided (issue 18): a shift of a leg cancelled,
moved or started, a party absent (a sick report), no longer a member of the team or no
longer qualified, a place of a leg changed hands by another path (a swap, a repair, a
manual change), an offer closed, a period no longer published, a move no longer lawful.

Two ways, one check (`swap_chains._stale`, the same as at acceptance and approval):
- at once: services that change places call `roster.place_changes.places_changed`; the
  open chains touching those shifts or officers are checked after that change commits
  (`swap_chains_recheck_after_commit`, registered in `RosterConfig.ready()`);
- periodically: beat runs `roster.tasks.void_stale_swap_chains` every 15 minutes for every
  open chain (what no hook sees: time passing, a membership or qualification ending in
  `organisation`, a direct edit in the admin).

A voided chain tells every party (and the lead asked to approve it) why, in each reader's
language; an absence reads as "a party can no longer work a shift" to everyone but the
absent officer (`organisation.need_to_know`). Its inbox task ends with its status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from roster.services.swap_chains import _lock_chain, _stale, _void
from roster.swap_chain_models import OPEN_CHAIN_STATUSES, SwapChain, SwapChainLeg


def open_chain_ids(*, shift_ids: Iterable[int] = (), officer_ids: Iterable[int] = ()) -> list[int]:
    """Open chains with a leg on one of `shift_ids` or a party among `officer_ids`."""
    shifts, officers = set(shift_ids), set(officer_ids)
    legs = SwapChainLeg.objects.filter(
        Q(shift_id__in=shifts) | Q(giver_id__in=officers) | Q(taker_id__in=officers),
        chain__status__in=OPEN_CHAIN_STATUSES,
    )
    return sorted(set(legs.values_list("chain_id", flat=True)))


def swap_chains_void_stale(
    *, chain_ids: Iterable[int] | None = None, now: dt.datetime | None = None
) -> int:
    """Check the open chains (all, or `chain_ids`) and void those that no longer hold, each
    in its own transaction under the chain's locks. Idempotent. Returns how many."""
    now = now or timezone.now()
    chains = SwapChain.objects.filter(status__in=OPEN_CHAIN_STATUSES)
    if chain_ids is not None:
        chains = chains.filter(pk__in=list(chain_ids))
    count = 0
    for chain in chains.order_by("pk"):
        with transaction.atomic():
            periods, locked, moves = _lock_chain(chain)
            if locked.status not in OPEN_CHAIN_STATUSES:
                continue
            reason = _stale(locked, periods, moves, now)
            if reason:
                _void(locked, None, reason)
                count += 1
    return count


def swap_chains_recheck_after_commit(
    shift_ids: frozenset[int], officer_ids: frozenset[int]
) -> None:
    """The `places_changed` hook: once the caller's change commits, check the open chains
    it touches (a failing check is logged, never undoes the change; beat checks again)."""
    ids = open_chain_ids(shift_ids=shift_ids, officer_ids=officer_ids)
    if ids:
        transaction.on_commit(partial(swap_chains_void_stale, chain_ids=ids), robust=True)
