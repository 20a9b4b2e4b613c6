"""The unit capacity endpoints at unit scale (issue 18, item 1).

    python -m bench.capacity [--teams 4] [--officers 60] [--periods 4] [--runs 20] [--reuse]

On the database of ``DATABASE_URL`` (a throwaway one: it adds a unit ``bench-cap``): a unit
of ``--teams`` teams of ``--officers`` officers, each team with ``--periods`` 28-day periods
(the last published, the others archived) of early/late/night shifts every day, about 20
shifts per officer per period (bulk-inserted), and a week's absence for every tenth officer
in each period. Then it times, as the unit manager, through the whole Django stack (test
client: middleware, session login, view, serializer): the capacity of one period
(28 days, all teams), of all periods (as many days, at most 93), the trend over all periods
and the CSV of one period. Prints the median and p95 in ms, the query count and the body size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import django

CODE = "bench-cap"
SHIFTS = (("early", 7, 8), ("late", 15, 8), ("night", 23, 8))
FIRST = dt.date(2026, 8, 3)  # a Monday; 4 periods end before today (Dec 2026) and beyond


def _build(teams: int, officers: int, periods: int) -> Any:
    from django.db import transaction
    from django.utils import timezone

    from organisation.models import (
        Absence,
        AbsenceKind,
        Officer,
        Role,
        RoleAssignment,
        Skill,
        Team,
        Unit,
    )
    from roster.burdens import compute_burdens, local_wall_clock
    from roster.models import Assignment, AssignmentSource, Phase, RosterPeriod, Shift

    with transaction.atomic():
        unit = Unit.objects.create(code=CODE, name="Bench capacity")
        basis, _ = Skill.objects.get_or_create(
            code="basis", defaults={"name_nl": "basis", "name_en": "basis"}
        )
        manager = Officer.objects.create(username=f"{CODE}-manager", employee_number="CM00001")
        RoleAssignment.objects.create(officer=manager, role=Role.UNIT_MANAGER, unit=unit)
        per_shift = max(1, round(officers * 20 / (28 * len(SHIFTS))))
        now = timezone.now()
        for t in range(teams):
            team = Team.objects.create(unit=unit, code=f"{CODE}-{t}", name=f"Bench team {t}")
            people = Officer.objects.bulk_create(
                Officer(
                    username=f"{CODE}-{t}-{i:03d}",
                    employee_number=f"C{t}{i:04d}",
                    first_name="Bench",
                    last_name=f"{t}-{i:03d}",
                    contract_minutes_per_week=(2160, 2160, 1728, 1440)[i % 4],
                )
                for i in range(officers)
            )
            team.members.add(*people)
            for p in range(periods):
                start = FIRST + dt.timedelta(days=28 * p)
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
                        e = local_wall_clock(
                            date + dt.timedelta(days=hour + hours >= 24),
                            dt.time((hour + hours) % 24),
                        )
                        b = compute_burdens(s, e)
                        shifts.append(
                            Shift(
                                team=team,
                                period=period,
                                kind=kind,
                                start=s,
                                end=e,
                                demand={"basis": per_shift + 1},  # one place open per shift
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
                Absence.objects.bulk_create(
                    Absence(
                        officer=o,
                        kind=AbsenceKind.LEAVE,
                        start=local_wall_clock(start + dt.timedelta(days=7), dt.time(0)),
                        end=local_wall_clock(start + dt.timedelta(days=14), dt.time(0)),
                        created_by=manager,
                    )
                    for o in people[p % 10 :: 10]
                )
    return unit


def _time(runs: int, fn: Any) -> tuple[float, float, int, int]:
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # every request empties the query log: keep it for the count of this one
    request_started.disconnect(reset_queries)
    with CaptureQueriesContext(connection) as queries:
        response = fn()
    count = len(queries)  # read now: the runs below empty the log
    request_started.connect(reset_queries)
    assert response.status_code == 200, response.content[:300]  # noqa: S101 - bench sanity
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, count, len(response.content)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__)
    parser.add_argument("--teams", type=int, default=4)
    parser.add_argument("--officers", type=int, default=60)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="Measure the existing unit again.")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    import logging

    from django.db import connection
    from django.test import Client

    from organisation.models import Officer, Unit
    from roster.models import Assignment

    logging.disable(logging.INFO)  # per-request access logs would drown the figures
    unit = Unit.objects.filter(code=CODE).first()
    if unit is not None and not args.reuse:
        sys.exit(f"A unit {CODE} exists already: use --reuse or a fresh database.")
    if unit is None:
        started = time.perf_counter()
        unit = _build(args.teams, args.officers, args.periods)
        print(f"built in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(Officer.objects.get(username=f"{CODE}-manager"))
    base = f"/api/v1/units/{unit.pk}/capacity/"
    one = f"?from={FIRST}&to={FIRST + dt.timedelta(days=27)}"
    days = min(28 * args.periods, 93)
    every = f"?from={FIRST}&to={FIRST + dt.timedelta(days=days - 1)}"
    print(
        f"{connection.vendor}: {args.teams} teams x {args.officers} officers x "
        f"{args.periods} periods, "
        f"{Assignment.objects.filter(shift__team__unit=unit).count()} assignments"
    )
    cases = [
        ("capacity, one period (28 days)", base + one),
        (f"capacity, {days} days", base + every),
        (f"trend, {args.periods} periods", base + f"trend/?periods={args.periods}"),
        ("CSV, one period (28 days)", base + "csv/" + one),
    ]
    print(
        f"{'read':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>7}  ({args.runs} runs)"
    )
    for name, url in cases:
        median, p95, queries, size = _time(args.runs, lambda url=url: client.get(url))
        print(f"{name:<34} {median:>10.1f} {p95:>8.1f} {queries:>8} {size / 1024:>7.0f}")


if __name__ == "__main__":
    main()
