"""Training places in a trainee's open-shift list (issue 18).

A trainee may claim an open place of the skill he is in training for when a mentor works the
shift and stays, within the team's training shifts per period (`roster.trainees.
check_trainee_place`, run by every claim). `GET /open-shifts/` lists exactly those places for
him, marked `training`, so he need not find them by shift and skill:

- the same checks as any place of his list (his team or a team lending to him, not absent,
  not on the shift, the working-time rules and the fatigue cap), with "in training for the
  skill on the shift's date" in place of "qualified";
- fewer places of that skill in the shift's period than the team's `shifts_per_period`
  (when it sets one): his own roster, so the materialised list (`roster.services.open_fits`)
  keeps it;
- a mentor on the shift (`roster.trainees.place_mentors`, the claim's own matching): another
  officer's roster, so it is checked at every read, never taken from the table. A place
  whose mentor left is not listed; one whose mentor came is listed at once. The check reads
  the trainings and qualifications of the list's shifts once (`roster.trainees.
  TraineeFacts`): four queries however many training places the list holds.

Who reads which mentor (`mentor_rows`): a trainee reads a mentor on the shift when the two
share a team (a colleague, whose roster he reads anyway), with whether that mentor is absent
during the shift and nothing more (`organisation.need_to_know`: colleagues learn "absent",
never why). A mentor of a team that only lends the place is not named: that team's roster is
not his to read (that a mentor works it is what the listing says).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from organisation.models import Absence, Officer, Training
from roster.models import Assignment, Shift, TeamTrainingPolicy
from roster.trainees import TraineeFacts, place_mentors


@dataclass(frozen=True)
class TrainingScope:
    """What decides an officer's training places, read once per list: his running trainings,
    his places per (period, skill code), the teams' training shifts per period."""

    trainings: tuple[Training, ...] = ()
    held: Counter[tuple[int, str]] = field(default_factory=Counter)
    limits: dict[int, int] = field(default_factory=dict)

    def codes(self, day: dt.date, wanted: Iterable[str], qualified: set[str]) -> list[str]:
        """Of `wanted` (skill codes a shift has open), those he is in training for on `day`
        and does not hold."""
        running = {
            t.skill.code
            for t in self.trainings
            if t.started_on <= day and (t.ended_on is None or t.ended_on > day)
        }
        return [code for code in wanted if code in running and code not in qualified]

    def within_number(self, shift: Shift, code: str) -> bool:
        """He holds fewer places of `code` in the shift's period than its team's number."""
        allowed = self.limits.get(shift.team_id, 0)
        return not allowed or self.held[shift.period_id, code] < allowed


def training_scope(officer: Officer, shifts: Sequence[Shift]) -> TrainingScope:
    """His training scope for these candidate shifts (one query when he trains for nothing)."""
    trainings = tuple(Training.objects.filter(officer=officer).select_related("skill"))
    if not trainings:
        return TrainingScope()
    held = Counter(
        Assignment.objects.filter(
            officer=officer,
            shift__period_id__in={s.period_id for s in shifts},
            shift__cancelled_at__isnull=True,
        ).values_list("shift__period_id", "skill__code")
    )
    limits = dict(
        TeamTrainingPolicy.objects.filter(team_id__in={s.team_id for s in shifts}).values_list(
            "team_id", "shifts_per_period"
        )
    )
    return TrainingScope(trainings=trainings, held=held, limits=limits)


def mentored(
    officer_id: int, places: Sequence[tuple[Shift, str]]
) -> dict[tuple[int, str], tuple[int, ...]]:
    """Of the training places (shift, skill code), those a mentor on the shift accompanies
    now, with his mentors there: (shift id, code) -> mentor ids."""
    if not places:
        return {}
    working: dict[int, list[tuple[int, str]]] = {}
    for shift_id, officer, code in Assignment.objects.filter(
        shift_id__in={s.pk for s, _code in places}
    ).values_list("shift_id", "officer_id", "skill__code"):
        working.setdefault(shift_id, []).append((officer, code))
    days = [timezone.localtime(shift.start).date() for shift, _code in places]
    people = {o for rows in working.values() for o, _code in rows} | {officer_id}
    facts = TraineeFacts(people, min(days), max(days))
    out: dict[tuple[int, str], tuple[int, ...]] = {}
    for shift, code in places:
        on_shift = [p for p in working.get(shift.pk, []) if p[0] != officer_id]
        mentors = place_mentors(shift, officer_id, code, on_shift, facts)
        if mentors is not None:
            out[shift.pk, code] = tuple(mentors)
    return out


@dataclass(frozen=True)
class MentorRow:
    officer: int
    name: str
    #: absent during the shift (never why: `organisation.need_to_know`)
    absent: bool


def mentor_rows(
    actor: Officer, places: Iterable[tuple[Shift, str, tuple[int, ...]]]
) -> dict[tuple[int, str], list[MentorRow]]:
    """The mentors the reader may read per training place (see the module): those who share a
    team with him, with whether they are absent during the shift."""
    places = list(places)
    ids = {m for _s, _c, mentors in places for m in mentors}
    if not ids:
        return {}
    colleagues = {
        o.pk: o
        for o in Officer.objects.filter(
            pk__in=ids, teams__in=actor.teams.all(), is_active=True
        ).distinct()
    }
    lo = min(s.start for s, _c, _m in places)
    hi = max(s.end for s, _c, _m in places)
    absences = list(
        Absence.objects.in_force()
        .filter(officer_id__in=list(colleagues), start__lt=hi)
        .filter(Q(end__isnull=True) | Q(end__gt=lo))
        .values_list("officer_id", "start", "end")
    )
    out: dict[tuple[int, str], list[MentorRow]] = {}
    for shift, code, mentors in places:
        out[shift.pk, code] = [
            MentorRow(
                officer=m,
                name=colleagues[m].get_full_name(),
                absent=any(
                    o == m and start < shift.end and (end is None or end > shift.start)
                    for o, start, end in absences
                ),
            )
            for m in mentors
            if m in colleagues
        ]
    return out
