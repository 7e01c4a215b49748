"""Signing services (Decree 30/2020: the competent person's signature, then the organisation's).

Independent of the documents app: bytes in, bytes out. Each call checks the certificate (not revoked, not
expired), signs with pyHanko (PAdES baseline B-B), and writes an audit entry in the same transaction. A
refusal (wrong PIN, expired or revoked certificate, missing leader signature) raises DomainError with a
Vietnamese message and writes nothing.

Public API:
    sign_as_person(pdf, user=, pin=, box=, page=, reason=, ...) -> bytes
    seal_as_organisation(pdf, agency=, clerk_user=, pin=, stamp_lines=, ...) -> bytes
    seal_appendix(pdf, agency=, clerk_user=, pin=, notation=, ...) -> bytes
    prepare_remote_signature(...) -> PendingSignature ; finish_remote_signature(pending, ...) -> bytes
    register_issued_pdf(pdf, title=, notation=, agency=) -> RegisteredDocument ; verification_url(reg)
    import_pkcs12(...), revoke_certificate(...), warn_expiring_certificates()
"""

import datetime
import io
import math
import unicodedata
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms as asn1_cms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields as sig_fields
from pyhanko.sign import signers
from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from egov.accounts.roles import Role
from egov.audit.services import record
from egov.errors import DomainError, NotPermitted

from . import aio, appearance, formfields, pki
from .backends import backend_for, certificate_chain
from .models import (
    PendingSignature,
    RegisteredDocument,
    SealImage,
    SignatureImage,
    SigningCertificate,
    _new_token,
)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LEADER_FIELD = "ChuKyLanhDao"
ORGANISATION_FIELD = "ChuKyCoQuan"
APPENDIX_FIELD = "ChuKyCoQuanPhuLuc"
DEFAULT_LEADER_BOX = (330, 110, 530, 200)
REMOTE_SESSION_MINUTES = 15
MAX_PDF_BYTES = 20 * 1024 * 1024


