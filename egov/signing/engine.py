"""The signing engine: a signing plan (which field, where, what it shows) executed with pyHanko (PAdES
baseline B-B) in Vietnam's time, on bytes that parse as a PDF."""

import datetime
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields as sig_fields
from pyhanko.sign import signers
from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm

from egov.errors import DomainError
from egov.files import human_size
from egov.pdf.parse import parse_pdf

from . import aio
from .backends import certificate_chain
from .models import SigningCertificate

VN = timezone.get_default_timezone()


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
class Plan:
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


def now_vn() -> datetime.datetime:
    return timezone.now().astimezone(VN).replace(microsecond=0)


def display_time(moment: datetime.datetime) -> str:
    return moment.astimezone(VN).strftime("%d/%m/%Y %H:%M:%S") + " (GMT+7)"


def iso_vn(moment: datetime.datetime) -> str:
    """ISO 8601 in Vietnam's time zone, e.g. 2026-03-05T14:30:00+07:00."""
    return moment.astimezone(VN).replace(microsecond=0).isoformat()


def check_pdf(pdf_bytes: bytes) -> None:
    """DomainError (Vietnamese) unless the bytes are a readable PDF within the size limit."""
    if not isinstance(pdf_bytes, bytes | bytearray):
        raise DomainError("Tệp không phải là PDF.", code="not_pdf")
    if len(pdf_bytes) > settings.UPLOAD_MAX_BYTES:
        limit = human_size(settings.UPLOAD_MAX_BYTES)
        raise DomainError(f"Tệp PDF quá lớn (tối đa {limit}).", code="too_large")
    try:
        parse_pdf(pdf_bytes)
    except ValidationError as error:
        raise DomainError(error.messages[0], code=error.error_list[0].code or "bad_pdf") from error


def _writer(pdf_bytes: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise DomainError(
            "Không đọc được tệp PDF (tệp hỏng hoặc không đúng định dạng).", code="bad_pdf"
        ) from error


def pdf_signer(plan: Plan, signer) -> _VietnamTimeSigner:
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


def sig_field_names(pdf_bytes: bytes, *, filled: bool | None = None) -> set[str]:
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        return {name for name, _value, _ref in sig_fields.enumerate_sig_fields(reader, filled_status=filled)}
    except Exception:  # an unreadable file is reported by _writer
        return set()


def unique_field_name(pdf_bytes: bytes, base: str) -> str:
    existing = sig_field_names(pdf_bytes)
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


def prepared_writer(pdf_bytes: bytes, plan: Plan) -> IncrementalPdfFileWriter:
    writer = _writer(pdf_bytes)
    if plan.prepare is not None:
        try:
            plan.prepare(writer)
        except (PdfError, ValueError, KeyError, TypeError) as error:
            raise DomainError(f"Không ghi được trường thông tin vào văn bản: {error}") from error
    return writer


def has_signatures(pdf_bytes: bytes) -> bool:
    try:
        return bool(PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures)
    except Exception:  # an unreadable file is reported by _writer
        return False


def execute(pdf_bytes: bytes, plan: Plan, backend) -> bytes:
    # The stamp font has no shaping tables: give it precomposed (NFC) text.
    plan.text_params = {
        k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v for k, v in plan.text_params.items()
    }
    writer = prepared_writer(pdf_bytes, plan)
    reserved = reserved_bytes(backend.record)
    with backend.open() as signer:
        try:
            out = aio.run(
                lambda: pdf_signer(plan, signer).async_sign_pdf(
                    writer, bytes_reserved=reserved, appearance_text_params=plan.text_params
                )
            )
        except (PdfError, ValueError) as error:
            raise DomainError(f"Không ký được văn bản: {error}", code="sign_failed") from error
    return out.getvalue()
