"""The electronic receipt (biên lai điện tử) of a paid attempt, as a PDF in the one-stop slips' A5 layout.
Rendered on request from the stored payment, never while a lock is held."""

from django.utils import timezone

from egov.pdf.dates import official_date_line
from egov.pdf.render import render_pdf
from egov.text import vnd, vnd_in_words

from .models import Payment


def render(payment: Payment) -> bytes:
    dossier = payment.dossier
    agency = payment.agency
    paid_at = timezone.localtime(payment.pay_date or payment.settled_at)
    slip = {
        "code": dossier.code or "",
        "receipt": payment.receipt_code,
        "payer": dossier.applicant_name or payment.payer.get_full_name(),
        "address": dossier.applicant_address,
        "procedure": dossier.version.procedure.name,
        "lines": [{**line, "money": vnd(line["amount"])} for line in payment.fee_lines],
        "exemption": dossier.fee_exemption_reason,
        "total": vnd(payment.amount),
        "total_in_words": vnd_in_words(payment.amount),
        "paid_at": f"{paid_at:%H:%M ngày %d/%m/%Y}",
        "txn_ref": payment.txn_ref,
        "gateway_txn_no": payment.gateway_txn_no,
        "bank": payment.bank_code,
    }
    return render_pdf(
        "payments/receipt_pdf.html",
        {
            "title": f"Biên lai {payment.receipt_code}",
            "slip": slip,
            "agency_name": agency.name,
            "parent_agency_name": agency.parent.name if agency.parent_id else "",
            "date_line": official_date_line(agency.place_name or agency.name, paid_at.date()),
        },
    )
