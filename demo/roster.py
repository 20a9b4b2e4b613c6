"""Demo roster for the demo unit: templates for teams `centrum` and `zuid`, a 4-week period
with sign-up open, realistic sign-ups (popular weekday earlies, few weekend nights), leave, a
few open-ended sick reports, and officers' own unavailability (`agent` in team Centrum: a whole
day with a reason only he reads, and an evening; two officers of team Zuid).

Deterministic (seeded) and idempotent: a second run finds the period and changes nothing.
Called from `seed_demo` after the organisation is seeded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from demo.organisation import DEMO_LOGINS
from organisation.models import Absence, AbsenceKind, Officer, Qualification, Team
from roster.burdens import local_wall_clock
from roster.models import Phase, RosterPeriod, Shift, ShiftKind, ShiftTemplate, SignUp, Wish
from roster.services.shifts import shifts_generate
from roster.services.unavailability import unavailability_create, whole_days

WEEKDAYS = [0, 1, 2, 3, 4]
WEEKEND = [5, 6]
EVERY_DAY = WEEKDAYS + WEEKEND

# (name, kind, start, end, weekdays, demand)
TEMPLATES: list[tuple[str, str, dt.time, dt.time, list[int], dict[str, int]]] = [
    ("Vroeg", ShiftKind.EARLY, dt.time(7), dt.time(15), WEEKDAYS, {"basis": 5, "prio1": 1}),
    ("Vroeg weekend", ShiftKind.EARLY, dt.time(7), dt.time(15), WEEKEND, {"basis": 4}),
    ("Laat", ShiftKind.LATE, dt.time(15), dt.time(23), EVERY_DAY, {"basis": 5, "prio1": 1}),
    ("Avond", ShiftKind.EVENING, dt.time(18), dt.time(2), [4, 5], {"basis": 2}),
    ("Nacht", ShiftKind.NIGHT, dt.time(23), dt.time(7), EVERY_DAY, {"basis": 3, "ovd": 1}),
    ("Intake", ShiftKind.CUSTOM, dt.time(9), dt.time(17), WEEKDAYS, {"intake": 1}),
]

# How keen officers are on each kind of shift: (probability to sign up, wish weights).
APPETITE = {
    "weekday_early": (0.55, [6, 3, 1]),
    "early": (0.25, [3, 4, 3]),
    "late": (0.3, [3, 5, 2]),
    "evening": (0.2, [2, 4, 4]),
    "weekday_night": (0.15, [2, 4, 4]),
    "weekend_night": (0.06, [1, 3, 6]),
    "custom": (0.3, [4, 4, 2]),
}
WISHES = [Wish.WANT, Wish.CAN, Wish.RATHER_NOT]


def _period_start(today: dt.date) -> dt.date:
    """The Monday at least three weeks ahead."""
    start = today + dt.timedelta(days=21)
    return start + dt.timedelta(days=(7 - start.weekday()) % 7)


def _appetite(shift: Shift) -> tuple[float, list[int]]:
    if shift.kind == ShiftKind.EARLY:
        return APPETITE["early" if shift.is_weekend else "weekday_early"]
    if shift.kind == ShiftKind.NIGHT:
        return APPETITE["weekend_night" if shift.is_weekend else "weekday_night"]
    return APPETITE.get(str(shift.kind), APPETITE["late"])


def seed_roster(today: dt.date) -> dict[str, int]:
    """Seed the demo roster (after `seed_organisation`). Returns counts of what exists."""
    planner = Officer.objects.get(username="roosteraar")
    start = _period_start(today)
    with transaction.atomic():
        for team in Team.objects.filter(code__in=["centrum", "zuid"]).order_by("code"):
            _seed_team(team, planner, start, today)
    return {
        "templates": ShiftTemplate.objects.count(),
        "periods": RosterPeriod.objects.count(),
        "shifts": Shift.objects.count(),
        "signups": SignUp.objects.count(),
        "absences": Absence.objects.count(),
    }


def _seed_team(team: Team, planner: Officer, start: dt.date, today: dt.date) -> None:
    for name, kind, begin, end, weekdays, demand in TEMPLATES:
        ShiftTemplate.objects.get_or_create(
            team=team,
            name=name,
            defaults={
                "kind": kind,
                "start_time": begin,
                "end_time": end,
                "weekdays": weekdays,
                "demand": demand,
            },
        )
    period, created = RosterPeriod.objects.get_or_create(
        team=team,
        start_date=start,
        defaults={
            "end_date": start + dt.timedelta(days=28),
            "phase": Phase.DRAFT,
            "signup_opens_at": local_wall_clock(today - dt.timedelta(days=2), dt.time(8)),
            "signup_closes_at": local_wall_clock(start - dt.timedelta(days=10), dt.time(23, 59)),
            "publish_on": start - dt.timedelta(days=7),
        },
    )
    if not created:
        return
    shifts_generate(actor=planner, period=period)
    period.phase = Phase.SIGNUP_OPEN
    period.save(update_fields=["phase"])
    rng = random.Random(f"roster-{team.code}")  # noqa: S311 - demo data, not security
    officers = list(Officer.objects.filter(teams=team, is_active=True).order_by("pk"))
    _seed_signups(period, officers, rng)
    _seed_absences(officers, planner, start, rng)
    _seed_unavailability(team, period, officers)


def _seed_signups(period: RosterPeriod, officers: list[Officer], rng: random.Random) -> None:
    held: dict[int, set[str]] = defaultdict(set)
    for officer_id, code in (
        Qualification.objects.valid_on(period.start_date)
        .filter(officer__in=officers)
        .values_list("officer_id", "skill__code")
    ):
        held[officer_id].add(code)
    shifts = list(Shift.objects.filter(period=period).order_by("start"))
    signups: list[SignUp] = []
    for officer in officers:
        for shift in shifts:
            if not held[officer.pk] & set(shift.demand):
                continue
            chance, weights = _appetite(shift)
            if rng.random() < chance:
                wish = rng.choices(WISHES, weights=weights)[0]
                signups.append(SignUp(officer=officer, shift=shift, wish=wish))
    SignUp.objects.bulk_create(signups)


def seed_next_period(today: dt.date) -> dict[str, int]:
    """Team Centrum's next period, right after the one `solve_demo` solves, open for sign-up
    (so `agent` and `collega` can sign up from the app while the period before is proposed
    and the current one published). Colleagues signed up already; the demo logins did not.
    Idempotent; run after `seed_swaps`, so the earlier periods keep their ids."""
    planner = Officer.objects.get(username="roosteraar")
    team = Team.objects.get(code="centrum")
    start = _period_start(today) + dt.timedelta(days=28)
    with transaction.atomic():
        period, created = RosterPeriod.objects.get_or_create(
            team=team,
            start_date=start,
            defaults={
                "end_date": start + dt.timedelta(days=28),
                "phase": Phase.DRAFT,
                "signup_opens_at": local_wall_clock(today - dt.timedelta(days=1), dt.time(8)),
                "signup_closes_at": local_wall_clock(
                    start - dt.timedelta(days=10), dt.time(23, 59)
                ),
                "publish_on": start - dt.timedelta(days=7),
            },
        )
        if created:
            shifts_generate(actor=planner, period=period)
            period.phase = Phase.SIGNUP_OPEN
            period.save(update_fields=["phase"])
            logins = {login.username for login in DEMO_LOGINS}
            colleagues = Officer.objects.filter(teams=team, is_active=True).exclude(
                username__in=logins
            )
            rng = random.Random(f"next-{team.code}")  # noqa: S311 - demo data, not security
            _seed_signups(period, list(colleagues.order_by("pk")), rng)
    return {
        "next_period": period.pk,
        "signups": SignUp.objects.filter(shift__period=period).count(),
    }


def _seed_absences(
    officers: list[Officer], planner: Officer, start: dt.date, rng: random.Random
) -> None:
    # never a demo login: his absences would block what the README invites him to try
    logins = {login.username for login in DEMO_LOGINS}
    candidates = [o for o in officers if o.username not in logins]
    picked = rng.sample(candidates, min(len(candidates), 8))
    rows: list[Absence] = []
    for officer in picked[:5]:  # a week of leave somewhere in the period
        first = start + dt.timedelta(days=rng.randrange(0, 21))
        rows.append(
            Absence(
                officer=officer,
                kind=AbsenceKind.LEAVE,
                start=local_wall_clock(first, dt.time(0)),
                end=local_wall_clock(first + dt.timedelta(days=7), dt.time(0)),
                source="demo",
                created_by=planner,
            )
        )
    rows.append(
        Absence(
            officer=picked[5],
            kind=AbsenceKind.TRAINING,
            start=local_wall_clock(start + dt.timedelta(days=3), dt.time(9)),
            end=local_wall_clock(start + dt.timedelta(days=3), dt.time(17)),
            source="demo",
            created_by=planner,
        )
    )
    now = timezone.now()
    for officer in picked[6:8]:  # open-ended sick reports filed by the officers themselves
        began = now - dt.timedelta(days=rng.randrange(1, 4))
        rows.append(
            Absence(
                officer=officer,
                kind=AbsenceKind.SICK,
                start=began,
                expected_end=began + dt.timedelta(days=7),
                source="demo",
                created_by=officer,
            )
        )
    Absence.objects.bulk_create(rows)


#: Officers' own unavailability: (team, username, day offset in the period, evening only,
#: reason). Only its officer reads a reason (`organisation.need_to_know.may_read_reason`).
UNAVAILABILITY = [
    ("centrum", "agent", 9, False, "Bruiloft van mijn zus"),
    ("centrum", "agent", 16, True, ""),
    ("zuid", "zuid03", 4, False, "Mantelzorg voor mijn vader"),
    ("zuid", "zuid07", 12, True, ""),
]


def _seed_unavailability(team: Team, period: RosterPeriod, officers: list[Officer]) -> None:
    """Each officer files his unavailability himself, as from the app, through the service
    (sign-up window, team limit and overlap checks). A day he is already absent on is skipped
    for the next free one, so the seed does not depend on which officers took leave."""
    by_name = {o.username: o for o in officers}
    for code, username, offset, evening, reason in UNAVAILABILITY:
        officer = by_name.get(username)
        if code != team.code or officer is None:
            continue
        for day_offset in range(offset, offset + 7):
            day = period.start_date + dt.timedelta(days=day_offset)
            if evening:
                start = local_wall_clock(day, dt.time(18))
                end = local_wall_clock(day, dt.time(23))
            else:
                start, end = whole_days(day, day)
            try:
                unavailability_create(
                    actor=officer, period=period, start=start, end=end, reason=reason
                )
            except ValidationError:
                continue  # already absent that day: try the next
            break
