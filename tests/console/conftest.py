"""Console fixtures: session login, a solved small period, a swap and a desk request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from organisation.models import Officer
from requests_desk.models import Request, RequestType
from requests_desk.services.catalogue import catalogue_load
from requests_desk.services.workflow import request_create
from roster.models import Phase, Swap, SwapKind, TeamSwapPolicy
from roster.services.solving.jobs import solve_start
from roster.services.swaps import swap_accept, swap_offer
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.roster.solve_fixtures import SmallPeriod, fast_solver, small_period

__all__ = ["fast_solver"]

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def client_for() -> Callable[[Officer | None], Client]:
    """A Django test client with a session login (the console's login), or anonymous."""

    def make(user: Officer | None) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        return client

    return make


@pytest.fixture
def solved(
    team: Any,
    basis: Any,
    planner: Officer,
    fast_solver: None,
    django_capture_on_commit_callbacks: Any,
) -> SmallPeriod:
    """The small period solved (proposed), with one shift demanding more than the team has,
    so the report holds a shortfall with its reasons."""
    small = small_period(team, basis)
    small.shifts[0].demand = {"basis": 5}
    small.shifts[0].save(update_fields=["demand"])
    with django_capture_on_commit_callbacks(execute=True):
        solve_start(actor=planner, period=small.period)
    small.period.refresh_from_db()
    assert small.period.phase == Phase.PROPOSED
    return small


@pytest.fixture
def accepted_swap(team: Any, officer: Officer, colleague: Officer, basis: Any) -> Swap:
    """An exchange both officers agreed to, waiting for the team lead (manual policy)."""
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    published = PeriodFactory(
        team=team, phase=Phase.PUBLISHED, start_date=aware(2027, 3, 1, 0, 0).date()
    )
    mine = AssignmentFactory(
        officer=officer,
        shift=ShiftFactory(period=published, start=aware(2027, 3, 2, 7, 0)),
        skill=basis,
    )
    theirs = AssignmentFactory(
        officer=colleague,
        shift=ShiftFactory(period=published, start=aware(2027, 3, 4, 7, 0)),
        skill=basis,
    )
    swap = swap_offer(actor=officer, kind=SwapKind.EXCHANGE, assignment=mine, wanted=theirs)
    return swap_accept(actor=colleague, swap=swap)


@pytest.fixture
def catalogue(unit: Any) -> dict[str, int]:
    return catalogue_load(unit=unit)


@pytest.fixture
def finance_staff(catalogue: Any) -> Officer:
    from organisation.models import Desk, Role

    o = OfficerFactory(username="financien")
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=Desk.objects.get(code="financien"))
    return o


CLAIM = {"date": "2026-11-20", "route": "Amsterdam - Den Haag", "mode": "pt", "amount": 4200}


@pytest.fixture
def expense(catalogue: Any, officer: Officer, team_lead: Officer) -> Request:
    """A small travel expense claim waiting for the team lead (then the finance desk)."""
    return request_create(
        actor=officer,
        request_type=RequestType.objects.get(code="travel_expense"),
        form_data=dict(CLAIM),
        submit=True,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: a selenium test in headless chromium (skips without chromium)"
    )
