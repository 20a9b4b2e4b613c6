"""Shared fixtures: role fixtures, API clients, service markers.

Tests marked `postgres` need PostgreSQL and `broker` a real Redis plus a Celery worker; they
skip on the embedded default. With REQUIRE_SERVICES=1 (CI) any such skip fails the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from organisation.models import Officer, Role, Team
from tests.factories.organisation import (
    DeskFactory,
    OfficerFactory,
    QualificationFactory,
    RoleAssignmentFactory,
    SkillFactory,
    TeamFactory,
    UnitFactory,
)
from tests.oidc_provider.fixtures import oidc_provider, sso

REPO = Path(__file__).resolve().parent.parent
_skipped_service_tests: list[str] = []


def _has_postgres() -> bool:
    return bool(settings.USES_POSTGRES)


def _has_broker() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres" in item.keywords and not _has_postgres():
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://)"))
        if "broker" in item.keywords and not _has_broker():
            item.add_marker(pytest.mark.skip(reason="needs Redis (CELERY_BROKER_URL=redis://)"))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and ("postgres" in report.keywords or "broker" in report.keywords):
        _skipped_service_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1" and _skipped_service_tests:
        print(
            "\nREQUIRE_SERVICES=1 but these service tests skipped:\n  "
            + "\n  ".join(_skipped_service_tests)
        )
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any) -> Iterator[None]:
    """Test speed-ups: a fast password hasher, an empty cache (throttle counters)."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Run tasks in-process even when a broker is configured (tests about a task's effect,
    not its delivery; delivery is tested with `celery_worker_process`)."""
    from config.celery import app

    # Settings come from Django with the CELERY_ namespace: change them under that name.
    old = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=True, CELERY_TASK_EAGER_PROPAGATES=True)
    yield
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=old[0], CELERY_TASK_EAGER_PROPAGATES=old[1])


@pytest.fixture
def unit() -> Any:
    return UnitFactory(code="ams", name="Eenheid Amsterdam")


@pytest.fixture
def team(unit: Any) -> Team:
    return TeamFactory(unit=unit, code="centrum", name="Basisteam Centrum")


@pytest.fixture
def other_team(unit: Any) -> Team:
    return TeamFactory(unit=unit, code="zuid", name="Basisteam Zuid")


@pytest.fixture
def basis() -> Any:
    return SkillFactory(code="basis", name_nl="Basispolitiezorg", name_en="Basic police duty")


@pytest.fixture
def officer(team: Team, basis: Any) -> Officer:
    o = OfficerFactory(username="agent", first_name="Anouk", last_name="Agent", teams=[team])
    QualificationFactory(officer=o, skill=basis)
    return o


@pytest.fixture
def colleague(team: Team, basis: Any) -> Officer:
    o = OfficerFactory(first_name="Bram", last_name="Bakker", teams=[team])
    QualificationFactory(officer=o, skill=basis)
    return o


@pytest.fixture
def other_officer(other_team: Team, basis: Any) -> Officer:
    o = OfficerFactory(first_name="Chantal", last_name="Claes", teams=[other_team])
    QualificationFactory(officer=o, skill=basis)
    return o


@pytest.fixture
def team_lead(team: Team) -> Officer:
    o = OfficerFactory(username="teamchef", teams=[team])
    RoleAssignmentFactory(officer=o, role=Role.TEAM_LEAD, team=team)
    return o


@pytest.fixture
def other_team_lead(other_team: Team) -> Officer:
    o = OfficerFactory(username="teamchef-zuid", teams=[other_team])
    RoleAssignmentFactory(officer=o, role=Role.TEAM_LEAD, team=other_team)
    return o


@pytest.fixture
def planner(team: Team) -> Officer:
    o = OfficerFactory(username="roosteraar")
    RoleAssignmentFactory(officer=o, role=Role.PLANNER, team=team)
    return o


@pytest.fixture
def desk_staff(unit: Any) -> Officer:
    o = OfficerFactory(username="loket")
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=DeskFactory(unit=unit))
    return o


@pytest.fixture
def health_desk_staff(unit: Any, settings: Any) -> Officer:
    """Staff of the designated occupational-health desk (may learn why an officer is absent)."""
    o = OfficerFactory(username="verzuim")
    desk = DeskFactory(unit=unit, code=settings.HEALTH_DESK_CODE)
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=desk)
    return o


@pytest.fixture
def unit_manager(unit: Any) -> Officer:
    o = OfficerFactory(username="eenheidschef")
    RoleAssignmentFactory(officer=o, role=Role.UNIT_MANAGER, unit=unit)
    return o


@pytest.fixture
def administrator() -> Officer:
    o = OfficerFactory(username="beheer")
    RoleAssignmentFactory(officer=o, role=Role.ADMINISTRATOR)
    return o


@pytest.fixture
def api_client_for() -> Callable[[Officer | None], APIClient]:
    """An API client authenticated with a real JWT access token for `user` (None: anonymous)."""

    def make(user: Officer | None) -> APIClient:
        client = APIClient()
        if user is not None:
            token = RefreshToken.for_user(user).access_token
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def celery_worker_process(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A real Celery worker process on the test database and the configured Redis broker.

    One per test, stopped at its end: a worker left running would pick up tasks that other
    tests enqueue and touch the database while pytest-django flushes it. Tasks left in the
    queue by earlier tests are purged before it starts."""
    if not _has_broker():
        pytest.skip("needs Redis (CELERY_BROKER_URL=redis://)")
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db["ENGINE"] == "django.db.backends.postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    env.setdefault("SECRET_KEY", settings.SECRET_KEY)
    from config.celery import app

    app.control.purge()
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(timeout=1.0):
                break
            if proc.poll() is not None:
                pytest.fail("the Celery worker exited at start-up")
        else:
            pytest.fail("the Celery worker did not answer a ping within 60 s")
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


__all__ = ["oidc_provider", "sso"]  # the single sign-on fixtures (tests/oidc_provider)
