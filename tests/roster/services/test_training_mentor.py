"""A trainee never works a place of his training skill without a mentor on the shift, by any
path that changes the roster (issue 18, `roster.trainees`): manual assignment and removal,
swaps, an absence freeing the mentor; and the solver input carries the trainings."""

import datetime as dt

import pytest
from django.utils import timezone

from common.errors import RuleViolation
from organisation.models import AbsenceKind, Qualification, Training
from roster.errors import NotQualified
from roster.models import Assignment, Phase, RosterAuditEvent, TeamTrainingPolicy
from roster.services.absence_effects import absence_effects_apply
from roster.services.assignments import assignment_create, assignment_delete
from roster.services.solving.input import solve_input_build
from roster.services.swaps import swap_offer
from roster.services.training_places import mentored
from roster.solve_report import report_for_officer
from roster.trainees import place_mentors
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
def mentor(colleague, ovd):
    """The colleague holds ovd: he mentors the officer, who is in training for it."""
    QualificationFactory(officer=colleague, skill=ovd, valid_from=dt.date(2020, 1, 1))
    return colleague


@pytest.fixture
def trainee(officer, ovd):
    Training.objects.create(officer=officer, skill=ovd, started_on=dt.date(2026, 11, 1))
    return officer


@pytest.fixture
def spare(team, basis):
    o = OfficerFactory(first_name="Dirk", teams=[team])
    QualificationFactory(officer=o, skill=basis)
    return o


def _shift(period, start=None, demand=None):
    start = start or aware(2027, 1, 5, 7, 0)
    return ShiftFactory(
        period=period,
        start=start,
        end=start + dt.timedelta(hours=8),
        demand=demand or {"basis": 1, "ovd": 1},
    )


def test_a_planner_puts_a_trainee_on_an_ovd_place_only_with_his_mentor_on_the_shift(
    planner, trainee, mentor, basis, ovd, team
):
    period = PeriodFactory(team=team, phase=Phase.PROPOSED)
    shift = _shift(period)
    # when the shift has no mentor: refused by the rule, nothing saved
    with pytest.raises(RuleViolation) as err:
        assignment_create(actor=planner, shift=shift, officer=trainee, skill=ovd)
    assert err.value.extra["rule"] == "project.training_mentor"
    assert err.value.extra["trainees"] == [trainee.pk]
    assert not Assignment.objects.exists()
    # when his mentor works the shift: allowed
    assignment_create(actor=planner, shift=shift, officer=mentor, skill=basis)
    assignment_create(actor=planner, shift=shift, officer=trainee, skill=ovd)
    assert Assignment.objects.filter(officer=trainee, skill=ovd).count() == 1


def test_the_mentor_is_not_taken_off_while_his_trainee_stays_alone(
    planner, trainee, mentor, basis, ovd, team
):
    period = PeriodFactory(team=team, phase=Phase.PROPOSED)
    shift = _shift(period)
    mentor_place = AssignmentFactory(officer=mentor, shift=shift, skill=basis)
    trainee_place = AssignmentFactory(officer=trainee, shift=shift, skill=ovd)
    with pytest.raises(RuleViolation):
        assignment_delete(actor=planner, assignment=mentor_place)
    assert Assignment.objects.filter(pk=mentor_place.pk).exists()
    # the trainee first, then the mentor: both allowed
    assignment_delete(actor=planner, assignment=trainee_place)
    assignment_delete(actor=planner, assignment=mentor_place)
    assert not Assignment.objects.exists()


def test_a_mentor_below_the_teams_mentor_level_does_not_count(
    planner, trainee, mentor, basis, ovd, team
):
    TeamTrainingPolicy.objects.create(team=team, mentor_min_level=3)  # the mentor has level 1
    period = PeriodFactory(team=team, phase=Phase.PROPOSED)
    shift = _shift(period)
    AssignmentFactory(officer=mentor, shift=shift, skill=basis)
    with pytest.raises(RuleViolation):
        assignment_create(actor=planner, shift=shift, officer=trainee, skill=ovd)


def test_a_mentor_may_not_give_his_shift_away_to_someone_who_cannot_mentor(
    trainee, mentor, spare, basis, ovd, team
):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    shift = _shift(period, start=timezone.now() + dt.timedelta(days=3))
    place = AssignmentFactory(officer=mentor, shift=shift, skill=basis)
    AssignmentFactory(officer=trainee, shift=shift, skill=ovd)
    with pytest.raises(RuleViolation) as err:
        swap_offer(actor=mentor, kind="give_away", assignment=place, receiver=spare)
    assert err.value.extra["rule"] == "project.training_mentor"
    # another ovd holder may take it over: he mentors in his place
    QualificationFactory(officer=spare, skill=ovd)
    swap_offer(actor=mentor, kind="give_away", assignment=place, receiver=spare)


