"""Schema fuzzing: schemathesis over the whole OpenAPI schema as an authenticated user.

Every operation is called with generated inputs (valid and invalid); the API must never
answer 5xx and every response must match the schema (status code, content type, body).
Bounded examples per operation so that CI stays fast; raise FUZZ_MAX_EXAMPLES locally.
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
from rest_framework_simplejwt.tokens import RefreshToken

from organisation.models import Role
from tests.factories.organisation import (
    OfficerFactory,
    QualificationFactory,
    RoleAssignmentFactory,
    SkillFactory,
    TeamFactory,
    UnitFactory,
)

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


@pytest.fixture
def fuzz_token(db: Any) -> str:
    unit = UnitFactory(code="ams")
    team = TeamFactory(unit=unit)
    admin = OfficerFactory(username="fuzz-admin", teams=[team])
    RoleAssignmentFactory(officer=admin, role=Role.ADMINISTRATOR)
    QualificationFactory(officer=admin, skill=SkillFactory(code="basis"))
    return str(RefreshToken.for_user(admin).access_token)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_5xx_and_matches_schema(case: Any, fuzz_token: str) -> None:
    # All operations run as subtests of this one test: isolate each call in a savepoint, so
    # that one operation's data (or database error) cannot leak into the next.
    with transaction.atomic():
        try:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {fuzz_token}"},
                excluded_checks=EXCLUDED_CHECKS,
            )
        finally:
            transaction.set_rollback(True)
