"""Hooks told when places of the roster changed hands or vanished other than by the
service that registered them (a swap, a repair or solve writing a period, an absence freeing
places): a registry, so that the services that change places need not import those that
depend on them (e.g. swap chains, which import the swap service; issue 18).

A hook takes the shifts whose places changed and the officers whose roster changed, runs
inside the caller's transaction and must defer its own writes to after the commit
(`transaction.on_commit`). Filled in `RosterConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

PlacesChangedHook = Callable[[frozenset[int], frozenset[int]], None]

_HOOKS: list[PlacesChangedHook] = []


def register_places_changed(hook: PlacesChangedHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def places_changed(*, shift_ids: Iterable[int] = (), officer_ids: Iterable[int] = ()) -> None:
    """Tell every hook that places of `shift_ids` and the rosters of `officer_ids` changed."""
    shifts, officers = frozenset(shift_ids), frozenset(officer_ids)
    if not shifts and not officers:
        return
    for hook in _HOOKS:
        hook(shifts, officers)
