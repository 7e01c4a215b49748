"""The outgoing document as printed (Decree 30 Phụ lục I layout), rendered to PDF."""

from .. import signing_hooks
from ..models import OutgoingDocument
from ..notation import header_blanks, signer_block


def render_issued_pdf(document: OutgoingDocument, *, for_signature: bool = False) -> bytes:
    """The document as printed. Before numbering (what the leader signs) the number and the day are
    blanks, as on paper: Decree 30 assigns them after the signature. `for_signature`: the two lines are
    left as marked boxes where the leader's signing adds text fields showing the blanks, which the clerk
    fills at issue without touching the signed page (signing_hooks)."""
    from egov.pdf.qr import qr_svg
    from egov.pdf.render import render_pdf

    if document.code:
        number_line, date_line = f"Số: {document.code}", document.place_date_line
    else:
        number_line, date_line = header_blanks(document)
    as_fields = for_signature and not document.code
    verify_url = signing_hooks.verification_link(document)
    paragraphs = [line for line in document.body.splitlines() if line.strip()]
    *titles, signer_name = signer_block(document)
    return render_pdf(
        "documents/pdf/outgoing.html",
        {
            "document": document,
            "agency_name": document.agency.name,
            "parent_agency_name": document.agency.parent.name if document.agency.parent_id else "",
            "number_line": number_line,
            "date_line": date_line,
            "number_field": as_fields,
            "date_field": as_fields,
            "recipients": list(document.recipients.all()),
            # the last paragraph is printed with the signer block, so the block never stands alone
            "paragraphs": paragraphs[:-1],
            "last_paragraph": paragraphs[-1] if paragraphs else "",
            "signer_titles": titles,
            "signer_name": signer_name,
            "verify_url": verify_url,
            "verify_qr": qr_svg(verify_url, scale=2),
        },
    )


def approval_pdf(document: OutgoingDocument) -> bytes | None:
    """What the leader signs: the uploaded PDF, or the page rendered from the text; None for a .docx."""
    if document.file:
        if not document.file.name.lower().endswith(".pdf"):
            return None
        with document.file.open("rb") as handle:
            return handle.read()
    return render_issued_pdf(document, for_signature=True)
