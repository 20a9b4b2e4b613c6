import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_desk.models import RequestAttachment
from tests.requests_desk.test_sick_inbox_notifications import SICK
from tests.requests_desk.test_workflow import CLAIM, _file

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _upload(client, rid, content=PDF, name="bon.pdf"):
    return client.post(
        f"/api/v1/requests/{rid}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
    )


def test_requester_uploads_a_receipt_and_the_desk_downloads_it(
    catalogue, officer, team_lead, finance_staff, api_client_for
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    uploaded = _upload(me, rid)
    assert uploaded.status_code == 201
    assert uploaded.data["content_type"] == "application/pdf"
    aid = uploaded.data["id"]
    download = api_client_for(team_lead).get(f"/api/v1/requests/{rid}/attachments/{aid}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_upload_rejects_wrong_type_and_too_large_and_saves_nothing(
    catalogue, officer, team_lead, api_client_for, settings
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    exe = _upload(me, rid, content=b"MZ\x90\x00 not a pdf", name="bon.pdf")
    assert exe.status_code == 400
    assert "file" in exe.data["fields"]
    settings.REQUESTS_ATTACHMENT_MAX_BYTES = 10
    big = _upload(me, rid)
    assert "file" in big.data["fields"]
    missing = me.post(f"/api/v1/requests/{rid}/attachments/", {}, format="multipart")
    assert "file" in missing.data["fields"]
    assert not RequestAttachment.objects.exists()


def test_sick_reports_take_no_attachments(catalogue, officer, vz_staff, api_client_for) -> None:
    me = api_client_for(officer)
    rid = _file(me, "sick_report", SICK).data["id"]
    response = _upload(me, rid)
    assert response.status_code == 400
    assert "file" in response.data["fields"]


def test_attachment_is_never_served_to_someone_who_cannot_see_the_request(
    catalogue, officer, other_officer, team_lead, api_client_for
) -> None:
    me = api_client_for(officer)
    rid = _file(me, "travel_expense", {**CLAIM, "amount": 4200}).data["id"]
    aid = _upload(me, rid).data["id"]
    stranger = api_client_for(other_officer)
    assert stranger.get(f"/api/v1/requests/{rid}/attachments/{aid}/").status_code == 404
    assert _upload(stranger, rid).status_code == 404
    assert api_client_for(None).get(f"/api/v1/requests/{rid}/attachments/{aid}/").status_code == 401
