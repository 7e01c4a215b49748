"""API /api/v1/van-ban/: the same actions as the pages, through the services, scoped by visible_to."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from documents import services
from documents.models import IncomingDocument, IncomingStatus, OutgoingDocument, OutgoingStatus, Task
from egov.accounts.roles import Role

from .factories import Office, incoming_data, pdf_upload

pytestmark = pytest.mark.django_db
API = "/api/v1/van-ban"
TODAY = datetime.date.today


@pytest.fixture
def api(login):
    return lambda user: login(user, api=True)


def _register_payload(**overrides):
    data = incoming_data(**overrides)
    data["issued_date"] = data["issued_date"].isoformat()
    return data


def test_anonymous_and_citizens_are_refused(make_user, api):
    assert APIClient().get(f"{API}/den/").status_code in (401, 403)
    assert api(make_user(Role.CITIZEN)).get(f"{API}/den/").status_code == 403


def test_leader_without_second_factor_is_refused(office):
    client = APIClient()
    client.force_login(office.leader)
    assert client.get(f"{API}/den/").status_code == 403


def test_register_list_detail_and_duplicate_flag(office, other_office, api):
    clerk = api(office.clerk)
    response = clerk.post(f"{API}/den/", {**_register_payload(), "file": pdf_upload()}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["arrival_number"] == 1
    again = clerk.post(f"{API}/den/", {**_register_payload(), "file": pdf_upload()}, format="multipart")
    assert again.status_code == 400
    assert again.json()["code"] == "duplicate"
    assert IncomingDocument.objects.count() == 1
    confirmed = clerk.post(
        f"{API}/den/", {**_register_payload(), "confirm_duplicate": "true"}, format="multipart"
    )
    assert confirmed.status_code == 201
    assert confirmed.json()["arrival_number"] == 2
    listed = clerk.get(f"{API}/den/", {"q": "dang ky"}).json()
    assert listed["count"] == 2
    pk = response.json()["id"]
    assert clerk.get(f"{API}/den/{pk}/").json()["tasks"] == []
    stranger = api(other_office.clerk)
    assert stranger.get(f"{API}/den/").json()["count"] == 0
    assert stranger.get(f"{API}/den/{pk}/").status_code == 404


def test_register_refuses_a_bad_upload_and_a_specialist(office, api):
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = api(office.clerk).post(f"{API}/den/", {**_register_payload(), "file": bad}, format="multipart")
    assert response.status_code == 400
    assert "PDF" in response.json()["detail"]
    refused = api(office.specialist).post(f"{API}/den/", _register_payload(), format="json")
    assert refused.status_code == 403
    assert IncomingDocument.objects.count() == 0
    invalid = api(office.clerk).post(f"{API}/den/", {"doc_type": "XX"}, format="json")
    assert invalid.status_code == 400


def test_assign_delegate_progress_complete(office, api):
    document = services.register_incoming(office.clerk, office.agency, incoming_data())
    deadline = (TODAY() + datetime.timedelta(days=5)).isoformat()
    leader = api(office.leader)
    response = leader.post(
        f"{API}/den/{document.pk}/phan-cong/",
        {
            "lead": {"department": office.vx.pk, "deadline": deadline, "instructions": "Chủ trì"},
            "coordinators": [{"assignee": office.kt_specialist.pk, "deadline": deadline}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    lead_pk = response.json()[0]["id"]
    assert api(office.specialist).post(
        f"{API}/den/{document.pk}/phan-cong/", {}, format="json"
    ).status_code in (
        400,
        403,
        404,
    )
    head = api(office.head)
    child = head.post(
        f"{API}/nhiem-vu/{lead_pk}/giao-tiep/",
        {"assignee": office.specialist.pk, "deadline": deadline},
        format="json",
    )
    assert child.status_code == 201, child.content
    child_pk = child.json()["id"]
    specialist = api(office.specialist)
    assert specialist.post(f"{API}/nhiem-vu/{child_pk}/tien-do/", {"text": "Đang làm"}).status_code == 200
    document.refresh_from_db()
    assert document.status == IncomingStatus.PROCESSING
    empty = specialist.post(f"{API}/nhiem-vu/{child_pk}/hoan-thanh/", {"result": ""}, format="json")
    assert empty.status_code == 400
    done = specialist.post(f"{API}/nhiem-vu/{child_pk}/hoan-thanh/", {"result": "Đã xong"}, format="json")
    assert done.status_code == 200
    assert Task.objects.get(pk=child_pk).status == Task.Status.DONE
    assert specialist.get(f"{API}/nhiem-vu/").json()["count"] >= 1


def test_outgoing_route_through_the_api(office, other_office, api):
    third = Office(name="Sở Xây dựng tỉnh Phú Thọ", short="SXD")
    specialist, head, leader, clerk = (
        api(u) for u in (office.specialist, office.head, office.leader, office.clerk)
    )
    created = specialist.post(
        f"{API}/di/",
        {
            "doc_type": "CV",
            "subject": "Về việc triển khai chuyển đổi số",
            "body": "Kính gửi các cơ quan",
            "recipients": [{"kind": "agency", "agency": other_office.agency.pk}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    added = specialist.post(
        f"{API}/di/{pk}/noi-nhan/", {"kind": "agency", "agency": third.agency.pk}, format="json"
    )
    assert added.status_code == 201, added.content
    assert specialist.post(f"{API}/di/{pk}/trinh/", {}, format="json").status_code == 200
    assert head.post(f"{API}/di/{pk}/tra-lai/", {"reason": ""}, format="json").status_code == 400
    assert head.post(f"{API}/di/{pk}/tra-lai/", {"reason": "Sửa số liệu"}, format="json").status_code == 200
    assert specialist.post(f"{API}/di/{pk}/trinh/", {}, format="json").status_code == 200
    assert head.post(f"{API}/di/{pk}/duyet-phong/", {"comment": "Đồng ý"}, format="json").status_code == 200
    # The clerk may not approve; the wrong step is refused with a reason.
    refused = clerk.post(f"{API}/di/{pk}/phe-duyet/", {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"]
    assert clerk.post(f"{API}/di/{pk}/phat-hanh/").status_code in (400, 403, 409)
    assert leader.post(f"{API}/di/{pk}/phe-duyet/", {}, format="json").status_code == 200
    issued = clerk.post(f"{API}/di/{pk}/phat-hanh/")
    assert issued.status_code == 200, issued.content
    assert issued.json()["code"] == "01/UBND-VX"
    assert issued.json()["status"] == OutgoingStatus.ISSUED
    copies = IncomingDocument.objects.filter(source_outgoing_id=pk)
    assert copies.count() == 2
    other = api(other_office.clerk)
    listed = other.get(f"{API}/den/").json()["results"]
    assert [row["arrival_number"] for row in listed] == [1]
    recalled = leader.post(f"{API}/di/{pk}/thu-hoi/", {"reason": "Ban hành nhầm"}, format="json")
    assert recalled.status_code == 200
    assert OutgoingDocument.objects.get(pk=pk).status == OutgoingStatus.RECALLED
    assert other.get(f"{API}/den/").json()["count"] == 0
    assert clerk.get(f"{API}/di/", {"status": "recalled"}).json()["count"] == 1


def test_draft_with_upload_and_without_content(office, api):
    specialist = api(office.specialist)
    empty = specialist.post(f"{API}/di/", {"doc_type": "CV", "subject": "Trống"}, format="json")
    assert empty.status_code == 400
    assert not OutgoingDocument.objects.exists()
    response = specialist.post(
        f"{API}/di/",
        {"doc_type": "CV", "subject": "Có tệp", "file": pdf_upload("Dự thảo")},
        format="multipart",
    )
    assert response.status_code == 201, response.content


def test_openapi_schema_generates_and_validates(tmp_path):
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--file", str(target), stdout=io.StringIO(), stderr=io.StringIO()
    )
    text = target.read_text()
    for path in (
        "/api/v1/van-ban/den/",
        "/api/v1/van-ban/di/{id}/phat-hanh/",
        "/api/v1/van-ban/nhiem-vu/{id}/hoan-thanh/",
    ):
        assert path in text
    assert "confirm_duplicate" in text
