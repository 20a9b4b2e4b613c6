"""A trainee may claim or swap into a place of his training skill outside the solver exactly
when a mentor works the shift and stays there (issue 18, `roster.trainees.check_trainee_place`),
and within the team's training shifts per period when the team sets a number."""

import datetime as dt

import pytest

from organisation.models import Training
from roster.models import (
    Assignment,
    OpenShiftPolicy,
    Phase,
    Swap,
    TeamSwapPolicy,
    TeamTrainingPolicy,
)
from roster.services.swap_chains import swap_offer_create
from roster.swap_chain_models import SwapChain
from tests.factories.organisation import OfficerFactory, QualificationFactory, SkillFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def ovd():
    return SkillFactory(code="ovd")


@pytest.fixture
def published(team):
    return PeriodFactory(team=team, phase=Phase.PUBLISHED)


@pytest.fixture
def mentor(colleague, ovd):
    QualificationFactory(officer=colleague, skill=ovd, valid_from=dt.date(2020, 1, 1))
    return colleague


@pytest.fixture
def trainee(officer, ovd):
    Training.objects.create(officer=officer, skill=ovd, started_on=dt.date(2026, 11, 1))
    return officer


@pytest.fixture
def holder(team, basis, ovd):
    """Another ovd holder (he could mentor too)."""
    o = OfficerFactory(first_name="Henk", teams=[team])
    QualificationFactory(officer=o, skill=basis)
    QualificationFactory(officer=o, skill=ovd)
    return o


def shift(period, day, demand=None):
    return ShiftFactory(
        period=period, start=aware(2027, 1, day, 7, 0), demand=demand or {"basis": 1, "ovd": 1}
    )


def _claim(client, s, skill="ovd"):
    return client.post("/api/v1/open-shifts/claim/", {"shift": s.id, "skill": skill}, format="json")


# -- claim -----------------------------------------------------------------------------------


def test_a_trainee_claims_a_training_place_when_his_mentor_works_the_shift(
    trainee, mentor, basis, ovd, published, api_client_for
):
    s = shift(published, 6)
    AssignmentFactory(officer=mentor, shift=s, skill=basis)
    response = _claim(api_client_for(trainee), s)
    assert response.status_code == 201, response.data
    assert Assignment.objects.get(officer=trainee).skill == ovd


def test_a_trainee_cannot_claim_a_training_place_without_a_mentor_on_the_shift(
    trainee, mentor, basis, published, api_client_for
):
    s = shift(published, 6)
    response = _claim(api_client_for(trainee), s)
    assert response.status_code == 422
    assert response.data["code"] == "rule_violation"
    assert response.data["extra"]["rule"] == "project.training_mentor"
    assert response.data["extra"]["officer"] == trainee.id
    assert not Assignment.objects.filter(officer=trainee).exists()


def test_an_officer_neither_qualified_nor_in_training_is_still_not_qualified(
    officer, mentor, basis, published, api_client_for
):
    s = shift(published, 6)
    AssignmentFactory(officer=mentor, shift=s, skill=basis)
    response = _claim(api_client_for(officer), s)
    assert response.status_code == 422
    assert response.data["code"] == "not_qualified"


def test_a_trainee_claims_no_more_training_places_than_the_teams_number(
    trainee, mentor, basis, ovd, team, published, api_client_for
):
    TeamTrainingPolicy.objects.create(team=team, shifts_per_period=1)
    first, second = shift(published, 6), shift(published, 8)
    for s in (first, second):
        AssignmentFactory(officer=mentor, shift=s, skill=basis)
    client = api_client_for(trainee)
    assert _claim(client, first).status_code == 201
    response = _claim(client, second)
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "project.training_shifts"
    assert response.data["extra"]["limit"] == 1
    assert Assignment.objects.filter(officer=trainee).count() == 1


def test_a_fair_award_gives_a_trainee_his_training_place_beside_his_mentor(
    trainee, mentor, basis, team, published, planner, api_client_for
):
    TeamSwapPolicy.objects.create(team=team, open_shift_policy=OpenShiftPolicy.FAIR_AWARD)
    s = shift(published, 6)
    AssignmentFactory(officer=mentor, shift=s, skill=basis)
    assert _claim(api_client_for(trainee), s).status_code == 202
    response = api_client_for(planner).post(f"/api/v1/shifts/{s.id}/award/")
    assert response.data["winners"] == [trainee.id]


