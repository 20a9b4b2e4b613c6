from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from demo.capacity import seed_capacity
from demo.desk import seed_requests
from demo.fatigue import seed_fatigue
from demo.joint import seed_joint
from demo.lending import seed_lending
from demo.lent_claims import seed_lent_claim
from demo.organisation import DEMO_LOGINS, DEMO_PASSWORD, seed_organisation
from demo.roster import seed_next_period, seed_roster
from demo.swap_chains import seed_swap_chains
from demo.swaps import seed_swaps
from demo.training import seed_training
from demo.training_places import seed_training_place


class Command(BaseCommand):
    help = "Load the demo unit (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("seed_demo creates demo logins; run it only with DEBUG=1.")
        counts = seed_organisation(timezone.localdate())
        counts.update(seed_roster(timezone.localdate()))
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {counts}"))
        self.stdout.write(f"Request desk: {seed_requests(timezone.localdate())}")
        self.stdout.write(f"Swaps and open shifts: {seed_swaps(timezone.localdate())}")
        self.stdout.write(
            f"Training (collega, mentor agent): {seed_training(timezone.localdate())}"
        )
        self.stdout.write(f"Fatigue hotspot: {seed_fatigue(timezone.localdate())}")
        self.stdout.write(f"Swap chains: {seed_swap_chains(timezone.localdate())}")
        self.stdout.write(f"Team Centrum's next period: {seed_next_period(timezone.localdate())}")
        self.stdout.write(f"Unit capacity, past periods: {seed_capacity(timezone.localdate())}")
        self.stdout.write(f"Zuid lends open places: {seed_lending(timezone.localdate())}")
        self.stdout.write(f"Lent claim waiting for teamchef: {seed_lent_claim()}")
        self.stdout.write(f"Joint solve, Centrum and Zuid: {seed_joint(timezone.localdate())}")
        self.stdout.write(f"Training place in collega's open shifts: {seed_training_place()}")
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<14} {login.description}")
        self.stdout.write("What to try with each: README.md, 'Demo logins'.")
