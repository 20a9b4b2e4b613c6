"""Need-to-know for an officer's own unavailability: everyone who sees it reads the kind,
only the officer reads his reason."""

from typing import Any

import pytest
from django.utils.translation import override

from organisation.models import AbsenceKind
from organisation.need_to_know import may_read_reason, shown_kind, shown_kind_label, shown_source
from roster.models import UnavailabilityReason
from tests.factories.organisation import AbsenceFactory, OfficerFactory

pytestmark = pytest.mark.django_db

REASON = "Controle in het ziekenhuis"  # health data in his own words


@pytest.fixture
def own(officer: Any) -> Any:
    absence = AbsenceFactory(officer=officer, kind=AbsenceKind.UNAVAILABLE, source="officer")
    UnavailabilityReason.objects.create(absence=absence, text=REASON)
    return absence


def test_the_officer_reads_his_reason(officer: Any, own: Any) -> None:
    assert may_read_reason(officer, own.officer_id)
    assert shown_kind(officer, own) == "unavailable"


@pytest.mark.parametrize(
    "role",
    [
        "colleague",
        "team_lead",
        "planner",
        "unit_manager",
        "desk_staff",
        "health_desk_staff",
        "administrator",
    ],
)
def test_everyone_else_reads_unavailable_but_never_the_reason(
    role: str, request: Any, own: Any
) -> None:
    reader = request.getfixturevalue(role)
    assert not may_read_reason(reader, own.officer_id)
    assert shown_kind(reader, own) == "unavailable"
    with override("nl"):
        assert shown_kind_label(reader, own) == "Niet beschikbaar"
    # the source stays with who may learn kinds (the officer, the health desk)
    assert shown_source(reader, own) == ("officer" if role == "health_desk_staff" else "")


def test_without_a_reader_no_reason(own: Any) -> None:
    assert not may_read_reason(None, own.officer_id)


def test_the_admin_never_shows_the_reason(client: Any, own: Any) -> None:
    admin_user = OfficerFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    pages = [
        client.get("/admin/organisation/absence/"),
        client.get(f"/admin/organisation/absence/{own.pk}/change/"),
        client.get("/admin/"),
    ]
    # the reasons have no admin page at all
    assert client.get("/admin/roster/unavailabilityreason/").status_code == 404
    for page in pages:
        assert page.status_code == 200
        assert "ziekenhuis" not in page.content.decode().lower()
    assert "Niet beschikbaar" in pages[0].content.decode()  # the default language
