"""Demo of competences and training (issue 18) in team `centrum`: `collega` is in training
for ovd (duty officer) with `agent` as his mentor; both have an ambition; the team aims at two
training shifts per trainee per period and asks mentors of level 2 or more. `solve_demo` then
plans `collega` on night ovd places only beside `agent`, and the solve report says how many
training shifts he got against the target. Read as `roosteraar` or `teamchef`:
`GET /api/v1/officers/<collega>/competences/`; as `collega`: `GET /api/v1/me/competences/`.

Idempotent: a second run finds the rows and changes nothing. Runs before `solve_demo`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from organisation.models import Ambition, Officer, Qualification, Skill, Team, Training
from roster.models import TeamTrainingPolicy

#: mentor level of `agent` in ovd; the team asks at least MENTOR_MIN_LEVEL
MENTOR_LEVEL = 3
MENTOR_MIN_LEVEL = 2
TRAINING_SHIFTS_PER_PERIOD = 2


@transaction.atomic
def seed_training(today: dt.date) -> dict[str, int]:
    team = Team.objects.get(code="centrum")
    ovd = Skill.objects.get(code="ovd")
    mentor = Officer.objects.get(username="agent")
    trainee = Officer.objects.get(username="collega")
    TeamTrainingPolicy.objects.get_or_create(
        team=team,
        defaults={
            "shifts_per_period": TRAINING_SHIFTS_PER_PERIOD,
            "mentor_min_level": MENTOR_MIN_LEVEL,
        },
    )
    Qualification.objects.get_or_create(
        officer=mentor,
        skill=ovd,
        valid_from=dt.date(2018, 3, 1),
        defaults={"level": MENTOR_LEVEL},
    )
    Training.objects.get_or_create(
        officer=trainee,
        skill=ovd,
        defaults={
            "mentor": mentor,
            "started_on": today - dt.timedelta(days=30),
            "expected_end_on": today + dt.timedelta(days=150),
        },
    )
    Ambition.objects.get_or_create(
        officer=trainee,
        text="Officier van Dienst worden",
        defaults={"skill": ovd},
    )
    Ambition.objects.get_or_create(
        officer=mentor, text="Meer nachtdiensten als OvD", defaults={"skill": ovd}
    )
    return {
        "trainings": Training.objects.filter(officer__teams=team).count(),
        "ambitions": Ambition.objects.filter(officer__teams=team).count(),
    }
