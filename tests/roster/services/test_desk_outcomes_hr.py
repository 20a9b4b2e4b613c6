"""Approved HR requests take effect: the next solve's input shows each of them (issue 14,
item 6). Each request goes through the real workflow: filed by the officer, approved along
its route."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from organisation.models import (
    ContractHours,
    HoursMutation,
    NightExemption,
    Officer,
    SecondTeamMembership,
)
from requests_desk.errors import FormInvalid
from requests_desk.models import Request, RequestType, State
from requests_desk.outcomes import outcome_for
from requests_desk.services.catalogue import catalogue_load
from requests_desk.services.workflow import request_act, request_create
from roster.models import Phase
from roster.services.solving.input import solve_input_build
from roster.solver.io import parse_input
from tests.factories.organisation import QualificationFactory
from tests.factories.roster import PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

MARCH = (dt.date(2027, 3, 1), dt.date(2027, 3, 29))  # 28 days, Monday to Monday


@pytest.fixture
def catalogue(unit: Any) -> None:
    catalogue_load(unit=unit)


def _file(officer: Officer, code: str, form: dict[str, Any]) -> Request:
    return request_create(
        actor=officer,
        request_type=RequestType.objects.get(code=code),
        form_data=form,
        submit=True,
    )


def _approve(request: Request, *approvers: Officer) -> Request:
    for approver in approvers:
        request = request_act(actor=approver, request_id=request.pk, action="approve")
    assert request.state in (State.APPROVED, State.FULFILLED, State.CLOSED)
    return request


def _officer_row(data: dict[str, Any], officer: Officer) -> dict[str, Any]:
    return next(o for o in data["officers"] if o["id"] == f"o{officer.pk}")


def _period(team: Any, first: dt.date = MARCH[0], after: dt.date = MARCH[1]) -> Any:
    return PeriodFactory(team=team, start_date=first, end_date=after, phase=Phase.SIGNUP_CLOSED)


def test_an_approved_contract_change_counts_pro_rata_in_a_period_spanning_it(
    catalogue: None, officer: Officer, team: Any, team_lead: Officer, unit_manager: Officer
) -> None:
    # given 36 h a week, and an approved change to 24 h from the period's third week
    request = _file(officer, "contract_hours_change", {"hours_pw": 24, "from": "2027-03-15"})
    _approve(request, team_lead, unit_manager)
    period = _period(team)
    ShiftFactory(period=period, start=aware(2027, 3, 2, 7, 0))

    # when the next solve's input is built
    data = solve_input_build(period)

    # then two weeks count at 36 h and two at 24 h: 30 h a week over the period
    assert _officer_row(data, officer)["contract_minutes_per_week"] == (2160 + 1440) // 2
    # and a period after the change sees 24 h only
    later = _period(team, dt.date(2027, 4, 5), dt.date(2027, 5, 3))
    assert _officer_row(solve_input_build(later), officer)["contract_minutes_per_week"] == 1440
    # and one before it 36 h
    earlier = _period(team, dt.date(2027, 1, 4), dt.date(2027, 2, 1))
    assert _officer_row(solve_input_build(earlier), officer)["contract_minutes_per_week"] == 2160


def test_an_approved_night_exemption_bars_the_nights_on_its_dates_only(
    catalogue: None,
    officer: Officer,
    colleague: Officer,
    team: Any,
    team_lead: Officer,
    unit_manager: Officer,
) -> None:
    # given a night exemption from 15 March and a period with a night before and after it,
    # and an evening shift that runs into the night after
    request = _file(officer, "night_exemption", {"basis": "physician", "from": "2027-03-15"})
    _approve(request, team_lead, unit_manager)
    period = _period(team)
    before = ShiftFactory(
        period=period,
        kind="night",
        start=aware(2027, 3, 10, 23, 0),
        end=aware(2027, 3, 11, 7, 0),
    )
    evening = ShiftFactory(
        period=period,
        kind="late",
        start=aware(2027, 3, 20, 15, 0),
        end=aware(2027, 3, 20, 23, 30),
    )
    after = ShiftFactory(
        period=period,
        kind="night",
        start=aware(2027, 3, 20, 23, 0),
        end=aware(2027, 3, 21, 7, 0),
    )
    assert before.is_night
    assert after.is_night
    assert not evening.is_night

    # when
    data = solve_input_build(period)
    inp = parse_input(data)

    # then the officer is not exempt for the whole period, but the night after 15 March is
    # blocked for him (and only for him), from the end of the evening shift on
    assert _officer_row(data, officer)["night_exempt"] is False
    mine = [u for u in data["unavailable"] if u["officer"] == f"o{officer.pk}"]
    assert mine == [
        {
            "officer": f"o{officer.pk}",
            "start": "2027-03-20T23:30:00+01:00",
            "end": "2027-03-21T07:00:00+01:00",
            "reason": "night exempt",
        }
    ]
    assert not [u for u in data["unavailable"] if u["officer"] == f"o{colleague.pk}"]
    blocked = {
        s.id
        for s in inp.shifts
        for u in inp.unavailable
        if u.officer == f"o{officer.pk}" and u.start < s.end and s.start < u.end
    }
    assert blocked == {f"s{after.pk}"}
    # a period wholly inside the exemption: the standing flag
    april = _period(team, dt.date(2027, 4, 5), dt.date(2027, 5, 3))
    assert _officer_row(solve_input_build(april), officer)["night_exempt"] is True
    # the basis stays on the request: nothing about it is stored with the exemption
    assert NightExemption.objects.get(officer=officer).source == f"request:{request.pk}"


def test_a_night_exemption_over_the_dst_night_blocks_that_nine_hour_night(
    catalogue: None, officer: Officer, team: Any, team_lead: Officer, unit_manager: Officer
) -> None:
    # given an exemption from the last Sunday of October (clocks go back 03:00 -> 02:00)
    _approve(
        _file(officer, "night_exemption", {"basis": "age", "from": "2026-10-25"}),
        team_lead,
        unit_manager,
    )
    period = _period(team, dt.date(2026, 10, 19), dt.date(2026, 11, 16))
    ShiftFactory(
        period=period,
        kind="night",
        start=aware(2026, 10, 24, 23, 0),
        end=aware(2026, 10, 25, 7, 0),
    )

    # when
    data = solve_input_build(period)

    # then the night that ends on the first exempt day is blocked, all nine hours of it
    (row,) = [u for u in data["unavailable"] if u["officer"] == f"o{officer.pk}"]
    assert (row["start"], row["end"]) == ("2026-10-24T23:00:00+02:00", "2026-10-25T07:00:00+01:00")


def test_an_approved_second_team_puts_the_officer_in_that_teams_solve_for_its_dates(
    catalogue: None,
    officer: Officer,
    team: Any,
    other_team: Any,
    team_lead: Officer,
    other_team_lead: Officer,
    basis: Any,
) -> None:
    # given the officer of centrum joins zuid from 8 to 14 March (host lead, then own lead)
    request = _file(
        officer,
        "second_team",
        {"team": other_team.pk, "range": {"from": "2027-03-08", "to": "2027-03-14"}},
    )
    _approve(request, other_team_lead, team_lead)
    host = _period(other_team)
    early = ShiftFactory(period=host, start=aware(2027, 3, 5, 7, 0))
    inside = ShiftFactory(period=host, start=aware(2027, 3, 10, 7, 0))
    late = ShiftFactory(period=host, start=aware(2027, 3, 20, 7, 0))

    # when zuid's period is solved
    data = solve_input_build(host)
    inp = parse_input(data)

    # then he is one of its officers, available only on the days of his membership
    assert f"o{officer.pk}" in {o["id"] for o in data["officers"]}
    free = {
        s.id
        for s in inp.shifts
        if not any(
            u.officer == f"o{officer.pk}" and u.start < s.end and s.start < u.end
            for u in inp.unavailable
        )
    }
    assert free == {f"s{inside.pk}"}
    assert {u.reason for u in inp.unavailable if u.officer == f"o{officer.pk}"} == {
        "not in this team on this day"
    }
    assert {early.pk, late.pk}.isdisjoint({inside.pk})
    # and his home team's solve still has him, without such blocks
    home = _period(team)
    ShiftFactory(period=home, start=aware(2027, 3, 10, 7, 0))
    home_data = solve_input_build(home)
    assert f"o{officer.pk}" in {o["id"] for o in home_data["officers"]}
    assert not [u for u in home_data["unavailable"] if u["officer"] == f"o{officer.pk}"]
    # a zuid period outside his dates does not list him
    april = _period(other_team, dt.date(2027, 4, 5), dt.date(2027, 5, 3))
    assert f"o{officer.pk}" not in {o["id"] for o in solve_input_build(april)["officers"]}


def test_an_approved_overtime_registration_lands_in_the_hours_balance(
    catalogue: None, officer: Officer, team_lead: Officer
) -> None:
    request = _file(
        officer, "overtime_registration", {"date": "2027-03-03", "hours": 2.5, "reason": "Arrest"}
    )
    _approve(request, team_lead)

    (mutation,) = HoursMutation.objects.filter(officer=officer)
    assert (mutation.date, mutation.minutes, mutation.kind) == (
        dt.date(2027, 3, 3),
        150,
        "overtime",
    )
    assert mutation.created_by == team_lead


@pytest.mark.parametrize(
    ("code", "form", "model"),
    [
        ("contract_hours_change", {"hours_pw": 24, "from": "2027-03-15"}, ContractHours),
        ("night_exemption", {"basis": "age", "from": "2027-03-15"}, NightExemption),
        ("overtime_registration", {"date": "2027-03-03", "hours": 2, "reason": "x"}, HoursMutation),
    ],
)
def test_running_an_approval_outcome_again_does_not_double_it(
    catalogue: None,
    officer: Officer,
    team_lead: Officer,
    unit_manager: Officer,
    code: str,
    form: dict[str, Any],
    model: Any,
) -> None:
    request = _file(officer, code, form)
    request = _approve(
        request, team_lead, *([unit_manager] if code != "overtime_registration" else [])
    )
    before = model.objects.filter(officer=officer).count()

    handler = outcome_for(request.version.outcome_kind).on_approved
    assert handler is not None
    handler(request, team_lead)
    handler(request, team_lead)

    assert model.objects.filter(officer=officer).count() == before


def test_a_second_team_outcome_run_again_keeps_one_membership(
    catalogue: None, officer: Officer, other_team: Any, team_lead: Officer, other_team_lead: Officer
) -> None:
    request = _file(
        officer,
        "second_team",
        {"team": other_team.pk, "range": {"from": "2027-03-08", "to": "2027-03-14"}},
    )
    request = _approve(request, other_team_lead, team_lead)

    handler = outcome_for(request.version.outcome_kind).on_approved
    assert handler is not None
    handler(request, team_lead)

    assert SecondTeamMembership.objects.filter(officer=officer).count() == 1


def test_a_second_team_that_no_longer_exists_is_a_400_naming_the_field_and_saves_nothing(
    catalogue: None, officer: Officer, other_team: Any, team_lead: Officer, other_team_lead: Officer
) -> None:
    request = _file(
        officer,
        "second_team",
        {"team": other_team.pk, "range": {"from": "2027-03-08", "to": "2027-03-14"}},
    )
    request = _approve(request, other_team_lead, team_lead)
    SecondTeamMembership.objects.all().delete()
    request.form_data = {**request.form_data, "team": 999999}

    with pytest.raises(FormInvalid) as raised:
        outcome_for(request.version.outcome_kind).on_approved(request, team_lead)  # type: ignore[misc]

    assert "team" in raised.value.extra["fields"]["form_data"]
    assert not SecondTeamMembership.objects.exists()


def test_contract_hours_outside_the_forms_limits_are_refused_at_filing(
    catalogue: None, officer: Officer
) -> None:
    from requests_desk.errors import FormInvalid as Invalid

    with pytest.raises(Invalid):
        _file(officer, "contract_hours_change", {"hours_pw": 0, "from": "2027-03-15"})
    assert not Request.objects.filter(requester=officer).exists()
    assert not ContractHours.objects.filter(officer=officer).exists()


def test_a_qualified_guest_gets_a_manual_place_only_on_his_days(
    catalogue: None,
    officer: Officer,
    other_team: Any,
    team_lead: Officer,
    other_team_lead: Officer,
    basis: Any,
) -> None:
    from organisation.models import Role
    from roster.errors import NotATeamMember
    from roster.services.assignments import assignment_create
    from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory

    _approve(
        _file(
            officer,
            "second_team",
            {"team": other_team.pk, "range": {"from": "2027-03-08", "to": "2027-03-14"}},
        ),
        other_team_lead,
        team_lead,
    )
    planner = OfficerFactory()
    RoleAssignmentFactory(officer=planner, role=Role.PLANNER, team=other_team)
    host = PeriodFactory(
        team=other_team, start_date=MARCH[0], end_date=MARCH[1], phase=Phase.PROPOSED
    )
    inside = ShiftFactory(period=host, start=aware(2027, 3, 10, 7, 0))
    outside = ShiftFactory(period=host, start=aware(2027, 3, 20, 7, 0))
    QualificationFactory(officer=officer, skill=basis, valid_from=dt.date(2027, 1, 1))

    placed = assignment_create(actor=planner, shift=inside, officer=officer, skill=basis)
    assert placed.officer_id == officer.pk
    with pytest.raises(NotATeamMember):
        assignment_create(actor=planner, shift=outside, officer=officer, skill=basis)


def test_a_planner_cannot_give_a_night_on_an_exempt_day_but_may_one_before_it(
    catalogue: None,
    officer: Officer,
    team: Any,
    team_lead: Officer,
    unit_manager: Officer,
    planner: Officer,
    basis: Any,
) -> None:
    from common.errors import RuleViolation
    from roster.services.assignments import assignment_create

    _approve(
        _file(officer, "night_exemption", {"basis": "care", "from": "2027-03-15"}),
        team_lead,
        unit_manager,
    )
    period = PeriodFactory(team=team, start_date=MARCH[0], end_date=MARCH[1], phase=Phase.PROPOSED)
    before = ShiftFactory(
        period=period, kind="night", start=aware(2027, 3, 10, 23, 0), end=aware(2027, 3, 11, 7, 0)
    )
    after = ShiftFactory(
        period=period, kind="night", start=aware(2027, 3, 20, 23, 0), end=aware(2027, 3, 21, 7, 0)
    )

    assert assignment_create(actor=planner, shift=before, officer=officer, skill=basis)
    with pytest.raises(RuleViolation) as raised:
        assignment_create(actor=planner, shift=after, officer=officer, skill=basis)
    assert raised.value.extra["rule"] == "project.night_exempt"
