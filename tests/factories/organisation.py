from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from organisation.models import (
    Absence,
    AbsenceKind,
    Delegation,
    Desk,
    Officer,
    Qualification,
    Role,
    RoleAssignment,
    Skill,
    Team,
    Unit,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit{n}")
    name = factory.Sequence(lambda n: f"Eenheid {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"team{n}")
    name = factory.Sequence(lambda n: f"Basisteam {n}")


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"desk{n}")
    name_nl = factory.Sequence(lambda n: f"Loket {n}")
    name_en = factory.Sequence(lambda n: f"Desk {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = "basis"
    name_nl = factory.LazyAttribute(lambda o: f"{o.code} (nl)")
    name_en = factory.LazyAttribute(lambda o: f"{o.code} (en)")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    employee_number = factory.Sequence(lambda n: f"{200000 + n}")
    first_name = "Sanne"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@politie.example")
    contract_minutes_per_week = 2160
    date_of_birth = dt.date(1990, 1, 1)
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def teams(self, create: bool, extracted: list[Team] | None, **kwargs: object) -> None:
        if create and extracted:
            self.teams.add(*extracted)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    officer = factory.SubFactory(OfficerFactory)
    skill = factory.SubFactory(SkillFactory)
    valid_from = dt.date(2020, 1, 1)
    valid_until = None


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    officer = factory.SubFactory(OfficerFactory)
    role = Role.TEAM_LEAD


def _aware(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    officer = factory.SubFactory(OfficerFactory)
    kind = AbsenceKind.LEAVE
    start = factory.LazyFunction(lambda: _aware(2027, 1, 4, 0, 0))
    end = factory.LazyFunction(lambda: _aware(2027, 1, 9, 0, 0))
    created_by = factory.SelfAttribute("officer")


class DelegationFactory(factory.django.DjangoModelFactory):
    """The approver hands his approvals to the substitute for this week."""

    class Meta:
        model = Delegation

    approver = factory.SubFactory(OfficerFactory)
    substitute = factory.SubFactory(OfficerFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=7))
