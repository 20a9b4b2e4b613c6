"""The officer's phones: `POST/GET /api/v1/me/devices/`, `DELETE /api/v1/me/devices/{id}/`."""

from __future__ import annotations

import pytest

from notifications.models import Device

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/devices/"
FCM = "eXaMpLe-registration_token:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx"
APNS = "0f" * 32


def test_register_a_phone_then_list_it(officer, api_client_for) -> None:
    client = api_client_for(officer)
    response = client.post(
        URL, {"platform": "fcm", "token": FCM, "app_id": "nl.politie.samen", "name": "Werk"}
    )
    assert response.status_code == 201
    device = Device.objects.get()
    assert (device.officer, device.platform, device.token) == (officer, "fcm", FCM)
    body = response.json()
    assert set(body) == {
        "id",
        "platform",
        "token",
        "app_id",
        "name",
        "created_at",
        "last_registered_at",
    }
    assert (body["id"], body["app_id"], body["name"]) == (device.pk, "nl.politie.samen", "Werk")
    listed = client.get(URL).json()
    assert [d["id"] for d in listed["results"]] == [device.pk]


def test_registering_the_same_token_again_is_idempotent(officer, api_client_for) -> None:
    client = api_client_for(officer)
    first = client.post(URL, {"platform": "apns", "token": APNS})
    again = client.post(URL, {"platform": "apns", "token": APNS, "name": "iPhone"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Device.objects.get().name == "iPhone"


def test_a_token_registered_by_someone_else_moves_to_the_new_user(
    officer, colleague, api_client_for
) -> None:
    # given a shared phone registered by the officer
    mine = api_client_for(officer).post(URL, {"platform": "fcm", "token": FCM}).json()
    # when his colleague signs in on it and registers it
    response = api_client_for(colleague).post(URL, {"platform": "fcm", "token": FCM})
    # then the same row is now the colleague's, and the officer no longer sees it
    assert response.status_code == 200
    assert response.json()["id"] == mine["id"]
    assert Device.objects.get().officer == colleague
    assert api_client_for(officer).get(URL).json()["results"] == []


def test_an_officer_keeps_at_most_the_newest_phones(officer, api_client_for, settings) -> None:
    settings.PUSH_MAX_DEVICES_PER_OFFICER = 2
    client = api_client_for(officer)
    ids = [
        client.post(URL, {"platform": "apns", "token": f"{i:02d}" * 32}).json()["id"]
        for i in range(3)
    ]
    assert sorted(Device.objects.values_list("pk", flat=True)) == ids[1:]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"platform": "gcm", "token": FCM}, "platform"),
        ({"token": FCM}, "platform"),
        ({"platform": "fcm"}, "token"),
        ({"platform": "apns", "token": FCM}, "token"),  # not hexadecimal
        ({"platform": "apns", "token": "0f" * 20}, "token"),  # too short
        ({"platform": "fcm", "token": "short"}, "token"),
        ({"platform": "fcm", "token": "x" * 40 + "/../"}, "token"),
        ({"platform": "fcm", "token": 12345}, "token"),
        ({"platform": "fcm", "token": FCM, "name": "n" * 101}, "name"),
        ({"platform": "fcm", "token": FCM, "officer": 1}, "officer"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(
    officer, api_client_for, body, field
) -> None:
    response = api_client_for(officer).post(URL, body)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Device.objects.exists()


def test_remove_a_phone(officer, api_client_for) -> None:
    client = api_client_for(officer)
    device_id = client.post(URL, {"platform": "fcm", "token": FCM}).json()["id"]
    assert client.delete(f"{URL}{device_id}/").status_code == 204
    assert not Device.objects.exists()
    assert client.delete(f"{URL}{device_id}/").status_code == 404


def test_someone_elses_phone_is_not_found_and_stays(officer, colleague, api_client_for) -> None:
    theirs = api_client_for(colleague).post(URL, {"platform": "fcm", "token": FCM}).json()["id"]
    assert api_client_for(officer).delete(f"{URL}{theirs}/").status_code == 404
    assert Device.objects.filter(pk=theirs, officer=colleague).exists()
    # and his list shows only his own (the colleague's token appears nowhere in it)
    listed = api_client_for(officer).get(URL)
    assert listed.json()["results"] == []
    assert FCM not in listed.content.decode()


def test_anonymous_may_do_nothing(client) -> None:
    assert client.get(URL).status_code == 401
    assert client.post(URL, {"platform": "fcm", "token": FCM}).status_code == 401
    assert not Device.objects.exists()


def test_the_list_takes_three_queries(officer, api_client_for, django_assert_num_queries) -> None:
    client = api_client_for(officer)
    for i in range(4):
        client.post(URL, {"platform": "apns", "token": f"{i:02d}" * 32})
    with django_assert_num_queries(3):  # user, count, page
        assert client.get(URL).json()["count"] == 4


def test_the_officers_export_lists_his_phones_and_no_one_elses(
    officer, colleague, api_client_for
) -> None:
    # given a phone of the officer's and one of his colleague's
    api_client_for(officer).post(URL, {"platform": "fcm", "token": FCM, "name": "Werk"})
    api_client_for(colleague).post(URL, {"platform": "apns", "token": APNS})
    # when the officer exports what is stored about him (AVG right of access)
    devices = api_client_for(officer).get("/api/v1/me/export/").json()["devices"]
    # then his phone is there with everything stored about it, his colleague's is not
    assert [(d["platform"], d["token"], d["name"]) for d in devices] == [("fcm", FCM, "Werk")]
    assert set(devices[0]) == {
        "platform",
        "token",
        "app_id",
        "name",
        "created_at",
        "last_registered_at",
    }
