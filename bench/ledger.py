"""The derived fairness ledger at police scale (Issue #14, ADR 0007).

    python -m bench.ledger [--officers 250] [--periods 26] [--runs 20] [--reuse]

On the database of ``DATABASE_URL`` (a throwaway one: it adds a team ``bench-ledger``): one
team of ``--officers`` officers with ``--periods`` published 28-day periods behind it, each
with early/late/night shifts every day and about 20 shifts per officer (bulk-inserted). Then
it times, over ``--runs`` runs, what reads the ledger: the team distribution (team ledger
API), one officer's totals (my ledger API), the solver's history for all members before the
last period (the solve input) and the claimants' figures of a fair award (5 officers). Prints
the median and p95 in ms and the query count of each, and on PostgreSQL the plan of the
aggregate query (``EXPLAIN ANALYZE``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import django

CODE = "bench-ledger"
SHIFTS = (("early", 7, 8), ("late", 15, 8), ("night", 23, 8))


def _build(officers: int, periods: int) -> tuple[Any, list[int]]:
    from django.db import transaction
    from django.utils import timezone

    from organisation.models import Officer, Skill, Team, Unit
    from roster.burdens import compute_burdens, local_wall_clock
    from roster.models import Assignment, AssignmentSource, Phase, RosterPeriod, Shift

    with transaction.atomic():
        unit, _ = Unit.objects.get_or_create(code=CODE, defaults={"name": "Bench ledger"})
        team = Team.objects.create(unit=unit, code=CODE, name="Bench ledger")
        basis, _ = Skill.objects.get_or_create(
            code="basis", defaults={"name_nl": "basis", "name_en": "basis"}
        )
        people = Officer.objects.bulk_create(
            Officer(
                username=f"{CODE}-{i:04d}",
                employee_number=f"L{i:05d}",
                contract_minutes_per_week=(2160, 2160, 1728, 1440)[i % 4],
            )
            for i in range(officers)
        )
        team.members.add(*people)
        # a place per officer and 5 days in 7 (about 20 shifts in 28 days)
        per_shift = max(1, round(officers * 20 / (28 * len(SHIFTS))))
        first = dt.date(2025, 1, 6)
        now = timezone.now()
        for p in range(periods):
            start = first + dt.timedelta(days=28 * p)
            period = RosterPeriod.objects.create(
                team=team,
                start_date=start,
                end_date=start + dt.timedelta(days=28),
                phase=Phase.ARCHIVED if p < periods - 1 else Phase.PUBLISHED,
                signup_opens_at=now,
                signup_closes_at=now + dt.timedelta(days=1),
                publish_on=start - dt.timedelta(days=7),
                published_at=now,
            )
            period.published_members.set(people)
            shifts = []
            for day in range(28):
                date = start + dt.timedelta(days=day)
                for kind, hour, hours in SHIFTS:
                    s = local_wall_clock(date, dt.time(hour))
                    e = s + dt.timedelta(hours=hours)
                    b = compute_burdens(s, e)
                    shifts.append(
                        Shift(
                            team=team,
                            period=period,
                            kind=kind,
                            start=s,
                            end=e,
                            demand={"basis": per_shift},
                            is_night=b.night,
                            is_weekend=b.weekend,
                            is_holiday=b.holiday,
                        )
                    )
            shifts = Shift.objects.bulk_create(shifts)
            rotation = (p * 7) % officers
            Assignment.objects.bulk_create(
                (
                    Assignment(
                        officer=people[(rotation + i * per_shift + k) % officers],
                        shift=shift,
                        skill=basis,
                        source=AssignmentSource.SOLVER,
                    )
                    for i, shift in enumerate(shifts)
                    for k in range(per_shift)
                ),
                batch_size=5000,
            )
    return team, [o.pk for o in people]


def _time(runs: int, fn: Callable[[], Any]) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries)


def _explain(officer_ids: list[int]) -> str:
    from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

    from roster.ledger import LEDGER_PHASES
    from roster.models import Assignment, RosterPeriod

    worked = ExpressionWrapper(F("shift__end") - F("shift__start"), output_field=DurationField())
    qs = (
        Assignment.objects.filter(
            officer_id__in=officer_ids,
            shift__cancelled_at__isnull=True,
            shift__period__in=RosterPeriod.objects.filter(phase__in=LEDGER_PHASES),
        )
        .values("officer_id", "shift__period_id")
        .annotate(n=Count("pk", filter=Q(shift__is_night=True)), worked=Sum(worked))
        .order_by()
    )
    return qs.explain(analyze=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger", description=__doc__)
    parser.add_argument("--officers", type=int, default=250)
    parser.add_argument("--periods", type=int, default=26)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="Measure the existing team again.")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    from organisation.models import Team
    from roster.ledger import ledger_entries, ledger_totals_for
    from roster.models import Assignment, RosterPeriod
    from roster.selectors import team_ledger_distribution

    team = Team.objects.filter(code=CODE).first()
    if team is not None and not args.reuse:
        sys.exit(f"A team {CODE} exists already: use --reuse or a fresh database.")
    if team is None:
        started = time.perf_counter()
        team, ids = _build(args.officers, args.periods)
        print(f"built in {time.perf_counter() - started:.1f} s")
    ids = list(team.members.values_list("pk", flat=True))
    last = RosterPeriod.objects.filter(team=team).order_by("-start_date").first()
    assert last is not None  # noqa: S101 - built above
    assignments = Assignment.objects.filter(shift__team=team).count()
    print(
        f"{connection.vendor}: {len(ids)} officers, "
        f"{RosterPeriod.objects.filter(team=team).count()} published periods, "
        f"{assignments} assignments, {len(ledger_entries(officer_ids=ids))} ledger entries"
    )
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("team ledger (GET /teams/{id}/ledger/)", lambda: team_ledger_distribution(team=team)),
        ("one officer (GET /me/ledger/)", lambda: ledger_totals_for(officer_ids=ids[:1])),
        (
            "solver history, all members",
            lambda: ledger_totals_for(officer_ids=ids, before=last.start_date),
        ),
        ("fair award figures, 5 claimants", lambda: ledger_totals_for(officer_ids=ids[:5])),
    ]
    print(f"{'read':<42} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  (over {args.runs} runs)")
    for name, fn in cases:
        median, p95, queries = _time(args.runs, fn)
        print(f"{name:<42} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    if connection.vendor == "postgresql":
        print("\nEXPLAIN ANALYZE of the aggregate (all members):\n" + _explain(ids))


if __name__ == "__main__":
    main()
