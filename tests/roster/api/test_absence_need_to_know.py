"""What each role reads about an officer's sick absence through the absences API.

Need-to-know (organisation/need_to_know.py): the officer and the occupational-health desk read
the kind and the source; line management and administrators read only "absent" and until when;
anyone else does not see the absence at all.
"""

from typing import Any

import pytest

from organisation.models import AbsenceKind
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import aware

pytestmark = pytest.mark.django_db

#: Words that tell why someone is absent (any form, both languages) and the desk reference.
SECRETS = ("sick", "ziek", "request:")

KIND = "kind"  # reads kind and source
PRESENCE = "presence"  # reads "absent" and the dates
NOTHING = "nothing"  # does not see the absence

ROLES = {
    "officer": KIND,
    "colleague": NOTHING,
    "other_officer": NOTHING,
    "team_lead": PRESENCE,
    "other_team_lead": NOTHING,
    "planner": PRESENCE,
    "unit_manager": PRESENCE,
    "health_desk_staff": KIND,
    "desk_staff": NOTHING,
    "administrator": PRESENCE,
}


@pytest.fixture
def sick(officer: Any) -> Any:
    return AbsenceFactory(
        officer=officer,
        kind=AbsenceKind.SICK,
        start=aware(2027, 1, 11, 7, 0),
        end=None,
        expected_end=aware(2027, 1, 16, 0, 0),
        source="request:21",
    )


def _leaks(body: bytes) -> list[str]:
    text = body.decode().lower()
    return [word for word in SECRETS if word in text]


@pytest.mark.parametrize(("role", "may"), ROLES.items())
def test_the_absence_list_tells_each_role_only_what_it_may_learn(
    role: str, may: str, request: Any, sick: Any, api_client_for: Any
) -> None:
    # given: the officer's open-ended sick absence from a sick report
    reader = request.getfixturevalue(role)

    # when: the role lists absences
    response = api_client_for(reader).get("/api/v1/absences/")

    # then
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.data["results"]}
    if may == NOTHING:
        assert sick.pk not in rows
        assert _leaks(response.content) == []
        return
    row = rows[sick.pk]
    assert row["officer"] == sick.officer_id
    assert row["end"] is None
    assert row["expected_end"] is not None
    if may == KIND:
        assert row["kind"] == "sick"
        assert row["source"] == "request:21"
    else:
        assert row["kind"] == "absent"
        assert row["source"] == ""
        assert _leaks(response.content) == []


@pytest.mark.parametrize("kind", [AbsenceKind.LEAVE, AbsenceKind.TRAINING, AbsenceKind.OTHER])
def test_line_management_reads_absent_whatever_the_kind(
    kind: str, officer: Any, team_lead: Any, api_client_for: Any
) -> None:
    AbsenceFactory(officer=officer, kind=kind, source="request:7")
    row = api_client_for(team_lead).get("/api/v1/absences/").data["results"][0]
    assert (row["kind"], row["source"]) == ("absent", "")


def test_the_planner_who_records_an_absence_reads_it_back_as_absent(
    planner: Any, officer: Any, api_client_for: Any
) -> None:
    # given/when: the planner records a sick absence and ends it
    client = api_client_for(planner)
    created = client.post(
        "/api/v1/absences/",
        {"officer": officer.id, "kind": "sick", "start": "2027-01-05T07:00:00+01:00"},
        format="json",
    )
    ended = client.post(
        f"/api/v1/absences/{created.data['id']}/end/", {"end": "2027-01-07T00:00:00+01:00"}
    )

    # then: neither answer tells him why
    assert created.status_code == 201, created.data
    assert (created.data["kind"], created.data["source"]) == ("absent", "")
    assert _leaks(created.content) == []
    assert ended.status_code == 200
    assert (ended.data["kind"], ended.data["source"]) == ("absent", "")
    assert _leaks(ended.content) == []


def test_the_officer_reads_his_own_sick_report_back(officer: Any, api_client_for: Any) -> None:
    created = api_client_for(officer).post(
        "/api/v1/absences/",
        {"officer": officer.id, "kind": "sick", "start": "2027-01-05T07:00:00+01:00"},
        format="json",
    )
    assert created.status_code == 201, created.data
    assert (created.data["kind"], created.data["source"]) == ("sick", "api")


def test_the_schema_documents_absent_as_a_kind(api_client_for: Any) -> None:
    schema = api_client_for(None).get("/api/schema/?format=json").json()
    enum = schema["components"]["schemas"]["ShownAbsenceKindEnum"]["enum"]
    assert set(enum) == {"leave", "training", "sick", "other", "unavailable", "absent"}
    absence = schema["components"]["schemas"]["AbsenceOutput"]["properties"]
    assert absence["kind"]["allOf"] == [{"$ref": "#/components/schemas/ShownAbsenceKindEnum"}]
