"""A swap chain never leaves a trainee without his mentor (issue 18): the mentor's place goes
only to a taker who may mentor in his place."""

import datetime as dt

import pytest

from organisation.models import Training
from roster.models import Shift
from roster.services.swap_chains import swap_offer_create
from roster.swap_chain_models import SwapChain
from tests.factories.organisation import OfficerFactory, QualificationFactory, SkillFactory
from tests.factories.roster import AssignmentFactory
from tests.roster.services.test_swap_chains import place, published, third

__all__ = ["published", "third"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("taker_mentors", "proposed"), [(False, 0), (True, 1)])
def test_the_mentors_place_goes_only_to_a_taker_who_may_mentor(
    officer, colleague, third, published, basis, team, taker_mentors, proposed
):
    # given: B (colleague) mentors a trainee in ovd on his shift of the 12th; A (officer)
    # would take B's place in the chain
    ovd = SkillFactory(code="ovd")
    QualificationFactory(officer=colleague, skill=ovd, valid_from=dt.date(2020, 1, 1))
    if taker_mentors:
        QualificationFactory(officer=officer, skill=ovd, valid_from=dt.date(2020, 1, 1))
    places = (
        place(officer, published, basis, 2027, 1, 11, 7, 0),
        place(colleague, published, basis, 2027, 1, 12, 7, 0),
        place(third, published, basis, 2027, 1, 13, 7, 0),
    )
    trainee = OfficerFactory(teams=[team])
    Training.objects.create(officer=trainee, skill=ovd, started_on=dt.date(2026, 11, 1))
    mentored = places[1].shift
    Shift.objects.filter(pk=mentored.pk).update(demand={**mentored.demand, "ovd": 1})
    AssignmentFactory(officer=trainee, shift=mentored, skill=ovd)
    # when: the three offers form a cycle
    a, b, c = places
    swap_offer_create(actor=officer, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=colleague, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a.shift])
    # then: proposed only where A may mentor the trainee in B's place
    assert SwapChain.objects.count() == proposed
