"""What changes an officer's lawful open places: raise his generation and enqueue a recompute
(`roster.services.open_fits` explains the materialisation). Only models and Celery's task
registry are imported here, so any write service can call `open_fits_changed` without an
import cycle."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from organisation.employment import NightExemption
from organisation.models import Absence, Officer, Qualification, Team, Training
from roster.models import (
    Assignment,
    Phase,
    RosterPeriod,
    Shift,
    TeamFatiguePolicy,
    TeamLendingPolicy,
    TeamTrainingPolicy,
)
from roster.open_fit_models import OpenFitState
from roster.place_changes import register_places_changed

TASK = "roster.tasks.refresh_open_fits"


def open_fits_changed(*, officer_ids: Iterable[int] = (), team_ids: Iterable[int] = ()) -> None:
    """An input of these officers' lists changed (for `team_ids`: of every officer of the
    teams of their units). After the surrounding transaction commits: raise their generation
    and enqueue their recompute. A write that bypasses `save()`/`delete()` (bulk_create,
    update) calls this itself."""
    officers, teams = set(officer_ids), set(team_ids)
    if officers or teams:
        transaction.on_commit(lambda: _apply_change(officers, teams))


def _apply_change(officers: set[int], teams: set[int]) -> None:
    if teams:
        units = Team.objects.filter(pk__in=teams).values("unit_id")
        officers |= set(
            Officer.teams.through.objects.filter(team__unit_id__in=units).values_list(
                "officer_id", flat=True
            )
        )
    if not officers:
        return
    OpenFitState.objects.filter(officer_id__in=officers).update(generation=F("generation") + 1)
    enqueue_refresh(sorted(officers))


def enqueue_refresh(officer_ids: list[int]) -> None:
    """Ask the worker to recompute these officers (by the task's name: the tasks module
    imports the services, not the other way round)."""
    current_app.tasks[TASK].delay(officer_ids)


# -- what raises a generation --------------------------------------------------------------


def open_fits_places_changed(shift_ids: frozenset[int], officer_ids: frozenset[int]) -> None:
    """The `roster.place_changes` hook: places moved by a write that sends no signal (a
    solve's commit, a swap, an absence freeing places): those officers' lists changed."""
    open_fits_changed(officer_ids=officer_ids)


def _officer_of(sender: Any, instance: Any, **kwargs: Any) -> None:
    open_fits_changed(officer_ids=[instance.officer_id])


def _team_of_shift(sender: Any, instance: Shift, **kwargs: Any) -> None:
    # a shift of a period not published is in nobody's list (its publication raises them all)
    period_id, team_id = instance.period_id, instance.team_id

    def apply() -> None:
        if RosterPeriod.objects.filter(pk=period_id, phase=Phase.PUBLISHED).exists():
            _apply_change(set(), {team_id})

    transaction.on_commit(apply)


def _team_of(sender: Any, instance: Any, **kwargs: Any) -> None:
    open_fits_changed(team_ids=[instance.team_id])


def _officer_saved(sender: Any, instance: Officer, update_fields: Any = None, **kw: Any) -> None:
    if update_fields is None or "night_exempt" in update_fields:
        open_fits_changed(officer_ids=[instance.pk])


def _memberships(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:  # officer.teams.add(...)
        open_fits_changed(officer_ids=[instance.pk])
    elif pk_set:  # team.members.add(...)
        open_fits_changed(officer_ids=pk_set)
    else:  # team.members.clear()
        open_fits_changed(team_ids=[instance.pk])


def _lending_to_teams(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, TeamLendingPolicy):
        open_fits_changed(team_ids=[instance.team_id])
    elif action.startswith("post_"):  # team.<reverse>.add(policy): the policies' teams
        ids = TeamLendingPolicy.objects.filter(pk__in=kwargs.get("pk_set") or ())
        open_fits_changed(team_ids=ids.values_list("team_id", flat=True))


def connect() -> None:
    """Connect the generation raises (called once from `RosterConfig.ready()`)."""
    register_places_changed(open_fits_places_changed)
    uid = "open_fits"
    for model in (Assignment, Absence, Qualification, NightExemption, Training):
        post_save.connect(_officer_of, sender=model, dispatch_uid=f"{uid}:s:{model.__name__}")
        post_delete.connect(_officer_of, sender=model, dispatch_uid=f"{uid}:d:{model.__name__}")
    post_save.connect(_team_of_shift, sender=Shift, dispatch_uid=f"{uid}:s:Shift")
    post_delete.connect(_team_of_shift, sender=Shift, dispatch_uid=f"{uid}:d:Shift")
    for team_model in (RosterPeriod, TeamLendingPolicy, TeamFatiguePolicy, TeamTrainingPolicy):
        name = team_model.__name__
        post_save.connect(_team_of, sender=team_model, dispatch_uid=f"{uid}:s:{name}")
        post_delete.connect(_team_of, sender=team_model, dispatch_uid=f"{uid}:d:{name}")
    post_save.connect(_officer_saved, sender=Officer, dispatch_uid=f"{uid}:s:Officer")
    m2m_changed.connect(_memberships, sender=Officer.teams.through, dispatch_uid=f"{uid}:m")
    m2m_changed.connect(
        _lending_to_teams, sender=TeamLendingPolicy.to_teams.through, dispatch_uid=f"{uid}:l"
    )
