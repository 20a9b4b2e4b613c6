"""Seed the load database: officers with access tokens, periods, a roster, notifications.

Run by `bench.load.run` in a process whose environment points at the load database
(DATABASE_URL=…/samen_load); it writes what the driver needs to a JSON file:

- `teams` teams of `officers / teams` officers, all qualified in `basis`;
- per team a period with sign-up open (4 weeks, early/late/night every day) — scenario (b)
  signs up for its first week — and a published period (4 weeks) in which every shift needs 8
  and has 7, so each officer has a roster and every shift one open place — scenario (a);
- a published "claim" team period whose one shift has 10 open places, with the first
  `claimers` officers as members — scenario (c);
- 5 notifications per officer; an access token per officer (JWT, signed with SECRET_KEY).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from notifications.models import Notification  # noqa: E402
from organisation.models import Officer, Qualification, Skill, Team, Unit  # noqa: E402
from roster.burdens import compute_burdens  # noqa: E402
from roster.models import Assignment, AssignmentSource, Phase, RosterPeriod, Shift  # noqa: E402
from roster.services.open_fits import open_fits_refresh  # noqa: E402

TZ = timezone.get_default_timezone()
KINDS = (("early", 7), ("late", 15), ("night", 23))


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), TZ)


def _period(
    team: Team, start: dt.date, phase: str, demand: int
) -> tuple[RosterPeriod, list[Shift]]:
    now = timezone.now()
    period = RosterPeriod.objects.create(
        team=team,
        start_date=start,
        end_date=start + dt.timedelta(days=28),
        phase=phase,
        signup_opens_at=now - dt.timedelta(hours=1),
        signup_closes_at=now + dt.timedelta(days=7),
        publish_on=start - dt.timedelta(days=14),
        published_at=now if phase == Phase.PUBLISHED else None,
    )
    shifts = []
    for d in range(28):
        day = start + dt.timedelta(days=d)
        for kind, hour in KINDS:
            begin = _at(day, hour)
            end = begin + dt.timedelta(hours=8)
            b = compute_burdens(begin, end)
            shifts.append(
                Shift(
                    team=team,
                    period=period,
                    kind=kind,
                    start=begin,
                    end=end,
                    demand={"basis": demand},
                    is_night=b.night,
                    is_weekend=b.weekend,
                    is_holiday=b.holiday,
                )
            )
    return period, Shift.objects.bulk_create(shifts)


@transaction.atomic
def seed(*, officers: int, teams: int, claimers: int) -> dict[str, Any]:
    unit = Unit.objects.create(code="load", name="Eenheid Load")
    basis, _ = Skill.objects.get_or_create(
        code="basis", defaults={"name_nl": "Basispolitiezorg", "name_en": "Basic police duty"}
    )
    password = make_password(None)  # unusable: the bench uses minted tokens
    people = Officer.objects.bulk_create(
        [
            Officer(
                username=f"load{i:04d}",
                employee_number=f"9{i:06d}",
                first_name="Load",
                last_name=f"Agent {i}",
                email=f"load{i:04d}@politie.example",
                contract_minutes_per_week=2160,
                password=password,
            )
            for i in range(officers)
        ]
    )
    Qualification.objects.bulk_create(
        [Qualification(officer=o, skill=basis, valid_from=dt.date(2020, 1, 1)) for o in people]
    )
    per_team = officers // teams
    out: dict[str, Any] = {"officers": [], "roster_range": ["2027-02-01", "2027-02-28"]}
    signup_shifts: dict[int, list[int]] = {}
    for t in range(teams):
        team = Team.objects.create(unit=unit, code=f"load-{t}", name=f"Load team {t}")
        members = people[t * per_team : (t + 1) * per_team]
        team.members.add(*members)
        _, open_shifts = _period(team, dt.date(2027, 1, 4), Phase.SIGNUP_OPEN, 3)
        signup_shifts[team.pk] = [s.pk for s in open_shifts[:21]]  # the first week
        _, published = _period(team, dt.date(2027, 2, 1), Phase.PUBLISHED, 8)
        Assignment.objects.bulk_create(
            [
                Assignment(
                    officer=members[(j * 7 + k) % len(members)],
                    shift=shift,
                    skill=basis,
                    source=AssignmentSource.SOLVER,
                )
                for j, shift in enumerate(published)
                for k in range(7)
            ]
        )
        for o in members:
            out["officers"].append(
                {"id": o.pk, "team": team.pk, "signup_shifts": signup_shifts[team.pk]}
            )
    claim_team = Team.objects.create(unit=unit, code="load-claim", name="Load claim team")
    claim_team.members.add(*people[:claimers])
    period = RosterPeriod.objects.create(
        team=claim_team,
        start_date=dt.date(2027, 3, 8),
        end_date=dt.date(2027, 4, 5),
        phase=Phase.PUBLISHED,
        signup_opens_at=timezone.now() - dt.timedelta(days=2),
        signup_closes_at=timezone.now() - dt.timedelta(days=1),
        publish_on=dt.date(2027, 2, 22),
        published_at=timezone.now(),
    )
    begin = _at(dt.date(2027, 3, 10), 7)
    claim_shift = Shift.objects.create(
        team=claim_team,
        period=period,
        kind="early",
        start=begin,
        end=begin + dt.timedelta(hours=8),
        demand={"basis": 10},
    )
    out["claim_shift"] = claim_shift.pk
    out["claimers"] = claimers
    Notification.objects.bulk_create(
        [
            Notification(recipient=o, kind="roster_published", title=f"Rooster {n}", body="…")
            for o in people
            for n in range(5)
        ]
    )
    # In production the worker computes each officer's lawful open places after the solve's
    # commit and the publication (`roster.services.open_fits`); this seed writes by
    # bulk_create, which bypasses that, so it does here what the worker would have done.
    open_fits_refresh(officer_ids=[o.pk for o in people])
    by_id = {o.pk: o for o in people}
    for entry in out["officers"]:
        entry["token"] = str(AccessToken.for_user(by_id[entry["id"]]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=600)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--claimers", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data = seed(officers=args.officers, teams=args.teams, claimers=args.claimers)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data), encoding="utf-8")
    print(f"seeded {args.officers} officers in {args.teams} teams -> {args.out}")


if __name__ == "__main__":
    main()
