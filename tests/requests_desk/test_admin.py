import pytest
from django.utils import timezone

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


# --- special-category requests in the admin (need-to-know, AVG art. 9) ------------------

SICK_FORM = {
    # today: a sick report's first day lies at most 7 days back (roster.desk_outcomes)
    "first_day": timezone.localdate().isoformat(),
    "exp_duration": "1_day",
    "phone": "ADMINFORM-0611",
    "work_accident": False,
    "third_party": False,
}


@pytest.fixture
def sick_request(unit, officer, settings):
    from requests_desk.models import RequestType
    from requests_desk.services.catalogue import catalogue_load
    from requests_desk.services.workflow import request_create

    catalogue_load(unit=unit)
    return request_create(
        actor=officer,
        request_type=RequestType.objects.get(code="sick_report"),
        form_data=SICK_FORM,
        submit=True,
    )


def _staff(desk_code: str | None, *, superuser: bool = False):
    from django.contrib.auth.models import Permission

    from organisation.models import Desk, Role
    from tests.factories.organisation import RoleAssignmentFactory

    user = OfficerFactory(is_staff=True, is_superuser=superuser)
    if desk_code:
        desk = Desk.objects.get(code=desk_code)
        RoleAssignmentFactory(officer=user, role=Role.DESK_STAFF, desk=desk)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="requests_desk"))
    return user


@pytest.mark.parametrize(("desk", "superuser"), [(None, True), ("hr", False)])
def test_a_sick_report_in_the_admin_shows_no_type_and_no_form_to_others(
    client, sick_request, desk, superuser
) -> None:
    # given: an administrator, or staff of another desk allowed into the desk's admin
    client.force_login(_staff(desk, superuser=superuser))
    # when: he opens the list and the sick report's page
    listing = client.get("/admin/requests_desk/request/", HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(f"/admin/requests_desk/request/{sick_request.pk}/change/")
    # then: he reads that a special-category request exists, not what it is or says
    for response in (listing, page):
        assert response.status_code == 200
        body = response.content.decode()
        assert "sick" not in body.lower()
        assert "ADMINFORM" not in body
    assert "Special category" in listing.content.decode()


def test_the_health_desk_reads_the_sick_report_in_the_admin_read_only(client, sick_request) -> None:
    # given: staff of the desk the sick report is routed to (vz), with change permission
    client.force_login(_staff("vz"))
    url = f"/admin/requests_desk/request/{sick_request.pk}/change/"
    # when: he opens it and tries to set a legal hold
    page = client.get(url)
    client.post(url, {"legal_hold": "on"})
    # then: he reads the type and the form, and can change nothing
    body = page.content.decode()
    assert "sick_report" in body
    assert "ADMINFORM-0611" in body
    assert 'name="legal_hold"' not in body
    sick_request.refresh_from_db()
    assert not sick_request.legal_hold


def test_every_admin_opening_of_a_special_category_request_is_logged(client, sick_request) -> None:
    from requests_desk.models import PrivacyReadLog

    # given: an administrator and the vz desk's staff
    admin_user, health = _staff(None, superuser=True), _staff("vz")
    url = f"/admin/requests_desk/request/{sick_request.pk}/change/"
    # when: each opens the sick report once; the list is opened too
    for user in (admin_user, health):
        client.force_login(user)
        client.get("/admin/requests_desk/request/")
        assert client.get(url).status_code == 200
    # then: one read each, by the admin channel (the list shows no form: no read)
    logs = PrivacyReadLog.objects.filter(request=sick_request)
    assert sorted(logs.values_list("reader_id", "channel")) == sorted(
        [(admin_user.pk, "admin"), (health.pk, "admin")]
    )
