"""Validate every signature of a PDF with pyHanko and explain the result in plain Vietnamese.

For each signature: who signed, when (the time the signer's software recorded: these are PAdES B-B
signatures without a trusted timestamp), whether the signed bytes are intact, what the signature covers
(the whole file, or an earlier revision with content added after it), whether the certificate chains to a
configured trust anchor, and whether the certificate was valid at the signing time (and not revoked in the
portal). A tampered or malformed file is reported as such, never raised. Nothing is cached: every call reads
the bytes it is given.
"""

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass, field

from asn1crypto import parser as asn1_parser
from asn1crypto import x509 as asn1_x509
from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.utils.timezone import get_default_timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from . import aio, pki
from .backends import asn1_cert

log = logging.getLogger(__name__)
VN = get_default_timezone()


@dataclass
class SignatureResult:
    field_name: str
    signer_name: str = ""
    organisation: str = ""
    issuer_name: str = ""
    signing_time: datetime.datetime | None = None
    intact: bool = False
    valid_signature: bool = False
    trusted: bool = False
    covers_entire_file: bool = False
    coverage_text: str = ""
    modification_text: str = ""
    cert_valid_at_signing: bool = False
    cert_not_before: datetime.datetime | None = None
    cert_not_after: datetime.datetime | None = None
    certificate_sha256: str = ""
    revoked_in_portal: bool = False
    error: str = ""
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The bottom line: intact, mathematically valid, trusted, certificate valid when signing."""
        return (
            not self.error
            and self.intact
            and self.valid_signature
            and self.trusted
            and self.cert_valid_at_signing
            and not self.revoked_in_portal
        )

    @property
    def signing_time_text(self) -> str:
        if not self.signing_time:
            return "không rõ"
        return self.signing_time.astimezone(VN).strftime("%H:%M:%S ngày %d/%m/%Y") + " (giờ Việt Nam)"

    @property
    def summary(self) -> str:
        if self.error:
            return self.error
        if not self.intact or not self.valid_signature:
            return "Chữ ký KHÔNG hợp lệ: nội dung đã bị thay đổi sau khi ký."
        if self.revoked_in_portal:
            return "Chữ ký không còn giá trị: chứng thư số đã bị thu hồi."
        if not self.trusted:
            return (
                "Nội dung còn nguyên vẹn nhưng chứng thư số KHÔNG được tin cậy "
                "(không thuộc tổ chức cung cấp dịch vụ chứng thực được công nhận)."
            )
        if not self.cert_valid_at_signing:
            return "Chứng thư số không còn hiệu lực tại thời điểm ký."
        return "Chữ ký hợp lệ: nội dung nguyên vẹn, chứng thư số được tin cậy."


@dataclass
class ValidationReport:
    sha256: str
    size: int
    is_pdf: bool = True
    malformed: bool = False
    refused: bool = False  # beyond the page or signature limit: not checked at all
    error: str = ""
    signatures: list[SignatureResult] = field(default_factory=list)

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def all_ok(self) -> bool:
        return self.signed and not self.malformed and all(s.ok for s in self.signatures)

    @property
    def any_tampered(self) -> bool:
        return self.malformed or any(
            (not s.intact) or (not s.valid_signature) or s.error for s in self.signatures
        )

    @property
    def summary(self) -> str:
        if self.refused:
            return self.error
        if not self.is_pdf:
            return self.error or "Tệp không phải là PDF."
        if self.malformed:
            return self.error or "Tệp PDF bị hỏng hoặc đã bị sửa đổi: không kiểm tra được chữ ký."
        if not self.signatures:
            return "Văn bản không có chữ ký số."
        if self.all_ok:
            return (
                f"Văn bản có {len(self.signatures)} chữ ký số, tất cả đều hợp lệ và nội dung còn nguyên vẹn."
            )
        if self.any_tampered:
            return "CẢNH BÁO: văn bản đã bị thay đổi sau khi ký hoặc có chữ ký không hợp lệ."
        return (
            "Văn bản có chữ ký số còn nguyên vẹn nhưng chưa được xác nhận là tin cậy "
            "(xem chi tiết từng chữ ký)."
        )


def _name_part(name: asn1_x509.Name, key: str) -> str:
    try:
        return str(name.native.get(key, "") or "")
    except Exception:
        return ""


COVERAGE_TEXT = {
    SignatureCoverageLevel.ENTIRE_FILE: "Chữ ký bao trùm toàn bộ tệp.",
    SignatureCoverageLevel.ENTIRE_REVISION: "Chữ ký bao trùm phiên bản của tệp tại thời điểm ký; "
    "tệp có thêm nội dung được bổ sung sau đó.",
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "Chữ ký chỉ bao trùm phần đầu của tệp.",
    SignatureCoverageLevel.UNCLEAR: "Không xác định được phạm vi chữ ký.",
}
MODIFICATION_TEXT = {
    ModificationLevel.NONE: "Không có thay đổi nào sau khi ký.",
    ModificationLevel.LTA_UPDATES: "Sau khi ký chỉ bổ sung thông tin kiểm tra chứng thư, dấu thời gian.",
    ModificationLevel.FORM_FILLING: "Sau khi ký chỉ bổ sung chữ ký số khác hoặc điền biểu mẫu (được phép).",
    ModificationLevel.ANNOTATIONS: "Sau khi ký có thêm ghi chú, chú thích.",
    ModificationLevel.OTHER: "Sau khi ký có thay đổi nội dung KHÔNG được phép.",
}


def _contents_padding_clean(sig) -> bool:
    """The /Contents hex string must hold exactly the CMS object followed by zero padding: bytes changed in
    the padding are outside the signed byte range and would otherwise go unnoticed."""
    contents = bytes(sig.pkcs7_content)
    _cls, _method, _tag, header, content, trailer = asn1_parser.parse(contents)
    return not contents[len(header) + len(content) + len(trailer) :].strip(b"\x00")


def _contents_hex_one_case(sig, data: bytes) -> bool:
    """/Contents is a hex string outside the signed byte range, and hex digits read the same in either
    case: "a" edited to "A" changes the file but not the signature. Signers write one case throughout,
    so mixed case there is an edit."""
    start, length, resume, _rest = (int(v) for v in sig.sig_object["/ByteRange"])
    letters = bytes(c for c in data[start + length : resume] if c in b"abcdefABCDEF")
    return not letters or letters.islower() or letters.isupper()


def _container_untouched(sig) -> bool:
    """Parts of the signature container that no signature covers, checked for consistency so an edit
    there is noticed: the digest algorithms it lists must include each signer's (RFC 5652 §5.1), and
    every certificate it carries must verify under its issuer: one carried in the container, or, for a
    certificate whose issuer is not carried, its own key when it claims to be self-signed."""
    from cryptography import x509

    signed_data = sig.signed_data
    listed = {algorithm["algorithm"].native for algorithm in signed_data["digest_algorithms"]}
    if any(
        info["digest_algorithm"]["algorithm"].native not in listed for info in signed_data["signer_infos"]
    ):
        return False
    certs = [x509.load_der_x509_certificate(c.chosen.dump()) for c in signed_data["certificates"]]
    for cert in certs:
        issuers = [c for c in certs if c.subject == cert.issuer]
        if not issuers and _verifies(cert, cert):
            return False  # signed by its own key, yet names another issuer: the name was edited
        if issuers and not any(_verifies(cert, issuer) for issuer in issuers):
            return False
    return True


def _verifies(cert, issuer) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _one(sig, roots, *, now, data: bytes) -> SignatureResult:
    from .models import SigningCertificate

    result = SignatureResult(field_name=sig.field_name or "")
    cert = sig.signer_cert
    result.signer_name = _name_part(cert.subject, "common_name")
    result.organisation = _name_part(cert.subject, "organization_name")
    result.issuer_name = _name_part(cert.issuer, "common_name")
    result.cert_not_before = cert.not_valid_before
    result.cert_not_after = cert.not_valid_after
    result.certificate_sha256 = hashlib.sha256(cert.dump()).hexdigest()
    result.signing_time = sig.self_reported_timestamp
    context = ValidationContext(trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail")
    status = aio.run(lambda: async_validate_pdf_signature(sig, signer_validation_context=context))
    result.intact = bool(status.intact)
    result.valid_signature = bool(status.valid)
    result.trusted = bool(status.trusted) and result.intact
    if status.coverage is not None:
        result.coverage_text = COVERAGE_TEXT.get(status.coverage, "")
        result.covers_entire_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
            result.intact = False
    if status.modification_level is not None:
        result.modification_text = MODIFICATION_TEXT.get(status.modification_level, "")
        if status.modification_level == ModificationLevel.OTHER or status.docmdp_ok is False:
            result.intact = False
            result.messages.append("Tệp đã bị sửa đổi sau khi ký theo cách không được phép.")
    untouched = (
        _contents_padding_clean(sig) and _contents_hex_one_case(sig, data) and _container_untouched(sig)
    )
    if result.intact and not untouched:
        result.intact = False
        result.messages.append("Vùng chứa chữ ký có dữ liệu lạ.")
    when = result.signing_time or now
    result.cert_valid_at_signing = cert.not_valid_before <= when <= cert.not_valid_after
    record = SigningCertificate.objects.filter(fingerprint=result.certificate_sha256).first()
    if record is not None and record.revoked and (record.revoked_at is None or record.revoked_at <= when):
        result.revoked_in_portal = True
        result.messages.append(f"Chứng thư số đã bị thu hồi: {record.revoked_reason}.")
    if not result.trusted and result.intact:
        result.messages.append("Không xây dựng được chuỗi tin cậy tới chứng thư gốc được công nhận.")
    if not result.cert_valid_at_signing:
        result.messages.append("Thời điểm ký nằm ngoài thời hạn hiệu lực của chứng thư số.")
    return result


def verify_limits() -> dict:
    """How much one public check may cost: size, pages and signatures."""
    from .forms import verify_max_bytes

    return {
        "bytes": verify_max_bytes(),
        "pages": settings.VERIFY_MAX_PAGES,
        "signatures": settings.VERIFY_MAX_SIGNATURES,
    }


def _page_count(reader) -> int:
    try:
        return int(reader.root["/Pages"]["/Count"])
    except Exception:  # a broken page tree: pyhanko finds the signatures without it
        return 0


def validate_pdf(data: bytes, *, trust_roots=None, bounded: bool | None = None) -> ValidationReport:
    """Validate every signature in `data`. `trust_roots`: cryptography certificates; None = the
    configured anchors (SIGNING_TRUST_ROOTS, plus the demo root in DEBUG/demo mode); [] = trust nothing.
    `bounded` (default: when checking against the configured anchors, i.e. anyone's file) refuses a file
    beyond verify_limits() instead of spending seconds of CPU on it; the portal checking the file it has
    just signed passes its own roots and is not bounded."""
    report = ValidationReport(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    limits = verify_limits() if (trust_roots is None if bounded is None else bounded) else None
    if limits and len(data) > limits["bytes"]:
        report.refused = True
        size = f"{limits['bytes'] / 1048576:g}".replace(".", ",")
        report.error = f"Tệp quá lớn; chỉ xác thực tệp tối đa {size} MB."
        return report
    if not data.startswith(b"%PDF-"):
        report.is_pdf = False
        report.error = "Tệp không phải là PDF (không bắt đầu bằng %PDF-)."
        return report
    roots = [asn1_cert(c) for c in (pki.trust_roots() if trust_roots is None else trust_roots)]
    now = datetime.datetime.now(datetime.UTC)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:
        log.info("malformed PDF: %s", error)
        report.malformed = True
        report.error = "Tệp PDF bị hỏng hoặc đã bị sửa đổi nên không đọc được cấu trúc chữ ký."
        return report
    pages = _page_count(reader) if limits else 0
    if limits and (pages > limits["pages"] or len(embedded) > limits["signatures"]):
        report.refused = True
        report.error = (
            f"Tệp có {pages} trang và {len(embedded)} chữ ký; chỉ xác thực văn bản tối đa "
            f"{limits['pages']} trang và {limits['signatures']} chữ ký."
        )
        return report
    for sig in embedded:
        try:
            report.signatures.append(_one(sig, roots, now=now, data=data))
        except Exception as error:
            log.info("signature %s could not be validated: %s", getattr(sig, "field_name", "?"), error)
            report.signatures.append(
                SignatureResult(
                    field_name=str(getattr(sig, "field_name", "") or ""),
                    error="Không kiểm tra được chữ ký này: dữ liệu chữ ký hoặc tệp đã bị hỏng, sửa đổi.",
                )
            )
    return report


def registered_match(report: ValidationReport):
    from .models import RegisteredDocument

    return RegisteredDocument.objects.filter(sha256=report.sha256).select_related("agency").first()
