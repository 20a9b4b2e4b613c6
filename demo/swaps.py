"""Demo of life after publication for team `centrum`: a published two-week period starting
this Monday, swaps in every open state, an open market offer, open shifts from a sick report
(with the sick officer's later places flagged at risk) and from an approved leave, the
planner's (`roosteraar`) repair suggestion and items in the team lead's (`teamchef`) inbox.

Everything goes through the services, so the rules module, audit events, notifications and
the repair suggestion are the real ones. Deterministic and idempotent: a second run finds the
period and changes nothing. Called from `seed_demo` after the request desk is seeded (the sick
report needs the catalogue).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.errors import DomainError
from organisation.models import Absence, Officer, Qualification, Team
from requests_desk.models import RequestType
from requests_desk.services.workflow import request_act, request_create
from roster.burdens import compute_burdens, local_wall_clock
from roster.models import (
    Assignment,
    AssignmentSource,
    OpenShiftPolicy,
    Phase,
    RepairSuggestion,
    RosterPeriod,
    Shift,
    ShiftKind,
    Swap,
    TeamSwapPolicy,
)
from roster.services.publication import published_members_record
from roster.services.swaps import swap_accept, swap_offer

logger = logging.getLogger(__name__)

DAYS = 14
PER_SHIFT = 3
ROTATION = 24  # officers in the rotation: each works every 4th day, always lawful
SHIFTS = [  # (kind, local start, local end)
    (ShiftKind.EARLY, dt.time(7), dt.time(15)),
    (ShiftKind.LATE, dt.time(15), dt.time(23)),
]


def seed_swaps(today: dt.date) -> dict[str, Any]:
    """Seed the published period with swaps, an open offer and a sick report (once)."""
    team = Team.objects.get(code="centrum")
    start = today - dt.timedelta(days=today.weekday())
    period = RosterPeriod.objects.filter(team=team, start_date=start).first()
    if period is None:
        with transaction.atomic():
            period = _published_period(team, start, today)
            _swaps_and_sickness(team, period)
    return {
        "published_period": period.pk,
        "swaps": Swap.objects.filter(team=team).count(),
        "open_repairs": RepairSuggestion.objects.filter(
            period=period, resolved_at__isnull=True
        ).count(),
    }


def _rotation(team: Team, start: dt.date) -> list[Officer]:
    """`agent` first, then colleagues holding `basis` over the whole period, `collega` last
    (so `agent` and `collega` can swap directly); never the team lead (he decides on the
    swaps)."""
    held = set(
        Qualification.objects.valid_on(start)
        .filter(skill__code="basis")
        .values_list("officer_id", flat=True)
    ) & set(
        Qualification.objects.valid_on(start + dt.timedelta(days=DAYS))
        .filter(skill__code="basis")
        .values_list("officer_id", flat=True)
    )
    officers = (
        Officer.objects.filter(teams=team, is_active=True, pk__in=held)
        .exclude(username__in=["teamchef", "roosteraar"])
        .order_by("pk")
    )
    agent = [o for o in officers if o.username == "agent"]
    collega = [o for o in officers if o.username == "collega"]
    rest = [o for o in officers if o.username not in ("agent", "collega")]
    return agent + rest[: ROTATION - len(agent) - len(collega)] + collega


def _published_period(team: Team, start: dt.date, today: dt.date) -> RosterPeriod:
    period = RosterPeriod.objects.create(
        team=team,
        start_date=start,
        end_date=start + dt.timedelta(days=DAYS),
        phase=Phase.PUBLISHED,
        signup_opens_at=local_wall_clock(start - dt.timedelta(days=42), dt.time(8)),
        signup_closes_at=local_wall_clock(start - dt.timedelta(days=28), dt.time(23, 59)),
        publish_on=start - dt.timedelta(days=14),
        published_at=timezone.now(),
    )
    officers = _rotation(team, start)
    basis_id = Qualification.objects.filter(skill__code="basis").values_list("skill_id").first()
    assert basis_id is not None  # noqa: S101 - seeded by seed_organisation
    assignments: list[Assignment] = []
    for day in range(DAYS):
        date = start + dt.timedelta(days=day)
        for slot, (kind, begin, end) in enumerate(SHIFTS):
            s, e = local_wall_clock(date, begin), local_wall_clock(date, end)
            burdens = compute_burdens(s, e)
            shift = Shift.objects.create(
                team=team,
                period=period,
                kind=kind,
                start=s,
                end=e,
                demand={"basis": PER_SHIFT},
                is_night=burdens.night,
                is_weekend=burdens.weekend,
                is_holiday=burdens.holiday,
            )
            first = (day * len(SHIFTS) + slot) * PER_SHIFT
            for k in range(PER_SHIFT):
                officer = officers[(first + k) % len(officers)]
                assignments.append(
                    Assignment(
                        officer=officer,
                        shift=shift,
                        skill_id=basis_id[0],
                        source=AssignmentSource.SOLVER,
                    )
                )
    Assignment.objects.bulk_create(assignments)
    published_members_record(period)
    TeamSwapPolicy.objects.update_or_create(
        team=team,
        defaults={"auto_approve": False, "open_shift_policy": OpenShiftPolicy.FIRST_COME},
    )
    return period


def _future_places(period: RosterPeriod, officer: Officer) -> list[Assignment]:
    return list(
        Assignment.objects.filter(
            shift__period=period, officer=officer, shift__start__gt=timezone.now()
        )
        .select_related("shift", "skill", "officer")
        .order_by("shift__start")
    )


def _try(label: str, action: Any) -> Any:
    try:
        with transaction.atomic():
            return action()
    except DomainError as exc:  # a demo step that the roster of today does not allow
        logger.info("demo: %s skipped (%s: %s)", label, exc.code, exc.detail)
        return None
    except ValidationError as exc:  # e.g. an absence that would overlap another one
        logger.info("demo: %s skipped (%s)", label, exc.messages)
        return None


def _swaps_and_sickness(team: Team, period: RosterPeriod) -> None:
    officers = _rotation(team, period.start_date)
    agent, others = officers[0], officers[1:]
    # 1. two accepted give-aways waiting for the team lead
    for giver, taker in ((others[0], others[10]), (others[1], others[11])):
        places = _future_places(period, giver)
        if places:
            place = places[-1]
            _try(
                "give-away",
                lambda place=place, giver=giver, taker=taker: swap_accept(
                    actor=taker,
                    swap=swap_offer(
                        actor=giver, kind="give_away", assignment=place, receiver=taker
                    ),
                ),
            )
    # 2. an accepted exchange waiting for the team lead
    mine, theirs = _future_places(period, others[2]), _future_places(period, others[5])
    if mine and theirs:
        _try(
            "exchange",
            lambda: swap_accept(
                actor=others[5],
                swap=swap_offer(
                    actor=others[2], kind="exchange", assignment=mine[-1], wanted=theirs[-1]
                ),
            ),
        )
    # 3. a give-away offered to `agent`, not yet accepted: the first colleague's place that
    # is lawful for him (not next to one of his own shifts)
    for giver in others[3:12]:
        places = _future_places(period, giver)
        made = places and _try(
            "offer to agent",
            lambda giver=giver, place=places[-1]: swap_offer(
                actor=giver, kind="give_away", assignment=place, receiver=agent
            ),
        )
        if made:
            break
    # 4. `agent` offers a shift on the open market
    own = _future_places(period, agent)
    if own:
        _try(
            "market offer",
            lambda: swap_offer(
                actor=agent, kind="market", assignment=own[-1], note="Familiebezoek"
            ),
        )
    # 5. a colleague reports sick for one day: his places up to the expected end plus the
    # team's margin (1 day) open, the planner is offered a repair, and his later places stay
    # assigned, flagged at risk (GET /teams/{id}/at-risk/)
    horizon = local_wall_clock(timezone.localdate() + dt.timedelta(days=2), dt.time(0))
    sick = _free_of_absences(
        [
            o
            for o in others[7:]
            if o.username != "collega" and _places_on_both_sides(_future_places(period, o), horizon)
        ]
    )
    if sick is not None:
        _try(
            "sick report",
            lambda: request_create(
                actor=sick,
                request_type=RequestType.objects.get(code="sick_report"),
                form_data={
                    "first_day": timezone.localdate().isoformat(),
                    "exp_duration": "1_day",
                    "phone": "0612345678",
                    "work_accident": False,
                    "third_party": False,
                },
                submit=True,
            ),
        )
    # 6. an approved leave: a colleague asks for the day of his last place and the team lead
    # approves it; the place opens and joins the period's repair suggestion
    lead = Officer.objects.get(username="teamchef")
    on_leave = _free_of_absences(
        [
            o
            for o in others[12:]
            if o != sick and o.username != "collega" and _future_places(period, o)
        ]
    )
    if on_leave is not None:
        day = timezone.localdate(_future_places(period, on_leave)[-1].shift.start).isoformat()

        def leave() -> None:
            filed = request_create(
                actor=on_leave,
                request_type=RequestType.objects.get(code="annual_leave"),
                form_data={"range": {"from": day, "to": day}, "hours": 8.0},
                submit=True,
            )
            request_act(actor=lead, request_id=filed.pk, action="approve")

        _try("approved leave", leave)


def _places_on_both_sides(places: list[Assignment], horizon: dt.datetime) -> bool:
    """A place before `horizon` (freed by a one-day sick report) and one after (at risk)."""
    return any(a.shift.start < horizon for a in places) and any(
        a.shift.start >= horizon for a in places
    )


def _free_of_absences(candidates: list[Officer]) -> Officer | None:
    """The first candidate with no absence in force from now on (the demo's open-ended sick
    reports and leave weeks would make a new one overlap)."""
    now = timezone.now()
    for officer in candidates:
        if not Absence.objects.in_force().filter(officer=officer).overlapping(now, None).exists():
            return officer
    logger.info("demo: no officer free of absences among %d", len(candidates))
    return None
