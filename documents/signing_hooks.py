"""Where the digital signatures of Decree 30/2020 enter the outgoing flow (regulations §1.9).

At approval the leader may sign with their PIN: the document's PDF (the uploaded one, or the page
rendered with the verification QR code) gets the leader's signature in the box the print template marks.
On a rendered page the template also marks where the number line and the place-and-date line go: the
leader's signature adds there read-only text fields showing the blanks ("Số:      /UBND-VX") and
certifies the document permitting form filling only. At issue the clerk's update fills those fields with
the number and date Decree 30 assigns after the signature, and the organisation's signature (whose stamp
repeats them under the seal) covers that update and locks the fields; the signed page is never
re-rendered, so the leader's signature stays valid. Each PDF appendix in a separate file gets the
organisation's signature at the top right of its first page. The sealed files are registered so the
QR code and the public page recognise them. A document approved without a signature is issued as
before, recorded as unsigned (paper workflow)."""

from django.core.files.base import ContentFile

from egov.audit.services import record
from egov.errors import DomainError
from egov.pdf.anchors import anchor_box
from egov.signing import services as signing
from egov.signing.backends import backend_for
from egov.signing.certificates import organisation_certificate
from egov.signing.formfields import TextField

from .models import SigningState
from .notation import header_blanks, notation_for
from .workflow import SIGNING

LEADER_SIGNED = SigningState.LEADER_SIGNED
SEALED = SigningState.SEALED
# the box the print template (documents/pdf/outgoing.html) leaves between the position and the name
SIGNATURE_BOX = {"anchor": "signature-box", "width_mm": 70, "height_mm": 32}
# the boxes templates/pdf/base_print.html leaves for the number line and the place-and-date line
NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "DiaDanhNgayThang"
NUMBER_BOX = {"anchor": "number-field", "width_mm": 60, "height_mm": 6}
DATE_BOX = {"anchor": "date-field", "width_mm": 95, "height_mm": 6}


def header_fields(document, pdf: bytes) -> list[TextField]:
    """The number and date text fields for a page rendered for signature; none for an uploaded PDF."""
    number_blank, date_blank = (line.replace("\u00a0", " ") for line in header_blanks(document))
    fields = []
    for name, box, blank, italic in (
        (NUMBER_FIELD, NUMBER_BOX, number_blank, False),
        (DATE_FIELD, DATE_BOX, date_blank, True),
    ):
        located = anchor_box(pdf, **box)
        if located is not None:
            fields.append(TextField(name, page=located[0], box=located[1], blank=blank, italic=italic))
    return fields


def header_values(document) -> dict[str, str]:
    """What the clerk fills in at issue: "Số: 05/UBND-VX" and "Phú Thọ, ngày 05 tháng 01 năm 2026"."""
    return {NUMBER_FIELD: f"Số: {document.code}", DATE_FIELD: document.place_date_line}


def sign_for_approval(document, actor, pdf: bytes | None, pin: str | None) -> bytes | None:
    """The leader's signature on what they approve (slow: run it before any lock is taken); None when
    they approve without a PIN (paper workflow)."""
    if not pin:
        return None
    if pdf is None:
        raise DomainError("Chỉ ký số được trên tệp PDF; dự thảo này là tệp Word. Hãy tải lên bản PDF.")
    located = anchor_box(pdf, **SIGNATURE_BOX)
    page, box = located if located else (-1, None)
    return signing.sign_as_person(
        pdf,
        user=actor,
        pin=pin,
        box=box,
        page=page,
        position=document.signer_position,
        reason="Phê duyệt, ký ban hành văn bản",
        location=document.agency.place_name,
        text_fields=header_fields(document, pdf),
        organisation=document.agency,
        organisation_lines=stamp_lines(document, number="0000"),
    )


def on_approve(document, actor, signed: bytes | None) -> None:
    """Inside the approval transaction: keep the signed page, or record an approval without signature."""
    if signed is None:
        document.signing_state = SIGNING.target(document.signing_state, "approve_unsigned")
        document.save(update_fields=["signing_state", "updated_at"])
        record(actor, "documents.approved_unsigned", document)
        return
    document.signed_file.save(f"du-thao-{document.pk}-da-ky.pdf", ContentFile(signed), save=False)
    document.signing_state = SIGNING.target(document.signing_state, "leader_sign")
    document.save(update_fields=["signed_file", "signing_state", "updated_at"])


def check_issue_pin(document, actor, pin: str | None) -> None:
    """Before a number is taken: a document the leader signed needs the organisation's PIN, and a
    wrong one is refused here, so a failed seal does not leave a number behind."""
    if document.signing_state != LEADER_SIGNED:
        return
    if not pin:
        raise DomainError(
            "Văn bản đã được lãnh đạo ký số: nhập mã PIN chữ ký số của cơ quan để đóng dấu và phát hành."
        )
    backend_for(organisation_certificate(actor, document.agency), pin=pin)  # a wrong PIN stops here


def on_issue(document, actor, pdf: bytes, pin: str | None) -> bytes:
    """After numbering, outside any lock (sealing is slow; check_issue_pin ran first): the bytes to
    deliver."""
    if document.signing_state != LEADER_SIGNED:
        document.signing_state = SIGNING.target(document.signing_state, "issue_unsigned")
        record(actor, "documents.issued_unsigned", document)
        return pdf
    sealed = signing.seal_as_organisation(
        pdf,
        agency=document.agency,
        clerk_user=actor,
        pin=pin,
        stamp_lines=stamp_lines(document),
        reason=f"Phát hành văn bản số {document.code}",
        field_values=header_values(document),
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
    document.signing_state = SIGNING.target(document.signing_state, "seal")
    return sealed


def stamp_lines(document, *, number: str = "") -> list[str]:
    """The number, notation and date the clerk stamps with the organisation's signature, short enough to
    sit under the seal without reaching the signer's printed name. Before numbering, `number` stands in
    for the number (to size the seal's field when the leader signs)."""
    import datetime

    day = document.issued_date or datetime.date(2000, 12, 28)
    code = document.code or f"{number}/{document.notation or _notation(document)}"
    return [
        f"Số: {code}",
        f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}",
        "Ký số lúc %(time)s (GMT+7)",
    ]


def _notation(document) -> str:
    return notation_for(document, document.year or 2000)


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
