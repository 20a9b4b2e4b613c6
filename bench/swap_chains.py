"""Swap-chain search on many open offers (Issue #18).

    python -m bench.swap_chains [--offers 600] [--officers 150] [--wanted 3] [--seed 1]
                                [--runs 3]

On the database of ``DATABASE_URL`` (a throwaway, migrated one: it adds a team
``bench-chains``): one team of ``--officers`` officers with a published 28-day roster (early,
late and night shifts every day, 8 places each, officers in a rotating block so nobody works
twice a day), and ``--offers`` open swap offers of random places, each naming ``--wanted``
random shifts that other offers hand over. Then it times, ``--runs`` times (each in a
transaction rolled back afterwards), the whole service `swap_chains_search`: the pure cycle
search plus every candidate's check (membership, skill, absence, the working-time rules on
each officer's roster after the chain) and proposing the chains found. Prints the seconds per
run, the number of candidate cycles, the chains proposed and the queries. Target: ≤ 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import django

CODE = "bench-chains"
KINDS = (("early", 7), ("late", 15), ("night", 23))
PLACES = 8
DAYS = 28


def _build(officers: int, offers: int, wanted: int, seed: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from organisation.models import Officer, Qualification, Skill, Team, Unit
    from roster.burdens import compute_burdens, local_wall_clock
    from roster.models import Assignment, AssignmentSource, Phase, RosterPeriod, Shift
    from roster.swap_chain_models import SwapOffer

    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    with transaction.atomic():
        unit, _ = Unit.objects.get_or_create(code=CODE, defaults={"name": "Bench chains"})
        team = Team.objects.create(unit=unit, code=f"{CODE}-{seed}", name="Bench chains")
        basis, _ = Skill.objects.get_or_create(
            code="basis", defaults={"name_nl": "basis", "name_en": "basis"}
        )
        people = Officer.objects.bulk_create(
            Officer(username=f"{CODE}-{seed}-{i:04d}", employee_number=f"K{seed}{i:05d}")
            for i in range(officers)
        )
        team.members.add(*people)
        Qualification.objects.bulk_create(
            Qualification(officer=o, skill=basis, valid_from=dt.date(2020, 1, 1)) for o in people
        )
        # a period that starts next Monday, far enough ahead for every shift to be open
        today = timezone.localdate()
        first = today + dt.timedelta(days=7 - today.weekday() + 7)
        period = RosterPeriod.objects.create(
            team=team,
            start_date=first,
            end_date=first + dt.timedelta(days=DAYS),
            phase=Phase.PUBLISHED,
            signup_opens_at=timezone.now() - dt.timedelta(days=30),
            signup_closes_at=timezone.now() - dt.timedelta(days=20),
            publish_on=today,
            published_at=timezone.now(),
        )
        shifts = []
        for d in range(DAYS):
            day = first + dt.timedelta(days=d)
            for kind, hour in KINDS:
                start = local_wall_clock(day, dt.time(hour))
                end = start + dt.timedelta(hours=8)
                b = compute_burdens(start, end)
                shifts.append(
                    Shift(
                        team=team,
                        period=period,
                        kind=kind,
                        start=start,
                        end=end,
                        demand={"basis": PLACES},
                        is_night=b.night,
                        is_weekend=b.weekend,
                        is_holiday=b.holiday,
                    )
                )
        shifts = Shift.objects.bulk_create(shifts)
        # a rotating block of officers per day: nobody twice a day, about 4-5 shifts each
        per_day = PLACES * len(KINDS)
        places = []
        for d in range(DAYS):
            block = [people[(d * per_day + j) % officers] for j in range(per_day)]
            for k in range(len(KINDS)):
                shift = shifts[d * len(KINDS) + k]
                for who in block[k * PLACES : (k + 1) * PLACES]:
                    places.append(
                        Assignment(
                            officer=who, shift=shift, skill=basis, source=AssignmentSource.SOLVER
                        )
                    )
        places = Assignment.objects.bulk_create(places)
        offered = rng.sample(places, min(offers, len(places)))
        made = SwapOffer.objects.bulk_create(
            SwapOffer(
                officer_id=p.officer_id,
                team=team,
                assignment=p,
                shift_id=p.shift_id,
                skill=basis,
            )
            for p in offered
        )
        worked: dict[int, set[int]] = {}
        for p in places:
            worked.setdefault(p.officer_id, set()).add(p.shift_id)
        offered_shifts = sorted({p.shift_id for p in offered})
        through = SwapOffer.wanted_shifts.through
        rows = []
        for offer in made:
            choices = [s for s in offered_shifts if s not in worked[offer.officer_id]]
            for shift_id in rng.sample(choices, min(wanted, len(choices))):
                rows.append(through(swapoffer_id=offer.pk, shift_id=shift_id))
        through.objects.bulk_create(rows)
    return team.pk


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, default=600)
    parser.add_argument("--officers", type=int, default=150)
    parser.add_argument("--wanted", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from roster.services.swap_chains import _usable_offers, _wanted, swap_chains_search
    from roster.swap_chain_search import ChainOffer, find_chains

    team_id = _build(args.officers, args.offers, args.wanted, args.seed)
    now = timezone.now()
    usable = _usable_offers(team_id, now)
    wanted = _wanted([o.pk for o in usable])
    nodes = [
        ChainOffer(id=o.pk, officer=o.officer_id, shift=o.shift_id, wanted=wanted[o.pk])
        for o in usable
    ]
    start = time.perf_counter()
    greedy = find_chains(nodes)
    pure = time.perf_counter() - start
    print(
        f"{len(nodes)} open offers of {args.officers} officers, {args.wanted} wanted shifts each;"
        f" the search alone (no checks, every candidate lawful): {len(greedy)} chains in"
        f" {pure * 1000:.0f} ms"
    )
    times: list[float] = []
    found: Any = []
    queries = 0
    lengths: list[int] = []
    for _run in range(args.runs):
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            found = swap_chains_search(team_id=team_id, now=now)
            times.append(time.perf_counter() - start)
            queries = len(ctx.captured_queries)
            lengths = sorted(c.legs.count() for c in found)
            transaction.set_rollback(True)
    print(
        f"swap_chains_search: {len(found)} chains proposed (lengths {lengths}); "
        f"{queries} queries; seconds per run: "
        + ", ".join(f"{t:.2f}" for t in times)
        + f"; median {statistics.median(times):.2f} s (target <= 2 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
