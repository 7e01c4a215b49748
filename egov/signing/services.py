"""Signing services (Decree 30/2020: the competent person's signature, then the organisation's).

Independent of the documents app: bytes in, bytes out. Each call checks the certificate (not revoked, not
expired), signs with pyHanko (PAdES baseline B-B), and writes an audit entry in the same transaction. A
refusal (wrong PIN, expired or revoked certificate, missing leader signature, a file that is not a readable
PDF) raises DomainError with a Vietnamese message and writes nothing.

Public API (the parts live in engine, placement, remote, certificates and registry):
    sign_as_person(pdf, user=, pin=, box=, page=, reason=, ...) -> bytes
    seal_as_organisation(pdf, agency=, clerk_user=, pin=, stamp_lines=, ...) -> bytes
    seal_appendix(pdf, agency=, clerk_user=, pin=, notation=, ...) -> bytes
    prepare_remote_signature(...) -> PendingSignature ; finish_remote_signature(pending, ...) -> bytes
    register_issued_pdf(pdf, title=, notation=, agency=) -> RegisteredDocument ; verification_url(reg)
    import_pkcs12(...), revoke_certificate(...); the expiry warnings are sent by tasks.py
"""

from django.db import transaction

from egov.audit.services import record
from egov.errors import DomainError

from . import formfields, pki
from .backends import backend_for
from .certificates import import_pkcs12, organisation_certificate, personal_certificate, revoke_certificate
from .engine import Plan, check_pdf, execute, iso_vn
from .models import SigningCertificate
from .placement import appendix_plan, person_plan, seal_plan
from .registry import new_verify_token, register_issued_pdf, verification_url
from .remote import finish_remote_signature, prepare_remote_signature

__all__ = [
    "finish_remote_signature",
    "import_pkcs12",
    "iso_vn",
    "new_verify_token",
    "prepare_remote_signature",
    "register_issued_pdf",
    "revoke_certificate",
    "seal_appendix",
    "seal_as_organisation",
    "sign_as_person",
    "verification_url",
]


def _audit(actor, action, cert, before: bytes, after: bytes, plan: Plan, **extra):
    record(
        actor,
        action,
        cert,
        field=plan.field_name,
        signed_at=iso_vn(plan.signed_at),
        sha256_before=pki.sha256_hex(before),
        sha256_after=pki.sha256_hex(after),
        certificate=cert.fingerprint,
        **extra,
    )


# --- public signing functions ---------------------------------------------------------------------------
def sign_as_person(
    pdf_bytes: bytes,
    *,
    user,
    pin: str,
    certificate: SigningCertificate | None = None,
    box: tuple[float, float, float, float] | None = None,
    page: int = -1,
    reason: str = "",
    position: str = "",
    location: str = "",
    text_fields: list[formfields.TextField] = (),
    organisation=None,
    organisation_lines: list[str] = (),
) -> bytes:
    """The competent person's signature: their blue signature image centred in `box` (x1, y1, x2, y2 in
    PDF points on `page`, -1 = last page), with name, position and signing time under it.

    `text_fields`: blanks that are filled after this signature (the number and date Decree 30 assigns at
    issue), created read-only with their printed blank in the same update. With `organisation` (the
    issuing agency) the same update also creates the empty field its seal will fill (placed as
    seal_as_organisation would, for `organisation_lines`), and the signature then certifies the document
    permitting only form filling and signing (DocMDP P=2, FILL_FORMS)."""
    check_pdf(pdf_bytes)
    cert = personal_certificate(user, certificate)
    backend = backend_for(cert, pin=pin)  # a wrong PIN stops here
    plan = person_plan(
        pdf_bytes,
        cert,
        user,
        box=box,
        page=page,
        reason=reason,
        position=position,
        location=location,
        text_fields=text_fields,
        organisation=organisation,
        organisation_lines=organisation_lines,
    )
    with transaction.atomic():
        signed = execute(pdf_bytes, plan, backend)
        _audit(user, "signing.sign_person", cert, pdf_bytes, signed, plan)
    return signed


def seal_as_organisation(
    pdf_bytes: bytes,
    *,
    agency,
    clerk_user,
    pin: str,
    certificate: SigningCertificate | None = None,
    stamp_lines: list[str] | None = None,
    reason: str = "",
    field_values: dict[str, str] | None = None,
) -> bytes:
    """The organisation's signature, applied by the clerk on a document the competent person has signed:
    the red seal at real size overlapping the left third of the leader's signature image. `stamp_lines`
    (optional) are printed small under the seal; they may use %(when)s ("05/03/2026 14:30:00 (GMT+7)"),
    %(iso)s ("2026-03-05T14:30:00+07:00") and %(time)s ("14:30:00") for the signing time. Keep them within
    the seal's width (about 25 characters): a wider line is printed smaller to fit under the seal.

    `field_values` ({field name: text}) fills the blanks the leader's signature left for form filling
    (formfields.TextField), in the update this signature covers; the signature then locks every field."""
    check_pdf(pdf_bytes)
    cert = organisation_certificate(clerk_user, agency, certificate)
    backend = backend_for(cert, pin=pin)
    plan = seal_plan(
        pdf_bytes, cert, agency, stamp_lines=stamp_lines, reason=reason, field_values=field_values
    )
    with transaction.atomic():
        signed = execute(pdf_bytes, plan, backend)
        _audit(
            clerk_user, "signing.seal_organisation", cert, pdf_bytes, signed, plan, filled=field_values or {}
        )
    return signed


def seal_appendix(
    pdf_bytes: bytes,
    *,
    agency,
    notation: str,
    clerk_user,
    pin: str,
    certificate: SigningCertificate | None = None,
    reason: str = "",
) -> bytes:
    """The organisation's signature on an appendix in a separate file: top right of page 1, no image,
    "<number/notation> <ISO 8601 time, +07:00>" in Times-metric 10 pt black."""
    check_pdf(pdf_bytes)
    cert = organisation_certificate(clerk_user, agency, certificate)
    if not notation.strip():
        raise DomainError("Cần số và ký hiệu của văn bản để ký phụ lục.")
    backend = backend_for(cert, pin=pin)
    plan = appendix_plan(pdf_bytes, cert, agency, notation=notation.strip(), reason=reason)
    with transaction.atomic():
        signed = execute(pdf_bytes, plan, backend)
        _audit(clerk_user, "signing.seal_appendix", cert, pdf_bytes, signed, plan, notation=notation)
    return signed
