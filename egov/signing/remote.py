"""Remote (client-side) signing with pyHanko's interrupted signing: the server prepares the PDF and the
CMS signed attributes, the holder's own device signs them, the server embeds the answer once it verifies."""

import datetime
import io

from asn1crypto import cms as asn1_cms
from django.db import transaction
from django.utils import timezone
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from egov.audit.services import record
from egov.errors import DomainError, NotPermitted

from . import aio, pki
from .backends import certificate_chain
from .certificates import check_usable, organisation_certificate, personal_certificate
from .engine import check_pdf, pdf_signer, prepared_writer
from .models import PendingSignature, SigningCertificate
from .placement import appendix_plan, person_plan, seal_plan
from .validation import validate_pdf
from .workflow import REMOTE_SIGNATURE_WORKFLOW, advance

REMOTE_SESSION_MINUTES = 15


def prepare_remote_signature(
    pdf_bytes: bytes,
    *,
    user,
    kind: str = PendingSignature.Kind.PERSON,
    certificate: SigningCertificate | None = None,
    agency=None,
    box=None,
    page: int = -1,
    notation: str = "",
    stamp_lines=None,
    reason: str = "",
    position: str = "",
) -> PendingSignature:
    """Prepare the PDF (placeholder and visible appearance) and the CMS signed attributes; the external
    signer signs `pending.signed_attrs` (DER) with its key (SHA-256) and sends the signature back to
    finish_remote_signature. Nothing is signed here."""
    check_pdf(pdf_bytes)
    if kind == PendingSignature.Kind.PERSON:
        cert = personal_certificate(user, certificate)
    else:
        agency = agency or getattr(certificate, "agency", None)
        cert = organisation_certificate(user, agency, certificate)
        if kind != PendingSignature.Kind.ORGANISATION and not notation.strip():
            raise DomainError("Cần số và ký hiệu của văn bản để ký phụ lục.")
    if kind == PendingSignature.Kind.PERSON:
        plan = person_plan(
            pdf_bytes, cert, user, box=box, page=page, reason=reason, position=position, location=""
        )
    elif kind == PendingSignature.Kind.ORGANISATION:
        plan = seal_plan(pdf_bytes, cert, agency, stamp_lines=stamp_lines, reason=reason)
    else:
        plan = appendix_plan(pdf_bytes, cert, agency, notation=notation.strip(), reason=reason)
    signing_cert, chain = certificate_chain(cert)
    registry = SimpleCertificateStore.from_certs([signing_cert, *chain])
    external = signers.ExternalSigner(signing_cert, registry, signature_value=bytes(512))

    async def prepare():
        prep, _tbs, out = await pdf_signer(plan, external).async_digest_doc_for_signing(
            prepared_writer(pdf_bytes, plan), appearance_text_params=plan.text_params
        )
        attrs = await external.signed_attrs(prep.document_digest, "sha256", use_pades=True)
        return prep, out, attrs

    try:
        prep_digest, output, signed_attrs = aio.run(prepare)
    except (PdfError, ValueError) as error:
        raise DomainError(f"Không chuẩn bị được văn bản để ký: {error}", code="prepare_failed") from error
    with transaction.atomic():
        pending = PendingSignature.objects.create(
            certificate=cert,
            created_by=user,
            kind=kind,
            prepared_pdf=output.getvalue(),
            document_digest=prep_digest.document_digest,
            reserved_start=prep_digest.reserved_region_start,
            reserved_end=prep_digest.reserved_region_end,
            signed_attrs=signed_attrs.dump(),
            expires_at=timezone.now() + datetime.timedelta(minutes=REMOTE_SESSION_MINUTES),
        )
        record(
            user,
            "signing.remote_prepare",
            cert,
            pending=str(pending.id),
            kind=kind,
            sha256_before=pki.sha256_hex(pdf_bytes),
        )
    return pending


def finish_remote_signature(
    pending: PendingSignature, *, user, signature: bytes | None = None, cms_der: bytes | None = None
) -> bytes:
    """Embed the external signer's answer: either the raw signature over `pending.signed_attrs`, or a
    complete CMS SignedData. The result must validate (intact, signed by the expected certificate) or
    nothing is kept."""
    if pending.created_by_id != user.pk:
        raise NotPermitted("Phiên ký này không phải của bạn.")
    if pending.status != PendingSignature.Status.PREPARED:
        raise DomainError("Phiên ký này đã hoàn tất.", code="already_completed")
    if timezone.now() > pending.expires_at:
        raise DomainError("Phiên ký đã hết hạn; hãy chuẩn bị lại.", code="expired_session")
    if bool(signature) == bool(cms_der):
        raise DomainError("Cần gửi chữ ký (signature) hoặc gói CMS (cms), không gửi cả hai.")
    cert = pending.certificate
    check_usable(cert)
    signing_cert, chain = certificate_chain(cert)
    try:
        if signature:
            external = signers.ExternalSigner(
                signing_cert,
                SimpleCertificateStore.from_certs([signing_cert, *chain]),
                signature_value=signature,
            )
            attrs = asn1_cms.CMSAttributes.load(bytes(pending.signed_attrs))
            sig_cms = aio.run(lambda: external.async_sign_prescribed_attributes("sha256", signed_attrs=attrs))
        else:
            sig_cms = asn1_cms.ContentInfo.load(bytes(cms_der))
            sig_cms.native  # noqa: B018 - parse fully now: a malformed CMS must fail here
        output = io.BytesIO(bytes(pending.prepared_pdf))
        prepared = PreparedByteRangeDigest(
            document_digest=bytes(pending.document_digest),
            reserved_region_start=pending.reserved_start,
            reserved_region_end=pending.reserved_end,
        )
        aio.run(lambda: PdfTBSDocument.async_finish_signing(output, prepared, sig_cms))
    except (ValueError, TypeError, PdfError) as error:
        raise DomainError("Chữ ký gửi về không hợp lệ hoặc quá lớn.", code="bad_signature") from error
    signed = output.getvalue()
    report = validate_pdf(signed, trust_roots=[])
    last = report.signatures[-1] if report.signatures else None
    if (
        last is None
        or not last.intact
        or not last.valid_signature
        or last.certificate_sha256 != cert.fingerprint
    ):
        raise DomainError(
            "Chữ ký gửi về không khớp với văn bản hoặc chứng thư số; chưa ký.", code="bad_signature"
        )
    with transaction.atomic():
        advance(REMOTE_SIGNATURE_WORKFLOW, pending, "complete", completed_at=timezone.now(), prepared_pdf=b"")
        record(
            user,
            f"signing.remote_finish_{pending.kind}",
            cert,
            pending=str(pending.id),
            sha256_after=pki.sha256_hex(signed),
            certificate=cert.fingerprint,
        )
    return signed
