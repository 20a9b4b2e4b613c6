"""Close the demo period's sign-up and solve it once (run by `make demo` after seed_demo).

Idempotent: a period that is already solved (proposed or later) is only reported on. With
eager Celery (no CELERY_BROKER_URL) the solve runs here; the time limit is the
SOLVER_TIME_LIMIT_S setting (`make demo` passes DEMO_SOLVE_TIME_LIMIT_S, default 10 s).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from organisation.models import Officer
from roster.models import Phase, RosterPeriod, SolveJob
from roster.services.periods import period_move
from roster.services.solving.jobs import solve_start


class Command(BaseCommand):
    help = "Close sign-up of the demo period of a team and run one solve (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--team", default="centrum", help="Team code (default centrum).")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("solve_demo changes demo data; run it only with DEBUG=1.")
        # The team's first period that has not started: `seed_demo` opened a later one for
        # sign-up too, which stays open.
        period = (
            RosterPeriod.objects.filter(
                team__code=options["team"], start_date__gt=timezone.localdate()
            )
            .order_by("start_date")
            .first()
        )
        if period is None:
            raise CommandError("No demo period: run seed_demo first.")
        planner = Officer.objects.get(username="roosteraar")
        if period.phase == Phase.SIGNUP_OPEN:
            period = period_move(actor=planner, period=period, to_phase=Phase.SIGNUP_CLOSED)
        if period.phase == Phase.SIGNUP_CLOSED:
            self.stdout.write(
                f"Solving period {period.pk} ({period.start_date}..{period.end_date}), "
                f"time limit {settings.SOLVER_TIME_LIMIT_S:g} s ..."
            )
            job = solve_start(actor=planner, period=period)
            job.refresh_from_db()
        else:
            found = SolveJob.objects.filter(period=period).order_by("-id").first()
            if found is None:
                self.stdout.write(f"Period {period.pk} is {period.phase}; not solving it.")
                return
            job = found
        summary = (job.report or {}).get("summary", {})
        baseline = (job.report or {}).get("comparison", {}).get("baseline", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"Solve job {job.pk}: {job.status} {job.error}".rstrip()
                + f"; status {summary.get('status')}, objective {summary.get('objective')}, "
                f"bound {summary.get('bound')}, shortfall {summary.get('shortfall_places')} "
                f"place(s), {summary.get('wall_time_s')} s "
                f"(greedy baseline: shortfall {baseline.get('shortfall_places')}, "
                f"objective {baseline.get('objective')})"
            )
        )
        self.stdout.write(
            f"Report: /api/v1/periods/{period.pk}/report/  job: /api/v1/solve-jobs/{job.pk}/"
        )
