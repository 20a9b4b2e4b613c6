"""Trainees on the roster (issue 18): who is in training for which skill on a day, who may
mentor him, and the check every roster change runs so that a trainee never works a place of
his training skill without a mentor on the same shift.

- A trainee on day ``d``: an officer with a ``Training`` in progress on ``d`` for a skill he
  does not hold on ``d`` (once qualified he is no trainee for it).
- His mentors: the training's named mentor when it has one; else every officer holding the
  skill on ``d`` at the team's ``TeamTrainingPolicy.mentor_min_level`` or above.
- ``check_mentored(shift, ...)`` takes the shift's placements after a change (one added,
  some removed) and raises ``RuleViolation`` (422, rule ``project.training_mentor``) when a
  trainee's place is left without a distinct mentor working the shift; the matching is the
  solver's (``roster.solver.training.unaccompanied``). Manual assignment and removal, swaps
  and claims call it; the solver and the repair enforce the same rule in the model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.errors import RuleViolation
from organisation.models import Officer, Qualification, Training
from roster.models import Assignment, RosterPeriod, Shift, TeamTrainingPolicy
from roster.rules import RuleId
from roster.solve_refs import officer_ref
from roster.solver.training import unaccompanied


def team_training_policy(team_id: int) -> TeamTrainingPolicy:
    """The team's training policy (the defaults, unsaved, when it has none)."""
    policy = TeamTrainingPolicy.objects.filter(team_id=team_id).first()
    return policy or TeamTrainingPolicy(team_id=team_id)


class TraineeFacts:
    """Who trains and who may mentor, for some officers on the days from ``first`` to
    ``last``, read once: their trainings; when there are any, the qualifications of the
    trainings' skills (those that end a training, and those that make a mentor); and each
    team's mentor level when first asked. A list of many training places costs the queries
    of one; every check in this module reads through it, so the rule has one implementation.
    """

    def __init__(self, officer_ids: Iterable[int], first: dt.date, last: dt.date) -> None:
        ids = set(officer_ids)
        self.trainings: list[Training] = list(
            Training.objects.during(first, last)
            .filter(officer_id__in=ids)
            .select_related("skill")
            .order_by("officer_id", "skill__code", "id")
        )
        named = {t.mentor_id for t in self.trainings if t.mentor_id is not None}
        #: (officer, skill) -> (valid from, valid until, level, officer active)
        self._held: dict[tuple[int, int], list[tuple[dt.date, dt.date | None, int, bool]]] = (
            defaultdict(list)
        )
        if self.trainings:
            rows = (
                Qualification.objects.valid_during(first, last)
                .filter(skill_id__in={t.skill_id for t in self.trainings})
                .filter(Q(officer_id__in=ids | named) | Q(officer__is_active=True))
                .values_list(
                    "officer_id",
                    "skill_id",
                    "valid_from",
                    "valid_until",
                    "level",
                    "officer__is_active",
                )
            )
            for officer_id, skill_id, valid_from, valid_until, level, active in rows:
                self._held[officer_id, skill_id].append((valid_from, valid_until, level, active))
        self._levels: dict[int, int] = {}

    def _holds(self, officer_id: int, skill_id: int, day: dt.date, min_level: int = 0) -> bool:
        return any(
            valid_from <= day
            and (valid_until is None or valid_until >= day)
            and (not min_level or (level >= min_level and active))
            for valid_from, valid_until, level, active in self._held.get((officer_id, skill_id), ())
        )

    def mentor_level(self, team_id: int) -> int:
        """The team's ``TeamTrainingPolicy.mentor_min_level``."""
        if team_id not in self._levels:
            self._levels[team_id] = team_training_policy(team_id).mentor_min_level
        return self._levels[team_id]

    def running(
        self, officer_ids: Iterable[int], day: dt.date, skill_codes: Iterable[str] | None = None
    ) -> list[Training]:
        """Trainings in progress on ``day`` of these officers for a skill they do not hold
        then (of ``skill_codes`` when given)."""
        ids = set(officer_ids)
        codes = None if skill_codes is None else set(skill_codes)
        return [
            t
            for t in self.trainings
            if t.officer_id in ids
            and t.runs_on(day)
            and (codes is None or t.skill.code in codes)
            and not self._holds(t.officer_id, t.skill_id, day)
        ]

    def mentor_ids(
        self, trainings: Iterable[Training], day: dt.date, min_level: int
    ) -> dict[tuple[int, str], list[int]]:
        """(trainee, skill code) -> the officer ids who may mentor him on ``day``: his named
        mentor holding the skill then, at whatever level; else every active officer holding
        it at ``min_level`` or above."""
        out: dict[tuple[int, str], list[int]] = {}
        for t in trainings:
            if t.mentor_id is not None:
                ok = self._holds(t.mentor_id, t.skill_id, day)
                out[t.officer_id, t.skill.code] = [t.mentor_id] if ok else []
            else:
                out[t.officer_id, t.skill.code] = sorted(
                    officer_id
                    for officer_id, skill_id in self._held
                    if skill_id == t.skill_id
                    and officer_id != t.officer_id
                    and self._holds(officer_id, skill_id, day, max(min_level, 1))
                )
        return out


