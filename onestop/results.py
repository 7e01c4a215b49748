"""The result document of a dossier as the competent agency signs it (regulations §2): a PDF produced from
the dossier's record (templates/pdf/onestop/result.html) or an uploaded PDF with the verification QR code
and link laid over its last page. Either way the QR points to the public verification page for a token
chosen before anything is signed; the sealed file is registered under it (onestop.services.seal_result).
Nothing here writes to the database."""

import io

import pypdf
from django.utils import timezone

from egov.pdf.qr import qr_svg
from egov.pdf.render import render_pdf
from egov.signing.registry import verification_url

from .models import Dossier

# the box result.html leaves for the leader's signature (read back with egov.pdf.anchors.anchor_box)
SIGNATURE_BOX = {"anchor": "signature-box", "width_mm": 70, "height_mm": 32}


def _verification(token: str) -> dict:
    url = verification_url(token)
    return {"verify_url": url, "verify_qr": qr_svg(url, scale=2)}


def rendered(dossier: Dossier, result_name: str, token: str) -> bytes:
    """The result produced from the record: agency header, title, result name, applicant, procedure,
    dossier code, the signer block and the verification QR code."""
    agency = dossier.competent_agency
    accepted = dossier.accepted_at or dossier.submitted_at
    return render_pdf(
        "pdf/onestop/result.html",
        {
            "dossier": dossier,
            "result_name": result_name,
            "procedure_name": dossier.version.procedure.name,
            "agency_name": agency.name,
            "parent_agency_name": agency.parent.name if agency.parent_id else "",
            "accepted_on": f"{timezone.localtime(accepted):%d/%m/%Y}",
            "signer_title": f"TM. {agency.name}",
            "signer_name": "",
            **_verification(token),
        },
    )


def stamped(pdf_bytes: bytes, token: str) -> bytes:
    """An uploaded result with the verification QR code and link laid over the bottom left of its last
    page (a page of that size rendered with only the stamp, merged onto it)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    last = reader.pages[-1]
    width, height = float(last.mediabox.width), float(last.mediabox.height)
    overlay = pypdf.PdfReader(
        io.BytesIO(
            render_pdf(
                "pdf/onestop/result_stamp.html",
                {"width": round(width, 2), "height": round(height, 2), **_verification(token)},
            )
        )
    ).pages[0]
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pages[-1].merge_page(overlay)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