def test_an_absent_mentor_takes_his_trainees_training_place_with_him(
    trainee, mentor, spare, basis, ovd, team
):
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    now = aware(2027, 1, 4, 10, 0)
    shift = _shift(period, demand={"basis": 2, "ovd": 1})
    AssignmentFactory(officer=mentor, shift=shift, skill=basis)
    AssignmentFactory(officer=spare, shift=shift, skill=basis)
    trainee_place = AssignmentFactory(officer=trainee, shift=shift, skill=ovd)
    absence = AbsenceFactory(
        officer=mentor,
        kind=AbsenceKind.LEAVE,
        start=aware(2027, 1, 5, 0, 0),
        end=aware(2027, 1, 6, 0, 0),
    )
    effects = absence_effects_apply(actor=mentor, absence=absence, now=now)
    # then both places are free, the spare officer keeps his
    assert sorted(f.skill_id for f in effects.freed) == sorted([basis.pk, ovd.pk])
    assert list(Assignment.objects.values_list("officer_id", flat=True)) == [spare.pk]
    event = RosterAuditEvent.objects.get(payload__assignment=trainee_place.pk)
    assert event.payload["reason"] == "no_mentor"
    assert "absence" not in event.payload  # the trainee is not absent


def test_a_trainee_beside_a_second_mentor_keeps_his_place_when_one_is_absent(
    trainee, mentor, spare, basis, ovd, team
):
    QualificationFactory(officer=spare, skill=ovd)
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    shift = _shift(period, demand={"basis": 2, "ovd": 1})
    AssignmentFactory(officer=mentor, shift=shift, skill=basis)
    AssignmentFactory(officer=spare, shift=shift, skill=basis)
    AssignmentFactory(officer=trainee, shift=shift, skill=ovd)
    absence = AbsenceFactory(
        officer=mentor, kind=AbsenceKind.LEAVE, start=aware(2027, 1, 5, 0, 0),
        end=aware(2027, 1, 6, 0, 0),
    )  # fmt: skip
    absence_effects_apply(actor=mentor, absence=absence, now=aware(2027, 1, 4, 10, 0))
    assert Assignment.objects.filter(officer=trainee, skill=ovd).exists()


def test_the_training_counts_on_the_shifts_local_date_on_a_dst_night(
    planner, officer, mentor, basis, ovd, team
):
    # given a training that ends on Sunday 28 March 2027 (clocks go forward at 02:00)
    Training.objects.create(
        officer=officer, skill=ovd, started_on=dt.date(2027, 3, 1), ended_on=dt.date(2027, 3, 28)
    )
    period = PeriodFactory(team=team, phase=Phase.PROPOSED, start_date=dt.date(2027, 3, 22))
    night = _shift(period, start=aware(2027, 3, 27, 23, 0))  # local 27 March: still training
    after = _shift(period, start=aware(2027, 3, 28, 0, 30))  # 23:30 UTC on the 27th, local 28th
    assert after.end - after.start == dt.timedelta(hours=8)
    AssignmentFactory(officer=mentor, shift=night, skill=basis)
    assignment_create(actor=planner, shift=night, officer=officer, skill=ovd)
    AssignmentFactory(officer=mentor, shift=after, skill=basis)
    with pytest.raises(NotQualified):  # the training ended on the local date of the start
        assignment_create(actor=planner, shift=after, officer=officer, skill=ovd)


def test_the_solver_input_lists_the_trainee_with_his_mentors_and_the_teams_target(
    trainee, mentor, spare, ovd, team
):
    TeamTrainingPolicy.objects.create(team=team, shifts_per_period=3)
    period = PeriodFactory(team=team, phase=Phase.SIGNUP_CLOSED)
    _shift(period)
    data = solve_input_build(period)
    rows = {o["id"]: o for o in data["officers"]}
    assert rows[f"o{trainee.pk}"]["training"] == [
        {"skill": "ovd", "mentors": [f"o{mentor.pk}"], "target": 3}
    ]
    assert "ovd" not in rows[f"o{trainee.pk}"]["skills"]
    assert "training" not in rows[f"o{spare.pk}"]


