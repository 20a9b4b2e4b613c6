"""Each officer's lawful open places, kept up to date on roster changes (issue #17, fast reads).

`GET /open-shifts/` used to check every open place of the officer's teams against his rules on
every read. Now a table holds, per officer, the places of published, upcoming shifts he may
lawfully take (`OpenPlaceFit`: shift and skill, full or not), computed by
`open_places_for(every_place=True)` — the live list's own code, so every check it makes (team,
lending, qualification on the date, absence, not already on the shift, the working-time rules
through `roster.compliance`) applies here too. A read joins that table with the live state:
the shift not cancelled, its period published, it has not started, a lent place's lead time
has come, and the place is open NOW (demand minus assignments, counted by the database); so a
place that filled up is never listed.

Freshness: `OpenFitState` per officer. Every change of an input of his list raises his
`generation` (after the change commits) and enqueues a recompute (`roster.tasks.
refresh_open_fits`); a recompute stores the generation it started from. The table is read only
when `computed_generation == generation`; otherwise (never computed, changed since, a lost
task) the read computes the list live, as before, and asks for a recompute. What raises a
generation (`open_fit_changes.connect()`, from `AppConfig.ready()`): an assignment saved or
deleted (its officer); absences, qualifications, trainings, night exemptions, the officer's
night flag and his team memberships (that officer); a shift or period saved or deleted and a
team's lending, fatigue or training policy (every officer of the teams of its unit: lending
reaches across teams); the writes that bypass `save()` report through `roster.place_changes`
(a solve's commit, a swap, an absence freeing places) or call `open_fit_changes.
open_fits_changed` (a swap chain, generated shifts).

A trainee's training places (`roster.services.training_places`) are stored like any place
(`training`); whether a mentor works the shift is another officer's roster, so the read checks
it every time (a few queries per training place, none for an officer who trains for nothing).

Staleness is never unlawful: between a commit and its generation raise (milliseconds), or for a
rule whose input is another officer's assignment, the list can be briefly out of date; a place
listed that is no longer lawful is refused by the claim, which runs every check again under
its locks (409/422), and a place missing from the list appears at the next change or read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from organisation.models import Officer
from roster.models import Assignment, Phase
from roster.open_fit_models import OpenFitState, OpenPlaceFit
from roster.services.lending import lending_team_ids, lent_now
from roster.services.open_fit_changes import enqueue_refresh
from roster.services.open_shifts import OpenPlace, open_places_for, with_mentors


def open_places_read(*, actor: Officer, now: dt.datetime | None = None) -> list[OpenPlace]:
    """The open places `actor` may claim, soonest first: the same list as
    `open_places_for`, from the materialised fits when they are fresh (3 queries whatever the
    number of shifts, plus the mentor check of training places), else computed live (and a
    recompute requested)."""
    now = now or timezone.now()
    state = (
        OpenFitState.objects.filter(officer=actor)
        .values_list("generation", "computed_generation")
        .first()
    )
    if state is None or state[0] != state[1]:
        _refresh_on_commit([actor.pk])
        return open_places_for(actor=actor, now=now)
    fits = [
        fit
        for fit in OpenPlaceFit.objects.filter(
            officer=actor,
            shift__start__gt=now,
            shift__cancelled_at__isnull=True,
            shift__period__phase=Phase.PUBLISHED,
        ).select_related("shift")
        if not fit.lent or lent_now(fit.lent_within_hours, fit.shift, now)
    ]
    if not fits:
        return []
    filled: dict[int, Counter[str]] = {}
    counted = (
        Assignment.objects.filter(shift_id__in={fit.shift_id for fit in fits})
        .values_list("shift_id", "skill__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    for shift_id, code, n in counted:
        filled.setdefault(shift_id, Counter())[code] = n
    fits.sort(key=lambda f: (f.shift.start, f.shift_id, f.skill))  # the live list's order
    places = []
    for fit in fits:
        left = (
            int(fit.shift.demand.get(fit.skill, 0)) - filled.get(fit.shift_id, Counter())[fit.skill]
        )
        if left > 0:
            places.append(
                OpenPlace(
                    shift=fit.shift,
                    skill=fit.skill,
                    open=left,
                    lent=fit.lent,
                    training=fit.training,
                )
            )
    return with_mentors(actor, places)


def open_fits_refresh(*, officer_ids: Iterable[int]) -> int:
    """Recompute the fits of these officers where they are not fresh; returns how many were
    recomputed. Idempotent. The state row is created (committed) BEFORE the inputs are read,
    so a change committed meanwhile raises its generation and the result is not taken as
    fresh. Lock order: the officer's state row only."""
    done = 0
    for officer in Officer.objects.filter(pk__in=sorted(set(officer_ids))):
        state, _created = OpenFitState.objects.get_or_create(officer=officer)
        if state.computed_generation == state.generation:
            continue
        started = state.generation
        now = timezone.now()
        places = open_places_for(actor=officer, now=now, every_place=True)
        within = lending_team_ids(officer) if any(p.lent for p in places) else {}
        with transaction.atomic():
            locked = OpenFitState.objects.select_for_update().get(pk=officer.pk)
            if locked.computed_generation >= started:
                continue  # a later recompute already stored a newer answer
            OpenPlaceFit.objects.filter(officer=officer).delete()
            OpenPlaceFit.objects.bulk_create(
                [
                    OpenPlaceFit(
                        officer=officer,
                        shift=p.shift,
                        skill=p.skill,
                        lent=p.lent,
                        lent_within_hours=within.get(p.shift.team_id) if p.lent else None,
                        training=p.training,
                    )
                    for p in places
                ]
            )
            locked.computed_generation = started
            locked.computed_at = now
            locked.save(update_fields=["computed_generation", "computed_at"])
        done += 1
    return done


def _refresh_on_commit(officer_ids: list[int]) -> None:
    transaction.on_commit(lambda: enqueue_refresh(officer_ids))