def test_a_fair_award_skips_a_trainee_whose_mentor_left_meanwhile(
    trainee, mentor, basis, team, published, planner, api_client_for
):
    TeamSwapPolicy.objects.create(team=team, open_shift_policy=OpenShiftPolicy.FAIR_AWARD)
    s = shift(published, 6)
    place = AssignmentFactory(officer=mentor, shift=s, skill=basis)
    assert _claim(api_client_for(trainee), s).status_code == 202
    place.delete()
    response = api_client_for(planner).post(f"/api/v1/shifts/{s.id}/award/")
    assert response.data["winners"] == []
    assert "project.training_mentor" in response.data["explanation"]


# -- swap ------------------------------------------------------------------------------------


def _offer(client, **body):
    return client.post("/api/v1/swaps/", body, format="json")


def test_a_trainee_takes_an_ovd_place_given_away_beside_his_mentor(
    trainee, mentor, holder, basis, ovd, published, api_client_for
):
    s = shift(published, 6)
    AssignmentFactory(officer=mentor, shift=s, skill=basis)
    place = AssignmentFactory(officer=holder, shift=s, skill=ovd)
    offered = _offer(
        api_client_for(holder), kind="give_away", assignment=place.id, receiver=trainee.id
    )
    assert offered.status_code == 201, offered.data
    accepted = api_client_for(trainee).post(f"/api/v1/swaps/{offered.data['id']}/accept/")
    assert accepted.status_code == 200, accepted.data
    assert Assignment.objects.get(pk=place.pk).officer == trainee


def test_a_trainee_cannot_take_over_the_place_of_the_mentor_who_leaves(
    trainee, mentor, ovd, published, api_client_for
):
    # the mentor himself gives his ovd place to the trainee: nobody would mentor him
    s = shift(published, 6, demand={"ovd": 1})
    place = AssignmentFactory(officer=mentor, shift=s, skill=ovd)
    response = _offer(
        api_client_for(mentor), kind="give_away", assignment=place.id, receiver=trainee.id
    )
    assert response.status_code == 422
    assert response.data["extra"]["rule"] == "project.training_mentor"
    assert not Swap.objects.exists()


# -- swap chain ------------------------------------------------------------------------------


def test_a_chain_moves_a_trainee_onto_a_training_place_beside_a_mentor_who_stays(
    trainee, mentor, holder, team, basis, ovd, published
):
    # A (trainee) works basis on the 11th, B (holder) ovd on the 12th (the mentor works its
    # basis place), C works basis on the 13th; A takes B's ovd place, B C's, C A's
    third = OfficerFactory(first_name="Daan", teams=[team])
    QualificationFactory(officer=third, skill=basis)
    a = AssignmentFactory(officer=trainee, shift=shift(published, 11), skill=basis)
    b_shift = shift(published, 12)
    AssignmentFactory(officer=mentor, shift=b_shift, skill=basis)
    b = AssignmentFactory(officer=holder, shift=b_shift, skill=ovd)
    c = AssignmentFactory(officer=third, shift=shift(published, 13), skill=basis)
    swap_offer_create(actor=trainee, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=holder, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a.shift])
    assert SwapChain.objects.count() == 1


def test_no_chain_puts_a_trainee_on_a_training_place_without_a_mentor(
    trainee, holder, team, basis, ovd, published
):
    third = OfficerFactory(first_name="Daan", teams=[team])
    QualificationFactory(officer=third, skill=basis)
    a = AssignmentFactory(officer=trainee, shift=shift(published, 11), skill=basis)
    b = AssignmentFactory(officer=holder, shift=shift(published, 12), skill=ovd)
    c = AssignmentFactory(officer=third, shift=shift(published, 13), skill=basis)
    swap_offer_create(actor=trainee, assignment=a, wanted_shifts=[b.shift])
    swap_offer_create(actor=holder, assignment=b, wanted_shifts=[c.shift])
    swap_offer_create(actor=third, assignment=c, wanted_shifts=[a.shift])
    assert not SwapChain.objects.exists()
