"""The need-to-know rule for absences, one reader at a time."""

from typing import Any

import pytest
from django.utils.translation import override

from organisation.models import AbsenceKind
from organisation.need_to_know import (
    ABSENT,
    Disclosure,
    absence_disclosure,
    may_learn_kind,
    shown_kind,
    shown_kind_label,
    shown_source,
)
from tests.factories.organisation import AbsenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sick(officer: Any) -> Any:
    return AbsenceFactory(officer=officer, kind=AbsenceKind.SICK, source="request:21")


def test_the_officer_learns_his_own_kind_and_source(officer: Any, sick: Any) -> None:
    assert absence_disclosure(officer, sick) == Disclosure.KIND
    assert (shown_kind(officer, sick), shown_source(officer, sick)) == ("sick", "request:21")
    with override("en"):
        assert shown_kind_label(officer, sick) == "Sick"
    with override("nl"):
        assert shown_kind_label(officer, sick) == "Ziek"


def test_the_health_desk_of_the_unit_learns_the_kind(health_desk_staff: Any, sick: Any) -> None:
    assert may_learn_kind(health_desk_staff, sick.officer_id)
    assert shown_kind(health_desk_staff, sick) == "sick"


@pytest.mark.parametrize(
    "role",
    ["colleague", "team_lead", "planner", "unit_manager", "desk_staff", "administrator"],
)
def test_everyone_else_reads_only_absent(role: str, request: Any, sick: Any) -> None:
    reader = request.getfixturevalue(role)
    assert absence_disclosure(reader, sick) == Disclosure.PRESENCE
    assert (shown_kind(reader, sick), shown_source(reader, sick)) == (ABSENT, "")
    with override("en"):
        assert shown_kind_label(reader, sick) == "Absent"
    with override("nl"):
        assert shown_kind_label(reader, sick) == "Afwezig"


def test_without_a_reader_nothing_is_told(sick: Any) -> None:
    assert shown_kind(None, sick) == ABSENT
    assert shown_source(None, sick) == ""


def test_the_health_desk_is_a_setting(
    settings: Any, health_desk_staff: Any, sick: Any, officer: Any
) -> None:
    # given: another desk is designated after the reader's desk was
    settings.HEALTH_DESK_CODE = "arbo"
    fresh = type(health_desk_staff).objects.get(pk=health_desk_staff.pk)
    # then: its staff no longer learns the kind
    assert not may_learn_kind(fresh, officer.pk)


def test_the_admin_tells_an_administrator_absent_never_sick(client) -> None:
    # given: an administrator (not the officer, not the health desk) and a sick absence
    from organisation.models import AbsenceKind
    from tests.factories.organisation import AbsenceFactory, OfficerFactory

    admin_user = OfficerFactory(is_staff=True, is_superuser=True)
    absence = AbsenceFactory(kind=AbsenceKind.SICK, source="request:21")
    client.force_login(admin_user)
    # when: he opens the list and the absence's page, in both languages
    pages = [
        client.get("/admin/organisation/absence/", HTTP_ACCEPT_LANGUAGE=lang)
        for lang in ("en", "nl")
    ] + [client.get(f"/admin/organisation/absence/{absence.pk}/change/")]
    # then: he reads that the officer is absent, never why, and no source; no filter by kind
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode().lower()
        for word in ("sick", "ziek", "request:21", "kind__exact"):
            assert word not in body, word
    assert "absent" in pages[0].content.decode().lower()
