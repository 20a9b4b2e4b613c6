"""Joint solve as a job (issue 18): requested, run by the task, one job per period."""

import datetime as dt

import pytest
from django.utils import translation

from common.errors import Forbidden
from organisation.models import RoleAssignment
from roster.errors import JointSolveNotPossible, SolveRunning
from roster.joint_models import JointSolve, JointStatus
from roster.models import Assignment, Phase, RosterAuditEvent, SolveJob, SolveStatus
from roster.services.solving.failure import error_text
from roster.services.solving.jobs import solve_cancel, solve_start
from roster.services.solving.joint_run import joint_end, joint_run, joint_solves_reap
from roster.services.solving.joint_start import joint_solve_start
from tests.factories.organisation import OfficerFactory, QualificationFactory
from tests.factories.roster import PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import fast_solver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_solver")]
__all__ = ["fast_solver"]

# the night of 30 to 31 October 2027 is the DST night: 23:00-07:00 lasts nine hours
START = dt.date(2027, 10, 29)


def _period(team, *, start=START, days=3):
    return PeriodFactory(
        team=team,
        start_date=start,
        end_date=start + dt.timedelta(days=days),
        phase=Phase.SIGNUP_CLOSED,
    )


def _planner_of(*teams):
    o = OfficerFactory()
    for t in teams:
        RoleAssignment.objects.create(officer=o, role="planner", team=t)
    return o


def _two_teams(team, other_team, basis):
    """centrum: a DST night 23:00-07:00 (9 h); zuid: an early 07:00 after it. The shared
    officer can take only one of them (rest); centrum also has its own officer."""
    shared = OfficerFactory(teams=[team, other_team])
    own = OfficerFactory(teams=[team])
    for o in (shared, own):
        QualificationFactory(officer=o, skill=basis)
    a, b = _period(team), _period(other_team)
    night = ShiftFactory(
        period=a,
        kind="night",
        start=aware(2027, 10, 30, 23, 0),
        end=aware(2027, 10, 31, 7, 0),
        demand={"basis": 1},
    )
    early = ShiftFactory(period=b, start=aware(2027, 10, 31, 7, 0), demand={"basis": 1})
    return shared, own, a, b, night, early


def test_a_joint_run_proposes_every_period_and_reports_each(
    team, other_team, basis, django_capture_on_commit_callbacks
):
    # given
    shared, own, a, b, night, early = _two_teams(team, other_team, basis)
    planner = _planner_of(team, other_team)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        run = joint_solve_start(actor=planner, periods=[a, b])
    # then: the run and both jobs are done, both periods proposed
    run.refresh_from_db()
    assert run.status == JointStatus.DONE, run.error
    assert night.end.timestamp() - night.start.timestamp() == 9 * 3600
    jobs = {j.period_id: j for j in SolveJob.objects.filter(joint=run)}
    assert set(jobs) == {a.pk, b.pk}
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.PROPOSED
        job = jobs[p.pk]
        assert job.status == SolveStatus.DONE
        assert job.applied_at is not None
        assert job.report["joint"] is True
        assert job.report["summary"]["shortfall_places"] == 0
        assert job.report["summary"]["bound"] == run.progress["bound"]
        assert job.progress == run.progress
    placed = set(Assignment.objects.values_list("officer_id", "shift_id", "skill__code"))
    assert placed == {(own.pk, night.pk, "basis"), (shared.pk, early.pk, "basis")}
    # each job holds its own period's part, with plain skill codes
    assert jobs[a.pk].result["assignments"] == [
        {"officer": f"o{own.pk}", "shift": f"s{night.pk}", "skill": "basis"}
    ]
    assert [c["shift"] for c in jobs[b.pk].report["coverage"]] == [f"s{early.pk}"]
    assert RosterAuditEvent.objects.filter(action="solve_result").count() == 2


def test_a_shortfall_lands_in_the_period_that_has_it(
    team, other_team, basis, django_capture_on_commit_callbacks
):
    # given: only the shared officer; he cannot take both the DST night and the early after
    shared = OfficerFactory(teams=[team, other_team])
    QualificationFactory(officer=shared, skill=basis)
    a, b = _period(team), _period(other_team)
    ShiftFactory(
        period=a,
        kind="night",
        start=aware(2027, 10, 30, 23, 0),
        end=aware(2027, 10, 31, 7, 0),
        demand={"basis": 1},
    )
    ShiftFactory(period=b, start=aware(2027, 10, 31, 7, 0), demand={"basis": 1})
    planner = _planner_of(team, other_team)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        run = joint_solve_start(actor=planner, periods=[a, b])
    # then: one place is short, in one period, and the figures say so
    run.refresh_from_db()
    assert run.status == JointStatus.DONE, run.error
    summaries = [j.report["summary"] for j in SolveJob.objects.filter(joint=run)]
    assert sorted(s["shortfall_places"] for s in summaries) == [0, 1]
    assert sorted(s["assignments"] for s in summaries) == [0, 1]
    assert Assignment.objects.filter(officer=shared).count() == 1


