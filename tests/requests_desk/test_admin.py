import pytest

from requests_desk.models import RequestTypeVersion
from tests.factories.organisation import OfficerFactory
from tests.factories.requests_desk import RequestTypeVersionFactory

pytestmark = pytest.mark.django_db


def test_saving_a_version_in_the_admin_creates_a_new_current_version(client) -> None:
    admin = OfficerFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    version = RequestTypeVersionFactory()
    url = f"/admin/requests_desk/requesttypeversion/{version.pk}/change/"
    assert client.get(url).status_code == 200
    form = {
        "request_type": version.request_type_id,
        "name_nl": "Nieuw",
        "name_en": "New",
        "description_nl": "",
        "description_en": "",
        "form_schema": '{"type": "object", "properties": {}}',
        "ui_hints": "{}",
        "route": "[]",
        "route_note": "",
        "desk": "",
        "sla_days": 3,
        "outcome_kind": "order",
        "privacy_class": "personal",
        "retention_days": 30,
    }
    response = client.post(url, form)
    assert response.status_code == 302
    version.request_type.refresh_from_db()
    current = version.request_type.current_version
    assert (current.number, current.name_nl) == (2, "Nieuw")
    assert RequestTypeVersion.objects.get(pk=version.pk).name_nl != "Nieuw"
    bad = client.post(url, {**form, "form_schema": '{"type": "string"}'})
    assert bad.status_code == 200  # the form shows the schema error
    assert RequestTypeVersion.objects.count() == 2
