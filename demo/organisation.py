"""The demo unit: one unit, two teams of about 60 officers, desks, skills and demo logins.

Deterministic (seeded) and idempotent: running it twice changes nothing. Used only by the
`seed_demo` command, which refuses to run with DEBUG off, so demo logins never reach
production.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass

from django.db import transaction

from organisation.models import (
    Desk,
    Officer,
    Qualification,
    Role,
    RoleAssignment,
    Skill,
    Team,
    Unit,
)
from requests_desk.services.catalogue import CATALOGUE_FILE

DEMO_PASSWORD = "demo-samen"  # noqa: S105 - the documented demo password, demo data only

SKILLS = [
    ("basis", "Basispolitiezorg", "Basic police duty"),
    ("prio1", "Rijbevoegdheid prioriteit 1", "Priority-1 driving licence"),
    ("ovd", "Officier van Dienst", "Duty officer"),
    ("coordinator", "Coördinator noodhulp", "Emergency response coordinator"),
    ("intake", "Intake en service", "Intake and front desk"),
    ("bhv", "Bedrijfshulpverlening", "Workplace emergency response"),
]


def _catalogue_desks() -> list[tuple[str, str, str]]:
    """Every desk the reference catalogue routes to: (code, Dutch name, English name)."""
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return [(d["code"], d["name_nl"], d["name_en"]) for d in data["desks"]]


DESKS = _catalogue_desks()

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Chantal",
    "Daan",
    "Eva",
    "Fatima",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jeroen",
    "Kim",
    "Lars",
    "Mila",
    "Noah",
    "Olga",
    "Pieter",
    "Quinten",
    "Roos",
    "Sander",
    "Tess",
    "Umut",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Bas",
    "Femke",
    "Joost",
    "Lotte",
    "Mohamed",
    "Nadia",
    "Ruben",
    "Sanne",
    "Thijs",
    "Youssef",
    "Iris",
    "Martijn",
    "Esther",
    "Koen",
    "Linda",
    "Dewi",
    "Sven",
    "Marloes",
    "Jasper",
    "Ayla",
    "Rik",
    "Nina",
    "Tim",
    "Floor",
    "Stijn",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Berg",
    "van der Heijden",
    "Yilmaz",
    "El Amrani",
    "Koster",
    "Prins",
    "Kuipers",
    "Huisman",
    "Postma",
    "Wijnands",
    "Verbeek",
    "Hoekstra",
    "Maas",
    "Verhoeven",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    description: str
    team: str = ""  # code of the team he works in (officers and team leads)
    desks: tuple[str, ...] = ()  # codes of the desks he staffs


#: Every desk of the catalogue is staffed by one of these; `verzuim` staffs the
#: occupational-health desk (`HEALTH_DESK_CODE`, `vz`) that handles sick reports.
DEMO_LOGINS = [
    DemoLogin("agent", "Anouk", "Agent", "officer in team Centrum", team="centrum"),
    DemoLogin("collega", "Cas", "Collega", "officer in team Centrum", team="centrum"),
    DemoLogin("wijkagent", "Willem", "Wijkagent", "officer in team Zuid", team="zuid"),
    DemoLogin("teamchef", "Thijs", "Teamchef", "team lead of team Centrum", team="centrum"),
    DemoLogin("teamchef-zuid", "Zoë", "Zuidema", "team lead of team Zuid", team="zuid"),
    DemoLogin("roosteraar", "Roos", "Roosteraar", "planner of both teams"),
    DemoLogin(
        "loket",
        "Lotte",
        "Loket",
        "desk staff: HR, payroll, finance, facilities, arbo",
        desks=("hr", "sal", "financien", "facilitair", "arbo"),
    ),
    DemoLogin(
        "verzuim",
        "Vera",
        "Verzuim",
        "desk staff: absence case management (sick reports), peer support",
        desks=("vz", "co"),
    ),
    DemoLogin(
        "servicedesk",
        "Sem",
        "Servicedesk",
        "desk staff: clothing & equipment, armoury, fleet, IT, security & passes",
        desks=("log", "wap", "flt", "it", "sec"),
    ),
    DemoLogin(
        "staf",
        "Sophie",
        "Staf",
        "desk staff: integrity, privacy, training, roster office, secretariat, legal",
        desks=("vik", "priv", "opl", "roo", "secr", "jur"),
    ),
    DemoLogin("eenheidschef", "Erik", "Eenheidschef", "unit manager"),
    DemoLogin("beheer", "Bas", "Beheer", "administrator"),
]

OFFICERS_PER_TEAM = 60


def _qualifications(
    rng: random.Random, today: dt.date
) -> list[tuple[str, dt.date, dt.date | None]]:
    """A realistic mix: everyone basis; most prio-1 driving; some ovd/coordinator; certificates
    that expire (a few already expired, so they no longer count)."""
    start = today - dt.timedelta(days=rng.randint(400, 4000))
    quals: list[tuple[str, dt.date, dt.date | None]] = [("basis", start, None)]
    if rng.random() < 0.8:
        until = today + dt.timedelta(days=rng.randint(-60, 700))
        quals.append(("prio1", until - dt.timedelta(days=730), until))
    if rng.random() < 0.12:
        quals.append(("ovd", start + dt.timedelta(days=365), None))
    if rng.random() < 0.2:
        quals.append(("coordinator", start + dt.timedelta(days=200), None))
    if rng.random() < 0.15:
        quals.append(("intake", start, None))
    if rng.random() < 0.3:
        until = today + dt.timedelta(days=rng.randint(-30, 365))
        quals.append(("bhv", until - dt.timedelta(days=365), until))
    return quals


def _contract_minutes(rng: random.Random) -> int:
    return rng.choices([2160, 1920, 1728, 1440], weights=[60, 20, 10, 10])[0]


@transaction.atomic
def seed_organisation(today: dt.date) -> dict[str, int]:
    rng = random.Random(20261123)  # noqa: S311 - demo data, not security
    unit, _ = Unit.objects.get_or_create(code="ams", defaults={"name": "Eenheid Amsterdam"})
    teams = [
        Team.objects.get_or_create(
            code="centrum", defaults={"unit": unit, "name": "Basisteam Centrum"}
        )[0],
        Team.objects.get_or_create(code="zuid", defaults={"unit": unit, "name": "Basisteam Zuid"})[
            0
        ],
    ]
    skills = {
        code: Skill.objects.get_or_create(code=code, defaults={"name_nl": nl, "name_en": en})[0]
        for code, nl, en in SKILLS
    }
    desks = {
        code: Desk.objects.get_or_create(
            code=code, defaults={"unit": unit, "name_nl": nl, "name_en": en}
        )[0]
        for code, nl, en in DESKS
    }

    number = 100000
    for team in teams:
        for i in range(OFFICERS_PER_TEAM):
            number += 1
            first = rng.choice(FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            born = dt.date(rng.randint(1964, 2003), rng.randint(1, 12), rng.randint(1, 28))
            age = (today - born).days // 365
            officer, created = Officer.objects.get_or_create(
                username=f"{team.code}{i + 1:02d}",
                defaults={
                    "employee_number": str(number),
                    "first_name": first,
                    "last_name": last,
                    "email": f"{team.code}{i + 1:02d}@politie.example",
                    "contract_minutes_per_week": _contract_minutes(rng),
                    "date_of_birth": born,
                    "night_exempt": age >= 55 and rng.random() < 0.6,
                },
            )
            quals = _qualifications(rng, today)
            if created:
                officer.set_unusable_password()
                officer.save(update_fields=["password"])
                officer.teams.add(team)
                Qualification.objects.bulk_create(
                    [
                        Qualification(officer=officer, skill=skills[c], valid_from=f, valid_until=u)
                        for c, f, u in quals
                    ]
                )

    by_code = {team.code: team for team in teams}
    roles: dict[str, list[tuple[str, Team | None, Desk | None, Unit | None]]] = {
        "teamchef": [(Role.TEAM_LEAD, by_code["centrum"], None, None)],
        "teamchef-zuid": [(Role.TEAM_LEAD, by_code["zuid"], None, None)],
        "roosteraar": [(Role.PLANNER, team, None, None) for team in teams],
        "eenheidschef": [(Role.UNIT_MANAGER, None, None, unit)],
        "beheer": [(Role.ADMINISTRATOR, None, None, None)],
    }
    for login in DEMO_LOGINS:
        number += 1
        officer, created = Officer.objects.get_or_create(
            username=login.username,
            defaults={
                "employee_number": str(number),
                "first_name": login.first_name,
                "last_name": login.last_name,
                "email": f"{login.username}@politie.example",
                "date_of_birth": dt.date(1985, 5, 17),
                "is_staff": login.username == "beheer",
                "is_superuser": login.username == "beheer",
            },
        )
        if created:
            officer.set_password(DEMO_PASSWORD)
            officer.save(update_fields=["password"])
            if login.team:
                officer.teams.add(by_code[login.team])
                Qualification.objects.bulk_create(
                    [
                        Qualification(
                            officer=officer, skill=skills["basis"], valid_from=dt.date(2015, 1, 1)
                        ),
                        Qualification(
                            officer=officer,
                            skill=skills["prio1"],
                            valid_from=today - dt.timedelta(days=100),
                            valid_until=today + dt.timedelta(days=600),
                        ),
                    ]
                )
        staffed = [(Role.DESK_STAFF, None, desks[code], None) for code in login.desks]
        for role, role_team, desk, role_unit in roles.get(login.username, []) + staffed:
            RoleAssignment.objects.get_or_create(
                officer=officer, role=role, team=role_team, desk=desk, unit=role_unit
            )
    return {
        "units": Unit.objects.count(),
        "teams": Team.objects.count(),
        "officers": Officer.objects.count(),
        "qualifications": Qualification.objects.count(),
    }
