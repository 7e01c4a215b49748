"""A file that merely starts with %PDF- is not a PDF: every place that takes a PDF for signing or
verification parses it and refuses a broken one in Vietnamese (400 on the page and in the API)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.errors import DomainError
from egov.signing import services
from egov.signing.demo_pki import DEMO_PIN

from .test_remote_signing_scope import PREPARE, _log_in

BROKEN = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASON = "Tệp PDF bị hỏng hoặc không đọc được"


def _upload(data: bytes):
    return SimpleUploadedFile("van-ban.pdf", data, content_type="application/pdf")


@pytest.mark.django_db
def test_the_verification_page_refuses_a_broken_pdf(client):
    response = client.post("/chu-ky-so/xac-thuc/", {"file": _upload(BROKEN)})
    assert response.status_code == 400 and REASON in response.content.decode()


@pytest.mark.django_db
def test_the_verification_api_refuses_a_broken_pdf(client):
    response = client.post("/api/v1/chu-ky-so/xac-thuc/", {"file": _upload(BROKEN)})
    assert response.status_code == 400 and REASON in response.content.decode()


@pytest.mark.django_db
def test_the_remote_signing_api_refuses_a_broken_pdf(client, leader, leader_cert):
    _log_in(client, leader)
    response = client.post(PREPARE, {"file": _upload(BROKEN), "kind": "person"})
    assert response.status_code == 400 and REASON in response.content.decode()


@pytest.mark.django_db
def test_signing_refuses_a_broken_pdf_and_writes_nothing(leader, leader_cert):
    from egov.audit.models import AuditEntry

    before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as refused:
        services.sign_as_person(BROKEN, user=leader, pin=DEMO_PIN)
    assert REASON in str(refused.value) and refused.value.code == "broken_pdf"
    assert AuditEntry.objects.count() == before
