"""An officer in two teams: every solve takes his work in the other team as fixed time
(issue #18), so he is never double-booked and never breaks a rest rule across teams."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from organisation.models import RoleAssignment
from roster.compliance import officer_violations
from roster.models import Assignment, AssignmentSource, Phase, Shift, SolveJob, SolveStatus
from roster.services.solving.commit import result_commit
from roster.services.solving.elsewhere import ELSEWHERE_SKILL
from roster.services.solving.input import build_input, solve_input_build
from roster.services.solving.jobs import solve_start
from roster.solver.io import parse_input, result_to_dict
from roster.solver.solve import solve as solver_solve
from roster.solver.verify import verify
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import fast_solver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_solver")]
__all__ = ["fast_solver"]

START = dt.date(2027, 1, 4)


def _planner_of(*teams):
    o = OfficerFactory()
    for t in teams:
        RoleAssignment.objects.create(officer=o, role="planner", team=t)
    return o


def _period(team, *, phase=Phase.SIGNUP_CLOSED, start=START, days=3):
    return PeriodFactory(
        team=team, start_date=start, end_date=start + dt.timedelta(days=days), phase=phase
    )


def _all_his_shifts(officer) -> list[Shift]:
    return list(Shift.objects.filter(assignments__officer=officer).order_by("start"))


def _run(planner, period, captured):
    with captured(execute=True):
        job = solve_start(actor=planner, period=period)
    job.refresh_from_db()
    return job


def test_the_input_carries_his_assignment_in_the_other_team_as_fixed_pinned_time(
    team, other_team, basis
):
    # given: agent is in both teams and works a published early shift of zuid
    shared = OfficerFactory(teams=[team, other_team])
    QualificationFactory(officer=shared, skill=basis)
    mine = _period(team)
    ShiftFactory(period=mine, start=aware(2027, 1, 5, 7, 0))
    theirs = ShiftFactory(
        period=_period(other_team, phase=Phase.PUBLISHED), start=aware(2027, 1, 5, 7, 0)
    )
    AssignmentFactory(officer=shared, shift=theirs, skill=basis)
    # when
    data = solve_input_build(mine)
    # then: the zuid shift is a fixed shift of the reserved skill, pinned to him
    fixed = [s for s in data["shifts"] if s["id"] == f"s{theirs.pk}"]
    assert fixed == [
        {
            "id": f"s{theirs.pk}",
            "start": "2027-01-05T07:00:00+01:00",
            "end": "2027-01-05T15:00:00+01:00",
            "kind": "early",
            "burdens": [],
            "demand": {ELSEWHERE_SKILL: 1},
        }
    ]
    assert {"officer": f"o{shared.pk}", "shift": f"s{theirs.pk}", "skill": ELSEWHERE_SKILL} in (
        data["pinned"]
    )
    row = next(o for o in data["officers"] if o["id"] == f"o{shared.pk}")
    assert row["skills"] == sorted(["basis", ELSEWHERE_SKILL])
    # and the solver keeps him off the overlapping centrum shift
    inp = parse_input(data)
    result = result_to_dict(solver_solve(inp, time_limit_s=3, workers=1, seed=0))
    assert verify(inp, result).violations == []
    placed = {(p["officer"], p["shift"]) for p in result["assignments"] if p["skill"] == "basis"}
    assert placed == set()  # he is the only officer and he is busy in zuid


def test_a_fixed_shift_while_he_is_absent_is_left_out_and_noted(team, other_team, basis):
    from tests.factories.organisation import AbsenceFactory

    shared = OfficerFactory(teams=[team, other_team])
    QualificationFactory(officer=shared, skill=basis)
    mine = _period(team)
    ShiftFactory(period=mine, start=aware(2027, 1, 6, 7, 0))
    theirs = ShiftFactory(
        period=_period(other_team, phase=Phase.PUBLISHED), start=aware(2027, 1, 5, 7, 0)
    )
    AssignmentFactory(officer=shared, shift=theirs, skill=basis)
    AbsenceFactory(officer=shared, start=aware(2027, 1, 5, 0, 0), end=aware(2027, 1, 5, 23, 0))
    built = build_input(mine)
    assert f"s{theirs.pk}" not in {s["id"] for s in built.data["shifts"]}
    assert any("another team" in note.render("en") for note in built.notes)
    parse_input(built.data)  # still a valid input


def test_two_sequential_solves_never_double_book_or_break_rest_across_teams(
    team, other_team, basis, django_capture_on_commit_callbacks
):
    # given: one officer in both teams, the only one qualified; both teams have an early and
    # a late-evening shift each day that clash with the other team's (overlap, 11 h rest)
    shared = OfficerFactory(teams=[team, other_team])
    QualificationFactory(officer=shared, skill=basis)
    planner = _planner_of(team, other_team)
    a, b = _period(team), _period(other_team)
    for day in (4, 5, 6):
        ShiftFactory(period=a, start=aware(2027, 1, day, 7, 0), demand={"basis": 1})
        ShiftFactory(period=b, start=aware(2027, 1, day, 9, 0), demand={"basis": 1})
        ShiftFactory(period=b, kind="late", start=aware(2027, 1, day, 19, 0), demand={"basis": 1})
    # when: centrum is solved, then zuid
    job_a = _run(planner, a, django_capture_on_commit_callbacks)
    job_b = _run(planner, b, django_capture_on_commit_callbacks)
    # then: both succeed, he works in both, and his whole roster breaks no rule
    assert job_a.status == SolveStatus.DONE, job_a.error
    assert job_b.status == SolveStatus.DONE, job_b.error
    assert Assignment.objects.filter(officer=shared, shift__period=a).count() == 3
    assert officer_violations(shared, _all_his_shifts(shared)) == []
    # nothing of the reserved skill was written
    assert not Assignment.objects.filter(skill__code=ELSEWHERE_SKILL).exists()
    # zuid gave him nothing: 09:00 overlaps centrum's 07:00-15:00, and 19:00 leaves only
    # 4 h rest after it (ATW 5:3 owes 11 h)
    assert not Assignment.objects.filter(officer=shared, shift__period=b).exists()
    assert job_b.result["shortfalls"] != []


def test_rest_after_a_night_in_the_other_team_holds_over_the_dst_night(
    team, other_team, basis, django_capture_on_commit_callbacks
):
    # given: zuid has him on the night of 27-28 March 2027 (clocks go forward: 7 h worked),
    # ending 07:00; ATW 5:8 owes 14 h rest after a night, so until 21:00
    shared = OfficerFactory(teams=[team, other_team])
    QualificationFactory(officer=shared, skill=basis)
    planner = _planner_of(team)
    night = ShiftFactory(
        period=_period(other_team, phase=Phase.PUBLISHED, start=dt.date(2027, 3, 27)),
        kind="night",
        start=aware(2027, 3, 27, 23, 0),
        end=aware(2027, 3, 28, 7, 0),
        demand={"basis": 1},
    )
    assert night.is_night
    assert night.end.timestamp() - night.start.timestamp() == 7 * 3600
    AssignmentFactory(officer=shared, shift=night, skill=basis)
    mine = _period(team, start=dt.date(2027, 3, 28), days=1)
    too_soon = ShiftFactory(
        period=mine, kind="late", start=aware(2027, 3, 28, 15, 0), demand={"basis": 1}
    )
    lawful = ShiftFactory(
        period=mine, kind="late", start=aware(2027, 3, 28, 21, 0), demand={"basis": 1}
    )
    # when
    job = _run(planner, mine, django_capture_on_commit_callbacks)
    # then: only the shift after the full 14 h rest is his
    assert job.status == SolveStatus.DONE, job.error
    got = set(Assignment.objects.filter(shift__period=mine).values_list("shift_id", flat=True))
    assert got == {lawful.pk}
    assert too_soon.pk not in got


def _solved(planner, period, captured):
    """A running job of a period in `solving` and its solved input, not yet committed."""
    period.phase = Phase.SOLVING
    period.save(update_fields=["phase"])
    job = SolveJob.objects.create(period=period, requested_by=planner, status=SolveStatus.RUNNING)
    inp = parse_input(solve_input_build(period))
    result = result_to_dict(solver_solve(inp, time_limit_s=3, workers=1, seed=0))
    assert verify(inp, result).violations == []
    return job, inp, result


def _clashing_pair(team, other_team, basis):
    shared = OfficerFactory(teams=[team, other_team])
    QualificationFactory(officer=shared, skill=basis)
    a, b = _period(team), _period(other_team)
    ShiftFactory(period=a, start=aware(2027, 1, 5, 7, 0), demand={"basis": 1})
    ShiftFactory(period=b, start=aware(2027, 1, 5, 9, 0), demand={"basis": 1})
    return shared, a, b


def test_a_commit_rechecks_against_the_other_teams_roster_committed_meanwhile(
    team, other_team, basis, django_capture_on_commit_callbacks
):
    # given: both teams were solved from inputs read before either committed; each result
    # puts the shared officer on an overlapping shift
    shared, a, b = _clashing_pair(team, other_team, basis)
    planner = _planner_of(team, other_team)
    job_a, inp_a, res_a = _solved(planner, a, django_capture_on_commit_callbacks)
    job_b, inp_b, res_b = _solved(planner, b, django_capture_on_commit_callbacks)
    # when: centrum commits first, then zuid
    assert result_commit(job_a.pk, inp_a, res_a, {}) == SolveStatus.DONE
    status = result_commit(job_b.pk, inp_b, res_b, {})
    # then: zuid's commit fails, writes nothing and frees its period for a new solve
    assert status == SolveStatus.FAILED
    job_b.refresh_from_db()
    assert job_b.error.startswith("another team's roster changed meanwhile: project.overlap")
    b.refresh_from_db()
    assert b.phase == Phase.SIGNUP_CLOSED
    assert not Assignment.objects.filter(shift__period=b).exists()
    assert officer_violations(shared, _all_his_shifts(shared)) == []


def test_a_commit_rechecks_against_a_manual_assignment_made_meanwhile(
    team, other_team, basis, django_capture_on_commit_callbacks
):
    shared, a, b = _clashing_pair(team, other_team, basis)
    planner = _planner_of(team, other_team)
    job_a, inp_a, res_a = _solved(planner, a, django_capture_on_commit_callbacks)
    AssignmentFactory(
        officer=shared,
        shift=b.shifts.get(),
        skill=basis,
        source=AssignmentSource.MANUAL,
    )
    assert result_commit(job_a.pk, inp_a, res_a, {}) == SolveStatus.FAILED
    assert not Assignment.objects.filter(shift__period=a).exists()


def _commit_in_thread(args, results, start: threading.Barrier) -> None:
    try:
        start.wait(timeout=60)
        results.append(result_commit(*args))
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_commits_sharing_an_officer_leave_him_booked_once(
    team, other_team, basis, django_capture_on_commit_callbacks
):
    # given: two solved jobs, each placing the shared officer on clashing shifts
    shared, a, b = _clashing_pair(team, other_team, basis)
    planner = _planner_of(team, other_team)
    solved = [
        _solved(planner, a, django_capture_on_commit_callbacks),
        _solved(planner, b, django_capture_on_commit_callbacks),
    ]
    # when: both commit at the same time, each on its own connection
    results: list[str] = []
    start = threading.Barrier(2)
    threads = [
        threading.Thread(target=_commit_in_thread, args=((j.pk, i, r, {}), results, start))
        for j, i, r in solved
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: exactly one wins; he holds one of the two clashing shifts
    assert sorted(results) == [SolveStatus.DONE, SolveStatus.FAILED]
    assert Assignment.objects.filter(officer=shared).count() == 1
    assert officer_violations(shared, _all_his_shifts(shared)) == []


def test_applying_a_repair_rechecks_against_the_other_teams_roster(team, other_team, basis):
    # given: a finished repair of centrum that gives the shared officer the early 07-15
    from roster.errors import RepairNotApplicable
    from roster.models import SolveMode
    from roster.services.solving.repair_apply import repair_apply

    shared, a, b = _clashing_pair(team, other_team, basis)
    a.phase = Phase.PUBLISHED
    a.save(update_fields=["phase"])
    early = a.shifts.get()
    new = {"officer": f"o{shared.pk}", "shift": f"s{early.pk}", "skill": "basis"}
    job = SolveJob.objects.create(
        period=a,
        mode=SolveMode.REPAIR,
        status=SolveStatus.DONE,
        result={"assignments": [new]},
        report={"change_set": {"previous": [], "added": [new], "removed": []}},
    )
    # and meanwhile zuid gave him its 09-17
    AssignmentFactory(officer=shared, shift=b.shifts.get(), skill=basis)
    # when / then: applying it is refused, nothing changes in centrum
    with pytest.raises(RepairNotApplicable) as refused:
        repair_apply(actor=_planner_of(team), job=job)
    assert refused.value.extra == {"reason": "other_team_changed", "rules": ["project.overlap"]}
    assert not Assignment.objects.filter(shift__period=a).exists()
