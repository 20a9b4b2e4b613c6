"""Unit capacity (`roster.capacity`, `GET /units/{id}/capacity/`, `.../trend/`, `.../csv/`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisation.models import AbsenceKind, Role
from roster.capacity import unit_capacity
from roster.models import Phase, Shift
from tests.factories.organisation import (
    AbsenceFactory,
    OfficerFactory,
    RoleAssignmentFactory,
    TeamFactory,
    UnitFactory,
)
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

URL = "/api/v1/units/{}/capacity/"
DST = "?from=2026-10-24&to=2026-10-26"


@pytest.fixture
def october(team: Any) -> Any:
    """A published period of team centrum around the DST night of 25 October 2026."""
    return PeriodFactory(team=team, start_date=dt.date(2026, 10, 19), phase=Phase.PUBLISHED)


@pytest.fixture
def roster(october: Any, officer: Any, colleague: Any, basis: Any) -> dict[str, Any]:
    """Saturday 24 Oct: a 22:00-07:00 night across the clock change (10 real hours), two
    places, one filled by the officer. Sunday 25 Oct: an early shift, one place, filled by the
    colleague; a cancelled shift that counts for nothing."""
    night = ShiftFactory(
        period=october,
        kind="night",
        start=aware(2026, 10, 24, 22, 0),
        end=aware(2026, 10, 25, 7, 0),
        demand={"basis": 2},
    )
    early = ShiftFactory(period=october, start=aware(2026, 10, 25, 7, 0), demand={"basis": 1})
    ShiftFactory(
        period=october,
        start=aware(2026, 10, 26, 7, 0),
        demand={"basis": 3},
        cancelled_at=aware(2026, 10, 1, 0, 0),
    )
    AssignmentFactory(officer=officer, shift=night, skill=basis)
    AssignmentFactory(officer=colleague, shift=early, skill=basis)
    return {"night": night, "early": early}


def _team(body: dict[str, Any], code: str) -> dict[str, Any]:
    return next(t for t in body["teams"] if t["code"] == code)


def _day(team: dict[str, Any], day: str) -> dict[str, Any]:
    return next(d for d in team["days"] if d["date"] == day)


def test_days_count_a_dst_night_on_its_start_day_with_real_hours(
    roster, unit, unit_manager, officer, colleague, api_client_for
):
    # given the roster around the DST night
    # when the unit manager reads the three days
    response = api_client_for(unit_manager).get(URL.format(unit.pk) + DST)

    # then the night counts on Saturday with its 10 real hours, the early on Sunday,
    # the cancelled Monday shift not at all
    assert response.status_code == 200
    centrum = _team(response.json(), "centrum")
    assert [d["date"] for d in centrum["days"]] == ["2026-10-24", "2026-10-25", "2026-10-26"]
    assert _day(centrum, "2026-10-24") == {
        "date": "2026-10-24",
        "demand": 2,
        "filled": 1,
        "open": 1,
        "absent": 0,
        "unavailable": 0,
        "rostered_minutes": 600,
    }
    assert _day(centrum, "2026-10-25")["demand"] == 1
    assert _day(centrum, "2026-10-25")["filled"] == 1
    assert _day(centrum, "2026-10-25")["rostered_minutes"] == 480
    assert _day(centrum, "2026-10-26")["demand"] == 0
    totals = centrum["totals"]
    assert (totals["demand"], totals["filled"], totals["open"]) == (3, 2, 1)
    assert totals["rostered_minutes"] == 1080
    # two members at 36 h a week over 3 days: 2160 * 3 // 7 each
    assert totals["contract_minutes"] == 2 * (2160 * 3 // 7)
    assert totals["nights"] == {"min": 0, "median": 0.5, "max": 1}
    assert totals["weekends"] == {"min": 1, "median": 1.0, "max": 1}
    assert centrum["periods"] == [
        {
            "id": roster["night"].period_id,
            "start": "2026-10-19",
            "end": "2026-11-16",
            "phase": "published",
        }
    ]
    by_id = {o["id"]: o for o in centrum["officers"]}
    assert by_id[officer.pk]["rostered_minutes"] == 600
    assert by_id[officer.pk]["nights"] == 1
    assert by_id[colleague.pk]["rostered_minutes"] == 480
    assert by_id[colleague.pk]["contract_minutes"] == 2160 * 3 // 7


def test_an_over_filled_place_counts_only_up_to_the_demand(
    october, officer, colleague, basis, unit, unit_manager, api_client_for
):
    shift = ShiftFactory(period=october, start=aware(2026, 10, 20, 7, 0), demand={"basis": 2})
    AssignmentFactory(officer=officer, shift=shift, skill=basis)
    AssignmentFactory(officer=colleague, shift=shift, skill=basis)
    # the demand lowered after both were assigned (PostgreSQL's deferred trigger refuses to
    # over-fill directly: run its check now, as a commit would, then lower the demand)
    connection.check_constraints()
    Shift.objects.filter(pk=shift.pk).update(demand={"basis": 1})

    body = (
        api_client_for(unit_manager)
        .get(URL.format(unit.pk) + "?from=2026-10-20&to=2026-10-20")
        .json()
    )

    day = _day(_team(body, "centrum"), "2026-10-20")
    assert (day["demand"], day["filled"], day["open"], day["rostered_minutes"]) == (1, 1, 0, 960)


def test_absences_are_counts_without_kinds_for_the_unit_manager(
    roster, unit, unit_manager, officer, colleague, api_client_for
):
    # given the officer is sick Saturday and Sunday, the colleague unavailable on Monday
    AbsenceFactory(
        officer=officer,
        kind=AbsenceKind.SICK,
        start=aware(2026, 10, 24, 0, 0),
        end=aware(2026, 10, 26, 0, 0),
        source="request:77",
    )
    AbsenceFactory(
        officer=colleague,
        kind=AbsenceKind.UNAVAILABLE,
        start=aware(2026, 10, 26, 0, 0),
        end=aware(2026, 10, 27, 0, 0),
    )

    # when the unit manager reads the days
    response = api_client_for(unit_manager).get(URL.format(unit.pk) + DST)

    # then he reads how many, never why nor who
    centrum = _team(response.json(), "centrum")
    assert [(d["absent"], d["unavailable"]) for d in centrum["days"]] == [(1, 0), (1, 0), (0, 1)]
    assert centrum["totals"]["absent_days"] == 2
    assert centrum["totals"]["unavailable_days"] == 1
    text = response.content.decode().lower()
    for secret in ("sick", "ziek", "request:77", "leave", "kind"):
        assert secret not in text
    assert "absent" not in str(centrum["officers"])


def test_an_open_ended_absence_counts_up_to_its_expected_end(roster, unit, unit_manager, officer):
    AbsenceFactory(
        officer=officer,
        kind=AbsenceKind.SICK,
        start=aware(2026, 10, 23, 0, 0),
        end=None,
        expected_end=aware(2026, 10, 25, 0, 0),
    )
    days = dict(
        (d.day.isoformat(), d.absent)
        for d in _centrum_days(unit, unit_manager, now=aware(2026, 10, 23, 12, 0))
    )
    # expected back on Sunday, reported on Friday: away on Saturday only
    assert days == {"2026-10-24": 1, "2026-10-25": 0, "2026-10-26": 0}

    # past the expected end and still open: away up to now
    late = _centrum_days(unit, unit_manager, now=aware(2026, 10, 25, 18, 0))
    assert [d.absent for d in late] == [1, 1, 0]


def _centrum_days(unit: Any, actor: Any, *, now: dt.datetime) -> list[Any]:
    capacity = unit_capacity(
        actor=actor,
        unit_id=unit.pk,
        start=dt.date(2026, 10, 24),
        end=dt.date(2026, 10, 26),
        now=now,
    )
    return next(t for t in capacity.teams if t.team.code == "centrum").days


def test_a_cancelled_absence_counts_for_nothing(
    roster, unit, unit_manager, officer, api_client_for
):
    AbsenceFactory(
        officer=officer,
        start=aware(2026, 10, 24, 0, 0),
        end=aware(2026, 10, 25, 0, 0),
        cancelled_at=aware(2026, 10, 20, 0, 0),
    )
    body = api_client_for(unit_manager).get(URL.format(unit.pk) + DST).json()
    assert _team(body, "centrum")["totals"]["absent_days"] == 0


def test_the_unit_manager_reads_every_team_a_planner_only_his(
    roster, unit, other_team, unit_manager, planner, other_team_lead, api_client_for
):
    um = api_client_for(unit_manager).get(URL.format(unit.pk) + DST).json()
    assert [t["code"] for t in um["teams"]] == ["centrum", "zuid"]  # by name
    assert um["unit"] == unit.pk

    pl = api_client_for(planner).get(URL.format(unit.pk) + DST).json()
    assert [t["code"] for t in pl["teams"]] == ["centrum"]

    lead = api_client_for(other_team_lead).get(URL.format(unit.pk) + DST).json()
    assert [t["code"] for t in lead["teams"]] == ["zuid"]
    assert "Anouk" not in str(lead)  # the officer of centrum is not in zuid's figures


@pytest.mark.parametrize("suffix", ["", "trend/", "csv/"])
def test_an_officer_gets_403_and_a_team_lead_of_another_unit_404(
    roster, unit, officer, api_client_for, suffix
):
    elsewhere = TeamFactory(unit=UnitFactory(code="rdam", name="Eenheid Rotterdam"), code="noord")
    lead = OfficerFactory(username="teamchef-rdam", teams=[elsewhere])
    RoleAssignmentFactory(officer=lead, role=Role.TEAM_LEAD, team=elsewhere)
    other_manager = OfficerFactory(username="eenheidschef-rdam")
    RoleAssignmentFactory(officer=other_manager, role=Role.UNIT_MANAGER, unit=elsewhere.unit)

    url = URL.format(unit.pk) + suffix
    assert api_client_for(officer).get(url).status_code == 403
    assert api_client_for(lead).get(url).status_code == 404
    assert api_client_for(other_manager).get(url).status_code == 404
    assert api_client_for(None).get(url).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=2026-10-26&to=2026-10-24", "to"),
        ("?from=2026-01-01&to=2026-06-30", "to"),
        ("?from=yesterday", "from"),
        ("?from=", "from"),
        ("?to=1999-01-01", "to"),
        ("?team=1", "team"),
    ],
)
def test_a_bad_range_is_a_400_naming_the_field(unit, unit_manager, api_client_for, query, field):
    for suffix in ("", "csv/"):
        response = api_client_for(unit_manager).get(URL.format(unit.pk) + suffix + query)
        assert response.status_code == 400
        assert field in response.json()["fields"]


@pytest.mark.parametrize("query", ["?periods=0", "?periods=25", "?periods=", "?periods=x"])
def test_a_bad_number_of_periods_is_a_400_naming_it(unit, unit_manager, api_client_for, query):
    response = api_client_for(unit_manager).get(URL.format(unit.pk) + "trend/" + query)
    assert response.status_code == 400
    assert "periods" in response.json()["fields"]


def test_the_default_range_is_four_weeks_from_today(team, unit, unit_manager, api_client_for):
    body = api_client_for(unit_manager).get(URL.format(unit.pk)).json()
    assert (dt.date.fromisoformat(body["end"]) - dt.date.fromisoformat(body["start"])).days == 27
    assert len(body["teams"][0]["days"]) == 28


def test_the_csv_holds_codes_and_counts_per_team_and_day(
    roster, unit, other_team, unit_manager, officer, api_client_for
):
    AbsenceFactory(
        officer=officer,
        kind=AbsenceKind.SICK,
        start=aware(2026, 10, 24, 0, 0),
        end=aware(2026, 10, 25, 0, 0),
    )
    response = api_client_for(unit_manager).get(URL.format(unit.pk) + "csv/" + DST)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="capacity-ams-20261024-20261026.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "team",
        "date",
        "demand",
        "filled",
        "open",
        "absent",
        "unavailable",
        "rostered_hours",
        "period",
        "phase",
    ]
    period = str(roster["night"].period_id)
    assert rows[1:4] == [
        ["centrum", "2026-10-24", "2", "1", "1", "1", "0", "10.00", period, "published"],
        ["centrum", "2026-10-25", "1", "1", "0", "0", "0", "8.00", period, "published"],
        ["centrum", "2026-10-26", "0", "0", "0", "0", "0", "0.00", period, "published"],
    ]
    assert rows[4] == ["zuid", "2026-10-24", "0", "0", "0", "0", "0", "0.00", "", ""]
    assert len(rows) == 7
    text = response.content.decode().lower()
    assert "sick" not in text
    assert "anouk" not in text


def test_the_trend_gives_the_last_periods_that_started_oldest_first(
    team, officer, colleague, basis, unit, unit_manager, api_client_for
):
    # given three published periods and one in the future
    periods = []
    for start in (dt.date(2026, 9, 21), dt.date(2026, 10, 19), dt.date(2026, 11, 16)):
        p = PeriodFactory(team=team, start_date=start, phase=Phase.PUBLISHED)
        p.published_members.add(officer, colleague)
        periods.append(p)
    PeriodFactory(team=team, start_date=dt.date(2027, 6, 7), phase=Phase.DRAFT)
    night = ShiftFactory(
        period=periods[1],
        kind="night",
        start=aware(2026, 10, 24, 22, 0),
        end=aware(2026, 10, 25, 7, 0),
        demand={"basis": 2},
    )
    AssignmentFactory(officer=officer, shift=night, skill=basis)
    AbsenceFactory(
        officer=colleague, start=aware(2026, 11, 16, 0, 0), end=aware(2026, 11, 18, 0, 0)
    )

    # when the unit manager reads the last two periods (today: after the third started)
    response = api_client_for(unit_manager).get(URL.format(unit.pk) + "trend/?periods=2")

    # then they come oldest first with their totals
    assert response.status_code == 200
    centrum = next(t for t in response.json()["teams"] if t["code"] == "centrum")
    assert [p["period"]["start"] for p in centrum["periods"]] == ["2026-10-19", "2026-11-16"]
    october, november = (p["totals"] for p in centrum["periods"])
    assert (october["demand"], october["filled"], october["open"]) == (2, 1, 1)
    assert october["rostered_minutes"] == 600
    assert october["contract_minutes"] == 2 * 2160 * 4
    assert october["nights"] == {"min": 0, "median": 0.5, "max": 1}
    assert november["absent_days"] == 2
    assert "kind" not in response.content.decode()


def test_the_read_costs_the_same_queries_for_more_officers_and_teams(
    roster, unit, unit_manager, basis
):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            unit_capacity(
                actor=_fresh(unit_manager),
                unit_id=unit.pk,
                start=dt.date(2026, 10, 19),
                end=dt.date(2026, 11, 15),
            )
        return len(ctx.captured_queries)

    before = count()
    extra_team = TeamFactory(unit=unit, code="west", name="Basisteam West")
    period = PeriodFactory(team=extra_team, start_date=dt.date(2026, 10, 19))
    for n in range(5):
        o = OfficerFactory(teams=[extra_team])
        shift = ShiftFactory(period=period, start=aware(2026, 10, 20 + n, 7, 0))
        AssignmentFactory(officer=o, shift=shift, skill=basis)
        AbsenceFactory(officer=o, start=aware(2026, 10, 28, 0, 0), end=aware(2026, 10, 29, 0, 0))
    assert count() == before


def _fresh(officer: Any) -> Any:
    return type(officer).objects.get(pk=officer.pk)


def test_an_officer_from_another_team_counts_hours_but_no_contract(
    roster, october, other_officer, basis, unit, unit_manager, api_client_for
):
    shift = ShiftFactory(period=october, start=aware(2026, 10, 26, 15, 0), demand={"basis": 1})
    AssignmentFactory(officer=other_officer, shift=shift, skill=basis)

    body = api_client_for(unit_manager).get(URL.format(unit.pk) + DST).json()

    centrum = _team(body, "centrum")
    guest = next(o for o in centrum["officers"] if o["id"] == other_officer.pk)
    assert guest == {
        "id": other_officer.pk,
        "name": "Chantal Claes",
        "member": False,
        "shifts": 1,
        "nights": 0,
        "weekends": 0,
        "rostered_minutes": 480,
        "contract_minutes": None,
    }
    assert centrum["totals"]["contract_minutes"] == 2 * (2160 * 3 // 7)  # members only
    assert _day(centrum, "2026-10-26")["filled"] == 1
