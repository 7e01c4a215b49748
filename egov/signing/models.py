"""Signing certificates (people and agencies), signature and seal images, documents registered for public
verification, and the prepared state of remote (client-side) signatures."""

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPIRY_WARNING_DAYS = 30


def _new_token() -> str:
    return secrets.token_urlsafe(18)


class CertificateQuerySet(models.QuerySet):
    def usable(self, at=None):
        at = at or timezone.now()
        return self.filter(status=SigningCertificate.Status.ACTIVE, not_before__lte=at, not_after__gt=at)

    def expiring(self, days: int = EXPIRY_WARNING_DAYS, at=None):
        at = at or timezone.now()
        return self.filter(
            status=SigningCertificate.Status.ACTIVE,
            not_after__gt=at,
            not_after__lte=at + datetime.timedelta(days=days),
        )


class SigningCertificate(models.Model):
    """An X.509 signing certificate with its chain, held either by a person (the competent signer) or by an
    agency (the organisation's signature, applied by the clerk). Where the private key lives is the backend:
    encrypted on the server (unlocked by the holder's PIN), on a PKCS#11 token/HSM, or outside (remote)."""

    class Backend(models.TextChoices):
        SOFTWARE = "software", _("Khóa lưu trên máy chủ (mã hóa, mở bằng mã PIN)")
        PKCS11 = "pkcs11", _("Thiết bị ký số (USB token/HSM, PKCS#11)")
        REMOTE = "remote", _("Ký từ xa/phía người dùng")

    class Status(models.TextChoices):  # moves: workflow.CERTIFICATE_WORKFLOW
        ACTIVE = "active", _("Đang dùng")
        REVOKED = "revoked", _("Đã thu hồi")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_certificates",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_certificates",
    )
    position = models.CharField(
        _("chức vụ hiển thị"), max_length=150, blank=True, help_text=_("Ví dụ “Chủ tịch”, hiện trên chữ ký.")
    )
    subject_name = models.CharField(_("chủ thể"), max_length=300, editable=False)
    issuer_name = models.CharField(_("nơi cấp"), max_length=300, editable=False)
    serial_number = models.CharField(_("số hiệu"), max_length=80, editable=False)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True, editable=False)
    key_type = models.CharField(_("loại khóa"), max_length=40, editable=False)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hết hạn"), db_index=True)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))
    chain_pem = models.TextField(_("chuỗi chứng thư (PEM)"), blank=True)
    backend = models.CharField(
        _("nơi giữ khóa"), max_length=10, choices=Backend.choices, default=Backend.SOFTWARE
    )
    encrypted_key = models.BinaryField(_("khóa bí mật đã mã hóa"), null=True, blank=True, editable=False)
    pkcs11_module = models.CharField(_("thư viện PKCS#11"), max_length=255, blank=True)
    pkcs11_token_label = models.CharField(_("nhãn token"), max_length=100, blank=True)
    pkcs11_key_label = models.CharField(_("nhãn khóa"), max_length=100, blank=True)
    is_demo = models.BooleanField(_("chứng thư thử nghiệm"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE, editable=False
    )
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        ordering = ["-not_after"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(agency__isnull=True))
                | (Q(user__isnull=True) & Q(agency__isnull=False)),
                name="signing_cert_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | ~Q(revoked_reason=""), name="signing_cert_revoked_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(not_after__gt=models.F("not_before")), name="signing_cert_period"
            ),
        ]

    def __str__(self):
        return f"{self.subject_name} (đến {timezone.localtime(self.not_after):%d/%m/%Y})"

    @property
    def revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    @property
    def holder(self):
        return self.user or self.agency

    def is_valid_at(self, at=None) -> bool:
        at = at or timezone.now()
        return not self.revoked and self.not_before <= at < self.not_after

    @property
    def days_left(self) -> int:
        return (self.not_after - timezone.now()).days

    @property
    def expires_soon(self) -> bool:
        return 0 <= self.days_left <= EXPIRY_WARNING_DAYS


