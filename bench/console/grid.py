"""Benchmark the console's roster grid: 60 officers x 28 days with a solved roster.

Builds a team `bench` (officers with skills, early/late/night templates every day, sign-ups,
a week of leave for a few officers), closes sign-up and solves it (eagerly, short time
limit), then renders `/console/periods/<id>/` N times through the full Django stack (test
client: middleware, view, template) and prints the server time (median, p95) and the query
count. Run it on a throwaway database: `make bench-console` uses a fresh SQLite file
(`python -m bench.console`, see `bench.console.__main__`).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organisation.models import (
    Absence,
    AbsenceKind,
    Officer,
    Qualification,
    Role,
    RoleAssignment,
    Skill,
    Team,
    Unit,
)
from roster.burdens import local_wall_clock
from roster.models import Phase, RosterPeriod, Shift, ShiftKind, ShiftTemplate, SignUp, Wish
from roster.services.shifts import shifts_generate
from roster.services.solving.jobs import solve_start

EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]
TEMPLATES = [
    ("Vroeg", ShiftKind.EARLY, dt.time(7), dt.time(15), {"basis": 6, "prio1": 1}),
    ("Laat", ShiftKind.LATE, dt.time(15), dt.time(23), {"basis": 6, "prio1": 1}),
    ("Nacht", ShiftKind.NIGHT, dt.time(23), dt.time(7), {"basis": 3, "ovd": 1}),
]


class Command(BaseCommand):
    help = "Time the console's roster grid for 60 officers x 28 days (throwaway database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--officers", type=int, default=60)
        parser.add_argument("--days", type=int, default=28)
        parser.add_argument("--renders", type=int, default=30)
        parser.add_argument("--solve-seconds", type=float, default=5.0)
        parser.add_argument(
            "--reuse", action="store_true", help="Measure an existing bench team again."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logging.disable(logging.INFO)  # per-request access logs would drown the figures
        if settings.CELERY_BROKER_URL:
            raise CommandError("Run without CELERY_BROKER_URL: the bench solves eagerly.")
        period = RosterPeriod.objects.filter(team__code="bench").first()
        if period is not None and not options["reuse"]:
            raise CommandError("A bench team exists already: use --reuse or a fresh database.")
        planner = Officer.objects.filter(username="bench-planner").first()
        if period is None or planner is None:
            settings.SOLVER_TIME_LIMIT_S = options["solve_seconds"]
            settings.SOLVER_WORKERS = 1
            started = time.perf_counter()
            period, planner = self._build(options["officers"], options["days"])
            self.stdout.write(f"built and solved in {time.perf_counter() - started:.1f} s")
        self._measure(period, planner, options["renders"])

    def _build(self, officers: int, days: int) -> tuple[RosterPeriod, Officer]:
        rng = random.Random(9)  # noqa: S311 - bench data, not security
        with transaction.atomic():
            unit, _ = Unit.objects.get_or_create(code="bench", defaults={"name": "Bench"})
            team = Team.objects.create(unit=unit, code="bench", name="Bench team")
            skills = {
                code: Skill.objects.get_or_create(
                    code=code, defaults={"name_nl": code, "name_en": code}
                )[0]
                for code in ("basis", "prio1", "ovd")
            }
            planner = Officer.objects.create_user(
                username="bench-planner", employee_number="B0000", password=None
            )
            RoleAssignment.objects.create(officer=planner, role=Role.PLANNER, team=team)
            people = []
            for i in range(officers):
                o = Officer.objects.create(
                    username=f"bench{i:03d}",
                    employee_number=f"B{i + 1:04d}",
                    first_name=f"Agent{i:02d}",
                    last_name=f"Bench {i:02d}",
                    contract_minutes_per_week=rng.choice([2160, 2160, 2160, 1728, 1440]),
                )
                o.teams.add(team)
                Qualification.objects.create(
                    officer=o, skill=skills["basis"], valid_from=dt.date(2020, 1, 1)
                )
                if i % 3 == 0:
                    Qualification.objects.create(
                        officer=o, skill=skills["prio1"], valid_from=dt.date(2020, 1, 1)
                    )
                if i % 6 == 0:
                    Qualification.objects.create(
                        officer=o, skill=skills["ovd"], valid_from=dt.date(2020, 1, 1)
                    )
                people.append(o)
            for name, kind, start, end, demand in TEMPLATES:
                ShiftTemplate.objects.create(
                    team=team,
                    name=name,
                    kind=kind,
                    start_time=start,
                    end_time=end,
                    weekdays=EVERY_DAY,
                    demand=demand,
                )
            today = timezone.localdate()
            first = today + dt.timedelta(days=28 - today.weekday())
            period = RosterPeriod.objects.create(
                team=team,
                start_date=first,
                end_date=first + dt.timedelta(days=days),
                phase=Phase.DRAFT,
                signup_opens_at=timezone.now() - dt.timedelta(days=1),
                signup_closes_at=timezone.now() + dt.timedelta(days=1),
                publish_on=first - dt.timedelta(days=7),
            )
            shifts_generate(actor=planner, period=period)
            signups = [
                SignUp(officer=o, shift=s, wish=rng.choice([Wish.WANT, Wish.CAN, Wish.RATHER_NOT]))
                for o in people
                for s in Shift.objects.filter(period=period)
                if rng.random() < 0.15
            ]
            SignUp.objects.bulk_create(signups)
            for o in rng.sample(people, 6):
                begin = first + dt.timedelta(days=rng.randrange(0, days - 7))
                Absence.objects.create(
                    officer=o,
                    kind=AbsenceKind.LEAVE,
                    start=local_wall_clock(begin, dt.time(0)),
                    end=local_wall_clock(begin + dt.timedelta(days=7), dt.time(0)),
                    created_by=planner,
                )
            period.phase = Phase.SIGNUP_CLOSED
            period.save(update_fields=["phase"])
        job = solve_start(actor=planner, period=period)  # eager: solved on commit
        job.refresh_from_db()
        period.refresh_from_db()
        summary = (job.report or {}).get("summary", {})
        self.stdout.write(
            f"solve job {job.pk}: {job.status}; {summary.get('assignments')} placements, "
            f"{summary.get('shortfall_places')} empty places; period {period.phase}"
        )
        return period, planner

    @staticmethod
    def _check(status: int) -> None:
        if status != 200:
            raise CommandError(f"the grid answered {status}")

    def _measure(self, period: RosterPeriod, planner: Officer, renders: int) -> None:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client(HTTP_ACCEPT_LANGUAGE="nl")
        client.force_login(planner, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/console/periods/{period.pk}/"
        for _ in range(3):  # warm-up: template loading, translations
            self._check(client.get(url).status_code)
        times = []
        size = queries = 0
        for _ in range(renders):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            self._check(response.status_code)
            size, queries = len(response.content), len(ctx.captured_queries)
        officers = Officer.objects.filter(teams=period.team_id).count()
        days = (period.end_date - period.start_date).days
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        self.stdout.write(
            self.style.SUCCESS(
                f"console grid {officers} officers x {days} days "
                f"({connection.vendor}): median {statistics.median(times):.1f} ms, "
                f"p95 {p95:.1f} ms, min {times[0]:.1f} ms, max {times[-1]:.1f} ms over "
                f"{renders} renders; {queries} queries; {size / 1024:.0f} KiB HTML"
            )
        )