def running_trainings(
    officer_ids: Iterable[int], day: dt.date, skill_codes: Iterable[str] | None = None
) -> list[Training]:
    """Trainings in progress on ``day`` of these officers for a skill they do not hold then."""
    ids = set(officer_ids)
    return TraineeFacts(ids, day, day).running(ids, day, skill_codes)


def period_training(
    period: RosterPeriod, officers: Sequence[Officer], skills: Mapping[int, set[str]]
) -> dict[int, list[dict[str, Any]]]:
    """The solver input's ``officers[].training`` per officer pk: the trainings in progress on
    every day of the period for a skill he does not hold for it (``skills``: the skills the
    input lists), with the input's officers who may mentor him and hold the skill."""
    first, last = period.start_date, period.end_date - dt.timedelta(days=1)
    ids = [o.pk for o in officers]
    facts = TraineeFacts(ids, first, first)
    trainings = [
        t
        for t in facts.running(ids, first)
        if (t.ended_on is None or t.ended_on > last) and t.skill.code not in skills[t.officer_id]
    ]
    if not trainings:
        return {}
    policy = team_training_policy(period.team_id)
    mentors = facts.mentor_ids(trainings, first, policy.mentor_min_level)
    out: dict[int, list[dict[str, Any]]] = {}
    for t in trainings:
        code = t.skill.code
        able = [m for m in mentors[t.officer_id, code] if code in skills.get(m, set())]
        out.setdefault(t.officer_id, []).append(
            {
                "skill": code,
                "mentors": [officer_ref(m) for m in able],
                "target": policy.shifts_per_period,
            }
        )
    return out


def trainee_skill_codes(officer_id: int, shift: Shift) -> set[str]:
    """The skills the shift demands that the officer is in training for on its local date."""
    day = timezone.localtime(shift.start).date()
    return {t.skill.code for t in running_trainings([officer_id], day, list(shift.demand))}


def _shift_facts(shift: Shift, officer_ids: Iterable[int]) -> TraineeFacts:
    day = timezone.localtime(shift.start).date()
    return TraineeFacts(officer_ids, day, day)


def _alone(
    shift: Shift, places: list[tuple[int, str]], facts: TraineeFacts
) -> list[tuple[int, str]]:
    """The trainee places among ``places`` (officer id, skill code) of the shift that no
    distinct mentor working it accompanies (``facts``: read for their officers)."""
    day = timezone.localtime(shift.start).date()
    trainings = facts.running({o for o, _ in places}, day)
    training_places = {(t.officer_id, t.skill.code) for t in trainings} & set(places)
    if not training_places:
        return []
    mentors = facts.mentor_ids(
        [t for t in trainings if (t.officer_id, t.skill.code) in training_places],
        day,
        facts.mentor_level(shift.team_id),
    )
    working = {o for o, _ in places}
    wanted = {
        str(officer_id): [str(m) for m in mentors[officer_id, code] if m in working]
        for officer_id, code in training_places
    }
    alone = {int(o) for o in unaccompanied(wanted)}
    return sorted(p for p in training_places if p[0] in alone)


