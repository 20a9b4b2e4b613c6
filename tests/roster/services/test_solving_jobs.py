"""Solve jobs: the task writes a proposed roster in one transaction, or nothing at all."""

import json
import time

import pytest
from django.db import IntegrityError
from django.utils import translation

from common.errors import Forbidden
from roster.errors import RepairNotApplicable, SolveRunning, WrongPhase
from roster.ledger import ledger_entries
from roster.models import (
    Assignment,
    AssignmentSource,
    Phase,
    RosterAuditEvent,
    SolveJob,
    SolveStatus,
)
from roster.report_text import report_render
from roster.services.solving import run
from roster.services.solving.input import solve_input_build
from roster.services.solving.jobs import solve_cancel, solve_start
from roster.services.solving.repair_apply import repair_apply
from roster.services.solving.run import solve_job_run
from roster.solver.__main__ import main as cli_main
from roster.solver.io import parse_input
from roster.solver.verify import verify
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import AssignmentFactory, aware
from tests.roster.solve_fixtures import fast_solver, small_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_solver")]
__all__ = ["fast_solver"]


def _start_and_run(planner, period, captured, mode="normal"):
    with captured(execute=True):
        job = solve_start(actor=planner, period=period, mode=mode)
    job.refresh_from_db()
    return job


def test_the_task_writes_a_proposed_roster_and_its_report(
    team, basis, planner, django_capture_on_commit_callbacks
):
    # given a closed period with a stale solver assignment and a manual one
    small = small_period(team, basis)
    AssignmentFactory(officer=small.officers[3], shift=small.shifts[5], skill=basis)
    manual = AssignmentFactory(
        officer=small.officers[0],
        shift=small.shifts[0],
        skill=basis,
        source=AssignmentSource.MANUAL,
    )
    # when
    job = _start_and_run(planner, small.period, django_capture_on_commit_callbacks)
    # then
    small.period.refresh_from_db()
    assert job.status == SolveStatus.DONE, job.error
    assert small.period.phase == Phase.PROPOSED
    assert job.applied_at is not None
    roster = {
        (f"o{a.officer_id}", f"s{a.shift_id}", a.skill.code)
        for a in Assignment.objects.filter(shift__period=small.period)
    }
    assert roster == {(p["officer"], p["shift"], p["skill"]) for p in job.result["assignments"]}
    assert Assignment.objects.filter(pk=manual.pk).exists()  # pinned, so kept
    assert job.result["shortfalls"] == []  # 9 places, 4 officers: all filled lawfully
    assert len(roster) == 9
    inp = parse_input(solve_input_build(small.period))
    assert verify(inp, job.result).violations == []
    assert job.report["summary"]["shortfall_places"] == 0
    assert set(job.report["comparison"]) == {"solver", "baseline"}
    assert len(job.report["coverage"]) == 6
    assert job.progress["objective"] == job.result["objective"]
    assert RosterAuditEvent.objects.filter(action="solve_result").count() == 1
    assert set(job.report["why"]) == {f"o{o.pk}" for o in small.officers}
    nights = [w for rows in job.report["why"].values() for w in rows]
    assert len(nights) == 3
    assert all(w["burdens"] == ["night"] and "text" not in w for w in nights)  # codes only
    with translation.override("en"):
        read = report_render(job.report)["why"]
    assert all("night" in w["text"] for rows in read.values() for w in rows)


def test_running_a_finished_job_again_changes_nothing(
    team, basis, planner, django_capture_on_commit_callbacks
):
    small = small_period(team, basis)
    job = _start_and_run(planner, small.period, django_capture_on_commit_callbacks)
    before = sorted(Assignment.objects.values_list("pk", flat=True))
    assert solve_job_run(job_id=job.pk) == SolveStatus.DONE
    assert sorted(Assignment.objects.values_list("pk", flat=True)) == before


def test_a_crash_leaves_no_partial_roster_and_reopens_the_period(
    team, basis, planner, django_capture_on_commit_callbacks, monkeypatch
):
    small = small_period(team, basis)
    old = AssignmentFactory(officer=small.officers[3], shift=small.shifts[5], skill=basis)

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost its mind")

    monkeypatch.setattr(run, "solver_solve", crash)
    job = _start_and_run(planner, small.period, django_capture_on_commit_callbacks)
    small.period.refresh_from_db()
    assert job.status == SolveStatus.FAILED
    assert "worker lost its mind" in job.error
    assert small.period.phase == Phase.SIGNUP_CLOSED
    assert list(Assignment.objects.values_list("pk", flat=True)) == [old.pk]


def test_cancel_mid_solve_leaves_the_period_unchanged(
    team, basis, planner, django_capture_on_commit_callbacks, monkeypatch
):
    # given a solve that is running (the solver thread is busy)
    small = small_period(team, basis)
    old = AssignmentFactory(officer=small.officers[3], shift=small.shifts[5], skill=basis)
    real_solve = run.solver_solve

    def slow_solve(*args, **kwargs):
        time.sleep(0.3)  # in the solver thread: still running at the first poll
        return real_solve(*args, **kwargs)

    real_status = run._job_status
    polls = []

    def cancel_on_first_poll(job_id):
        # the poll runs in the job's own thread, mid-solve: cancel as a planner would
        if not polls:
            solve_cancel(actor=planner, job=SolveJob.objects.get(pk=job_id))
        polls.append(job_id)
        return real_status(job_id)

    monkeypatch.setattr(run, "solver_solve", slow_solve)
    monkeypatch.setattr(run, "_job_status", cancel_on_first_poll)
    monkeypatch.setattr(run, "PROGRESS_INTERVAL_S", 0.05)
    # when
    job = _start_and_run(planner, small.period, django_capture_on_commit_callbacks)
    # then
    small.period.refresh_from_db()
    assert polls
    assert job.status == SolveStatus.CANCELLED
    assert job.result is None
    assert small.period.phase == Phase.SIGNUP_CLOSED
    assert list(Assignment.objects.values_list("pk", flat=True)) == [old.pk]


