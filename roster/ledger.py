"""The fairness ledger, derived from the assignments of published periods (ADR 0007).

An officer's ledger entry for a published (or archived) period is computed, never stored:
his assignments on the period's shifts that are not cancelled give the shifts, nights,
weekend and holiday shifts and the worked minutes; the contract-hours history gives the
contract minutes over the period's days (`organisation.employment_selectors`, pro rata by day
across a contract change). Every change after publication (swap, claim, fair
award, freeing by an absence, repair, any later write) is therefore in the ledger the moment
its transaction commits, and inside it: there is nothing to rewrite and nothing to drift.

A period counts for an officer who has an assignment in it or was an active member of its
team when it was published (`RosterPeriod.published_members`), so a member without a shift
still counts the period's contract hours.

Readers: `roster.selectors` (my ledger, the team's distribution), the fair award's ranking
(`roster.services.fair_award`) and the solver's history (`roster.services.solving.input`).
Cost: two queries (assignments grouped by officer and period, the members at publication)
plus at most two for the contract histories, whatever the number of officers and periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

from organisation.employment_selectors import contract_minutes_over_ranges
from roster.models import Assignment, Phase, RosterPeriod

#: Phases whose roster counts in the ledger: published, and archived after it.
LEDGER_PHASES = (Phase.PUBLISHED, Phase.ARCHIVED)

_MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class LedgerEntry:
    """An officer's burdens, worked and contract minutes in one published period."""

    officer_id: int
    period_id: int
    shifts: int
    nights: int
    weekends: int
    holidays: int
    worked_minutes: int
    contract_minutes: int

    @property
    def minutes_delta(self) -> int:
        return self.worked_minutes - self.contract_minutes


@dataclass(frozen=True)
class LedgerTotals:
    """The sum of an officer's entries: his ledger."""

    periods: int = 0
    shifts: int = 0
    nights: int = 0
    weekends: int = 0
    holidays: int = 0
    worked_minutes: int = 0
    contract_minutes: int = 0

    @property
    def minutes_delta(self) -> int:
        return self.worked_minutes - self.contract_minutes

    @property
    def burdens(self) -> int:
        return self.nights + self.weekends + self.holidays


@dataclass
class _Row:
    start: dt.date
    end: dt.date
    figures: dict[str, int] = field(default_factory=dict)


def ledger_entries(
    *, officer_ids: Collection[int], before: dt.date | None = None
) -> list[LedgerEntry]:
    """The ledger entries of `officer_ids`, one per officer and published period that counts
    for him (see the module docstring), ordered by officer, period start and period id.

    `before`: only periods that start before that day (the solver's history of a period)."""
    if not officer_ids:
        return []
    ids = sorted(set(officer_ids))
    period_filter = Q(phase__in=LEDGER_PHASES)
    if before is not None:
        period_filter &= Q(start_date__lt=before)
    rows: dict[tuple[int, int], _Row] = {}
    worked = ExpressionWrapper(F("shift__end") - F("shift__start"), output_field=DurationField())
    for a in (
        Assignment.objects.filter(
            officer_id__in=ids,
            shift__cancelled_at__isnull=True,
            shift__period__in=RosterPeriod.objects.filter(period_filter),
        )
        .values(
            "officer_id",
            "shift__period_id",
            "shift__period__start_date",
            "shift__period__end_date",
        )
        .annotate(
            n_shifts=Count("pk"),
            n_nights=Count("pk", filter=Q(shift__is_night=True)),
            n_weekends=Count("pk", filter=Q(shift__is_weekend=True)),
            n_holidays=Count("pk", filter=Q(shift__is_holiday=True)),
            worked=Sum(worked),
        )
        .order_by()
    ):
        rows[a["officer_id"], a["shift__period_id"]] = _Row(
            a["shift__period__start_date"],
            a["shift__period__end_date"],
            {
                "shifts": a["n_shifts"],
                "nights": a["n_nights"],
                "weekends": a["n_weekends"],
                "holidays": a["n_holidays"],
                # shifts are whole minutes, so the sum of the durations is exact
                "worked_minutes": (a["worked"] or dt.timedelta()) // _MINUTE,
            },
        )
    members = RosterPeriod.published_members.through.objects.filter(
        officer_id__in=ids, rosterperiod__in=RosterPeriod.objects.filter(period_filter)
    ).values_list(
        "officer_id", "rosterperiod_id", "rosterperiod__start_date", "rosterperiod__end_date"
    )
    for officer_id, period_id, start, end in members:
        rows.setdefault((officer_id, period_id), _Row(start, end))
    contracts = contract_minutes_over_ranges(
        (officer_id, row.start, row.end) for (officer_id, _period_id), row in rows.items()
    )
    entries = [
        LedgerEntry(
            officer_id=officer_id,
            period_id=period_id,
            shifts=row.figures.get("shifts", 0),
            nights=row.figures.get("nights", 0),
            weekends=row.figures.get("weekends", 0),
            holidays=row.figures.get("holidays", 0),
            worked_minutes=row.figures.get("worked_minutes", 0),
            contract_minutes=contracts[officer_id, row.start, row.end],
        )
        for (officer_id, period_id), row in rows.items()
    ]
    starts = {key: row.start for key, row in rows.items()}
    entries.sort(key=lambda e: (e.officer_id, starts[e.officer_id, e.period_id], e.period_id))
    return entries


def ledger_totals_for(
    *, officer_ids: Collection[int], before: dt.date | None = None
) -> dict[int, LedgerTotals]:
    """Each officer's ledger (the sum of his entries); zeros for an officer without one."""
    sums: dict[int, dict[str, int]] = {pk: {} for pk in officer_ids}
    for e in ledger_entries(officer_ids=officer_ids, before=before):
        s = sums[e.officer_id]
        s["periods"] = s.get("periods", 0) + 1
        for name in ("shifts", "nights", "weekends", "holidays"):
            s[name] = s.get(name, 0) + getattr(e, name)
        s["worked_minutes"] = s.get("worked_minutes", 0) + e.worked_minutes
        s["contract_minutes"] = s.get("contract_minutes", 0) + e.contract_minutes
    return {pk: LedgerTotals(**s) for pk, s in sums.items()}