def test_a_named_mentor_is_his_only_mentor_in_the_solver_input(trainee, mentor, spare, ovd, team):
    QualificationFactory(officer=spare, skill=ovd, level=5)
    Training.objects.filter(officer=trainee).update(mentor=mentor)
    period = PeriodFactory(team=team, phase=Phase.SIGNUP_CLOSED)
    _shift(period)
    rows = {o["id"]: o for o in solve_input_build(period)["officers"]}
    assert rows[f"o{trainee.pk}"]["training"][0]["mentors"] == [f"o{mentor.pk}"]


@pytest.mark.django_db(transaction=False)
def test_each_trainee_reads_only_his_own_training_row_in_the_solve_report():
    report = {
        "summary": {},
        "officers": [],
        "why": {},
        "training": [
            {"officer": "o1", "skill": "ovd", "shifts": 1, "target": 2, "name": "A"},
            {"officer": "o2", "skill": "ovd", "shifts": 2, "target": 2, "name": "B"},
        ],
    }
    assert [t["officer"] for t in report_for_officer(report, "o1")["training"]] == ["o1"]
    assert report_for_officer(report, "o3")["training"] == []


def test_the_training_places_of_a_list_cost_the_queries_of_one(
    trainee, mentor, spare, basis, ovd, team, django_assert_num_queries
):
    # given: ovd places on five days; the mentor on the 1st, 2nd and 4th; a second trainee
    # without a mentor of his own on the 4th (he takes the mentor there), a level-3 policy
    # the mentor meets
    QualificationFactory(officer=mentor, skill=ovd, valid_from=dt.date(2020, 1, 2), level=3)
    TeamTrainingPolicy.objects.create(team=team, mentor_min_level=3)
    Training.objects.create(officer=spare, skill=ovd, started_on=dt.date(2026, 11, 1))
    period = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    shifts = [_shift(period, start=aware(2027, 1, day, 7, 0)) for day in (5, 6, 7, 8, 9)]
    for k in (0, 1, 3):
        AssignmentFactory(officer=mentor, shift=shifts[k], skill=basis)
    AssignmentFactory(officer=spare, shift=shifts[3], skill=ovd)
    places = [(s, "ovd") for s in shifts]
    # then: one place or five, the same queries (assignments, trainings, qualifications,
    # the team's policy)
    with django_assert_num_queries(4):
        one = mentored(trainee.pk, places[:1])
    with django_assert_num_queries(4):
        found = mentored(trainee.pk, places)
    assert one == {(shifts[0].pk, "ovd"): (mentor.pk,)}
    assert found == {(shifts[0].pk, "ovd"): (mentor.pk,), (shifts[1].pk, "ovd"): (mentor.pk,)}
    # and each place reads as the claim's own check reads it, one shift at a time
    for shift in shifts:
        working = list(
            Assignment.objects.filter(shift=shift).values_list("officer_id", "skill__code")
        )
        alone = place_mentors(shift, trainee.pk, "ovd", working)
        assert (alone is None) == ((shift.pk, "ovd") not in found)


@pytest.mark.parametrize(
    ("started", "ended", "valid_from", "valid_until"),
    [
        (dt.date(2027, 1, 3), None, dt.date(2027, 1, 5), None),
        (dt.date(2027, 1, 1), dt.date(2027, 1, 4), dt.date(2027, 1, 1), dt.date(2027, 1, 3)),
        (dt.date(2027, 1, 4), dt.date(2027, 1, 6), dt.date(2027, 1, 6), dt.date(2027, 1, 6)),
    ],
)
def test_the_rules_in_memory_are_the_rules_in_the_database(
    officer, ovd, started, ended, valid_from, valid_until
):
    training = Training.objects.create(
        officer=officer, skill=ovd, started_on=started, ended_on=ended
    )
    qualification = QualificationFactory(
        officer=officer, skill=ovd, valid_from=valid_from, valid_until=valid_until
    )
    for offset in range(8):
        day = dt.date(2027, 1, 1) + dt.timedelta(days=offset)
        running = Training.objects.in_progress(day).filter(pk=training.pk).exists()
        valid = Qualification.objects.valid_on(day).filter(pk=qualification.pk).exists()
        assert training.runs_on(day) is running, day
        assert qualification.is_valid_on(day) is valid, day
        assert Training.objects.during(day, day).filter(pk=training.pk).exists() is running
        assert (
            Qualification.objects.valid_during(day, day).filter(pk=qualification.pk).exists()
            is valid
        )