def test_a_second_solve_while_one_is_queued_is_refused(team, basis, planner):
    small = small_period(team, basis)
    solve_start(actor=planner, period=small.period)  # on_commit never runs: stays queued
    with pytest.raises(SolveRunning):
        solve_start(actor=planner, period=small.period)


def test_only_one_active_job_per_period_in_the_database(team, basis, planner):
    small = small_period(team, basis, phase=Phase.SOLVING)
    SolveJob.objects.create(period=small.period, status=SolveStatus.RUNNING)
    SolveJob.objects.create(period=small.period, status=SolveStatus.DONE)
    with pytest.raises(IntegrityError):
        SolveJob.objects.create(period=small.period, status=SolveStatus.QUEUED)


def test_solving_needs_a_closed_sign_up_and_a_planner(team, basis, planner, officer):
    small = small_period(team, basis, phase=Phase.SIGNUP_OPEN)
    with pytest.raises(WrongPhase):
        solve_start(actor=planner, period=small.period)
    with pytest.raises(Forbidden):
        solve_start(actor=officer, period=small.period)
    assert not SolveJob.objects.exists()


def test_repair_keeps_swaps_frees_the_absent_and_is_applied_by_the_planner(
    team, basis, planner, django_capture_on_commit_callbacks
):
    # given a published roster: solver assignments plus one swap
    small = small_period(team, basis)
    first = _start_and_run(planner, small.period, django_capture_on_commit_callbacks)
    assert first.status == SolveStatus.DONE
    from roster.services.publication import roster_publish

    roster_publish(actor=planner, period=small.period)
    sick = small.officers[0]
    freed = list(Assignment.objects.filter(officer=sick))
    assert freed
    swap = Assignment.objects.exclude(officer=sick).first()
    swap.source = AssignmentSource.SWAP
    swap.save()
    AbsenceFactory(
        officer=sick, kind="sick", start=aware(2027, 1, 3, 0, 0), end=aware(2027, 1, 8, 0, 0)
    )
    # when a repair solve runs
    job = _start_and_run(planner, small.period, django_capture_on_commit_callbacks, "repair")
    # then the period stays published and the change set frees the sick officer
    small.period.refresh_from_db()
    assert job.status == SolveStatus.DONE, job.error
    assert small.period.phase == Phase.PUBLISHED
    change = job.report["change_set"]
    assert {(r["officer"], r["shift"]) for r in change["removed"]} >= {
        (f"o{a.officer_id}", f"s{a.shift_id}") for a in freed
    }
    assert len(change["added"]) + len(change["removed"]) <= 3 * len(freed) * 2
    assert job.applied_at is None
    assert Assignment.objects.filter(officer=sick).count() == len(freed)  # not yet applied
    # when the planner applies it
    repair_apply(actor=planner, job=job)
    # then
    assert not Assignment.objects.filter(officer=sick).exists()
    assert Assignment.objects.filter(pk=swap.pk).exists()
    (entry,) = ledger_entries(officer_ids=[sick.pk])
    assert (entry.period_id, entry.shifts, entry.worked_minutes) == (small.period.pk, 0, 0)
    with pytest.raises(RepairNotApplicable):
        repair_apply(actor=planner, job=job)


def test_the_job_and_the_command_line_take_the_same_path(
    team, basis, planner, django_capture_on_commit_callbacks, monkeypatch, tmp_path, settings
):
    # given a closed period, the job's input captured on its way to the solver
    small = small_period(team, basis)
    captured_input = {}
    build = run.build_input

    def spy(period, *, mode):
        built = build(period, mode=mode)
        captured_input.update(built.data)
        return built

    monkeypatch.setattr(run, "build_input", spy)
    # when the job runs, and the command line solves the same input with the same settings
    job = _start_and_run(planner, small.period, django_capture_on_commit_callbacks)
    path = tmp_path / "input.json"
    path.write_text(json.dumps(captured_input), encoding="utf-8")
    out = tmp_path / "out.json"
    code = cli_main(
        [
            "solve",
            str(path),
            "-o",
            str(out),
            "--time-limit",
            str(settings.SOLVER_TIME_LIMIT_S),
            "--workers",
            str(settings.SOLVER_WORKERS),
        ]
    )
    # then both give the same roster through the same stages, with the same values
    assert code == 0
    assert job.status == SolveStatus.DONE, job.error
    cli = json.loads(out.read_text(encoding="utf-8"))
    assert cli["assignments"] == job.result["assignments"]

    def stages(result):
        return [(st["name"], st["value"], st["bound"], st["status"]) for st in result["stages"]]

    assert stages(cli) == stages(job.result)
    assert stages(cli)[0][0] == "shortfall"
    assert cli.get("notes") == job.result.get("notes")
