"""Recipients in the portal receive the appendices with the document, as issued: a PDF appendix with the
sender's organisation signature, a .docx unchanged; the incoming page links them; a recall destroys them
with the copy (Decree 30/2020 Điều 18.4, Phụ lục VI III.8; regulations §1.7, §1.9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents import services
from documents.models import IncomingAppendix, IncomingStatus
from egov.signing.demo_pki import DEMO_PIN, demo_root
from egov.signing.validation import validate_pdf
from tests.signing.conftest import _signing_dirs  # noqa: F401 (media and demo CA in a temporary folder)

from .factories import Office, pdf_upload
from .test_signed_flow import _minimal_docx, approved_draft, signing_office  # noqa: F401 (fixture)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _login(user, totp_device) -> Client:
    client = Client()
    client.force_login(user)
    if user.requires_two_factor:
        code = totp_device(user)
        assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
    return client


@pytest.fixture
def delivered(db, request):
    office = request.getfixturevalue("signing_office")
    other = Office(name="Sở Tài chính tỉnh Phú Thọ", short="STC")
    docx = SimpleUploadedFile("bang-so-lieu.docx", _minimal_docx(), content_type=DOCX)
    document = approved_draft(
        office,
        [other.agency],
        appendices=[("Danh sách đơn vị", pdf_upload("Phụ lục: danh sách đơn vị")), ("Bảng số liệu", docx)],
    )
    document = services.issue(office.clerk, document, pin=DEMO_PIN)
    incoming = document.recipients.get().delivered
    return office, other, document, incoming


def test_recipients_receive_the_issued_appendices(delivered):
    _office, _other, document, incoming = delivered
    received = {a.title: a for a in incoming.appendices.all()}
    assert set(received) == {"Danh sách đơn vị", "Bảng số liệu"}
    sent = {a.title: a for a in document.appendices.all()}
    signed_pdf = received["Danh sách đơn vị"].file.read()
    assert signed_pdf == sent["Danh sách đơn vị"].file.read()  # the sealed file, not the upload
    report = validate_pdf(signed_pdf, trust_roots=[demo_root()[1]])
    assert report.all_ok and [s.field_name for s in report.signatures] == ["ChuKyCoQuanPhuLuc"]
    word = received["Bảng số liệu"].file.read()
    assert word.startswith(b"PK") and word == sent["Bảng số liệu"].file.read()  # as issued, unsigned
    assert received["Bảng số liệu"].source == sent["Bảng số liệu"]


def test_the_incoming_page_links_the_appendices_for_its_readers_only(delivered, totp_device):
    office, other, _document, incoming = delivered
    client = _login(other.clerk, totp_device)
    page = client.get(reverse("documents:incoming-detail", args=[incoming.pk])).content.decode()
    for appendix in incoming.appendices.all():
        url = reverse("documents:incoming-appendix-file", args=[incoming.pk, appendix.pk])
        assert url in page and appendix.title in page
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body == appendix.file.read()
        if appendix.is_pdf:
            assert response["Content-Type"] == "application/pdf"
        else:
            assert response["Content-Disposition"].startswith("attachment")
    # the sender's clerk is not a reader of the recipient's incoming copy
    outsider = _login(office.clerk, totp_device)
    first = incoming.appendices.first()
    url = reverse("documents:incoming-appendix-file", args=[incoming.pk, first.pk])
    assert outsider.get(url).status_code == 404


def test_recall_destroys_the_delivered_appendices(delivered, totp_device):
    office, other, document, incoming = delivered
    files = [a.file.path for a in incoming.appendices.all()]
    pk = incoming.appendices.first().pk
    services.recall(office.leader, document, "Sai thể thức")
    incoming.refresh_from_db()
    assert incoming.status == IncomingStatus.RECALLED and not incoming.file
    assert not IncomingAppendix.objects.filter(document=incoming).exists()
    import os

    assert not any(os.path.exists(path) for path in files)
    client = _login(other.clerk, totp_device)
    assert client.get(reverse("documents:incoming-appendix-file", args=[incoming.pk, pk])).status_code == 404
