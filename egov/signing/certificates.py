"""Certificates: which one signs (usable: not revoked, within its validity), who may use it, and their
administration (PKCS#12 import, revocation)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.accounts.roles import Role
from egov.audit.services import record
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed

from . import pki
from .models import ExpiryWarning, SigningCertificate
from .workflow import CERTIFICATE_WORKFLOW, EXPIRY_WARNING_WORKFLOW, advance

EXPIRY_THRESHOLDS = (30, 7, 1)  # days before expiry: the holder is warned once at each


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


def is_clerk(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_role(Role.CLERK)))


def personal_certificate(user, certificate: SigningCertificate | None = None) -> SigningCertificate:
    """The certificate `user` signs with (the one given, or their usable one), checked usable."""
    cert = certificate or person_certificate(user)
    if cert.user_id != user.pk:
        raise NotPermitted("Chỉ người được cấp chứng thư số mới được dùng chứng thư đó để ký.")
    check_usable(cert)
    return cert


def organisation_certificate(clerk_user, agency, certificate: SigningCertificate | None = None):
    """The agency's certificate a clerk applies (the one given, or the agency's usable one), checked."""
    if not is_clerk(clerk_user):
        raise NotPermitted("Chỉ văn thư được ký số của cơ quan, tổ chức.")
    cert = certificate or agency_certificate(agency)
    if cert.agency_id != getattr(agency, "pk", None):
        raise NotPermitted("Chứng thư số này không phải của cơ quan ban hành.")
    check_usable(cert)
    return cert


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
    return store_certificate(
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


def store_certificate(
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
        advance(CERTIFICATE_WORKFLOW, cert, "revoke", revoked_reason=reason[:300], revoked_at=timezone.now())
        record(actor, "signing.revoke_certificate", cert, reason=reason)
    return cert


# --- expiry warnings (sent by tasks.warn_expiring_certificates) -----------------------------------------
def due_expiry_warnings(at: datetime.datetime | None = None) -> list[tuple[SigningCertificate, int]]:
    """(certificate, threshold) for each usable certificate within a threshold of its expiry whose warning
    for the nearest threshold has not been sent or claimed; a failed one is due again."""
    at = at or timezone.now()
    done = set(
        ExpiryWarning.objects.exclude(status=ExpiryWarning.Status.FAILED).values_list(
            "certificate_id", "threshold_days"
        )
    )
    due = []
    for cert in SigningCertificate.objects.expiring(max(EXPIRY_THRESHOLDS), at).select_related(
        "user", "agency"
    ):
        left = cert.not_after - at
        threshold = min(t for t in EXPIRY_THRESHOLDS if left <= datetime.timedelta(days=t))
        if (cert.pk, threshold) not in done:
            due.append((cert, threshold))
    return due


def claim_expiry_warning(cert: SigningCertificate, threshold: int) -> ExpiryWarning | None:
    """The warning row for (cert, threshold), now "sending" and ours to send; None when another run has
    it (sent or sending). The claim is the unique row, committed before any mail goes out."""
    email = getattr(cert.user, "email", "") or getattr(cert.agency, "email", "") or ""
    try:
        with transaction.atomic():
            warning = ExpiryWarning.objects.create(certificate=cert, threshold_days=threshold, email=email)
            record(
                None,
                "signing.certificate_expiring",
                cert,
                not_after=cert.not_after.isoformat(),
                days_left=cert.days_left,
                threshold_days=threshold,
            )
        return warning
    except IntegrityError:
        pass
    failed = ExpiryWarning.objects.filter(
        certificate=cert, threshold_days=threshold, status=ExpiryWarning.Status.FAILED
    ).first()
    if failed is None:
        return None
    try:
        return advance(EXPIRY_WARNING_WORKFLOW, failed, "retry", email=email)
    except TransitionNotAllowed:  # another run retried it first
        return None


def expiry_message(cert: SigningCertificate) -> str:
    return (
        f"Chứng thư số “{cert.subject_name}” sẽ hết hạn ngày "
        f"{timezone.localtime(cert.not_after):%d/%m/%Y} (còn {cert.days_left} ngày). "
        "Đề nghị làm thủ tục gia hạn hoặc cấp mới."
    )


def expiry_warning_sent(warning: ExpiryWarning) -> ExpiryWarning:
    return advance(EXPIRY_WARNING_WORKFLOW, warning, "deliver", sent_at=timezone.now())


def expiry_warning_failed(warning: ExpiryWarning) -> ExpiryWarning:
    return advance(EXPIRY_WARNING_WORKFLOW, warning, "fail")
