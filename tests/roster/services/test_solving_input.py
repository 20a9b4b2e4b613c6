"""solve_input_build: the solver input from the database (solver_io.md)."""

import datetime as dt

import jsonschema
import pytest

from common.i18n import render
from roster.models import AssignmentSource, Phase, TeamAbsencePolicy, TeamSolverPolicy
from roster.services.solving.input import agree_stages, build_input, solve_input_build
from roster.solver.io import input_schema, parse_input
from tests.factories.organisation import AbsenceFactory, QualificationFactory, SkillFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import small_period

pytestmark = pytest.mark.django_db
SCHEMA = input_schema()


def test_built_input_validates_against_the_schema_and_parses(team, basis):
    # given a small closed period with sign-ups and an absence
    small = small_period(team, basis)
    AbsenceFactory(
        officer=small.officers[0], start=aware(2027, 1, 5, 0, 0), end=aware(2027, 1, 6, 0, 0)
    )
    # when
    data = solve_input_build(small.period)
    # then
    jsonschema.validate(data, SCHEMA)
    inp = parse_input(data)
    assert data["horizon"] == {
        "start": "2027-01-04T00:00:00+01:00",
        "end": "2027-01-07T00:00:00+01:00",
    }
    assert len(inp.officers) == 4
    assert len(inp.shifts) == 6
    assert [s.order for s in inp.signups] == list(range(6))
    assert inp.signups[0].officer == f"o{small.officers[0].pk}"
    night = inp.shift_by_id[f"s{small.shifts[1].pk}"]
    assert night.burdens == frozenset({"night"})
    assert night.minutes == 480
    assert inp.unavailable[0].reason == "absent"  # need-to-know: never the kind
    assert "previous" not in data


def test_a_night_across_the_end_of_dst_lasts_nine_hours_in_solver_minutes(team, basis):
    # given a period across the last Sunday of October 2026 (clocks go back 03:00 -> 02:00)
    period = PeriodFactory(
        team=team,
        start_date=dt.date(2026, 10, 19),
        end_date=dt.date(2026, 11, 16),
        phase=Phase.SIGNUP_CLOSED,
    )
    night = ShiftFactory(
        period=period,
        kind="night",
        start=aware(2026, 10, 24, 23, 0),
        end=aware(2026, 10, 25, 7, 0),
        demand={"basis": 1},
    )
    # when
    data = solve_input_build(period)
    inp = parse_input(data)
    # then
    assert data["horizon"] == {
        "start": "2026-10-19T00:00:00+02:00",
        "end": "2026-11-16T00:00:00+01:00",
    }
    assert inp.horizon_minutes == 28 * 1440 + 60
    shift = inp.shift_by_id[f"s{night.pk}"]
    assert shift.start == 5 * 1440 + 23 * 60
    assert shift.minutes == 9 * 60
    assert data["shifts"][0]["end"] == "2026-10-25T07:00:00+01:00"
    assert shift.burdens == frozenset({"night", "weekend"})


def test_a_qualification_expiring_mid_period_is_left_out_and_noted(team, basis):
    # given an ovd qualification valid only on the first day of a three-day period
    small = small_period(team, basis)
    ovd = SkillFactory(code="ovd")
    QualificationFactory(
        officer=small.officers[1],
        skill=ovd,
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2027, 1, 4),
    )
    QualificationFactory(officer=small.officers[2], skill=ovd)
    for shift in small.shifts:
        shift.demand = {"basis": 1, "ovd": 1}
        shift.save()
    # when
    built = build_input(small.period)
    # then
    skills = {o["id"]: o["skills"] for o in built.data["officers"]}
    assert skills[f"o{small.officers[1].pk}"] == ["basis"]
    assert skills[f"o{small.officers[2].pk}"] == ["basis", "ovd"]
    assert any("ovd is valid on only 1 of the 3 days" in n.render("en") for n in built.notes)


def test_history_comes_from_the_ledger_and_the_published_shifts_before(team, basis):
    # given a published earlier period in which the officer worked three nights up to
    # the morning the new period starts (the ledger is derived from them)
    small = small_period(team, basis)
    officer = small.officers[0]
    earlier = PeriodFactory(team=team, start_date=dt.date(2026, 12, 7), phase=Phase.PUBLISHED)
    for day in (1, 2, 3):
        night = ShiftFactory(
            period=earlier,
            kind="night",
            start=aware(2027, 1, day, 23, 0),
            end=aware(2027, 1, day + 1, 7, 0),
        )
        AssignmentFactory(officer=officer, shift=night, skill=basis)
    # when
    data = solve_input_build(small.period)
    # then
    history = next(o["history"] for o in data["officers"] if o["id"] == f"o{officer.pk}")
    assert history["nights"] == 3
    assert history["minutes_delta"] == 3 * 480 - 2160 * 28 // 7
    assert history["last_shift_end"] == "2027-01-04T07:00:00+01:00"
    assert history["last_shift_start"] == "2027-01-03T23:00:00+01:00"
    assert history["last_shift_night"] is True
    assert history["consecutive_nights_at_start"] == 3
    assert history["consecutive_days_at_start"] == 3
    assert history["last_weekly_rest_end"] == "2027-01-01T23:00:00+01:00"
    inp = parse_input(data)
    assert inp.officer_by_id[f"o{officer.pk}"].history.last_shift_end == 7 * 60


