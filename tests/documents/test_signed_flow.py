"""Decree 30/2020 with digital signatures: the leader signs at approval, the clerk applies the
organisation's signature at issue (with the number and date in its stamp), and the issued file is
registered so its printed QR code and the public page recognise it (regulations §1.9)."""

import io
import shutil
import subprocess

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from documents.models import OutgoingDocument, OutgoingStatus, Recipient
from documents.signing_hooks import stamp_lines
from documents.text import extract_pdf_text
from egov.audit.models import AuditEntry
from egov.errors import DomainError
from egov.signing import images
from egov.signing.demo_pki import DEMO_PIN, demo_root, issue_demo_certificate
from egov.signing.models import RegisteredDocument, SealImage, SignatureImage
from egov.signing.validation import validate_pdf
from tests.signing.conftest import _signing_dirs  # noqa: F401 (media and demo CA in a temporary folder)
from tests.signing.test_flow import _actual_text

from .factories import Office, pdf_upload


@pytest.fixture
def signing_office(db):
    office = Office()
    image = SignatureImage(user=office.leader)
    image.image.save("sig.png", ContentFile(images.signature_png(office.leader.full_name)), save=True)
    issue_demo_certificate(user=office.leader, position="Phó Chủ tịch")
    seal = SealImage(agency=office.agency)
    seal.image.save("seal.png", ContentFile(images.seal_png(office.agency.name, "Phú Thọ")), save=True)
    issue_demo_certificate(agency=office.agency)
    return office


def approved_draft(office, recipients, *, pin=DEMO_PIN, appendices=(), **data):
    values = {"doc_type": "CV", "subject": "V/v triển khai chuyển đổi số", "body": "Kính gửi các cơ quan."}
    document = services.create_draft(office.specialist, agency=office.agency, data={**values, **data})
    for agency in recipients:
        services.add_recipient(office.specialist, document, kind=Recipient.Kind.AGENCY, agency=agency)
    for title, upload in appendices:
        services.add_appendix(office.specialist, document, title, upload)
    services.submit(office.specialist, document)
    services.review(office.head, document)
    services.approve(office.leader, document, "Đồng ý", pin=pin)
    document.refresh_from_db()
    return document


def test_leader_signs_clerk_seals_and_recipients_get_the_doubly_signed_file(signing_office):
    office, other = signing_office, Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
    document = approved_draft(office, [other.agency])
    assert document.status == OutgoingStatus.APPROVED and document.signing_state == "leader_signed"
    leader_signed = document.signed_file.read()
    report = validate_pdf(leader_signed, trust_roots=[demo_root()[1]])
    assert [s.signer_name for s in report.signatures] == [office.leader.full_name]

    with pytest.raises(DomainError, match="mã PIN"):
        services.issue(office.clerk, document)  # leader signed: the seal is required
    with pytest.raises(DomainError):
        services.issue(office.clerk, document, pin="000000")  # wrong PIN: nothing numbered, nothing sent
    document.refresh_from_db()
    assert document.status == OutgoingStatus.APPROVED and not document.code
    assert (
        not other.agency.incoming_documents.exists() if hasattr(other.agency, "incoming_documents") else True
    )

    document = services.issue(office.clerk, document, pin=DEMO_PIN)
    assert document.code == "01/UBND-VX" and document.signing_state == "sealed"
    issued = document.signed_file.read()
    report = validate_pdf(issued, trust_roots=[demo_root()[1]])
    assert len(report.signatures) == 2 and report.all_ok, report.summary
    assert report.signatures[1].covers_entire_file
    registered = RegisteredDocument.objects.get(sha256=RegisteredDocument.hash_of(issued))
    assert registered.verify_token == document.verify_token and registered.notation == "01/UBND-VX"
    delivered = document.recipients.get().delivered
    assert delivered.file.read() == issued

    if shutil.which("pdfsig"):  # poppler's independent check (installed by .ci/run)
        path = document.signed_file.path
        out = subprocess.run(["pdfsig", path], capture_output=True, text=True, check=False).stdout
        assert out.count("Signature is Valid") == 2, out


def test_the_printed_qr_code_leads_to_the_verification_of_the_issued_file(signing_office, client):
    office, other = signing_office, Office(name="Sở Nội vụ tỉnh Phú Thọ", short="SNV")
    document = approved_draft(office, [other.agency])
    leader_signed = document.signed_file.read()
    text = extract_pdf_text(leader_signed)
    assert f"/chu-ky-so/xac-thuc/{document.verify_token}/" in text.replace("\n", "")
    from .test_issue_header import header

    assert "Số: /UBND-VX" in header(leader_signed)  # a blank until the clerk numbers it
    services.issue(office.clerk, document, pin=DEMO_PIN)
    page = client.get(f"/chu-ky-so/xac-thuc/{document.verify_token}/")
    assert page.status_code == 200
    assert "01/UBND-VX" in page.content.decode()


