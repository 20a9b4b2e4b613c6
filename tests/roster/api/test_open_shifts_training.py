"""A trainee's open-shift list shows the training places he may claim (issue 18,
`roster.services.training_places`): a place of the skill he trains for, while a mentor works
the shift, within the team's training shifts per period; marked `training`, with the mentors
he may read (colleagues; absent or not, never why)."""

import datetime as dt

import pytest

from organisation.models import Training
from roster.models import Assignment, Phase, TeamLendingPolicy, TeamTrainingPolicy
from roster.services.open_fits import open_fits_refresh
from tests.factories.organisation import (
    AbsenceFactory,
    OfficerFactory,
    QualificationFactory,
    SkillFactory,
)
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


def _shift(period, day, hour=7, **kwargs):
    start = aware(2027, 1, day, hour, 0)
    kwargs.setdefault("end", start + dt.timedelta(hours=8))
    return ShiftFactory(period=period, start=start, demand={"basis": 1, "ovd": 1}, **kwargs)


def _rows(client):
    response = client.get("/api/v1/open-shifts/", {"page_size": 100})
    assert response.status_code == 200, response.data
    return response.data["results"]


def _places(client):
    return [(r["shift"], r["skill"], r["training"]) for r in _rows(client)]


def test_a_trainee_sees_the_training_place_beside_his_mentor_and_claims_it(
    trainee, mentor, basis, ovd, published, api_client_for
):
    # given: his mentor works the 6th (basis); nobody the 8th
    with_mentor, alone = _shift(published, 6), _shift(published, 8)
    AssignmentFactory(officer=mentor, shift=with_mentor, skill=basis)
    client = api_client_for(trainee)
    # when
    rows = _rows(client)
    # then: the 6th's ovd place is a training place naming his mentor; the 8th's is not listed
    assert [(r["shift"], r["skill"], r["training"]) for r in rows] == [
        (with_mentor.id, "ovd", True),
        (alone.id, "basis", False),
    ]
    assert rows[0]["mentors"] == [
        {"officer": mentor.id, "name": mentor.get_full_name(), "absent": False}
    ]
    assert rows[0]["lent"] is False
    assert rows[1]["mentors"] == []
    # and the claim agrees: the listed place is his, the unlisted one is refused
    claim = client.post(
        "/api/v1/open-shifts/claim/", {"shift": with_mentor.id, "skill": "ovd"}, format="json"
    )
    assert claim.status_code == 201, claim.data
    refused = client.post(
        "/api/v1/open-shifts/claim/", {"shift": alone.id, "skill": "ovd"}, format="json"
    )
    assert refused.status_code == 422
    assert Assignment.objects.get(officer=trainee).skill == ovd


def test_a_training_night_over_the_dst_change_is_listed_with_its_real_times(
    trainee, mentor, basis, team, api_client_for
):
    # 27-28 March 2027: clocks go forward, the night 23:00-07:00 lasts 7 hours
    march = PeriodFactory(team=team, phase=Phase.PUBLISHED, start_date=dt.date(2027, 3, 22))
    night = ShiftFactory(
        period=march,
        kind="night",
        start=aware(2027, 3, 27, 23, 0),
        end=aware(2027, 3, 28, 7, 0),
        demand={"basis": 1, "ovd": 1},
    )
    AssignmentFactory(officer=mentor, shift=night, skill=basis)
    rows = _rows(api_client_for(trainee))
    assert [(r["shift"], r["training"], r["start"], r["end"]) for r in rows] == [
        (night.id, True, "2027-03-27T23:00:00+01:00", "2027-03-28T07:00:00+02:00")
    ]


