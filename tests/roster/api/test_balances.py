"""Hours and leave balances: GET /me/balances/ and GET /officers/{id}/balances/ (issue 14,
item 7). The year under test is 2025, so every day of it is over whatever the date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from organisation.employment_services import contract_hours_record, hours_mutation_record
from organisation.models import Officer, Role, Skill
from requests_desk.models import RequestType
from requests_desk.services.catalogue import catalogue_load
from requests_desk.services.workflow import request_act, request_create
from roster.balances import _leave_minutes
from roster.models import Phase
from tests.factories.organisation import AbsenceFactory, OfficerFactory, RoleAssignmentFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

YEAR = 2025
URL = "/api/v1/me/balances/"


@pytest.fixture
def worked(
    officer: Officer, team: Any, basis: Any, team_lead: Officer, unit: Any
) -> dict[str, Any]:
    """Given: in the published period from Monday 20 October 2025, an early shift on Monday and
    the night into Sunday 26 October, when summer time ends (9 hours); 2.5 h overtime on
    Wednesday; absent Monday to Wednesday of the next week; a shift of a period that is not
    published (does not count); 40 h of approved annual leave from 29 December 2025 to
    2 January 2026 (five working days: three in 2025)."""
    period = PeriodFactory(
        team=team,
        start_date=dt.date(2025, 10, 20),
        end_date=dt.date(2025, 11, 17),
        phase=Phase.PUBLISHED,
    )
    early = ShiftFactory(period=period, start=aware(2025, 10, 20, 7, 0))
    night = ShiftFactory(
        period=period,
        kind="night",
        start=aware(2025, 10, 25, 23, 0),
        end=aware(2025, 10, 26, 7, 0),
    )
    for shift in (early, night):
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
    draft = PeriodFactory(
        team=team,
        start_date=dt.date(2025, 11, 17),
        end_date=dt.date(2025, 12, 15),
        phase=Phase.PROPOSED,
    )
    AssignmentFactory(
        officer=officer,
        shift=ShiftFactory(period=draft, start=aware(2025, 11, 18, 7, 0)),
        skill=basis,
    )
    hours_mutation_record(
        actor=team_lead,
        officer=officer,
        date=dt.date(2025, 10, 22),
        minutes=150,
        source="request:1",
    )
    AbsenceFactory(officer=officer, start=aware(2025, 10, 27, 0, 0), end=aware(2025, 10, 30, 0, 0))
    catalogue_load(unit=unit)
    leave = request_create(
        actor=officer,
        request_type=RequestType.objects.get(code="annual_leave"),
        form_data={"range": {"from": "2025-12-29", "to": "2026-01-02"}, "hours": 40},
        submit=True,
    )
    request_act(actor=team_lead, request_id=leave.pk, action="approve")
    return {"period": period, "leave": leave}


def _week(body: dict[str, Any], week: str) -> dict[str, Any]:
    return next(w for w in body["hours"]["weeks"] if w["week"] == week)


def test_an_officer_reads_his_hours_per_week_with_the_dst_night_and_overtime(
    worked: dict[str, Any], officer: Officer, api_client_for: Any
) -> None:
    response = api_client_for(officer).get(URL, {"year": YEAR})

    assert response.status_code == 200
    body = response.json()
    assert body["officer"] == officer.pk
    assert body["year"] == YEAR
    # 8 h + the 9-hour night; 36 h owed; 2.5 h overtime
    assert _week(body, "2025-W43") == {
        "week": "2025-W43",
        "start": "2025-10-20",
        "end": "2025-10-27",
        "worked_minutes": 17 * 60,
        "contract_minutes": 2160,
        "mutation_minutes": 150,
        "absent_days": 0,
        "balance_minutes": 17 * 60 + 150 - 2160,
    }
    # three days absent: four days owed; the unpublished period's shift does not count
    w44 = _week(body, "2025-W44")
    assert (w44["absent_days"], w44["contract_minutes"], w44["worked_minutes"]) == (
        3,
        2160 * 4 // 7,
        0,
    )
    assert _week(body, "2025-W47")["worked_minutes"] == 0
    # the year: one week per ISO week, the first and last clipped to the year
    weeks = body["hours"]["weeks"]
    assert (weeks[0]["week"], weeks[0]["start"]) == ("2025-W01", "2025-01-01")
    assert (weeks[-1]["week"], weeks[-1]["end"]) == ("2026-W01", "2026-01-01")
    assert body["hours"]["worked_minutes"] == 17 * 60
    assert body["hours"]["mutation_minutes"] == 150
    year = body["hours"]
    assert year["balance_minutes"] == (
        year["worked_minutes"] + year["mutation_minutes"] - year["contract_minutes"]
    )
    assert year["absent_days"] == 3 + 3  # and the three days of leave in December
    # per period
    (row,) = body["hours"]["periods"]
    assert row["period"] == worked["period"].pk
    assert (row["start"], row["end"], row["worked_minutes"]) == (
        "2025-10-20",
        "2025-11-17",
        17 * 60,
    )


def test_leave_is_counted_per_calendar_year_against_the_entitlement(
    worked: dict[str, Any], officer: Officer, api_client_for: Any
) -> None:
    body = api_client_for(officer).get(URL, {"year": YEAR}).json()

    # 40 h over five working days: three of them (24 h) in 2025; 144 h + 64 h entitlement
    assert body["leave"] == {
        "entitlement_minutes": 208 * 60,
        "entitlement_set_by_hr": False,
        "booked_minutes": 24 * 60,
        "taken_minutes": 24 * 60,
        "left_minutes": 184 * 60,
        "requests": [
            {
                "request": worked["leave"].pk,
                "from": "2025-12-29",
                "to": "2026-01-02",
                "minutes": 24 * 60,
            }
        ],
    }
    # and the other two days in 2026
    next_year = api_client_for(officer).get(URL, {"year": YEAR + 1}).json()
    assert next_year["leave"]["booked_minutes"] == 16 * 60


def test_a_contract_change_in_the_year_counts_pro_rata_in_week_and_entitlement(
    officer: Officer, api_client_for: Any
) -> None:
    # 36 h until Thursday 23 October 2025, 24 h from then on
    contract_hours_record(
        actor=officer,
        officer=officer,
        valid_from=dt.date(2025, 10, 23),
        minutes_per_week=1440,
        source="request:5",
    )

    body = api_client_for(officer).get(URL, {"year": YEAR}).json()

    assert _week(body, "2025-W43")["contract_minutes"] == (3 * 2160 + 4 * 1440) // 7
    assert _week(body, "2025-W45")["contract_minutes"] == 1440


def test_a_form_without_hours_counts_a_fifth_of_the_weekly_contract_per_working_day() -> None:
    per_day, first, last = _leave_minutes(  # type: ignore[misc]
        {"range": {"from": "2025-06-06", "to": "2025-06-09"}}, lambda day: 2160
    )

    # Friday and Monday (the weekend is not leave): 7.2 h each
    assert {d.isoformat(): float(m) for d, m in per_day.items()} == {
        "2025-06-06": 432.0,
        "2025-06-09": 432.0,
    }
    assert (first, last) == (dt.date(2025, 6, 6), dt.date(2025, 6, 9))


@pytest.mark.parametrize(
    "reader", ["officer", "team_lead", "planner", "unit_manager", "administrator"]
)
def test_the_officer_and_his_managers_read_the_same_balances(
    worked: dict[str, Any], officer: Officer, reader: str, request: Any, api_client_for: Any
) -> None:
    own = api_client_for(officer).get(URL, {"year": YEAR}).json()

    response = api_client_for(request.getfixturevalue(reader)).get(
        f"/api/v1/officers/{officer.pk}/balances/", {"year": YEAR}
    )

    assert response.status_code == 200
    assert response.json() == own


@pytest.mark.parametrize("reader", ["colleague", "other_officer", "other_team_lead", "desk_staff"])
def test_a_colleague_or_anyone_of_another_team_gets_404(
    worked: dict[str, Any], officer: Officer, reader: str, request: Any, api_client_for: Any
) -> None:
    response = api_client_for(request.getfixturevalue(reader)).get(
        f"/api/v1/officers/{officer.pk}/balances/", {"year": YEAR}
    )

    assert response.status_code == 404
    assert "leave" not in response.json()
    assert "hours" not in response.json()


def test_another_teams_planner_gets_404(
    worked: dict[str, Any], officer: Officer, other_team: Any, api_client_for: Any
) -> None:
    planner = OfficerFactory()
    RoleAssignmentFactory(officer=planner, role=Role.PLANNER, team=other_team)

    response = api_client_for(planner).get(f"/api/v1/officers/{officer.pk}/balances/")

    assert response.status_code == 404


@pytest.mark.parametrize("year", ["1999", "abc", "3000", "2025.5"])
def test_a_year_out_of_range_is_a_400_naming_year(
    officer: Officer, year: str, api_client_for: Any
) -> None:
    response = api_client_for(officer).get(URL, {"year": year})

    assert response.status_code == 400
    assert "year" in response.json()["fields"]


def test_an_unknown_parameter_is_a_400_naming_it(officer: Officer, api_client_for: Any) -> None:
    response = api_client_for(officer).get(URL, {"yaer": YEAR})

    assert response.status_code == 400
    assert "yaer" in response.json()["fields"]


def test_without_a_year_this_years_balances(officer: Officer, api_client_for: Any) -> None:
    from django.utils import timezone

    body = api_client_for(officer).get(URL).json()

    assert body["year"] == timezone.localdate().year


def test_the_balances_cost_a_fixed_number_of_queries(
    worked: dict[str, Any], officer: Officer, api_client_for: Any, django_assert_num_queries: Any
) -> None:
    # user, leave requests, their approved changes, contract history (2), assignments,
    # absences, mutations, teams, periods, entitlement and the contract for it (3): more
    # shifts or weeks add none
    for day in (3, 4, 5):
        AssignmentFactory(
            officer=officer,
            shift=ShiftFactory(period=worked["period"], start=aware(2025, 11, day, 7, 0)),
            skill=Skill.objects.get(code="basis"),
        )
    client = api_client_for(officer)
    with django_assert_num_queries(13):
        response = client.get(URL, {"year": YEAR})
    assert response.json()["hours"]["worked_minutes"] == 17 * 60 + 3 * 8 * 60


def test_the_export_holds_the_balances_and_the_terms_of_employment(
    worked: dict[str, Any], officer: Officer, api_client_for: Any
) -> None:
    body = api_client_for(officer).get("/api/v1/me/export/").json()

    this_year = _this_year()
    assert set(body["balances"]) == {str(this_year - 1), str(this_year)}
    assert body["employment"]["hours_mutations"] == [
        {"date": "2025-10-22", "minutes": 150, "kind": "overtime"}
    ]


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