def test_approval_without_pin_stays_a_paper_workflow(signing_office):
    office = signing_office
    document = approved_draft(office, [Office(name="Sở Xây dựng", short="SXD").agency], pin=None)
    assert document.signing_state == "approved_unsigned"
    document = services.issue(office.clerk, document)
    assert document.signing_state == "issued_unsigned"
    assert validate_pdf(document.signed_file.read()).signatures == []


def test_a_wrong_leader_pin_approves_nothing(signing_office):
    office = signing_office
    with pytest.raises(DomainError):
        approved_draft(office, [Office(name="Sở Xây dựng", short="SXD").agency], pin="999999")
    document = OutgoingDocument.objects.get(agency=office.agency)
    assert document.status == OutgoingStatus.PENDING_APPROVAL and not document.signed_file


@pytest.mark.parametrize(
    "typed", ["V/v triển khai", "Về việc triển khai", "về việc triển khai", "triển khai"]
)
def test_cong_van_abstract_is_printed_once_after_vv(typed):
    assert OutgoingDocument(subject=typed).abstract_after_vv == "triển khai"


def _annotations(pdf: bytes, page: int = -1) -> dict:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {str(a.get_object()["/T"]): a.get_object() for a in reader.pages[page].get("/Annots", [])}


def test_pdf_appendix_in_a_separate_file_gets_the_organisation_signature_at_issue(signing_office):
    office, other = signing_office, Office(name="Sở Tài chính tỉnh Phú Thọ", short="STC")
    docx = SimpleUploadedFile(
        "bang.docx",
        _minimal_docx(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    document = approved_draft(
        office,
        [other.agency],
        appendices=[("Danh sách đơn vị", pdf_upload("Phụ lục: danh sách đơn vị")), ("Bảng số liệu", docx)],
    )
    before = {a.title: a.file.read() for a in document.appendices.all()}
    document = services.issue(office.clerk, document, pin=DEMO_PIN)
    pdf_appendix = document.appendices.get(title="Danh sách đơn vị")
    sealed = pdf_appendix.file.read()
    assert sealed.startswith(before["Danh sách đơn vị"])  # an incremental update of the uploaded file
    report = validate_pdf(sealed, trust_roots=[demo_root()[1]])
    assert [s.field_name for s in report.signatures] == ["ChuKyCoQuanPhuLuc"] and report.all_ok
    assert report.signatures[0].signer_name == office.agency.name
    annotation = _annotations(sealed, 0)["ChuKyCoQuanPhuLuc"]
    width = float(pypdf.PdfReader(io.BytesIO(sealed)).pages[0].mediabox.width)
    assert float(annotation["/Rect"][2]) > width * 0.8  # top right of page 1
    entry = AuditEntry.objects.get(action="signing.seal_appendix")
    assert entry.details["notation"] == document.code and entry.details["signed_at"].endswith("+07:00")
    assert RegisteredDocument.objects.filter(sha256=RegisteredDocument.hash_of(sealed)).exists()
    # a Word appendix cannot carry a PDF signature: it stays as uploaded, recorded as unsigned
    assert document.appendices.get(title="Bảng số liệu").file.read() == before["Bảng số liệu"]
    assert AuditEntry.objects.filter(action="documents.appendix_unsigned").count() == 1


def test_issued_stamp_carries_number_and_date_under_the_seal_clear_of_the_name(signing_office):
    from egov.signing.appearance import Rect, leader_image_rect, load_image

    office, other = signing_office, Office(name="Sở Y tế tỉnh Phú Thọ", short="SYT")
    document = services.issue(office.clerk, approved_draft(office, [other.agency]), pin=DEMO_PIN)
    lines = stamp_lines(document)
    day = document.issued_date
    assert lines[:2] == [f"Số: {document.code}", f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}"]
    issued = document.signed_file.read()
    annotations = _annotations(issued)
    seal = Rect(*(float(v) for v in annotations["ChuKyCoQuan"]["/Rect"]))
    leader_box = Rect(*(float(v) for v in annotations["ChuKyLanhDao"]["/Rect"]))
    image = leader_image_rect(leader_box, load_image(office.leader.signature_image.image.path).size)
    # the short lines fit the seal's width: the box is not widened towards the signer's name
    assert abs(seal.x2 - (image.x1 + image.width / 3)) <= 1.5 and 100 <= seal.width <= 103
    stream = annotations["ChuKyCoQuan"]["/AP"]["/N"].get_object().get_data()
    assert f"Số: {document.code}" in _actual_text(stream)


def _minimal_docx() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