class _VietnamTimeSigner(signers.PdfSigner):
    """PdfSigner whose signing time (the /M entry and the stamp) is the time we chose, in Vietnam's zone,
    whatever the process's TZ (stack-facts §3.9)."""

    def __init__(self, *args, system_time: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._system_time = system_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._system_time
        return session


@dataclass
class _Plan:
    field_name: str
    box: tuple | None
    page: int
    style: object
    text_params: dict
    reason: str = ""
    location: str = ""
    signed_at: datetime.datetime = field(default_factory=lambda: timezone.now().astimezone(VN))
    name: str | None = None
    # changes made in the same incremental update, before the signature (form fields to add or fill)
    prepare: Callable | None = None
    certify: bool = False  # a certification signature permitting only form filling and signatures
    lock_fields: bool = False  # a FieldMDP lock on every field: nothing may be filled after this one


def _now_vn() -> datetime.datetime:
    return timezone.now().astimezone(VN).replace(microsecond=0)


def _display_time(moment: datetime.datetime) -> str:
    return moment.astimezone(VN).strftime("%d/%m/%Y %H:%M:%S") + " (GMT+7)"


def iso_vn(moment: datetime.datetime) -> str:
    """ISO 8601 in Vietnam's time zone, e.g. 2026-03-05T14:30:00+07:00."""
    return moment.astimezone(VN).replace(microsecond=0).isoformat()


# --- checks ---------------------------------------------------------------------------------------------
def check_usable(cert: SigningCertificate, at: datetime.datetime | None = None) -> None:
    at = at or timezone.now()
    if cert.revoked:
        raise DomainError(
            f"Chứng thư số “{cert.subject_name}” đã bị thu hồi ({cert.revoked_reason}); không thể ký.",
            code="certificate_revoked",
        )
    if at >= cert.not_after:
        raise DomainError(
            f"Chứng thư số “{cert.subject_name}” đã hết hạn ngày "
            f"{timezone.localtime(cert.not_after):%d/%m/%Y}; không thể ký.",
            code="certificate_expired",
        )
    if at < cert.not_before:
        raise DomainError(
            f"Chứng thư số “{cert.subject_name}” chưa đến thời hạn hiệu lực.", code="certificate_early"
        )


def _pick(queryset, what: str) -> SigningCertificate:
    usable = queryset.usable().order_by("-not_after").first()
    if usable is not None:
        return usable
    latest = queryset.order_by("-not_after").first()
    if latest is None:
        raise DomainError(f"{what} chưa có chứng thư số.", code="no_certificate")
    check_usable(latest)  # raises the precise reason (revoked, expired)
    return latest


def person_certificate(user) -> SigningCertificate:
    return _pick(SigningCertificate.objects.filter(user=user), f"Người ký {user}")


def agency_certificate(agency) -> SigningCertificate:
    return _pick(SigningCertificate.objects.filter(agency=agency), f"Cơ quan {agency}")


def _check_pdf(pdf_bytes: bytes) -> None:
    if not isinstance(pdf_bytes, bytes | bytearray) or not bytes(pdf_bytes[:5]) == b"%PDF-":
        raise DomainError("Tệp không phải là PDF.", code="not_pdf")
    if len(pdf_bytes) > MAX_PDF_BYTES:
        raise DomainError("Tệp PDF quá lớn (tối đa 20 MB).", code="too_large")


def _writer(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise DomainError(
            "Không đọc được tệp PDF (tệp hỏng hoặc không đúng định dạng).", code="bad_pdf"
        ) from error


def _is_clerk(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_role(Role.CLERK)))


# --- the signing engine ---------------------------------------------------------------------------------
def _pdf_signer(plan: _Plan, signer) -> _VietnamTimeSigner:
    meta = signers.PdfSignatureMetadata(
        field_name=plan.field_name,
        subfilter=sig_fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=plan.reason or None,
        location=plan.location or None,
        name=plan.name,
        certify=plan.certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
    )
    spec = None
    if plan.box is not None:
        spec = sig_fields.SigFieldSpec(
            plan.field_name,
            box=plan.box,
            on_page=plan.page,
            field_mdp_spec=FieldMDPSpec(FieldMDPAction.ALL) if plan.lock_fields else None,
        )
    return _VietnamTimeSigner(
        meta, signer=signer, stamp_style=plan.style, new_field_spec=spec, system_time=plan.signed_at
    )


def _sig_field_names(pdf_bytes: bytes, *, filled: bool | None = None) -> set[str]:
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        return {name for name, _value, _ref in sig_fields.enumerate_sig_fields(reader, filled_status=filled)}
    except Exception:  # an unreadable file is reported by _writer
        return set()


def _unique_field_name(pdf_bytes: bytes, base: str) -> str:
    existing = _sig_field_names(pdf_bytes)
    if base not in existing:
        return base
    n = 2
    while f"{base}{n}" in existing:
        n += 1
    return f"{base}{n}"


def reserved_bytes(cert: SigningCertificate) -> int:
    """Room for the CMS container: the certificates it carries plus the signed attributes, the signature
    (at most 512 bytes, RSA-4096) and ASN.1 framing, with a generous margin. Giving pyHanko this number
    saves it a trial signature per signing (it otherwise signs once with a dummy key to measure)."""
    signing_cert, chain = certificate_chain(cert)
    certificates = len(signing_cert.dump()) + sum(len(c.dump()) for c in chain)
    return (certificates + 4096 + 1023) // 1024 * 1024


def _prepared_writer(pdf_bytes: bytes, plan: _Plan) -> IncrementalPdfFileWriter:
    writer = _writer(pdf_bytes)
    if plan.prepare is not None:
        try:
            plan.prepare(writer)
        except (PdfError, ValueError, KeyError, TypeError) as error:
            raise DomainError(f"Không ghi được trường thông tin vào văn bản: {error}") from error
    return writer


def _has_signatures(pdf_bytes: bytes) -> bool:
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        return bool(PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures)
    except Exception:  # an unreadable file is reported by _writer
        return False


def _execute(pdf_bytes: bytes, plan: _Plan, backend) -> bytes:
    # The stamp font has no shaping tables: give it precomposed (NFC) text.
    plan.text_params = {
        k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v for k, v in plan.text_params.items()
    }
    writer = _prepared_writer(pdf_bytes, plan)
    reserved = reserved_bytes(backend.record)
    with backend.open() as signer:
        try:
            out = aio.run(
                lambda: _pdf_signer(plan, signer).async_sign_pdf(
                    writer, bytes_reserved=reserved, appearance_text_params=plan.text_params
                )
            )
        except (PdfError, ValueError) as error:
            raise DomainError(f"Không ký được văn bản: {error}", code="sign_failed") from error
    return out.getvalue()


# --- plans (appearance and placement) -------------------------------------------------------------------
SAMPLE_TIME = {"when": "00/00/0000 00:00:00 (GMT+7)", "iso": "0000-00-00T00:00:00+07:00", "time": "00:00:00"}


def _seal_reservation(agency, image_path, box, page, stamp_lines) -> sig_fields.SigFieldSpec | None:
    """The empty field where the organisation's seal will go (seal_rect, as _seal_plan computes it),
    locking every form field once signed; None when the agency has no seal image yet."""
    seal = SealImage.objects.filter(agency=agency).first()
    if seal is None or not seal.image:
        return None
    size = appearance.load_image(image_path).size if image_path else None
    image_rect = appearance.leader_image_rect(appearance.Rect(*box), size)
    lines = [line % SAMPLE_TIME for line in stamp_lines]
    diameter = math.floor(float(seal.diameter_mm) * appearance.MM)
    rect = appearance.seal_rect(
        image_rect, diameter, appearance.seal_text_band(lines), appearance.seal_text_width(lines)
    )
    return sig_fields.SigFieldSpec(
        ORGANISATION_FIELD, box=rect.as_tuple(), on_page=page, field_mdp_spec=FieldMDPSpec(FieldMDPAction.ALL)
    )


def _person_plan(
    pdf_bytes,
    cert,
    user,
    *,
    box,
    page,
    reason,
    position,
    location,
    text_fields=(),
    organisation=None,
    organisation_lines=(),
) -> _Plan:
    image = SignatureImage.objects.filter(user=user).first()
    image_path = image.image.path if image and image.image else None
    position = position or cert.position
    when = _now_vn()
    box = tuple(round(v) for v in (box or DEFAULT_LEADER_BOX))
    reservation = None
    if organisation is not None and ORGANISATION_FIELD not in _sig_field_names(pdf_bytes):
        reservation = _seal_reservation(organisation, image_path, box, page, list(organisation_lines))

    def prepare(writer):
        formfields.add_text_fields(writer, list(text_fields))
        if reservation is not None:
            sig_fields.append_signature_field(writer, reservation)

    return _Plan(
        field_name=_unique_field_name(pdf_bytes, LEADER_FIELD),
        box=box,
        page=page,
        style=appearance.leader_style(image_path, appearance.Rect(*box)),
        text_params={
            "signer": user.get_full_name() or cert.subject_name,
            "position": position or "",
            "when": _display_time(when),
        },
        reason=reason or "Ký ban hành văn bản",
        location=location,
        signed_at=when,
        name=user.get_full_name() or None,
        prepare=prepare if (text_fields or reservation) else None,
        # Blanks to be filled at issue and the organisation's field ready: certify the document, permitting
        # only form filling and signing existing fields (a new visible field would break a certification).
        certify=bool(text_fields) and reservation is not None and not _has_signatures(pdf_bytes),
    )


def _leader_geometry(pdf_bytes: bytes) -> tuple[int, appearance.Rect, appearance.Rect]:
    """(page index, field rect, signature image rect) of the latest leader signature in the file."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf_bytes), strict=False)
        found = None
        for index, page in enumerate(reader.pages):
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                name = str(annot.get("/T", ""))
                parent = annot.get("/Parent")
                if not name and parent is not None:
                    name = str(parent.get_object().get("/T", ""))
                if name.startswith(LEADER_FIELD) and "/Rect" in annot:
                    found = (
                        index,
                        [float(v) for v in annot["/Rect"]],
                        annot.get("/V") or (parent.get_object().get("/V") if parent is not None else None),
                    )
    except Exception as error:
        raise DomainError("Không đọc được tệp PDF.", code="bad_pdf") from error
    if found is None:
        raise DomainError(
            "Văn bản chưa có chữ ký số của người có thẩm quyền; văn thư chỉ ký số của cơ quan "
            "sau khi người có thẩm quyền đã ký.",
            code="leader_signature_missing",
        )
    index, (x1, y1, x2, y2), value = found
    box = appearance.Rect(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    image_size = None
    if value is not None:
        try:
            contents = bytes(value.get_object()["/Contents"])
            signed = asn1_cms.ContentInfo.load(contents.rstrip(b"\x00"))["content"]
            from hashlib import sha256

            fingerprints = [sha256(c.chosen.dump()).hexdigest() for c in signed["certificates"]]
            cert = SigningCertificate.objects.filter(fingerprint__in=fingerprints, user__isnull=False).first()
            image = SignatureImage.objects.filter(user_id=cert.user_id).first() if cert else None
            if image and image.image:
                image_size = appearance.load_image(image.image.path).size
        except Exception:  # noqa: S110 - fall back to the whole image area
            pass
    return index, box, appearance.leader_image_rect(box, image_size)


def _seal_plan(pdf_bytes, cert, agency, *, stamp_lines, reason, field_values=None) -> _Plan:
    page_index, _box, image_rect = _leader_geometry(pdf_bytes)
    seal = SealImage.objects.filter(agency=agency).first()
    if seal is None or not seal.image:
        raise DomainError(f"Cơ quan {agency} chưa có ảnh con dấu.", code="no_seal_image")
    when = _now_vn()
    params = {"when": _display_time(when), "iso": iso_vn(when), "time": when.strftime("%H:%M:%S")}
    lines = [line % params for line in (stamp_lines or [])]
    diameter = math.floor(float(seal.diameter_mm) * appearance.MM)
    rect = appearance.seal_rect(
        image_rect, diameter, appearance.seal_text_band(lines), appearance.seal_text_width(lines)
    )
    # the leader's signing may have reserved the field (a certified document): sign that one
    reserved = ORGANISATION_FIELD in _sig_field_names(pdf_bytes, filled=False)
    return _Plan(
        field_name=ORGANISATION_FIELD if reserved else _unique_field_name(pdf_bytes, ORGANISATION_FIELD),
        box=None if reserved else rect.as_tuple(),
        page=page_index,
        style=appearance.seal_style(seal.image.path, lines, diameter),
        text_params={},
        reason=reason or "Ký số của cơ quan, tổ chức (phát hành)",
        location=getattr(agency, "place_name", "") or "",
        signed_at=when,
        name=agency.name,
        prepare=(lambda writer: formfields.fill_text_fields(writer, field_values)) if field_values else None,
        lock_fields=bool(field_values),
    )


def _appendix_plan(pdf_bytes, cert, agency, *, notation, reason) -> _Plan:
    import pypdf

    try:
        first = pypdf.PdfReader(io.BytesIO(pdf_bytes), strict=False).pages[0]
        width, height = float(first.mediabox.width), float(first.mediabox.height)
    except Exception as error:
        raise DomainError("Không đọc được tệp PDF.", code="bad_pdf") from error
    when = _now_vn()
    text = f"{notation} {iso_vn(when)}"
    rect = appearance.appendix_rect(width, height, appearance.text_width(text, appearance.APPENDIX_FONT_SIZE))
    return _Plan(
        field_name=_unique_field_name(pdf_bytes, APPENDIX_FIELD),
        box=rect.as_tuple(),
        page=0,
        style=appearance.appendix_style(),
        text_params={"notation": notation, "iso": iso_vn(when)},
        reason=reason or f"Ký số của cơ quan trên phụ lục văn bản {notation}",
        location=getattr(agency, "place_name", "") or "",
        signed_at=when,
        name=agency.name,
    )


def _audit(actor, action, cert, before: bytes, after: bytes, plan: _Plan, **extra):
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
    _check_pdf(pdf_bytes)
    cert = certificate or person_certificate(user)
    if cert.user_id != user.pk:
        raise NotPermitted("Chỉ người được cấp chứng thư số mới được dùng chứng thư đó để ký.")
    check_usable(cert)
    backend = backend_for(cert, pin=pin)  # a wrong PIN stops here
    plan = _person_plan(
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
        signed = _execute(pdf_bytes, plan, backend)
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
    the seal's width (about 25 characters): a wider line widens the box on both sides of the seal.

    `field_values` ({field name: text}) fills the blanks the leader's signature left for form filling
    (formfields.TextField), in the update this signature covers; the signature then locks every field."""
    _check_pdf(pdf_bytes)
    if not _is_clerk(clerk_user):
        raise NotPermitted("Chỉ văn thư được ký số của cơ quan, tổ chức.")
    cert = certificate or agency_certificate(agency)
    if cert.agency_id != agency.pk:
        raise NotPermitted("Chứng thư số này không phải của cơ quan ban hành.")
    check_usable(cert)
    backend = backend_for(cert, pin=pin)
    plan = _seal_plan(
        pdf_bytes, cert, agency, stamp_lines=stamp_lines, reason=reason, field_values=field_values
    )
    with transaction.atomic():
        signed = _execute(pdf_bytes, plan, backend)
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
    _check_pdf(pdf_bytes)
    if not _is_clerk(clerk_user):
        raise NotPermitted("Chỉ văn thư được ký số của cơ quan, tổ chức.")
    if not notation.strip():
        raise DomainError("Cần số và ký hiệu của văn bản để ký phụ lục.")
    cert = certificate or agency_certificate(agency)
    if cert.agency_id != agency.pk:
        raise NotPermitted("Chứng thư số này không phải của cơ quan ban hành.")
    check_usable(cert)
    backend = backend_for(cert, pin=pin)
    plan = _appendix_plan(pdf_bytes, cert, agency, notation=notation.strip(), reason=reason)
    with transaction.atomic():
        signed = _execute(pdf_bytes, plan, backend)
        _audit(clerk_user, "signing.seal_appendix", cert, pdf_bytes, signed, plan, notation=notation)
    return signed


# --- remote (client-side) signing: pyHanko interrupted signing ------------------------------------------
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
    _check_pdf(pdf_bytes)
    if kind == PendingSignature.Kind.PERSON:
        cert = certificate or person_certificate(user)
        if cert.user_id != user.pk:
            raise NotPermitted("Chỉ người được cấp chứng thư số mới được dùng chứng thư đó để ký.")
    else:
        if not _is_clerk(user):
            raise NotPermitted("Chỉ văn thư được ký số của cơ quan, tổ chức.")
        cert = certificate or agency_certificate(agency)
        agency = agency or cert.agency
        if cert.agency_id != getattr(agency, "pk", None):
            raise NotPermitted("Chứng thư số này không phải của cơ quan ban hành.")
        if kind != PendingSignature.Kind.ORGANISATION and not notation.strip():
            raise DomainError("Cần số và ký hiệu của văn bản để ký phụ lục.")
    check_usable(cert)
    if kind == PendingSignature.Kind.PERSON:
        plan = _person_plan(
            pdf_bytes, cert, user, box=box, page=page, reason=reason, position=position, location=""
        )
    elif kind == PendingSignature.Kind.ORGANISATION:
        plan = _seal_plan(pdf_bytes, cert, agency, stamp_lines=stamp_lines, reason=reason)
    else:
        plan = _appendix_plan(pdf_bytes, cert, agency, notation=notation.strip(), reason=reason)
    signing_cert, chain = certificate_chain(cert)
    registry = SimpleCertificateStore.from_certs([signing_cert, *chain])
    external = signers.ExternalSigner(signing_cert, registry, signature_value=bytes(512))

    async def prepare():
        pdf_signer = _pdf_signer(plan, external)
        prep, _tbs, out = await pdf_signer.async_digest_doc_for_signing(
            _prepared_writer(pdf_bytes, plan), appearance_text_params=plan.text_params
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
    from .validation import validate_pdf

    if pending.created_by_id != user.pk:
        raise NotPermitted("Phiên ký này không phải của bạn.")
    if pending.completed_at is not None:
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
        pending.completed_at = timezone.now()
        pending.prepared_pdf = b""
        pending.save(update_fields=["completed_at", "prepared_pdf"])
        record(
            user,
            f"signing.remote_finish_{pending.kind}",
            cert,
            pending=str(pending.id),
            sha256_after=pki.sha256_hex(signed),
            certificate=cert.fingerprint,
        )
    return signed


# --- registered documents (public verification) ---------------------------------------------------------
def register_issued_pdf(
    pdf_bytes: bytes,
    *,
    title: str,
    notation: str = "",
    agency=None,
    issued_at: datetime.datetime | None = None,
    verify_token: str | None = None,
) -> RegisteredDocument:
    """Record an issued PDF by its SHA-256 so the public page can recognise copies of it. Idempotent for
    the same bytes. The QR code printed on a document is drawn before it is signed, so the caller may
    choose the token then (new_verify_token) and pass it here once the final bytes exist."""
    digest = pki.sha256_hex(pdf_bytes)
    defaults = {
        "title": title[:500],
        "notation": notation[:100],
        "agency": agency,
        "issued_at": issued_at or timezone.now(),
    }
    if verify_token:
        defaults["verify_token"] = verify_token
    registered, created = RegisteredDocument.objects.get_or_create(sha256=digest, defaults=defaults)
    if created:
        record(None, "signing.register_document", registered, sha256=digest, notation=notation)
    return registered


def new_verify_token() -> str:
    return _new_token()


def verification_url(registered: RegisteredDocument | str, request=None) -> str:
    """The public verification link of a registered document (or of a token chosen for one)."""
    token = registered if isinstance(registered, str) else registered.verify_token
    path = reverse("signing:verify-token", args=[token])
    if request is not None:
        return request.build_absolute_uri(path)
    base = getattr(settings, "PUBLIC_BASE_URL", "") or getattr(settings, "SIGNING_PUBLIC_BASE_URL", "")
    return f"{base.rstrip('/')}{path}"


# --- certificate administration -------------------------------------------------------------------------
def import_pkcs12(
    data: bytes,
    password: str,
    *,
    pin: str,
    actor,
    user=None,
    agency=None,
    position: str = "",
    is_demo: bool = False,
) -> SigningCertificate:
    """Import a .p12/.pfx (key + certificate + chain) for a person or an agency; the key is re-encrypted
    under `pin` (PKCS#8, best available encryption)."""
    if bool(user) == bool(agency):
        raise DomainError("Chọn đúng một chủ thể: một người hoặc một cơ quan.")
    if not pin or len(pin) < 6:
        raise DomainError("Mã PIN phải có ít nhất 6 ký tự.")
    content = pki.read_pkcs12(data, password)
    return _store_certificate(
        content.certificate,
        content.chain,
        content.key,
        pin=pin,
        actor=actor,
        user=user,
        agency=agency,
        position=position,
        is_demo=is_demo,
    )


def _store_certificate(
    cert,
    chain,
    key,
    *,
    pin,
    actor,
    user=None,
    agency=None,
    position="",
    is_demo=False,
    backend=SigningCertificate.Backend.SOFTWARE,
    **extra,
) -> SigningCertificate:
    info = pki.facts(cert)
    if SigningCertificate.objects.filter(fingerprint=info.fingerprint).exists():
        raise DomainError("Chứng thư số này đã được nhập.", code="duplicate_certificate")
    with transaction.atomic():
        stored = SigningCertificate.objects.create(
            user=user,
            agency=agency,
            position=position,
            subject_name=info.subject_name,
            issuer_name=info.issuer_name,
            serial_number=info.serial_number,
            fingerprint=info.fingerprint,
            key_type=info.key_type,
            not_before=info.not_before,
            not_after=info.not_after,
            certificate_pem=pki.to_pem([cert]),
            chain_pem=pki.to_pem(chain),
            encrypted_key=pki.encrypt_key(key, pin) if key is not None else None,
            backend=backend,
            is_demo=is_demo,
            **extra,
        )
        record(
            actor,
            "signing.import_certificate",
            stored,
            fingerprint=info.fingerprint,
            not_after=info.not_after.isoformat(),
        )
    return stored


def revoke_certificate(cert: SigningCertificate, *, reason: str, actor) -> SigningCertificate:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Cần ghi lý do thu hồi chứng thư số.")
    with transaction.atomic():
        cert.revoked, cert.revoked_reason, cert.revoked_at = True, reason[:300], timezone.now()
        cert.save(update_fields=["revoked", "revoked_reason", "revoked_at"])
        record(actor, "signing.revoke_certificate", cert, reason=reason)
    return cert


def warn_expiring_certificates(days: int = 30) -> int:
    """Record (and e-mail the holder, when an address is known) a warning for each certificate expiring
    within `days`, once per certificate."""
    from django.core.mail import send_mail

    count = 0
    for cert in (
        SigningCertificate.objects.expiring(days)
        .filter(expiry_warned_at__isnull=True)
        .select_related("user", "agency")
    ):
        with transaction.atomic():
            cert.expiry_warned_at = timezone.now()
            cert.save(update_fields=["expiry_warned_at"])
            record(
                None,
                "signing.certificate_expiring",
                cert,
                not_after=cert.not_after.isoformat(),
                days_left=cert.days_left,
            )
            email = getattr(cert.user, "email", "") or getattr(cert.agency, "email", "")
            if email:
                message = (
                    f"Chứng thư số “{cert.subject_name}” sẽ hết hạn ngày "
                    f"{timezone.localtime(cert.not_after):%d/%m/%Y} (còn {cert.days_left} ngày). "
                    "Đề nghị làm thủ tục gia hạn hoặc cấp mới."
                )
                transaction.on_commit(
                    lambda email=email, message=message: send_mail(
                        "Chứng thư số sắp hết hạn", message, None, [email], fail_silently=True
                    )
                )
        count += 1
    return count


def media_path(file_field) -> Path | None:
    return Path(file_field.path) if file_field else None