def test_teams_without_a_shared_officer_are_refused_and_nothing_changes(team, other_team, basis):
    a, b = _period(team), _period(other_team)
    OfficerFactory(teams=[team])
    OfficerFactory(teams=[other_team])
    planner = _planner_of(team, other_team)
    with pytest.raises(JointSolveNotPossible) as err:
        joint_solve_start(actor=planner, periods=[a, b])
    assert err.value.extra == {"reason": "the teams must share an officer"}
    assert JointSolve.objects.count() == 0
    assert SolveJob.objects.count() == 0
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.SIGNUP_CLOSED


def test_a_planner_of_one_team_only_is_refused(team, other_team, basis, planner):
    _shared, _own, a, b, _n, _e = _two_teams(team, other_team, basis)
    with pytest.raises(Forbidden):
        joint_solve_start(actor=planner, periods=[a, b])
    assert JointSolve.objects.count() == 0


def test_no_joint_solve_while_a_single_solve_runs_and_the_other_way_round(team, other_team, basis):
    # given: the on-commit task never runs here (test transaction), so jobs stay queued
    _shared, _own, a, b, _n, _e = _two_teams(team, other_team, basis)
    planner = _planner_of(team, other_team)
    single = solve_start(actor=planner, period=a)
    # when / then: a joint solve of a period with a queued single solve is refused
    with pytest.raises(SolveRunning):
        joint_solve_start(actor=planner, periods=[a, b])
    b.refresh_from_db()
    assert b.phase == Phase.SIGNUP_CLOSED
    solve_cancel(actor=planner, job=single)
    # and a single solve of a period in a queued joint run is refused
    run = joint_solve_start(actor=planner, periods=[a, b])
    with pytest.raises(SolveRunning):
        solve_start(actor=planner, period=b)
    assert SolveJob.objects.filter(joint=run, status=SolveStatus.QUEUED).count() == 2


def test_cancelling_one_period_ends_the_whole_run_without_a_roster(team, other_team, basis):
    _shared, _own, a, b, _n, _e = _two_teams(team, other_team, basis)
    planner = _planner_of(team, other_team)
    run = joint_solve_start(actor=planner, periods=[a, b])
    job_a = SolveJob.objects.get(joint=run, period=a)
    # when: the planner cancels one period's job, then the task runs
    solve_cancel(actor=planner, job=job_a)
    status = joint_run(joint_id=run.pk)
    # then: cancelled as a whole, nothing written, both periods solvable again
    assert status == JointStatus.CANCELLED
    assert Assignment.objects.count() == 0
    assert set(SolveJob.objects.filter(joint=run).values_list("status", flat=True)) == {
        SolveStatus.CANCELLED
    }
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.SIGNUP_CLOSED
    assert joint_run(joint_id=run.pk) == JointStatus.CANCELLED  # a redelivery does nothing


def test_a_run_whose_worker_died_is_failed_and_its_periods_released(
    team, other_team, basis, settings, monkeypatch
):
    # given: a running run whose heartbeat is gone
    _shared, _own, a, b, _n, _e = _two_teams(team, other_team, basis)
    planner = _planner_of(team, other_team)
    run = joint_solve_start(actor=planner, periods=[a, b])
    JointSolve.objects.filter(pk=run.pk).update(
        status=JointStatus.RUNNING, started_at=aware(2026, 1, 1, 0, 0)
    )
    SolveJob.objects.filter(joint=run).update(status=SolveStatus.RUNNING)
    from common import heartbeat

    monkeypatch.setattr(heartbeat, "alive", lambda name, ident: False)  # Redis: leaves process
    # when
    assert joint_solves_reap() == 1
    # then
    run.refresh_from_db()
    assert run.status == JointStatus.FAILED
    assert "worker lost" in run.error
    with translation.override("nl"):  # read in the reader's language (solving.failure)
        assert error_text(run.error, run.error_message).startswith("De worker die de solverrun")
    assert set(SolveJob.objects.filter(joint=run).values_list("status", flat=True)) == {
        SolveStatus.FAILED
    }
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.SIGNUP_CLOSED
    assert joint_end(run.pk, JointStatus.FAILED, "again") == JointStatus.FAILED
    run.refresh_from_db()
    assert "worker lost" in run.error  # idempotent: the first ending stays


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_single_and_a_joint_request_at_once_give_the_period_one_job(team, other_team, basis):
    # given: a planner of both teams asks for a single solve of centrum and a joint solve of
    # both at the same moment, each on its own connection
    import threading

    from django.db import connection

    from roster.errors import WrongPhase

    _shared, _own, a, b, _n, _e = _two_teams(team, other_team, basis)
    planner = _planner_of(team, other_team)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(start) -> None:
        try:
            barrier.wait()
            start()
            outcomes.append("started")
        except (SolveRunning, WrongPhase) as refused:
            outcomes.append(type(refused).__name__)
        finally:
            connection.close()

    starts = [
        lambda: solve_start(actor=planner, period=a),
        lambda: joint_solve_start(actor=planner, periods=[a, b]),
    ]
    threads = [threading.Thread(target=attempt, args=(s,)) for s in starts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: one started, the other was refused; centrum's period got exactly one job
    assert sorted(outcomes)[1] == "started", outcomes
    assert sorted(outcomes)[0] in ("SolveRunning", "WrongPhase"), outcomes
    assert SolveJob.objects.filter(period=a).count() == 1
    assert JointSolve.objects.count() == SolveJob.objects.filter(joint__isnull=False).count() // 2
