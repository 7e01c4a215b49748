"""Documents API: every endpoint stays in the schema, with the signer block and the approval's version;
the new checks answer 400 with their reason."""

import io

import pytest
import yaml
from django.core.management import call_command

from documents import services
from documents.models import OutgoingStatus

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/van-ban/den/": {"get", "post"},
    "/api/v1/van-ban/den/{id}/": {"get"},
    "/api/v1/van-ban/den/{id}/phan-cong/": {"post"},
    "/api/v1/van-ban/den/{id}/vao-so/": {"post"},
    "/api/v1/van-ban/den/{id}/tra-lai/": {"post"},
    "/api/v1/van-ban/di/": {"get", "post"},
    "/api/v1/van-ban/di/{id}/": {"get"},
    "/api/v1/van-ban/di/{id}/noi-nhan/": {"post"},
    "/api/v1/van-ban/di/{id}/trinh/": {"post"},
    "/api/v1/van-ban/di/{id}/duyet-phong/": {"post"},
    "/api/v1/van-ban/di/{id}/tra-lai/": {"post"},
    "/api/v1/van-ban/di/{id}/phe-duyet/": {"post"},
    "/api/v1/van-ban/di/{id}/phat-hanh/": {"post"},
    "/api/v1/van-ban/di/{id}/phien-ban/": {"post"},
    "/api/v1/van-ban/di/{id}/gop-y/": {"post"},
    "/api/v1/van-ban/di/{id}/phu-luc/": {"post"},
    "/api/v1/van-ban/di/{id}/dinh-chinh/": {"post"},
    "/api/v1/van-ban/di/{id}/thu-hoi/": {"post"},
    "/api/v1/van-ban/nhiem-vu/": {"get", "post"},
    "/api/v1/van-ban/nhiem-vu/{id}/": {"get"},
    "/api/v1/van-ban/nhiem-vu/{id}/tien-do/": {"post"},
    "/api/v1/van-ban/nhiem-vu/{id}/giao-tiep/": {"post"},
    "/api/v1/van-ban/nhiem-vu/{id}/hoan-thanh/": {"post"},
    "/api/v1/van-ban/thong-bao/": {"get"},
    "/api/v1/van-ban/thong-bao/da-doc/": {"post"},
}


def test_every_documents_endpoint_is_in_the_schema_with_the_new_fields(tmp_path):
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--validate", "--file", str(target), stdout=io.StringIO(), stderr=io.StringIO()
    )
    schema = yaml.safe_load(target.read_text())
    for path, methods in ENDPOINTS.items():
        assert methods <= set(schema["paths"].get(path, {})), path
    components = schema["components"]["schemas"]
    for name in ("sign_on_behalf", "sign_authority", "sign_for_title"):
        assert name in components["Draft"]["properties"]
        assert name in components["OutgoingDetail"]["properties"]
    assert "version" in components["Sign"]["properties"]


def test_an_approval_of_an_older_version_is_a_400_with_its_reason(office, login):
    document = services.create_draft(
        office.specialist,
        agency=office.agency,
        department=office.vx,
        data={"doc_type": "CV", "subject": "Về việc tập huấn", "body": "Kính gửi"},
    )
    document = services.update_draft(office.specialist, document, data={"body": "Kính gửi các phòng"})
    services.submit(office.specialist, document)
    services.review(office.head, document)
    api = login(office.leader, api=True)
    url = f"/api/v1/van-ban/di/{document.pk}/phe-duyet/"
    refused = api.post(url, {"version": 1}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "stale_version" and "xem lại bản sẽ ký" in refused.json()["detail"]
    document.refresh_from_db()
    assert document.status == OutgoingStatus.PENDING_APPROVAL
    assert api.post(url, {"version": 2}, format="json").status_code == 200
    document.refresh_from_db()
    assert document.status == OutgoingStatus.APPROVED
