"""Where the digital signatures of Decree 30/2020 enter the outgoing flow (regulations §1.9).

At approval the leader may sign with their PIN: the document's PDF (the uploaded one, or the page
rendered with blanks for the number and date, and the verification QR code) gets the leader's signature
in the box the print template marks. At issue the clerk then applies the organisation's signature with
the agency's PIN; its stamp carries the number, notation and date, which Decree 30 assigns after the
leader signs; each PDF appendix in a separate file gets the organisation's signature at the top right of
its first page. The sealed files are registered so the QR code and the public page recognise them.
A document approved without a signature is issued as before, recorded as unsigned (paper workflow)."""

from django.core.files.base import ContentFile

from egov.audit.services import record
from egov.errors import DomainError
from egov.pdf.anchors import anchor_box
from egov.signing import services as signing

LEADER_SIGNED = "leader_signed"
SEALED = "sealed"
# the box the print template (documents/pdf/outgoing.html) leaves between the position and the name
SIGNATURE_BOX = {"anchor": "signature-box", "width_mm": 70, "height_mm": 32}


def on_approve(document, actor, pdf: bytes | None, pin: str | None) -> None:
    """Inside the approval transaction. `pdf` is what the leader approves; with a PIN they sign it."""
    if not pin:
        document.signing_state = "approved_unsigned"
        document.save(update_fields=["signing_state", "updated_at"])
        record(actor, "documents.approved_unsigned", document)
        return
    if pdf is None:
        raise DomainError("Chỉ ký số được trên tệp PDF; dự thảo này là tệp Word. Hãy tải lên bản PDF.")
    located = anchor_box(pdf, **SIGNATURE_BOX)
    page, box = located if located else (-1, None)
    signed = signing.sign_as_person(
        pdf,
        user=actor,
        pin=pin,
        box=box,
        page=page,
        position=document.signer_position,
        reason="Phê duyệt, ký ban hành văn bản",
        location=document.agency.place_name,
    )
    document.signed_file.save(f"du-thao-{document.pk}-da-ky.pdf", ContentFile(signed), save=False)
    document.signing_state = LEADER_SIGNED
    document.save(update_fields=["signed_file", "signing_state", "updated_at"])


def on_issue(document, actor, pdf: bytes, pin: str | None) -> bytes:
    """Inside the issue transaction, after numbering: the bytes to deliver."""
    if document.signing_state != LEADER_SIGNED:
        document.signing_state = "issued_unsigned"
        record(actor, "documents.issued_unsigned", document)
        return pdf
    if not pin:
        raise DomainError(
            "Văn bản đã được lãnh đạo ký số: nhập mã PIN chữ ký số của cơ quan để đóng dấu và phát hành."
        )
    sealed = signing.seal_as_organisation(
        pdf,
        agency=document.agency,
        clerk_user=actor,
        pin=pin,
        stamp_lines=stamp_lines(document),
        reason=f"Phát hành văn bản số {document.code}",
    )
    signing.register_issued_pdf(
        sealed,
        title=document.subject,
        notation=document.code,
        agency=document.agency,
        issued_at=document.issued_at,
        verify_token=document.verify_token or None,
    )
    _seal_appendices(document, actor, pin)
    document.signing_state = SEALED
    return sealed


def stamp_lines(document) -> list[str]:
    """The number, notation and date the clerk stamps with the organisation's signature, short enough to
    sit under the seal without reaching the signer's printed name."""
    day = document.issued_date
    return [
        f"Số: {document.code}",
        f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}",
        "Ký số lúc %(time)s (GMT+7)",
    ]


def _seal_appendices(document, actor, pin: str) -> None:
    """Appendices in separate files each get the organisation's signature (top right of page 1, the
    number/notation and the ISO 8601 signing time); a .docx appendix cannot carry a PDF signature and is
    recorded as sent unsigned."""
    slug = document.code.replace("/", "-")
    for appendix in document.appendices.order_by("pk"):
        if not appendix.file or not appendix.file.name.lower().endswith(".pdf"):
            record(actor, "documents.appendix_unsigned", document, appendix=appendix.pk)
            continue
        with appendix.file.open("rb") as handle:
            original = handle.read()
        sealed = signing.seal_appendix(
            original,
            agency=document.agency,
            notation=document.code,
            clerk_user=actor,
            pin=pin,
            reason=f"Phụ lục văn bản số {document.code}: {appendix.title}"[:200],
        )
        appendix.file.save(f"{slug}-phu-luc-{appendix.pk}.pdf", ContentFile(sealed), save=True)
        signing.register_issued_pdf(
            sealed,
            title=f"{appendix.title} (phụ lục văn bản số {document.code})",
            notation=document.code,
            agency=document.agency,
            issued_at=document.issued_at,
        )


def verification_link(document) -> str:
    """The link printed as a QR code on the document, chosen before anything is signed."""
    if not document.verify_token:
        document.verify_token = signing.new_verify_token()
        document.save(update_fields=["verify_token", "updated_at"])
    return signing.verification_url(document.verify_token)
