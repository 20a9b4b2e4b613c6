"""Schema fuzzing: schemathesis over the whole OpenAPI schema as an administrator, as an
officer and as a team lead (issue #16), with the throttles raised for the run.

Every operation is called with generated inputs (valid and invalid); the API must never
answer 5xx and every response must match the schema: all of schemathesis's checks run
(documented status code, content type and headers, body against the response schema,
invalid input refused) except positive_data_acceptance (below). The caller's world holds
data, so that lists answer with real rows (a request type no desk fulfils, a published
shift, a notification) and their bodies are checked too, not only empty pages.
Bounded and derandomized (a fixed seed per test, no database of examples): the same run in
CI every time; raise FUZZ_MAX_EXAMPLES locally. The generated-client flow
(tests/client_flow) drives the stateful paths this cannot reach with random ids.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.tokens import RefreshToken

from organisation.models import Role
from roster.models import Phase
from tests.factories.notifications import NotificationFactory
from tests.factories.organisation import (
    OfficerFactory,
    QualificationFactory,
    RoleAssignmentFactory,
    SkillFactory,
    TeamFactory,
    UnitFactory,
)
from tests.factories.requests_desk import RequestTypeVersionFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory

# positive_data_acceptance expects every schema-valid body to be accepted; ours are also
# checked against the database (a referenced id must exist and be visible) and across fields
# (end after start), which JSON Schema cannot express: those are a 400/404 by design.
EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "15"))


@pytest.fixture
def _keep_test_connection() -> Any:
    """Calling the WSGI app directly fires request_finished, which closes the DB connection
    that holds the test transaction; Django's own test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(_keep_test_connection: None, db: Any) -> Any:
    # Loading the schema is a request to the app: keep the test's DB connection open.
    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    return schema


# /healthz?deep=1 waits for a worker; it has its own tests.
schema = schemathesis.pytest.from_fixture("api_schema").exclude(path_regex="^/healthz")
if _only := os.environ.get("FUZZ_PATH_REGEX"):  # focus a local run on some paths
    schema = schema.include(lambda ctx: re.search(_only, ctx.operation.path) is not None)


def _token_for(role: str, monkeypatch: Any) -> str:
    # thousands of calls by one user in a minute: the throttle is not what this measures
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {**SimpleRateThrottle.THROTTLE_RATES, "user": "1000000/min", "anon": "1000000/min"},
    )
    unit = UnitFactory(code="ams")
    team = TeamFactory(unit=unit)
    caller = OfficerFactory(username=f"fuzz-{role}", teams=[team])
    basis = SkillFactory(code="basis")
    QualificationFactory(officer=caller, skill=basis)
    # Rows for the lists to answer with (their bodies are checked against the schema).
    RequestTypeVersionFactory(request_type__code="day_off", desk=None)
    published = PeriodFactory(team=team, phase=Phase.PUBLISHED)
    AssignmentFactory(officer=caller, shift=ShiftFactory(period=published), skill=basis)
    NotificationFactory(recipient=caller)
    if role == "administrator":
        RoleAssignmentFactory(officer=caller, role=Role.ADMINISTRATOR)
    elif role == "team_lead":
        RoleAssignmentFactory(officer=caller, role=Role.TEAM_LEAD, team=team)
    return str(RefreshToken.for_user(caller).access_token)


@pytest.fixture
def admin_token(db: Any, monkeypatch: Any) -> str:
    return _token_for("administrator", monkeypatch)


@pytest.fixture
def officer_token(db: Any, monkeypatch: Any) -> str:
    return _token_for("officer", monkeypatch)


@pytest.fixture
def team_lead_token(db: Any, monkeypatch: Any) -> str:
    return _token_for("team_lead", monkeypatch)


def _call(case: Any, token: str) -> None:
    # All operations run as subtests of one test: isolate each call in a savepoint, so that
    # one operation's data (or database error) cannot leak into the next.
    with transaction.atomic():
        try:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                excluded_checks=EXCLUDED_CHECKS,
            )
        finally:
            transaction.set_rollback(True)


FUZZ = hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


def test_the_fuzz_checks_responses_against_the_schema() -> None:
    # Guard the configuration: the conformance checks must stay on.
    for check in (
        schemathesis.checks.not_a_server_error,
        schemathesis.checks.status_code_conformance,
        schemathesis.checks.content_type_conformance,
        schemathesis.checks.response_schema_conformance,
        schemathesis.checks.response_headers_conformance,
    ):
        assert check not in EXCLUDED_CHECKS
    assert FUZZ.derandomize
    assert FUZZ.max_examples == MAX_EXAMPLES


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
@schema.parametrize()
@FUZZ
def test_api_never_5xx_and_matches_schema_as_an_administrator(case: Any, admin_token: str) -> None:
    _call(case, admin_token)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
@schema.parametrize()
@FUZZ
def test_api_never_5xx_and_matches_schema_as_an_officer(case: Any, officer_token: str) -> None:
    _call(case, officer_token)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
@schema.parametrize()
@FUZZ
def test_api_never_5xx_and_matches_schema_as_a_team_lead(case: Any, team_lead_token: str) -> None:
    _call(case, team_lead_token)
