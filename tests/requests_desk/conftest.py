from __future__ import annotations

from typing import Any

import pytest

from organisation.models import Desk, Officer, Role
from requests_desk.services.catalogue import catalogue_load
from tests.factories.organisation import OfficerFactory, RoleAssignmentFactory


@pytest.fixture
def catalogue(unit: Any) -> dict[str, int]:
    return catalogue_load(unit=unit)


def _staff(code: str, username: str) -> Officer:
    o = OfficerFactory(username=username)
    RoleAssignmentFactory(officer=o, role=Role.DESK_STAFF, desk=Desk.objects.get(code=code))
    return o


@pytest.fixture
def finance_staff(catalogue: Any) -> Officer:
    return _staff("financien", "financien")


@pytest.fixture
def vz_staff(catalogue: Any) -> Officer:
    return _staff("vz", "verzuim")


@pytest.fixture
def facilities_staff(catalogue: Any) -> Officer:
    return _staff("facilitair", "facilitair")