def place_mentors(
    shift: Shift,
    officer_id: int,
    skill_code: str,
    working: Sequence[tuple[int, str]],
    facts: TraineeFacts | None = None,
) -> list[int] | None:
    """The officer's mentors among ``working`` (officer id, skill code: the shift's places
    now) when he may take a place of ``skill_code`` on the shift as a trainee; None when
    ``check_mentored`` would refuse it (his place, or another trainee's, left without a
    mentor). The open-shift list's reading of the claim's mentor rule. ``facts``: read for
    the officer and ``working`` on the shift's date (else read here)."""
    places = [*working, (officer_id, skill_code)]
    if facts is None:
        facts = _shift_facts(shift, {o for o, _code in places})
    if _alone(shift, places, facts):
        return None
    day = timezone.localtime(shift.start).date()
    trainings = facts.running([officer_id], day, [skill_code])
    if not trainings:
        return None
    mentors = facts.mentor_ids(trainings, day, facts.mentor_level(shift.team_id))
    on_shift = {o for o, _code in working}
    return [m for m in mentors.get((officer_id, skill_code), []) if m in on_shift]


def trainee_places_left_alone(shift: Shift, *, remove: Iterable[int]) -> list[Assignment]:
    """The trainee assignments of the shift that taking the officers ``remove`` off it would
    leave without a mentor (an absence frees them with the mentor's place)."""
    removed = set(remove)
    rows = [
        a
        for a in Assignment.objects.filter(shift=shift).select_related("skill", "shift")
        if a.officer_id not in removed
    ]
    places = [(a.officer_id, a.skill.code) for a in rows]
    alone = set(_alone(shift, places, _shift_facts(shift, {o for o, _code in places})))
    return [a for a in rows if (a.officer_id, a.skill.code) in alone]


def check_mentored(
    shift: Shift,
    *,
    add: tuple[int, str] | None = None,
    remove: Iterable[int] = (),
) -> None:
    """Raise ``RuleViolation`` when, after putting ``add`` (officer id, skill code) on the
    shift and taking the officers ``remove`` off it, a trainee's place there has no mentor."""
    removed = set(remove)
    places = [
        (officer_id, code)
        for officer_id, code in Assignment.objects.filter(shift=shift).values_list(
            "officer_id", "skill__code"
        )
        if officer_id not in removed
    ]
    if add is not None:
        places.append(add)
    facts = _shift_facts(shift, {o for o, _code in places})
    alone = sorted({officer_id for officer_id, _code in _alone(shift, places, facts)})
    if alone:
        raise RuleViolation(
            _("A trainee may work a place of his training skill only with a mentor on the shift."),
            extra={
                "rule": str(RuleId.TRAINING_MENTOR),
                "trainees": alone,
                "shift": shift.pk,
            },
        )


#: The rule a trainee's claim or swap breaks beyond the team's training shifts per period.
TRAINING_SHIFTS_RULE = "project.training_shifts"


def check_trainee_place(
    officer: Officer,
    shift: Shift,
    skill_code: str,
    *,
    gives_up: Assignment | None = None,
    leaving: Iterable[int] = (),
) -> None:
    """A trainee takes a place of his training skill outside the solver (a claim, a fair
    award, a swap; `roster.services.open_shifts.check_can_take`). Raise ``RuleViolation``
    unless a mentor works the shift and stays (``check_mentored``; ``leaving``: the officers
    who leave it in the same change) and, when the team sets ``shifts_per_period``, he holds
    fewer places of that skill in the shift's period than that number (``gives_up``, the
    place he hands over in the same change, does not count): rule ``project.training_shifts``.
    The solver treats the number as an aim; a trainee adds training places himself only up
    to it, a planner may assign more."""
    check_mentored(shift, add=(officer.pk, skill_code), remove=leaving)
    check_training_number(officer, shift, skill_code, gives_up=gives_up)


def check_training_number(
    officer: Officer, shift: Shift, skill_code: str, *, gives_up: Assignment | None = None
) -> None:
    """The ``project.training_shifts`` part of ``check_trainee_place``."""
    allowed = team_training_policy(shift.team_id).shifts_per_period
    if not allowed:
        return
    held = Assignment.objects.filter(
        officer=officer,
        skill__code=skill_code,
        shift__period_id=shift.period_id,
        shift__cancelled_at__isnull=True,
    ).exclude(shift=shift)
    if gives_up is not None:
        held = held.exclude(pk=gives_up.pk)
    if held.count() >= allowed:
        raise RuleViolation(
            _("The trainee already has the team's number of training shifts in this period."),
            extra={"rule": TRAINING_SHIFTS_RULE, "limit": allowed, "skill": skill_code},
        )