class SignatureImage(models.Model):
    """A person's handwritten signature: blue on a transparent background (PNG)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.CASCADE,
        related_name="signature_image",
    )
    image = models.ImageField(_("ảnh chữ ký (PNG nền trong suốt, màu xanh)"), upload_to="signing/chu-ky/")
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("ảnh chữ ký")
        verbose_name_plural = _("ảnh chữ ký")

    def __str__(self):
        return str(self.user)


class SealImage(models.Model):
    """An agency's seal: red on a transparent background (PNG), at the seal's real size."""

    agency = models.OneToOneField(
        "directory.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="seal_image"
    )
    image = models.ImageField(_("ảnh con dấu (PNG nền trong suốt, màu đỏ)"), upload_to="signing/con-dau/")
    diameter_mm = models.DecimalField(_("đường kính thật (mm)"), max_digits=4, decimal_places=1, default=36)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("ảnh con dấu")
        verbose_name_plural = _("ảnh con dấu")

    def __str__(self):
        return str(self.agency)


class RegisteredDocument(models.Model):
    """A PDF the portal issued, known by its SHA-256, so anyone can check a copy on the public page."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    notation = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), default=timezone.now)
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verify_token = models.CharField(_("mã xác thực"), max_length=40, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đã đăng ký xác thực")
        verbose_name_plural = _("văn bản đã đăng ký xác thực")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.notation} {self.title}".strip()

    @staticmethod
    def hash_of(pdf_bytes: bytes) -> str:
        return hashlib.sha256(pdf_bytes).hexdigest()


class ExpiryWarning(models.Model):
    """The e-mail warning that a certificate expires within `threshold_days`: one row, so one mail, a
    certificate and threshold (the unique constraint is the claim)."""

    class Status(models.TextChoices):  # moves: workflow.EXPIRY_WARNING_WORKFLOW
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    certificate = models.ForeignKey(
        SigningCertificate,
        verbose_name=_("chứng thư"),
        on_delete=models.CASCADE,
        related_name="expiry_warnings",
    )
    threshold_days = models.PositiveSmallIntegerField(_("ngưỡng (ngày)"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.SENDING)
    email = models.EmailField(_("gửi tới"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cảnh báo hết hạn chứng thư")
        verbose_name_plural = _("cảnh báo hết hạn chứng thư")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "threshold_days"], name="signing_expiry_warning_once"
            ),
        ]

    def __str__(self):
        return f"{self.certificate} – {self.threshold_days} ngày"


class PendingSignature(models.Model):
    """A remote signature in progress: the server prepared the PDF with a placeholder and the attributes to
    sign; the external signer returns the signature; the server embeds it. One use, short-lived."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Chữ ký người có thẩm quyền")
        ORGANISATION = "organisation", _("Chữ ký cơ quan")
        APPENDIX = "appendix", _("Chữ ký cơ quan trên phụ lục")

    class Status(models.TextChoices):  # moves: workflow.REMOTE_SIGNATURE_WORKFLOW
        PREPARED = "prepared", _("Đã chuẩn bị, chờ chữ ký")
        COMPLETED = "completed", _("Đã hoàn tất")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    certificate = models.ForeignKey(
        SigningCertificate, verbose_name=_("chứng thư"), on_delete=models.CASCADE, related_name="pending"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PREPARED, editable=False
    )
    prepared_pdf = models.BinaryField(_("tệp đã chuẩn bị"))
    document_digest = models.BinaryField(_("băm văn bản"))
    reserved_start = models.PositiveBigIntegerField()
    reserved_end = models.PositiveBigIntegerField()
    signed_attrs = models.BinaryField(_("thuộc tính cần ký (DER)"))
    md_algorithm = models.CharField(max_length=20, default="sha256")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    completed_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên ký từ xa")
        verbose_name_plural = _("phiên ký từ xa")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="prepared", completed_at__isnull=True)
                | Q(status="completed", completed_at__isnull=False),
                name="signing_pending_completed_at_status",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.id}"
