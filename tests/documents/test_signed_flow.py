"""Decree 30/2020 with digital signatures: the leader signs at approval, the clerk applies the
organisation's signature at issue (with the number and date in its stamp), and the issued file is
registered so its printed QR code and the public page recognise it (regulations §1.9)."""

import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile

from documents import services
from documents.models import OutgoingDocument, OutgoingStatus, Recipient
from egov.errors import DomainError
from egov.signing import images
from egov.signing.demo_pki import DEMO_PIN, demo_root, issue_demo_certificate
from egov.signing.models import RegisteredDocument, SealImage, SignatureImage
from egov.signing.validation import validate_pdf
from tests.signing.conftest import _signing_dirs  # noqa: F401 (media and demo CA in a temporary folder)

from .factories import Office


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


def approved_draft(office, recipients, *, pin=DEMO_PIN, **data):
    values = {"doc_type": "CV", "subject": "V/v triển khai chuyển đổi số", "body": "Kính gửi các cơ quan."}
    document = services.create_draft(office.specialist, agency=office.agency, data={**values, **data})
    for agency in recipients:
        services.add_recipient(office.specialist, document, kind=Recipient.Kind.AGENCY, agency=agency)
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
    text = services.extract_pdf_text(document.signed_file.read())
    assert f"/chu-ky-so/xac-thuc/{document.verify_token}/" in text.replace("\n", "")
    assert "Số:" in text and "/UBND-VX" in text  # the number is a blank until the clerk numbers it
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