def test_a_colleague_who_does_not_train_sees_no_training_place(
    trainee, mentor, basis, ovd, team, published, api_client_for
):
    s = _shift(published, 6)
    s.demand = {"basis": 2, "ovd": 1}
    s.save(update_fields=["demand"])
    AssignmentFactory(officer=mentor, shift=s, skill=basis)
    assert _places(api_client_for(trainee)) == [(s.id, "basis", False), (s.id, "ovd", True)]
    # a colleague neither qualified for nor training in ovd: the basis place only
    other = OfficerFactory(teams=[team])
    QualificationFactory(officer=other, skill=basis)
    assert _places(api_client_for(other)) == [(s.id, "basis", False)]
    # an ovd holder sees the ovd place as an ordinary one
    holder = OfficerFactory(teams=[team])
    QualificationFactory(officer=holder, skill=ovd)
    assert _places(api_client_for(holder)) == [(s.id, "ovd", False)]
    # a training that ended is no training any more
    Training.objects.filter(officer=trainee).update(ended_on=dt.date(2026, 12, 1))
    assert _places(api_client_for(trainee)) == [(s.id, "basis", False)]


def test_the_mentor_is_read_at_every_read_also_from_a_fresh_table(
    trainee, mentor, basis, published, api_client_for
):
    # given: his materialised list is fresh and no mentor works the shift
    s = _shift(published, 6)
    open_fits_refresh(officer_ids=[trainee.pk])
    client = api_client_for(trainee)
    assert _places(client) == [(s.id, "basis", False)]
    # when the mentor is put on the shift (the trainee's own list does not change)
    placed = AssignmentFactory(officer=mentor, shift=s, skill=basis)
    # then the training place is listed at once, and goes when the mentor leaves
    assert _places(client) == [(s.id, "ovd", True)]
    placed.delete()
    assert _places(client) == [(s.id, "basis", False)]


def test_no_more_training_places_than_the_teams_number(
    trainee, mentor, basis, ovd, team, published, api_client_for
):
    TeamTrainingPolicy.objects.create(team=team, shifts_per_period=1)
    first, second = _shift(published, 6), _shift(published, 8)
    for s in (first, second):
        AssignmentFactory(officer=mentor, shift=s, skill=basis)
    client = api_client_for(trainee)
    assert [p for p in _places(client) if p[2]] == [
        (first.id, "ovd", True),
        (second.id, "ovd", True),
    ]
    AssignmentFactory(officer=trainee, shift=first, skill=ovd)
    assert [p for p in _places(client) if p[2]] == []


def test_an_absent_mentor_reads_absent_never_why(trainee, mentor, basis, published, api_client_for):
    # given: his mentor is on the shift and reported sick over it (the place not freed yet)
    s = _shift(published, 6)
    AssignmentFactory(officer=mentor, shift=s, skill=basis)
    AbsenceFactory(officer=mentor, kind="sick", start=s.start - dt.timedelta(days=1), end=None)
    # when
    response = api_client_for(trainee).get("/api/v1/open-shifts/")
    # then: the claim's rule still counts him, the trainee reads that he is absent, not why
    row = next(r for r in response.data["results"] if r["skill"] == "ovd")
    assert row["mentors"] == [
        {"officer": mentor.id, "name": mentor.get_full_name(), "absent": True}
    ]
    body = response.content.decode().lower()
    assert "sick" not in body
    assert "ziek" not in body


def test_a_lent_training_place_does_not_name_the_other_teams_mentor(
    trainee, other_team, other_officer, ovd, basis, api_client_for
):
    # given: zuid lends; its own officer, an ovd holder, works the shift
    TeamLendingPolicy.objects.create(team=other_team, lends_open_places=True)
    QualificationFactory(officer=other_officer, skill=ovd)
    zuid = PeriodFactory(team=other_team, phase=Phase.PUBLISHED)
    s = _shift(zuid, 6)
    AssignmentFactory(officer=other_officer, shift=s, skill=basis)
    # when
    rows = _rows(api_client_for(trainee))
    # then: listed as a lent training place; the zuid mentor is not named
    assert [(r["shift"], r["skill"], r["lent"], r["training"], r["mentors"]) for r in rows] == [
        (s.id, "ovd", True, True, []),
    ]
    assert other_officer.get_full_name() not in str(rows)
