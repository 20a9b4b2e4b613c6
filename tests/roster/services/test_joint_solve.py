"""Several teams of one unit solved together (roster.services.solving.joint, issue #18)."""

import datetime as dt

import pytest

from common.errors import Forbidden
from organisation.models import RoleAssignment
from roster.compliance import officer_violations
from roster.errors import JointSolveNotPossible
from roster.models import Assignment, Phase, RosterAuditEvent, Shift
from roster.services.solving.joint import joint_solve
from tests.factories.organisation import (
    OfficerFactory,
    QualificationFactory,
    TeamFactory,
    UnitFactory,
)
from tests.factories.roster import PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

START = dt.date(2027, 1, 4)


def _period(team, *, start=START, days=3, phase=Phase.SIGNUP_CLOSED):
    return PeriodFactory(
        team=team, start_date=start, end_date=start + dt.timedelta(days=days), phase=phase
    )


def _planner_of(*teams):
    o = OfficerFactory()
    for t in dict.fromkeys(teams):  # once per team: the role is unique (PostgreSQL checks it)
        RoleAssignment.objects.create(officer=o, role="planner", team=t)
    return o


def test_two_teams_sharing_an_officer_are_solved_together_and_both_proposed(
    team, other_team, basis
):
    # given: centrum has an early 07-15, zuid a 09-17 on the same day; the shared officer
    # is zuid's only officer, centrum also has its own
    shared = OfficerFactory(teams=[team, other_team])
    own = OfficerFactory(teams=[team])
    for o in (shared, own):
        QualificationFactory(officer=o, skill=basis)
    a, b = _period(team), _period(other_team)
    early = ShiftFactory(period=a, start=aware(2027, 1, 5, 7, 0), demand={"basis": 1})
    day = ShiftFactory(period=b, start=aware(2027, 1, 5, 9, 0), demand={"basis": 1})
    planner = _planner_of(team, other_team)
    # when
    outcome = joint_solve(actor=planner, periods=[a, b], time_limit_s=5, workers=1)
    # then: both periods are proposed, every place filled, nobody double-booked
    assert outcome.status == "done", outcome.problems
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.PROPOSED
    placed = set(Assignment.objects.values_list("officer_id", "shift_id", "skill__code"))
    assert placed == {(own.pk, early.pk, "basis"), (shared.pk, day.pk, "basis")}
    assert officer_violations(shared, Shift.objects.filter(assignments__officer=shared)) == []
    assert RosterAuditEvent.objects.filter(action="solve_result").count() == 2


def test_a_planner_of_one_team_only_may_not_solve_both(team, other_team, planner):
    a, b = _period(team), _period(other_team)
    with pytest.raises(Forbidden):
        joint_solve(actor=planner, periods=[a, b], time_limit_s=1, workers=1)
    a.refresh_from_db()
    assert a.phase == Phase.SIGNUP_CLOSED


@pytest.mark.parametrize("case", ["one", "other_unit", "apart", "same_team"])
def test_periods_that_cannot_be_solved_together_are_refused_unchanged(case, team, other_team):
    a = _period(team)
    b = {
        "one": a,
        "other_unit": _period(TeamFactory(unit=UnitFactory(code="rdam"))),
        "apart": _period(other_team, start=START + dt.timedelta(days=3)),
        "same_team": _period(team, start=START + dt.timedelta(days=1)),
    }[case]
    planner = _planner_of(team, other_team, b.team)
    with pytest.raises(JointSolveNotPossible):
        joint_solve(actor=planner, periods=[a, b], time_limit_s=1, workers=1)
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.SIGNUP_CLOSED