def test_open_ended_sickness_blocks_until_its_expected_end_plus_the_margin(team, basis):
    # as far as the sick report freed places (default margin: 1 day); later places are
    # at risk, not freed, so the solver may keep the officer on them
    small = small_period(team, basis)
    AbsenceFactory(
        officer=small.officers[3],
        kind="sick",
        start=aware(2027, 1, 3, 12, 0),
        end=None,
        expected_end=aware(2027, 1, 5, 12, 0),
    )
    data = solve_input_build(small.period)
    (row,) = data["unavailable"]
    assert row["end"] == "2027-01-06T12:00:00+01:00"
    assert row["reason"] == "absent"  # never the kind: the report reaches line management
    TeamAbsencePolicy.objects.create(team=team, sick_margin_days=0)
    (row,) = solve_input_build(small.period)["unavailable"]
    assert row["end"] == "2027-01-05T12:00:00+01:00"


def test_manual_assignments_are_pinned_unless_the_officer_is_now_absent(team, basis):
    small = small_period(team, basis)
    kept = AssignmentFactory(
        officer=small.officers[0],
        shift=small.shifts[0],
        skill=basis,
        source=AssignmentSource.MANUAL,
    )
    AssignmentFactory(
        officer=small.officers[1],
        shift=small.shifts[2],
        skill=basis,
        source=AssignmentSource.MANUAL,
    )
    AssignmentFactory(officer=small.officers[2], shift=small.shifts[4], skill=basis)  # solver
    AbsenceFactory(
        officer=small.officers[1], start=aware(2027, 1, 5, 0, 0), end=aware(2027, 1, 6, 0, 0)
    )
    built = build_input(small.period)
    assert built.data["pinned"] == [
        {"officer": f"o{kept.officer_id}", "shift": f"s{kept.shift_id}", "skill": "basis"}
    ]
    assert any("dropped: officer is absent" in n.render("en") for n in built.notes)
    parse_input(built.data)


def test_repair_input_carries_the_current_roster_as_previous(team, basis):
    small = small_period(team, basis, phase=Phase.PUBLISHED)
    AssignmentFactory(officer=small.officers[0], shift=small.shifts[0], skill=basis)
    data = solve_input_build(small.period, mode="repair")
    assert data["previous"] == [
        {"officer": f"o{small.officers[0].pk}", "shift": f"s{small.shifts[0].pk}", "skill": "basis"}
    ]


def test_the_stage_order_comes_from_the_setting_or_the_solver_default(team, basis, settings):
    # given a small period and no setting: the solver's default order applies
    small = small_period(team, basis)
    assert "stages" not in solve_input_build(small.period)
    assert [str(s) for s in parse_input(solve_input_build(small.period)).stages] == [
        "shortfall",
        "changes",
        "training",
        "fairness",
        "wishes",
        "totals",
    ]
    # when the setting puts wishes before fairness
    settings.SOLVER_STAGES = ["shortfall", "changes", "wishes", "fairness", "totals"]
    data = solve_input_build(small.period)
    # then the input carries it
    assert data["stages"] == ["shortfall", "changes", "wishes", "fairness", "totals"]
    assert [str(s) for s in parse_input(data).stages] == data["stages"]


def test_the_teams_own_stage_order_comes_before_the_setting(team, basis, settings):
    small = small_period(team, basis)
    settings.SOLVER_STAGES = ["shortfall", "changes", "fairness", "wishes", "totals"]
    TeamSolverPolicy.objects.create(team=team, stages=["shortfall", "wishes", "fairness"])
    data = solve_input_build(small.period)
    assert data["stages"] == ["shortfall", "wishes", "fairness"]
    assert [str(s) for s in parse_input(data).stages] == data["stages"]


def test_a_joint_solve_of_teams_with_different_orders_uses_the_deployments_and_says_so(
    team, other_team, basis, settings
):
    settings.SOLVER_STAGES = []
    first = small_period(team, basis)
    second = small_period(other_team, basis)
    TeamSolverPolicy.objects.create(team=team, stages=["shortfall", "wishes", "fairness"])
    built = [build_input(first.period), build_input(second.period)]
    assert built[0].data["stages"] != built[1].data.get("stages")
    agree_stages(built)
    default = ["shortfall", "changes", "training", "fairness", "wishes", "totals"]
    assert [b.data["stages"] for b in built] == [default, default]
    for b in built:
        assert render(b.notes[-1].to_json(), "nl") == (
            "De teams van deze gezamenlijke roosterberekening ordenen de fasen verschillend; "
            "gebruikt is de standaardvolgorde: " + ", ".join(default) + "."
        )
    # teams that agree keep their order, without a note
    TeamSolverPolicy.objects.create(team=other_team, stages=["shortfall", "wishes", "fairness"])
    built = [build_input(first.period), build_input(second.period)]
    notes = [len(b.notes) for b in built]
    agree_stages(built)
    assert [b.data["stages"] for b in built] == [["shortfall", "wishes", "fairness"]] * 2
    assert [len(b.notes) for b in built] == notes
