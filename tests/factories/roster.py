from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from roster.burdens import compute_burdens
from roster.models import (
    Assignment,
    AssignmentSource,
    Phase,
    RosterPeriod,
    Shift,
    ShiftKind,
    ShiftTemplate,
    SignUp,
    Wish,
)
from tests.factories.organisation import OfficerFactory, SkillFactory, TeamFactory


def aware(*args: int) -> dt.datetime:
    """An aware datetime in Europe/Amsterdam from (year, month, day, hour, minute)."""
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


class PeriodFactory(factory.django.DjangoModelFactory):
    """A 4-week period from Monday 4 January 2027 with its sign-up window open now."""

    class Meta:
        model = RosterPeriod

    team = factory.SubFactory(TeamFactory)
    start_date = dt.date(2027, 1, 4)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=28))
    phase = Phase.SIGNUP_OPEN
    signup_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    signup_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    publish_on = factory.LazyAttribute(lambda o: o.start_date - dt.timedelta(days=14))


class ShiftTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftTemplate

    team = factory.SubFactory(TeamFactory)
    name = "Vroeg"
    kind = ShiftKind.EARLY
    start_time = dt.time(7, 0)
    end_time = dt.time(15, 0)
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4, 5, 6])
    demand = factory.LazyFunction(lambda: {"basis": 2})


class ShiftFactory(factory.django.DjangoModelFactory):
    """A shift on Tuesday 5 January 2027, 07:00-15:00 local; burdens computed from times."""

    class Meta:
        model = Shift

    period = factory.SubFactory(PeriodFactory)
    team = factory.SelfAttribute("period.team")
    kind = ShiftKind.EARLY
    start = factory.LazyFunction(lambda: aware(2027, 1, 5, 7, 0))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=8))
    demand = factory.LazyFunction(lambda: {"basis": 2})
    is_night = factory.LazyAttribute(lambda o: compute_burdens(o.start, o.end).night)
    is_weekend = factory.LazyAttribute(lambda o: compute_burdens(o.start, o.end).weekend)
    is_holiday = factory.LazyAttribute(lambda o: compute_burdens(o.start, o.end).holiday)


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    officer = factory.SubFactory(OfficerFactory)
    shift = factory.SubFactory(ShiftFactory)
    wish = Wish.WANT


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    officer = factory.SubFactory(OfficerFactory)
    shift = factory.SubFactory(ShiftFactory)
    skill = factory.SubFactory(SkillFactory)
    source = AssignmentSource.SOLVER
