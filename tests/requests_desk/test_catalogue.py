import pytest

from requests_desk.models import Request, RequestType
from requests_desk.services.catalogue import catalogue_load

pytestmark = pytest.mark.django_db


def test_reference_catalogue_loads_at_least_100_types_in_nl_and_en_idempotently(unit) -> None:
    first = catalogue_load(unit=unit)
    again = catalogue_load(unit=unit)
    assert first["created"] >= 100
    assert again == {"created": 0, "updated": 0, "total": first["total"]}
    active = RequestType.objects.filter(active=True, current_version__isnull=False)
    assert active.count() >= 100
    assert not active.filter(current_version__name_nl="").exists()
    assert not active.filter(current_version__name_en="").exists()


def test_catalogue_search_by_dutch_and_english_name_and_category(
    catalogue, officer, api_client_for
) -> None:
    client = api_client_for(officer)
    nl = client.get("/api/v1/request-types/", {"q": "ziekmelding"}).data["results"]
    en = client.get("/api/v1/request-types/", {"q": "sick report"}).data["results"]
    assert [t["code"] for t in nl] == ["sick_report"]
    assert "sick_report" in [t["code"] for t in en]
    cat = client.get("/api/v1/request-types/", {"category": "vehicles"}).data
    assert cat["count"] == 6


def test_catalogue_list_query_count_is_pinned(
    catalogue, officer, api_client_for, django_assert_num_queries
) -> None:
    client = api_client_for(officer)
    with django_assert_num_queries(3):  # user, count, page (versions and desks joined)
        response = client.get("/api/v1/request-types/", {"page_size": 200})
    assert response.data["count"] >= 100


def test_catalogue_detail_has_schema_and_ui_hints(catalogue, officer, api_client_for) -> None:
    data = api_client_for(officer).get("/api/v1/request-types/travel_expense/").data
    assert data["form_schema"]["properties"]["amount"]["type"] == "integer"
    assert data["ui_hints"]["widgets"]["amount"] == "money"
    assert data["route"][1]["condition"] == {"field": "amount", "op": "gt", "value": 25000}
    assert api_client_for(officer).get("/api/v1/request-types/nope/").status_code == 404


NEW_TYPE = {
    "code": "bike_lease",
    "category": "welfare",
    "name_nl": "Fietslease",
    "name_en": "Bike lease",
    "form_schema": {
        "type": "object",
        "properties": {"model": {"type": "string", "minLength": 1}},
        "required": ["model"],
        "additionalProperties": False,
    },
    "route": [{"kind": "team_lead"}],
    "outcome_kind": "order",
}


def test_type_added_through_api_is_filed_and_editing_keeps_old_requests_on_their_version(
    administrator, officer, team_lead, api_client_for
) -> None:
    admin = api_client_for(administrator)
    created = admin.post("/api/v1/request-types/", NEW_TYPE, format="json")
    assert created.status_code == 201
    client = api_client_for(officer)
    assert client.get("/api/v1/request-types/", {"q": "fiets"}).data["count"] == 1
    filed = client.post(
        "/api/v1/requests/",
        {"type": "bike_lease", "form_data": {"model": "Gazelle"}, "submit": True},
        format="json",
    )
    assert filed.status_code == 201
    assert filed.data["state"] == "in_approval"
    edited = admin.patch("/api/v1/request-types/bike_lease/", {"name_en": "E-bike lease"})
    assert edited.data["version"] == 2
    assert Request.objects.get(pk=filed.data["id"]).version.number == 1


def test_type_create_rejects_invalid_schema_and_non_admin(
    administrator, officer, api_client_for
) -> None:
    bad = {**NEW_TYPE, "form_schema": {"type": "object", "properties": {"x": {"type": 5}}}}
    response = api_client_for(administrator).post("/api/v1/request-types/", bad, format="json")
    assert response.status_code == 400
    assert "form_schema" in response.data["fields"]
    denied = api_client_for(officer).post("/api/v1/request-types/", NEW_TYPE, format="json")
    assert denied.status_code == 403
    assert not RequestType.objects.filter(code="bike_lease").exists()
