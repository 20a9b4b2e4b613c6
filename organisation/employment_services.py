"""Writes of the dated terms of employment (`organisation.employment`).

Called by the desk outcome handlers that an approved HR request runs (the roster registers
them, `roster.desk_outcomes_hr`), inside the workflow's transaction. The approval is the
authority: these services check no role, so no API calls them directly.

Every write names its `source` (`request:<pk>`) and is idempotent: recording the same source
again leaves one row with the values of the last call (a request returned after approval,
edited and approved again replaces its earlier effect; approving twice never doubles it).
Lock order: the officer's row (`select_for_update`), then his rows of the model written.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from organisation.employment import (
    CONTRACT_BASE_DATE,
    ContractHours,
    HoursMutation,
    HoursMutationKind,
    NightExemption,
    SecondTeamMembership,
)
from organisation.models import Officer, Team


def _lock(officer: Officer) -> Officer:
    return Officer.objects.select_for_update().get(pk=officer.pk)


def _current_minutes(officer_id: int, day: dt.date) -> int | None:
    row = (
        ContractHours.objects.filter(officer_id=officer_id, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    return row.minutes_per_week if row else None


def contract_hours_record(
    *, actor: Officer, officer: Officer, valid_from: dt.date, minutes_per_week: int, source: str
) -> ContractHours:
    """The officer works `minutes_per_week` from `valid_from` on.

    The first change of an officer first records his contract until then as the base row
    (ADR 0006). A change on a date that already has a row replaces that row's minutes. The
    officer's `contract_minutes_per_week` (the contract valid today) follows at once when
    the change is in force; a later start is taken over by `contract_hours_sync` on the day.
    """
    with transaction.atomic():
        locked = _lock(officer)
        if source:  # replace this source's earlier effect (see module docstring)
            ContractHours.objects.filter(officer=locked, source=source).delete()
        if not ContractHours.objects.filter(officer=locked).exists():
            ContractHours.objects.create(
                officer=locked,
                valid_from=CONTRACT_BASE_DATE,
                minutes_per_week=locked.contract_minutes_per_week,
                source="base",
            )
        row = ContractHours.objects.filter(officer=locked, valid_from=valid_from).first()
        row = row or ContractHours(officer=locked, valid_from=valid_from)
        row.minutes_per_week = minutes_per_week
        row.source = source
        row.full_clean(validate_unique=False)
        row.save()
        _sync_officer(locked, timezone.localdate())
    return row


def _sync_officer(officer: Officer, today: dt.date) -> bool:
    minutes = _current_minutes(officer.pk, today)
    if minutes is None or minutes == officer.contract_minutes_per_week:
        return False
    officer.contract_minutes_per_week = minutes
    officer.save(update_fields=["contract_minutes_per_week"])
    return True


def contract_hours_sync(*, today: dt.date | None = None) -> int:
    """Bring every officer's `contract_minutes_per_week` to the contract valid `today`
    (default: the local date); a change that starts today takes effect. Returns how many
    officers changed. Idempotent (the daily beat task `organisation.tasks.sync_contract_hours`)."""
    today = today or timezone.localdate()
    changed = 0
    officer_ids = set(
        ContractHours.objects.filter(valid_from__lte=today).values_list("officer_id", flat=True)
    )
    for officer_id in sorted(officer_ids):
        with transaction.atomic():
            locked = Officer.objects.select_for_update().get(pk=officer_id)
            changed += int(_sync_officer(locked, today))
    return changed


def night_exemption_record(
    *,
    actor: Officer,
    officer: Officer,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    source: str,
) -> NightExemption:
    """The officer is exempt from night shifts over the dates (inclusive; no end: open)."""
    with transaction.atomic():
        locked = _lock(officer)
        row = (NightExemption.objects.filter(source=source).first() if source else None) or (
            NightExemption(source=source)
        )
        row.officer, row.valid_from, row.valid_until = locked, valid_from, valid_until
        row.full_clean()
        row.save()
    return row


def second_team_record(
    *,
    actor: Officer,
    officer: Officer,
    team: Team,
    valid_from: dt.date,
    valid_until: dt.date,
    source: str,
) -> SecondTeamMembership:
    """The officer is rostered with `team` too over the dates (inclusive)."""
    with transaction.atomic():
        locked = _lock(officer)
        row = (
            SecondTeamMembership.objects.filter(source=source).first() if source else None
        ) or SecondTeamMembership(source=source)
        row.officer, row.team = locked, team
        row.valid_from, row.valid_until = valid_from, valid_until
        row.full_clean()
        row.save()
    return row


def hours_mutation_record(
    *,
    actor: Officer,
    officer: Officer,
    date: dt.date,
    minutes: int,
    kind: str = HoursMutationKind.OVERTIME,
    source: str,
) -> HoursMutation:
    """A signed change of the officer's hours balance on `date` (positive: owed to him)."""
    with transaction.atomic():
        locked = _lock(officer)
        row = (
            HoursMutation.objects.filter(source=source, kind=kind).first() if source else None
        ) or HoursMutation(source=source, kind=kind, created_by=actor)
        row.officer, row.date, row.minutes = locked, date, minutes
        row.full_clean()
        row.save()
    return row
